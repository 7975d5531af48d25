package v3

import (
	"reflect"
	"testing"
)

func TestPolicyTypesDefaults(t *testing.T) {
	allow := []Rule{{Action: Allow}}
	for _, c := range []struct {
		name            string
		ingress, egress []Rule
		types, want     []PolicyType
	}{
		{name: "no rules", want: []PolicyType{PolicyTypeIngress}},
		{name: "ingress only", ingress: allow, want: []PolicyType{PolicyTypeIngress}},
		{name: "egress only", egress: allow, want: []PolicyType{PolicyTypeEgress}},
		{name: "both", ingress: allow, egress: allow, want: []PolicyType{PolicyTypeIngress, PolicyTypeEgress}},
		{name: "given types are kept", egress: allow, types: []PolicyType{PolicyTypeIngress}, want: []PolicyType{PolicyTypeIngress}},
	} {
		p := &GlobalNetworkPolicy{Spec: GlobalNetworkPolicySpec{Ingress: c.ingress, Egress: c.egress, Types: c.types}}
		SetDefaultsGlobalNetworkPolicy(p)
		if !reflect.DeepEqual(p.Spec.Types, c.want) {
			t.Errorf("%s: types %v, want %v", c.name, p.Spec.Types, c.want)
		}
	}
}

func TestTierDefaultsAndLabel(t *testing.T) {
	p := &NetworkPolicy{}
	p.Labels = map[string]string{TierLabel: "wrong", "app": "x"}
	SetDefaultsNetworkPolicy(p)
	if p.Spec.Tier != DefaultTierName || p.Labels[TierLabel] != DefaultTierName || p.Labels["app"] != "x" {
		t.Errorf("tier %q, labels %v", p.Spec.Tier, p.Labels)
	}
	p.Spec.Tier = "security"
	SetDefaultsNetworkPolicy(p)
	if p.Labels[TierLabel] != "security" {
		t.Errorf("the tier label must follow spec.tier: %v", p.Labels)
	}

	staged := &StagedGlobalNetworkPolicy{Spec: StagedGlobalNetworkPolicySpec{StagedAction: StagedActionDelete}}
	SetDefaultsStagedGlobalNetworkPolicy(staged)
	if staged.Spec.Types != nil || staged.Spec.Tier != DefaultTierName {
		t.Errorf("staged delete: types %v, tier %q", staged.Spec.Types, staged.Spec.Tier)
	}
	set := &StagedNetworkPolicy{}
	SetDefaultsStagedNetworkPolicy(set)
	if set.Spec.StagedAction != StagedActionSet || !reflect.DeepEqual(set.Spec.Types, []PolicyType{PolicyTypeIngress}) {
		t.Errorf("staged set: action %q, types %v", set.Spec.StagedAction, set.Spec.Types)
	}

	tier := &Tier{}
	SetDefaultsTier(tier)
	if *tier.Spec.Order != DefaultTierOrder || *tier.Spec.DefaultAction != Deny {
		t.Errorf("tier defaults: order %v, action %v", *tier.Spec.Order, *tier.Spec.DefaultAction)
	}
}
