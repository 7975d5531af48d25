package anyname

import (
	"context"
	"testing"

	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
)

// rbacLike allows get on every policy to "reader", and get on the policy "only-this" to
// "named" (a rule with resourceNames), as RBAC would; it records what it was asked.
type rbacLike struct{ asked []string }

func (r *rbacLike) ConditionsAwareAuthorize(ctx context.Context, a authorizer.Attributes) authorizer.ConditionsAwareDecision {
	return authorizer.ConditionsAwareDecisionFromParts(r.Authorize(ctx, a))
}

func (r *rbacLike) EvaluateConditions(context.Context, authorizer.ConditionsAwareDecision, authorizer.ConditionsData) (authorizer.Decision, string, error) {
	return authorizer.DecisionDeny, "", authorizer.ErrorConditionEvaluationNotSupported
}

func (r *rbacLike) Authorize(_ context.Context, a authorizer.Attributes) (authorizer.Decision, string, error) {
	r.asked = append(r.asked, a.GetUser().GetName()+" "+a.GetVerb()+" "+a.GetName())
	switch {
	case a.GetUser().GetName() == "reader" && a.GetVerb() == "get":
		return authorizer.DecisionAllow, "", nil
	case a.GetUser().GetName() == "named" && a.GetVerb() == "get" && a.GetName() == "only-this":
		return authorizer.DecisionAllow, "", nil
	}
	return authorizer.DecisionNoOpinion, "", nil
}

func TestAuthorize(t *testing.T) {
	for _, tc := range []struct {
		user, verb, name string
		resourceRequest  bool
		allowed          bool
		asked            []string
	}{
		// A grant of the whole resource answers the name-less question: one question
		// for every name, which the delegate caches.
		{"reader", "get", "p1", true, true, []string{"reader get "}},
		// A grant by name: the name-less question is refused, the named one allowed.
		{"named", "get", "only-this", true, true, []string{"named get ", "named get only-this"}},
		{"named", "get", "another", true, false, []string{"named get ", "named get another"}},
		// Nothing granted: refused, as the delegate refuses the named request.
		{"nobody", "update", "p1", true, false, []string{"nobody update ", "nobody update p1"}},
		// Requests without a name, and non-resource requests, pass unchanged.
		{"reader", "list", "", true, false, []string{"reader list "}},
		{"reader", "get", "", false, true, []string{"reader get "}},
	} {
		attrs := authorizer.AttributesRecord{
			User: &user.DefaultInfo{Name: tc.user}, Verb: tc.verb, Name: tc.name,
			APIGroup: "projectcalico.org", Resource: "globalnetworkpolicies", ResourceRequest: tc.resourceRequest,
		}
		// Both entry points, each with a fresh delegate.
		delegate := &rbacLike{}
		decision, _, err := New(delegate).Authorize(context.Background(), attrs)
		if err != nil {
			t.Fatal(err)
		}
		check(t, tc.user+" "+tc.verb+" "+tc.name, decision == authorizer.DecisionAllow, tc.allowed, delegate.asked, tc.asked)
		delegate = &rbacLike{}
		aware := New(delegate).ConditionsAwareAuthorize(context.Background(), attrs)
		check(t, tc.user+" "+tc.verb+" "+tc.name+" (conditions-aware)", aware.IsAllow(), tc.allowed, delegate.asked, tc.asked)
	}
}

func check(t *testing.T, what string, allowed, wantAllowed bool, asked, wantAsked []string) {
	t.Helper()
	if allowed != wantAllowed {
		t.Errorf("%s: allowed %v, want %v", what, allowed, wantAllowed)
	}
	if len(asked) != len(wantAsked) {
		t.Errorf("%s: asked %q, want %q", what, asked, wantAsked)
		return
	}
	for i := range wantAsked {
		if asked[i] != wantAsked[i] {
			t.Errorf("%s: asked %q, want %q", what, asked, wantAsked)
		}
	}
}
