package validation

import (
	"strings"
	"testing"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

func pool(mutate func(*v3.IPPoolSpec)) *v3.IPPool {
	p := &v3.IPPool{Spec: v3.IPPoolSpec{CIDR: "10.244.0.0/16"}}
	if mutate != nil {
		mutate(&p.Spec)
	}
	v3.SetDefaultsIPPool(p)
	return p
}

func TestValidateIPPool(t *testing.T) {
	cases := []struct {
		name string
		spec func(*v3.IPPoolSpec)
		// want lists "field: reason fragment" for every expected error; empty = valid.
		want []string
	}{
		{name: "defaults are valid"},
		{name: "IPv6 defaults are valid", spec: func(s *v3.IPPoolSpec) { s.CIDR = "fd00:10:244::/48" }},
		{name: "IPIP cross-subnet", spec: func(s *v3.IPPoolSpec) { s.IPIPMode = v3.IPIPModeCrossSubnet }},
		{name: "missing CIDR", spec: func(s *v3.IPPoolSpec) { s.CIDR = "" }, want: []string{"spec.cidr: Required"}},
		{name: "bare IP", spec: func(s *v3.IPPoolSpec) { s.CIDR = "10.0.0.1" }, want: []string{"spec.cidr: must be a valid CIDR"}},
		{name: "host bits set", spec: func(s *v3.IPPoolSpec) { s.CIDR = "10.0.0.1/16" }, want: []string{"spec.cidr: strictly masked"}},
		{name: "IPv4 block too large", spec: func(s *v3.IPPoolSpec) { s.BlockSize = 19 }, want: []string{"spec.blockSize: between 20 and 32"}},
		{name: "IPv6 block too small", spec: func(s *v3.IPPoolSpec) { s.CIDR = "fd00::/48"; s.BlockSize = 26 }, want: []string{"spec.blockSize: between 116 and 128"}},
		{name: "pool smaller than a block", spec: func(s *v3.IPPoolSpec) { s.CIDR = "10.0.0.0/28" }, want: []string{"spec.cidr: too small"}},
		{name: "small pool allowed when disabled", spec: func(s *v3.IPPoolSpec) { s.CIDR = "10.0.0.0/28"; s.Disabled = true }},
		{name: "IPIP and VXLAN", spec: func(s *v3.IPPoolSpec) { s.IPIPMode = v3.IPIPModeAlways; s.VXLANMode = v3.VXLANModeAlways },
			want: []string{"spec.vxlanMode: cannot both be enabled"}},
		{name: "IPIP on IPv6", spec: func(s *v3.IPPoolSpec) { s.CIDR = "fd00::/48"; s.IPIPMode = v3.IPIPModeAlways },
			want: []string{"spec.ipipMode: not supported on IPv6"}},
		{name: "unknown modes and uses", spec: func(s *v3.IPPoolSpec) {
			s.IPIPMode, s.VXLANMode = "Sometimes", "Often"
			mode := v3.AssignmentMode("Whenever")
			s.AssignmentMode = &mode
			s.AllowedUses = []v3.IPPoolAllowedUse{v3.IPPoolAllowedUseWorkload, "Storage"}
		}, want: []string{"spec.ipipMode: Unsupported value", "spec.vxlanMode: Unsupported value",
			"spec.assignmentMode: Unsupported value", "spec.allowedUses[1]: Unsupported value"}},
		{name: "link-local IPv4", spec: func(s *v3.IPPoolSpec) { s.CIDR = "169.254.0.0/20" }, want: []string{"spec.cidr: link-local range 169.254.0.0/16"}},
		{name: "link-local IPv6 inside", spec: func(s *v3.IPPoolSpec) { s.CIDR = "fe80::/64" }, want: []string{"spec.cidr: link-local range fe80::/10"}},
		{name: "LoadBalancer pool", spec: func(s *v3.IPPoolSpec) { s.AllowedUses = []v3.IPPoolAllowedUse{v3.IPPoolAllowedUseLoadBalancer} }},
		{name: "LoadBalancer pool breaking every rule", spec: func(s *v3.IPPoolSpec) {
			s.AllowedUses = []v3.IPPoolAllowedUse{v3.IPPoolAllowedUseLoadBalancer, v3.IPPoolAllowedUseWorkload}
			s.VXLANMode = v3.VXLANModeAlways
			s.DisableBGPExport = true
			s.NodeSelector = "rack == 'a'"
		}, want: []string{"spec.allowedUses: cannot be combined", "spec.vxlanMode: cannot use VXLAN",
			"spec.disableBGPExport: exported over BGP", "spec.nodeSelector: must select all()"}},
		{name: "tunnel pool for some namespaces", spec: func(s *v3.IPPoolSpec) { s.NamespaceSelector = "team == 'a'" },
			want: []string{"spec.namespaceSelector: Tunnel use cannot select namespaces"}},
		{name: "workload pool for some namespaces", spec: func(s *v3.IPPoolSpec) {
			s.AllowedUses = []v3.IPPoolAllowedUse{v3.IPPoolAllowedUseWorkload}
			s.NamespaceSelector = "team == 'a'"
		}},
		{name: "selectors: syntax and global()", spec: func(s *v3.IPPoolSpec) {
			s.AllowedUses = []v3.IPPoolAllowedUse{v3.IPPoolAllowedUseWorkload}
			s.NodeSelector = "rack =="
			s.NamespaceSelector = "global()"
		}, want: []string{"spec.nodeSelector: invalid selector", "spec.namespaceSelector: use all() instead"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			errs := ValidateIPPool(pool(c.spec))
			if len(errs) != len(c.want) {
				t.Fatalf("got %d errors, want %d: %v", len(errs), len(c.want), errs)
			}
			for i, want := range c.want {
				fieldPath, reason, _ := strings.Cut(want, ": ")
				if errs[i].Field != fieldPath || !strings.Contains(errs[i].Error(), reason) {
					t.Errorf("error %d = %q, want field %s mentioning %q", i, errs[i].Error(), fieldPath, reason)
				}
			}
		})
	}
}

func TestValidateIPPoolUpdateKeepsCIDRAndBlockSize(t *testing.T) {
	old := pool(nil)
	if errs := ValidateIPPoolUpdate(pool(func(s *v3.IPPoolSpec) { s.NATOutgoing = true }), old); len(errs) != 0 {
		t.Errorf("changing natOutgoing: %v", errs)
	}
	errs := ValidateIPPoolUpdate(pool(func(s *v3.IPPoolSpec) { s.CIDR = "10.245.0.0/16"; s.BlockSize = 24 }), old)
	if len(errs) != 2 || errs[0].Field != "spec.cidr" || errs[1].Field != "spec.blockSize" {
		t.Errorf("changing cidr and blockSize: %v", errs)
	}
}

func TestValidateIPPoolUpdateKeepsLoadBalancerUse(t *testing.T) {
	lb := func(s *v3.IPPoolSpec) { s.AllowedUses = []v3.IPPoolAllowedUse{v3.IPPoolAllowedUseLoadBalancer} }
	old := pool(lb)
	if errs := ValidateIPPoolUpdate(pool(lb), old); len(errs) != 0 {
		t.Errorf("unchanged LoadBalancer pool: %v", errs)
	}
	errs := ValidateIPPoolUpdate(pool(func(s *v3.IPPoolSpec) { s.AllowedUses = []v3.IPPoolAllowedUse{v3.IPPoolAllowedUseWorkload} }), old)
	if len(errs) != 1 || errs[0].Field != "spec.allowedUses[0]" || !strings.Contains(errs[0].Detail, "cannot change from LoadBalancer") {
		t.Errorf("LoadBalancer to Workload: %v", errs)
	}
}
