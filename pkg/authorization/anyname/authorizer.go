// Package anyname saves a SubjectAccessReview per object: it asks the delegated
// authorizer about a request for a named object first without the name, and only when
// that is not allowed with the name.
//
// The delegated authorizer caches decisions keyed by every attribute, the object's name
// included, so a client reading or updating many objects costs one review per object
// (and one per object again after the cache's TTL). In Kubernetes RBAC a rule either
// lists resourceNames or covers every name: a request allowed without a name is allowed
// by a rule without resourceNames, so it is allowed for every name. The name-less
// question is therefore a sound first question whose answer the delegated authorizer
// caches per user, verb, resource and namespace; a refusal proves nothing (a grant may
// name the object), so it falls through to the question with the name, and so does an
// error. This holds for any authorizer chain in which allowing a request without a name
// implies allowing it for every name (RBAC, Node, ABAC, and webhooks that grant by
// resource); a webhook that denies specific names while allowing the resource without
// one breaks it, and --authorize-any-name-first=false turns this off for such clusters.
package anyname

import (
	"context"

	"k8s.io/apiserver/pkg/authorization/authorizer"
)

// Authorizer asks its delegate without the object's name first.
type Authorizer struct {
	delegate authorizer.Authorizer
}

var _ authorizer.Authorizer = &Authorizer{}

// New returns an Authorizer in front of delegate.
func New(delegate authorizer.Authorizer) *Authorizer { return &Authorizer{delegate: delegate} }

// Authorize implements authorizer.Authorizer.
func (a *Authorizer) Authorize(ctx context.Context, attrs authorizer.Attributes) (authorizer.Decision, string, error) {
	if attrs.IsResourceRequest() && attrs.GetName() != "" {
		if decision, reason, err := a.delegate.Authorize(ctx, withoutName{attrs}); err == nil && decision == authorizer.DecisionAllow {
			return decision, reason, nil
		}
	}
	return a.delegate.Authorize(ctx, attrs)
}

// ConditionsAwareAuthorize implements authorizer.Authorizer: only an unconditional
// allow without the name answers for every name.
func (a *Authorizer) ConditionsAwareAuthorize(ctx context.Context, attrs authorizer.Attributes) authorizer.ConditionsAwareDecision {
	if attrs.IsResourceRequest() && attrs.GetName() != "" {
		if decision := a.delegate.ConditionsAwareAuthorize(ctx, withoutName{attrs}); decision.IsAllow() && decision.Error() == nil {
			return decision
		}
	}
	return a.delegate.ConditionsAwareAuthorize(ctx, attrs)
}

// EvaluateConditions implements authorizer.Authorizer; conditions come from the
// delegate's decisions about the request with its name.
func (a *Authorizer) EvaluateConditions(ctx context.Context, decision authorizer.ConditionsAwareDecision,
	data authorizer.ConditionsData) (authorizer.Decision, string, error) {
	return a.delegate.EvaluateConditions(ctx, decision, data)
}

// withoutName is a request's attributes without the object's name.
type withoutName struct {
	authorizer.Attributes
}

func (withoutName) GetName() string { return "" }
