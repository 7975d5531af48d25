package validation

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

func tier(name string, order *float64, action *v3.Action) *v3.Tier {
	t := &v3.Tier{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: v3.TierSpec{Order: order, DefaultAction: action}}
	v3.SetDefaultsTier(t)
	return t
}

func TestValidateTier(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	a := func(v v3.Action) *v3.Action { return &v }
	cases := []struct {
		name string
		tier *v3.Tier
		want []wantErr
	}{
		{name: "defaults", tier: tier("security", nil, nil)},
		{name: "order and Pass", tier: tier("security", f(100), a(v3.Pass))},
		{name: "built-in default tier", tier: tier("default", nil, nil)},
		{name: "built-in kube-admin", tier: tier("kube-admin", f(1000), a(v3.Pass))},
		{name: "built-in kube-baseline", tier: tier("kube-baseline", f(10000000), a(v3.Pass))},
		{name: "name with a dot", tier: tier("a.b", nil, nil), want: []wantErr{invalid("metadata.name")}},
		{name: "name longer than a label", tier: tier("a123456789012345678901234567890123456789012345678901234567890123", nil, nil),
			want: []wantErr{invalid("metadata.name")}},
		{name: "Allow is not a default action", tier: tier("security", nil, a(v3.Allow)), want: []wantErr{notSupported("spec.defaultAction")}},
		{name: "lower-case default action", tier: tier("security", nil, a("deny")), want: []wantErr{notSupported("spec.defaultAction")}},
		{name: "default tier moved and passing", tier: tier("default", f(1), a(v3.Pass)),
			want: []wantErr{invalid("spec.order"), invalid("spec.defaultAction")}},
		{name: "kube-admin defaulted order and action", tier: tier("kube-admin", nil, nil),
			want: []wantErr{invalid("spec.order"), invalid("spec.defaultAction")}},
		{name: "kube-baseline wrong order", tier: tier("kube-baseline", f(1000000), a(v3.Pass)), want: []wantErr{invalid("spec.order")}},
		{name: "not defaulted built-in does not panic",
			tier: &v3.Tier{ObjectMeta: metav1.ObjectMeta{Name: "default"}}, want: []wantErr{invalid("spec.order"), invalid("spec.defaultAction")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkErrs(t, ValidateTier(c.tier), c.want) })
	}
}
