package validation

import (
	"strings"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

func TestLimits(t *testing.T) {
	limits := Limits{MaxSelectorLength: 10, MaxRules: 2}
	long := strings.Repeat("a", 11)
	rules := func(n int) []v3.Rule { return make([]v3.Rule, n) }
	cases := []struct {
		name string
		obj  runtime.Object
		want []wantErr
	}{
		{"within every limit", &v3.GlobalNetworkPolicy{Spec: v3.GlobalNetworkPolicySpec{
			Selector: strings.Repeat("a", 10), Ingress: rules(2), Egress: rules(2)}}, nil},
		{"policy selectors", &v3.GlobalNetworkPolicy{Spec: v3.GlobalNetworkPolicySpec{
			Selector: long, NamespaceSelector: long, ServiceAccountSelector: long}},
			[]wantErr{tooLong("spec.selector"), tooLong("spec.namespaceSelector"), tooLong("spec.serviceAccountSelector")}},
		{"rule counts and a rule's selectors", &v3.NetworkPolicy{Spec: v3.NetworkPolicySpec{
			Ingress: append(rules(2), v3.Rule{Source: v3.EntityRule{Selector: long, NotSelector: long,
				ServiceAccounts: &v3.ServiceAccountMatch{Selector: long}}}),
			Egress: rules(3)}},
			[]wantErr{tooMany("spec.ingress"), tooMany("spec.egress"), tooLong("spec.ingress[2].source.selector"),
				tooLong("spec.ingress[2].source.notSelector"), tooLong("spec.ingress[2].source.serviceAccounts.selector")}},
		{"other kinds' selectors", &v3.BGPPeer{Spec: v3.BGPPeerSpec{NodeSelector: long, PeerSelector: long}},
			[]wantErr{tooLong("spec.nodeSelector"), tooLong("spec.peerSelector")}},
		{"Kubernetes rule lists", &v3.StagedKubernetesNetworkPolicy{Spec: v3.StagedKubernetesNetworkPolicySpec{
			Ingress: make([]networkingv1.NetworkPolicyIngressRule, 3)}}, []wantErr{tooMany("spec.ingress")}},
		{"a kind without a spec", &v3.ClusterInformation{}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkErrs(t, limits.Validate(c.obj), c.want) })
	}
	if errs := (Limits{}).Validate(cases[1].obj); len(errs) != 0 {
		t.Errorf("zero limits: %v, want no limit", errs)
	}
}

func TestLimitsUpdateRatchets(t *testing.T) {
	limits := Limits{MaxSelectorLength: 10, MaxRules: 2}
	long := strings.Repeat("a", 11)
	old := &v3.GlobalNetworkPolicy{Spec: v3.GlobalNetworkPolicySpec{Selector: long, Ingress: make([]v3.Rule, 3)}}
	same := old.DeepCopy()
	same.Spec.Order = new(float64)
	checkErrs(t, limits.ValidateUpdate(same, old), nil)
	grown := same.DeepCopy()
	grown.Spec.NamespaceSelector = long
	grown.Spec.Egress = make([]v3.Rule, 3)
	checkErrs(t, limits.ValidateUpdate(grown, old), []wantErr{tooLong("spec.namespaceSelector"), tooMany("spec.egress")})
}

func BenchmarkLimitsValidate(b *testing.B) {
	p := &v3.GlobalNetworkPolicy{Spec: v3.GlobalNetworkPolicySpec{Selector: "app == 'web'", Ingress: make([]v3.Rule, 100)}}
	for i := range p.Spec.Ingress {
		p.Spec.Ingress[i].Source.Selector = "role == 'client'"
	}
	b.ReportAllocs()
	for b.Loop() {
		if errs := DefaultLimits.Validate(p); len(errs) != 0 {
			b.Fatal(errs)
		}
	}
}
