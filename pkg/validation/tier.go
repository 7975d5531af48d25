package validation

import (
	"fmt"

	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

var tierDefaultActions = []string{string(v3.Deny), string(v3.Pass)}

// builtinTiers are the tiers Calico creates itself. Their order fixes where Kubernetes'
// admin and baseline admin network policies sit relative to Calico policy, and their
// default action what happens to traffic no policy in them decides, so neither may change.
var builtinTiers = map[string]struct {
	order  float64
	action v3.Action
}{
	v3.DefaultTierName:      {v3.DefaultTierOrder, v3.Deny},
	v3.KubeAdminTierName:    {v3.KubeAdminTierOrder, v3.Pass},
	v3.KubeBaselineTierName: {v3.KubeBaselineTierOrder, v3.Pass},
}

// ValidateTier checks a Tier after defaulting (§3.6): a DNS-label name (tier names are
// embedded in policy names and labels), defaultAction Deny or Pass, and the built-in
// tiers' fixed order and default action. Deleting built-in or non-empty tiers is refused
// by the registry's delete path, not here.
func ValidateTier(t *v3.Tier) field.ErrorList {
	var errs field.ErrorList
	if t.Name != "" {
		for _, msg := range utilvalidation.IsDNS1123Label(t.Name) {
			errs = append(errs, field.Invalid(metadataNamePath, t.Name, msg))
		}
	}
	actionPath := specPath.Child("defaultAction")
	if a := t.Spec.DefaultAction; a != nil && !contains(tierDefaultActions, string(*a)) {
		errs = append(errs, field.NotSupported(actionPath, *a, tierDefaultActions))
	}
	builtin, ok := builtinTiers[t.Name]
	if !ok {
		return errs
	}
	if o := t.Spec.Order; o == nil || *o != builtin.order {
		var got interface{} = "<unset>"
		if o != nil {
			got = *o
		}
		errs = append(errs, field.Invalid(specPath.Child("order"), got, fmt.Sprintf("the %s tier's order must be %.0f", t.Name, builtin.order)))
	}
	if a := t.Spec.DefaultAction; a == nil || *a != builtin.action {
		var got interface{} = "<unset>"
		if a != nil {
			got = *a
		}
		errs = append(errs, field.Invalid(actionPath, got, fmt.Sprintf("the %s tier's defaultAction must be %s", t.Name, builtin.action)))
	}
	return errs
}
