package validation

import (
	"net"

	"k8s.io/apimachinery/pkg/util/validation/field"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// namespaceLabel is set by Calico on network sets it derives from namespaces; users may
// not set it (validation-and-defaults.md §2.2).
const namespaceLabel = "projectcalico.org/namespace"

// ValidateNetworkSet checks a NetworkSet.
func ValidateNetworkSet(set *v3.NetworkSet) field.ErrorList {
	return append(forbidNamespaceLabel(set.Labels), validateNets(specPath.Child("nets"), set.Spec.Nets)...)
}

// ValidateGlobalNetworkSet checks a GlobalNetworkSet.
func ValidateGlobalNetworkSet(set *v3.GlobalNetworkSet) field.ErrorList {
	return append(forbidNamespaceLabel(set.Labels), validateNets(specPath.Child("nets"), set.Spec.Nets)...)
}

// ValidateIPReservation checks an IPReservation.
func ValidateIPReservation(r *v3.IPReservation) field.ErrorList {
	return validateNets(specPath.Child("reservedCIDRs"), r.Spec.ReservedCIDRs)
}

// validateNets accepts IP addresses and CIDRs; unlike IP pools, host bits may be set.
func validateNets(path *field.Path, nets []string) field.ErrorList {
	var errs field.ErrorList
	seen := map[string]bool{}
	for i, n := range nets {
		if _, _, err := net.ParseCIDR(n); err != nil && net.ParseIP(n) == nil {
			errs = append(errs, field.Invalid(path.Index(i), n, "must be an IP address or a CIDR, e.g. 10.0.0.0/8 or fd00::1"))
		}
		if seen[n] {
			errs = append(errs, field.Duplicate(path.Index(i), n))
		}
		seen[n] = true
	}
	return errs
}

func forbidNamespaceLabel(labels map[string]string) field.ErrorList {
	if _, ok := labels[namespaceLabel]; ok {
		return field.ErrorList{field.Forbidden(field.NewPath("metadata", "labels").Key(namespaceLabel), "this label is reserved for Calico")}
	}
	return nil
}
