package registry

import (
	"context"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/component-base/metrics/legacyregistry"

	"github.com/calico-apiserver/calico-apiserver/pkg/authorization/tier"
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

// TestWatchFilterDecidesOncePerTTL: a watch's filter asks the tier authorizer once per
// tier and namespace per TTL, however many events pass, and applies changed rights
// once the TTL has passed.
func TestWatchFilterDecidesOncePerTTL(t *testing.T) {
	const ttl = 200 * time.Millisecond
	var allow atomic.Bool
	allow.Store(true)
	var asked atomic.Int64
	delegate := authorizer.AuthorizerFunc(func(context.Context, authorizer.Attributes) (authorizer.Decision, string, error) {
		asked.Add(1)
		if allow.Load() {
			return authorizer.DecisionAllow, "", nil
		}
		return authorizer.DecisionNoOpinion, "", nil
	})
	var kind *Kind
	for _, k := range Kinds() {
		if k.Tier != nil && k.Storage.Namespaced {
			kind = k
			break
		}
	}
	tiers := tier.NewAuthorizer(delegate, ttl)
	r := &tieredREST{REST: &REST{kind: kind}, tiers: tiers}
	ctx := request.WithUser(context.Background(), &user.DefaultInfo{Name: "alice"})
	ctx = request.WithRequestInfo(ctx, &request.RequestInfo{IsResourceRequest: true, Verb: "watch", Resource: kind.Resource})
	visible, err := r.collectionFilter(ctx, "watch", nil, tiers.TTL())
	if err != nil {
		t.Fatal(err)
	}
	policy := kind.Storage.NewFunc()
	mustAccessor(policy).SetName("p")
	mustAccessor(policy).SetNamespace("ns")

	checksBefore := tierChecks(t)
	for i := 0; i < 1000; i++ {
		if !visible(policy) {
			t.Fatal("an allowed policy was filtered out")
		}
	}
	// One decision: get on the tier, and watch on its policies.
	if got := tierChecks(t) - checksBefore; got != 2 {
		t.Errorf("1000 events cost %v tier checks, want 2", got)
	}
	allow.Store(false)
	time.Sleep(ttl + 50*time.Millisecond)
	if visible(policy) {
		t.Error("a right revoked more than a TTL ago still applies")
	}
	if asked.Load() < 3 {
		t.Errorf("the delegate was asked %d times; the revoked right was never asked again", asked.Load())
	}
}

// tierChecks is the total of calico_apiserver_tier_authorization_checks_total.
func tierChecks(t *testing.T) float64 {
	t.Helper()
	families, err := legacyregistry.DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var total float64
	for _, f := range families {
		if f.GetName() == "calico_apiserver_tier_authorization_checks_total" {
			for _, m := range f.GetMetric() {
				total += m.GetCounter().GetValue()
			}
		}
	}
	return total
}
