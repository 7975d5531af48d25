package v3

import (
	"net"

	"k8s.io/apimachinery/pkg/runtime"
)

// Defaults for IPPool, as Calico's client applies them on create and update (and on
// read) in v3.32.1 (validation-and-defaults.md §3.7).
const (
	DefaultIPv4BlockSize = 26
	DefaultIPv6BlockSize = 122
	DefaultNodeSelector  = "all()"
)

// SetDefaultsIPPool fills the fields Calico defaults and rewrites the CIDR to its
// canonical spelling (e.g. IPv6 zero compression). A CIDR that does not parse, or has
// host bits set, is left as given for validation to report: silently masking
// 10.0.0.1/16 into 10.0.0.0/16 would hide a likely mistake.
func SetDefaultsIPPool(pool *IPPool) {
	spec := &pool.Spec
	ip, network, err := net.ParseCIDR(spec.CIDR)
	if err == nil && ip.Equal(network.IP) {
		spec.CIDR = network.String()
	}
	fillIPPoolDefaults(spec)
}

// DefaultStoredIPPool fills, in a pool read from storage, the defaults Calico's client
// fills when it reads pools (clientv3/ippool.go, convertIpPoolFromStorage): a pool
// written straight to the custom resource reads as Calico shows it. The CIDR is shown
// as stored.
func DefaultStoredIPPool(obj runtime.Object) {
	if pool, ok := obj.(*IPPool); ok {
		fillIPPoolDefaults(&pool.Spec)
	}
}

func fillIPPoolDefaults(spec *IPPoolSpec) {
	if spec.NodeSelector == "" {
		spec.NodeSelector = DefaultNodeSelector
	}
	if spec.BlockSize == 0 {
		if ip, _, err := net.ParseCIDR(spec.CIDR); err == nil {
			if ip.To4() != nil {
				spec.BlockSize = DefaultIPv4BlockSize
			} else {
				spec.BlockSize = DefaultIPv6BlockSize
			}
		}
	}
	if len(spec.AllowedUses) == 0 {
		spec.AllowedUses = []IPPoolAllowedUse{IPPoolAllowedUseWorkload, IPPoolAllowedUseTunnel}
	}
	if spec.AssignmentMode == nil {
		mode := AssignmentModeAutomatic
		spec.AssignmentMode = &mode
	}
	if spec.IPIPMode == "" {
		spec.IPIPMode = IPIPModeNever
	}
	if spec.VXLANMode == "" {
		spec.VXLANMode = VXLANModeNever
	}
}
