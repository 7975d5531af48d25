// Package validation holds the per-kind validation of projectcalico.org/v3 objects,
// returning field.ErrorLists that the registry reports as 422 Invalid with full field
// paths. It runs in the registry strategies, never in storage, so dry-run requests are
// validated exactly like real writes.
package validation

import (
	"fmt"
	"net"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

var (
	specPath         = field.NewPath("spec")
	encapModes       = []string{string(v3.IPIPModeNever), string(v3.IPIPModeAlways), string(v3.IPIPModeCrossSubnet)}
	assignmentModes  = []string{string(v3.AssignmentModeAutomatic), string(v3.AssignmentModeManual)}
	allowedUseValues = []string{string(v3.IPPoolAllowedUseWorkload), string(v3.IPPoolAllowedUseTunnel), string(v3.IPPoolAllowedUseLoadBalancer)}
)

// ValidateIPPool checks an IPPool after defaulting (validation-and-defaults.md §3.7).
func ValidateIPPool(pool *v3.IPPool) field.ErrorList {
	var errs field.ErrorList
	spec := pool.Spec
	cidrPath := specPath.Child("cidr")
	if spec.CIDR == "" {
		return append(errs, field.Required(cidrPath, "an IP pool needs a CIDR"))
	}
	ip, network, err := net.ParseCIDR(spec.CIDR)
	if err != nil {
		return append(errs, field.Invalid(cidrPath, spec.CIDR, "must be a valid CIDR (address/prefix), e.g. 10.244.0.0/16"))
	}
	if !ip.Equal(network.IP) {
		errs = append(errs, field.Invalid(cidrPath, spec.CIDR, fmt.Sprintf("must be strictly masked (the network address is %s)", network)))
	}
	ipv6 := network.IP.To4() == nil
	prefix, _ := network.Mask.Size()

	blockPath := specPath.Child("blockSize")
	switch {
	case !ipv6 && (spec.BlockSize < 20 || spec.BlockSize > 32):
		errs = append(errs, field.Invalid(blockPath, spec.BlockSize, "must be between 20 and 32 for an IPv4 pool"))
	case ipv6 && (spec.BlockSize < 116 || spec.BlockSize > 128):
		errs = append(errs, field.Invalid(blockPath, spec.BlockSize, "must be between 116 and 128 for an IPv6 pool"))
	case !spec.Disabled && prefix > spec.BlockSize:
		errs = append(errs, field.Invalid(cidrPath, spec.CIDR, fmt.Sprintf("pool is too small for Calico IPAM: its prefix length must be at most the block size (%d)", spec.BlockSize)))
	}

	ipipKnown, vxlanKnown := contains(encapModes, string(spec.IPIPMode)), contains(encapModes, string(spec.VXLANMode))
	if !ipipKnown {
		errs = append(errs, field.NotSupported(specPath.Child("ipipMode"), spec.IPIPMode, encapModes))
	}
	if !vxlanKnown {
		errs = append(errs, field.NotSupported(specPath.Child("vxlanMode"), spec.VXLANMode, encapModes))
	}
	// Combinations are judged only between known modes, so one typo is one error.
	if ipipKnown && vxlanKnown && spec.IPIPMode != v3.IPIPModeNever && spec.VXLANMode != v3.VXLANModeNever {
		errs = append(errs, field.Forbidden(specPath.Child("vxlanMode"), "VXLAN and IPIP cannot both be enabled on one pool"))
	}
	if ipv6 && ipipKnown && spec.IPIPMode != v3.IPIPModeNever {
		errs = append(errs, field.Forbidden(specPath.Child("ipipMode"), "IPIP is not supported on IPv6 pools"))
	}
	if spec.AssignmentMode != nil && !contains(assignmentModes, string(*spec.AssignmentMode)) {
		errs = append(errs, field.NotSupported(specPath.Child("assignmentMode"), *spec.AssignmentMode, assignmentModes))
	}
	for i, use := range spec.AllowedUses {
		if !contains(allowedUseValues, string(use)) {
			errs = append(errs, field.NotSupported(specPath.Child("allowedUses").Index(i), use, allowedUseValues))
		}
	}
	errs = append(errs, validateLinkLocal(cidrPath, spec.CIDR, network)...)
	errs = append(errs, validatePoolUses(spec)...)
	for _, sel := range []struct{ name, value string }{{"nodeSelector", spec.NodeSelector}, {"namespaceSelector", spec.NamespaceSelector}} {
		path := specPath.Child(sel.name)
		if strings.Contains(sel.value, "global(") {
			errs = append(errs, field.Invalid(path, sel.value, "global() cannot be used in an IP pool's selectors: use all() instead"))
			continue
		}
		errs = append(errs, validateSelector(path, sel.value)...)
	}
	return errs
}

// linkLocal are the networks no pool may overlap: addresses there are never routed.
var linkLocal = []*net.IPNet{mustCIDR("169.254.0.0/16"), mustCIDR("fe80::/10")}

func mustCIDR(s string) *net.IPNet {
	_, n, err := net.ParseCIDR(s)
	if err != nil {
		panic(err)
	}
	return n
}

func validateLinkLocal(path *field.Path, cidr string, network *net.IPNet) field.ErrorList {
	for _, ll := range linkLocal {
		if ll.Contains(network.IP) || network.Contains(ll.IP) {
			return field.ErrorList{field.Invalid(path, cidr, fmt.Sprintf("must not overlap the link-local range %s", ll))}
		}
	}
	return nil
}

// validatePoolUses checks what a pool's uses allow: a LoadBalancer pool serves Service
// addresses only, so it cannot also serve workloads or tunnels, be encapsulated, be
// kept out of BGP or be limited to some nodes; tunnel addresses belong to nodes, not
// namespaces.
func validatePoolUses(spec v3.IPPoolSpec) field.ErrorList {
	var errs field.ErrorList
	uses := map[v3.IPPoolAllowedUse]bool{}
	for _, use := range spec.AllowedUses {
		uses[use] = true
	}
	if uses[v3.IPPoolAllowedUseLoadBalancer] {
		if uses[v3.IPPoolAllowedUseWorkload] || uses[v3.IPPoolAllowedUseTunnel] {
			errs = append(errs, field.Invalid(specPath.Child("allowedUses"), spec.AllowedUses, "LoadBalancer cannot be combined with Workload or Tunnel"))
		}
		if spec.IPIPMode != v3.IPIPModeNever && spec.IPIPMode != "" {
			errs = append(errs, field.Forbidden(specPath.Child("ipipMode"), "a LoadBalancer pool cannot use IPIP"))
		}
		if spec.VXLANMode != v3.VXLANModeNever && spec.VXLANMode != "" {
			errs = append(errs, field.Forbidden(specPath.Child("vxlanMode"), "a LoadBalancer pool cannot use VXLAN"))
		}
		if spec.DisableBGPExport {
			errs = append(errs, field.Forbidden(specPath.Child("disableBGPExport"), "a LoadBalancer pool's addresses must be exported over BGP"))
		}
		if spec.NodeSelector != v3.DefaultNodeSelector && spec.NodeSelector != "" {
			errs = append(errs, field.Invalid(specPath.Child("nodeSelector"), spec.NodeSelector, "a LoadBalancer pool must select all() nodes"))
		}
	}
	if uses[v3.IPPoolAllowedUseTunnel] && spec.NamespaceSelector != "" {
		errs = append(errs, field.Forbidden(specPath.Child("namespaceSelector"), "a pool with the Tunnel use cannot select namespaces"))
	}
	return errs
}

// ValidateIPPoolUpdate adds the rules that compare with the stored pool: a pool's CIDR
// and block size are fixed for its lifetime (changing them corrupts IPAM).
func ValidateIPPoolUpdate(pool, old *v3.IPPool) field.ErrorList {
	errs := ValidateIPPool(pool)
	if pool.Spec.CIDR != old.Spec.CIDR {
		errs = append(errs, field.Invalid(specPath.Child("cidr"), pool.Spec.CIDR, "field is immutable: follow the IP pool migration guide to change a pool's CIDR"))
	}
	if hasUse(old.Spec.AllowedUses, v3.IPPoolAllowedUseLoadBalancer) {
		for i, use := range pool.Spec.AllowedUses {
			if use != v3.IPPoolAllowedUseLoadBalancer {
				errs = append(errs, field.Forbidden(specPath.Child("allowedUses").Index(i), "cannot change from LoadBalancer to Workload or Tunnel: addresses may be assigned to Services"))
			}
		}
	}
	if pool.Spec.BlockSize != old.Spec.BlockSize {
		errs = append(errs, field.Invalid(specPath.Child("blockSize"), pool.Spec.BlockSize, "field is immutable: follow the IP pool migration guide to change a pool's block size"))
	}
	return errs
}

func hasUse(uses []v3.IPPoolAllowedUse, use v3.IPPoolAllowedUse) bool {
	for _, u := range uses {
		if u == use {
			return true
		}
	}
	return false
}

func contains(values []string, v string) bool {
	for _, value := range values {
		if value == v {
			return true
		}
	}
	return false
}
