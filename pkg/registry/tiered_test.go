package registry

import (
	"reflect"
	"testing"

	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
)

func TestRequestedTiers(t *testing.T) {
	for _, tc := range []struct {
		field, label string
		want         []string
	}{
		{"", "", nil},
		{"spec.tier=security", "", []string{"security"}},
		{"metadata.name=x", "projectcalico.org/tier=team-b", []string{"team-b"}},
		{"spec.tier=a", "projectcalico.org/tier=b", []string{"a", "b"}},
		// Not one tier: the result is filtered instead.
		{"spec.tier!=a", "projectcalico.org/tier in (a,b)", nil},
	} {
		options := &metainternalversion.ListOptions{}
		if tc.field != "" {
			options.FieldSelector = fields.ParseSelectorOrDie(tc.field)
		}
		if tc.label != "" {
			selector, err := labels.Parse(tc.label)
			if err != nil {
				t.Fatal(err)
			}
			options.LabelSelector = selector
		}
		if got := requestedTiers(options); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("fields %q labels %q: got %v, want %v", tc.field, tc.label, got, tc.want)
		}
	}
	if requestedTiers(nil) != nil {
		t.Error("nil options name no tier")
	}
}
