package v3

import (
	"reflect"
	"testing"
)

func TestSetDefaultsIPPool(t *testing.T) {
	automatic := AssignmentModeAutomatic
	cases := []struct {
		cidr, wantCIDR string
		wantBlock      int
	}{
		{"10.244.0.0/16", "10.244.0.0/16", 26},
		{"fd00:0010:0244:0000::/48", "fd00:10:244::/48", 122},
		// Host bits set: left alone for validation to reject, not silently masked.
		{"10.244.0.1/16", "10.244.0.1/16", 26},
		{"garbage", "garbage", 0},
	}
	for _, c := range cases {
		p := &IPPool{Spec: IPPoolSpec{CIDR: c.cidr}}
		SetDefaultsIPPool(p)
		want := IPPoolSpec{
			CIDR: c.wantCIDR, BlockSize: c.wantBlock, NodeSelector: "all()",
			AllowedUses:    []IPPoolAllowedUse{IPPoolAllowedUseWorkload, IPPoolAllowedUseTunnel},
			AssignmentMode: &automatic, IPIPMode: IPIPModeNever, VXLANMode: VXLANModeNever,
		}
		if !reflect.DeepEqual(p.Spec, want) {
			t.Errorf("defaults for %q:\n got %+v\nwant %+v", c.cidr, p.Spec, want)
		}
	}

	// Values already set are kept.
	manual := AssignmentModeManual
	p := &IPPool{Spec: IPPoolSpec{CIDR: "10.0.0.0/8", BlockSize: 24, NodeSelector: "rack == 'a'", IPIPMode: IPIPModeAlways,
		AllowedUses: []IPPoolAllowedUse{IPPoolAllowedUseLoadBalancer}, AssignmentMode: &manual}}
	SetDefaultsIPPool(p)
	if p.Spec.BlockSize != 24 || p.Spec.NodeSelector != "rack == 'a'" || p.Spec.IPIPMode != IPIPModeAlways ||
		len(p.Spec.AllowedUses) != 1 || *p.Spec.AssignmentMode != AssignmentModeManual {
		t.Errorf("defaulting overwrote set values: %+v", p.Spec)
	}
}
