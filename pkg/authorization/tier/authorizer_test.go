package tier

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/cache"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	clocktesting "k8s.io/utils/clock/testing"
)

// grants is a delegate that allows exactly the listed "verb resource namespace/name"
// tuples and counts what it is asked.
type grants struct {
	allowed map[string]bool
	asked   int
	err     error
}

func (g *grants) Authorize(_ context.Context, a authorizer.Attributes) (authorizer.Decision, string, error) {
	g.asked++
	if g.err != nil {
		return authorizer.DecisionNoOpinion, "", g.err
	}
	if a.GetAPIGroup() != "projectcalico.org" || !a.IsResourceRequest() {
		return authorizer.DecisionNoOpinion, "", nil
	}
	if g.allowed[a.GetVerb()+" "+a.GetResource()+" "+a.GetNamespace()+"/"+a.GetName()] {
		return authorizer.DecisionAllow, "", nil
	}
	return authorizer.DecisionNoOpinion, "", nil
}

func newTestAuthorizer(g *grants, ttl time.Duration) (*Authorizer, *clocktesting.FakeClock) {
	clock := clocktesting.NewFakeClock(time.Now())
	a := NewAuthorizer(authorizer.AuthorizerFunc(g.Authorize), ttl)
	a.decisions = cache.NewLRUExpireCacheWithClock(maxCachedDecisions, clock)
	return a, clock
}

var alice = &user.DefaultInfo{Name: "alice", Groups: []string{"dev", "system:authenticated"}}

func TestAuthorizeNeedsTierGetAndPseudoResource(t *testing.T) {
	g := &grants{allowed: map[string]bool{
		"get tiers /team-a":                        true,
		"create tier.networkpolicies ns1/team-a.*": true,
		"get tiers /team-b":                        true,
		"create tier.networkpolicies ns1/team-b.p": true,
		"create tier.networkpolicies ns1/team-c.*": true,
	}}
	a, _ := newTestAuthorizer(g, time.Minute)
	ctx := context.Background()
	check := func(tier, name string) Check {
		return Check{User: alice, Verb: "create", Resource: "networkpolicies", Namespace: "ns1", Tier: tier, Name: name}
	}
	if err := a.Authorize(ctx, check("team-a", "any"), "any"); err != nil {
		t.Errorf("wildcard grant: %v", err)
	}
	if err := a.Authorize(ctx, check("team-b", "team-b.p"), "team-b.p"); err != nil {
		t.Errorf("grant of the policy's own name: %v", err)
	}
	err := a.Authorize(ctx, check("team-b", "team-b.q"), "team-b.q")
	if !apierrors.IsForbidden(err) || !strings.Contains(err.Error(),
		`user "alice" cannot create networkpolicies in tier "team-b": needs create on tier.networkpolicies.projectcalico.org "team-b.*" or on "team-b.q" in namespace "ns1"`) {
		t.Errorf("other name in the tier: got %v", err)
	}
	err = a.Authorize(ctx, check("team-c", "x"), "x")
	if !apierrors.IsForbidden(err) || !strings.HasSuffix(err.Error(), `needs get on tiers.projectcalico.org "team-c"`) {
		t.Errorf("no get on the tier: got %v", err)
	}
	err = a.Authorize(ctx, check("team-d", "x"), "x")
	if !apierrors.IsForbidden(err) || !strings.Contains(err.Error(),
		`needs get on tiers.projectcalico.org "team-d" and create on tier.networkpolicies.projectcalico.org "team-d.*" or on "x" in namespace "ns1"`) {
		t.Errorf("nothing granted: got %v", err)
	}
	if a.Allowed(ctx, Check{User: alice, Verb: "list", Resource: "networkpolicies", Namespace: "ns1", Tier: "team-a"}) {
		t.Error("create on a tier must not grant list")
	}
}

func TestDecisionsAreCachedPerIdentityUntilTTL(t *testing.T) {
	g := &grants{allowed: map[string]bool{"get tiers /t": true, "list tier.globalnetworkpolicies /t.*": true}}
	a, clock := newTestAuthorizer(g, 5*time.Second)
	ctx := context.Background()
	check := Check{User: alice, Verb: "list", Resource: "globalnetworkpolicies", Tier: "t"}
	for i := 0; i < 1000; i++ {
		if !a.Allowed(ctx, check) {
			t.Fatal("refused")
		}
	}
	if g.asked != 2 {
		t.Fatalf("1000 checks asked the delegate %d times, want 2 (tier get + pseudo-resource)", g.asked)
	}
	// The same name with other groups is another identity.
	bob := &user.DefaultInfo{Name: "alice", Groups: []string{"dev"}}
	a.Allowed(ctx, Check{User: bob, Verb: "list", Resource: "globalnetworkpolicies", Tier: "t"})
	if g.asked != 4 {
		t.Fatalf("another identity asked %d times in all, want 4", g.asked)
	}
	clock.Step(6 * time.Second)
	a.Allowed(ctx, check)
	if g.asked != 6 {
		t.Fatalf("after the TTL asked %d times in all, want 6", g.asked)
	}
}

func TestDelegateErrorsRefuseAndAreNotCached(t *testing.T) {
	g := &grants{err: errors.New("webhook down")}
	a, _ := newTestAuthorizer(g, time.Minute)
	ctx := context.Background()
	check := Check{User: alice, Verb: "get", Resource: "networkpolicies", Namespace: "ns", Tier: "t", Name: "p"}
	if a.Allowed(ctx, check) {
		t.Fatal("an error must refuse")
	}
	if err := a.Authorize(ctx, check, "p"); !apierrors.IsInternalError(err) {
		t.Fatalf("want 500 for an authorizer failure, got %v", err)
	}
	if g.asked != 2 {
		t.Fatalf("errors were cached: asked %d times, want 2", g.asked)
	}
}

func TestDecisionKeyIgnoresGroupOrder(t *testing.T) {
	a := &user.DefaultInfo{Name: "u", Groups: []string{"a", "b"}, Extra: map[string][]string{"x": {"1"}, "y": {"2"}}}
	b := &user.DefaultInfo{Name: "u", Groups: []string{"b", "a"}, Extra: map[string][]string{"y": {"2"}, "x": {"1"}}}
	c := &user.DefaultInfo{Name: "u", Groups: []string{"a", "b"}, Extra: map[string][]string{"x": {"2"}}}
	if decisionKey(a, "get", "r", "", "n") != decisionKey(b, "get", "r", "", "n") {
		t.Error("group or extra order changed the key")
	}
	if decisionKey(a, "get", "r", "", "n") == decisionKey(c, "get", "r", "", "n") {
		t.Error("different extra, same key")
	}
}
