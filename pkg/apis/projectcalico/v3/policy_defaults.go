package v3

import "k8s.io/apimachinery/pkg/runtime"

// Defaults of the tiered policy kinds and of Tier, as Calico applies them on create and
// update in v3.32.1 (validation-and-defaults.md §2.15, §2.16, §3.1-3.6).

const (
	// DefaultTierName is the tier of a policy that names none.
	DefaultTierName = "default"
	// KubeAdminTierName and KubeBaselineTierName are the tiers Calico creates for
	// Kubernetes' admin and baseline admin network policies.
	KubeAdminTierName    = "kube-admin"
	KubeBaselineTierName = "kube-baseline"
	// TierLabel carries a policy's tier, so that lists and RBAC can select by tier.
	TierLabel = "projectcalico.org/tier"
)

// defaultTier sets an empty tier to the default tier and labels the object with its
// tier, overwriting any other value: the label must never disagree with spec.tier.
func defaultTier(tier *string, labels *map[string]string) {
	if *tier == "" {
		*tier = DefaultTierName
	}
	if *labels == nil {
		*labels = map[string]string{}
	}
	(*labels)[TierLabel] = *tier
}

// DefaultPolicyTier gives a tiered policy read from storage its tier and tier label,
// as Calico's API server does on every read (storage contract §8.2); it leaves any
// other object alone.
func DefaultPolicyTier(obj runtime.Object) {
	switch p := obj.(type) {
	case *NetworkPolicy:
		defaultTier(&p.Spec.Tier, &p.Labels)
	case *GlobalNetworkPolicy:
		defaultTier(&p.Spec.Tier, &p.Labels)
	case *StagedNetworkPolicy:
		defaultTier(&p.Spec.Tier, &p.Labels)
	case *StagedGlobalNetworkPolicy:
		defaultTier(&p.Spec.Tier, &p.Labels)
	}
}

// defaultPolicyTypes derives types from the rules present when none are given:
// Ingress, unless there are egress rules and no ingress rules (Egress), or both.
func defaultPolicyTypes(types *[]PolicyType, ingress, egress []Rule) {
	if len(*types) > 0 {
		return
	}
	switch {
	case len(egress) == 0:
		*types = []PolicyType{PolicyTypeIngress}
	case len(ingress) == 0:
		*types = []PolicyType{PolicyTypeEgress}
	default:
		*types = []PolicyType{PolicyTypeIngress, PolicyTypeEgress}
	}
}

// defaultStagedAction sets an empty staged action to Set, as Calico's schema does.
func defaultStagedAction(action *StagedAction) {
	if *action == "" {
		*action = StagedActionSet
	}
}

// SetDefaultsNetworkPolicy fills a NetworkPolicy's tier, tier label and types.
func SetDefaultsNetworkPolicy(p *NetworkPolicy) {
	defaultTier(&p.Spec.Tier, &p.Labels)
	defaultPolicyTypes(&p.Spec.Types, p.Spec.Ingress, p.Spec.Egress)
}

// SetDefaultsGlobalNetworkPolicy fills a GlobalNetworkPolicy's tier, tier label and types.
func SetDefaultsGlobalNetworkPolicy(p *GlobalNetworkPolicy) {
	defaultTier(&p.Spec.Tier, &p.Labels)
	defaultPolicyTypes(&p.Spec.Types, p.Spec.Ingress, p.Spec.Egress)
}

// SetDefaultsStagedNetworkPolicy fills what NetworkPolicy's defaults fill, and the
// staged action.
func SetDefaultsStagedNetworkPolicy(p *StagedNetworkPolicy) {
	defaultStagedPolicy(&p.Labels, &p.Spec.Tier, &p.Spec.StagedAction, &p.Spec.Types, p.Spec.Ingress, p.Spec.Egress)
}

// SetDefaultsStagedGlobalNetworkPolicy is SetDefaultsStagedNetworkPolicy for the
// cluster-wide kind.
func SetDefaultsStagedGlobalNetworkPolicy(p *StagedGlobalNetworkPolicy) {
	defaultStagedPolicy(&p.Labels, &p.Spec.Tier, &p.Spec.StagedAction, &p.Spec.Types, p.Spec.Ingress, p.Spec.Egress)
}

// defaultStagedPolicy defaults a staged Calico policy; a staged Delete carries no types
// (it must have no rules).
func defaultStagedPolicy(labels *map[string]string, tier *string, action *StagedAction, types *[]PolicyType, ingress, egress []Rule) {
	defaultTier(tier, labels)
	defaultStagedAction(action)
	defaultPolicyTypes(types, ingress, egress)
	if *action == StagedActionDelete {
		*types = nil
	}
}

// SetDefaultsStagedKubernetesNetworkPolicy sets the staged action only: this kind has
// no tier, and Calico leaves its policyTypes to Kubernetes' own rules.
func SetDefaultsStagedKubernetesNetworkPolicy(p *StagedKubernetesNetworkPolicy) {
	defaultStagedAction(&p.Spec.StagedAction)
}

// DefaultStoredTier fills a Tier read from storage as SetDefaultsTier does: Calico
// defaults tiers on every read (backend/k8s/resources/tiers.go, tierDefaulter).
func DefaultStoredTier(obj runtime.Object) {
	if t, ok := obj.(*Tier); ok {
		SetDefaultsTier(t)
	}
}

// SetDefaultsTier gives a tier without an order DefaultTierOrder, and without a
// default action Deny.
func SetDefaultsTier(t *Tier) {
	if t.Spec.Order == nil {
		order := DefaultTierOrder
		t.Spec.Order = &order
	}
	if t.Spec.DefaultAction == nil {
		action := Deny
		t.Spec.DefaultAction = &action
	}
}
