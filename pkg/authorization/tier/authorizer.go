// Package tier decides Calico's tier access: whether a user may act on the policies of
// one tier. Kubernetes RBAC cannot say "edit policies in tier security only", so Calico
// adds, on top of the ordinary check on the policy resource, two checks expressed in
// RBAC terms (Calico's "Configure RBAC for tiered policies"):
//
//   - get on tiers.projectcalico.org named after the tier, and
//   - the request's verb on the pseudo-resource tier.<resource> (tier.networkpolicies,
//     ...) named "<tier>.*" (every policy of the tier) or the policy's own name.
//
// Decisions come from the generic apiserver's delegated authorizer (SubjectAccessReviews
// to the kube-apiserver) and are cached per (user, groups, extra, verb, resource,
// namespace, tier or name) for a short TTL: a list across many tiers costs at most two
// reviews per tier per TTL, never one per object. The package knows nothing of storage
// or of the registry; pkg/registry applies it to the kinds its table marks as tiered.
package tier

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/cache"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

const (
	// tiersResource is the resource a user needs get on, named after the tier.
	tiersResource = "tiers"
	// pseudoResourcePrefix makes the per-tier pseudo-resource of a policy resource.
	pseudoResourcePrefix = "tier."
	// maxCachedDecisions bounds the decision cache; the least recently used go first.
	maxCachedDecisions = 16384
)

// PseudoResource is the RBAC resource that grants access to the policies of a resource
// tier by tier: "tier.networkpolicies" for "networkpolicies".
func PseudoResource(resource string) string { return pseudoResourcePrefix + resource }

// WildcardName is the RBAC resource name that covers every policy of a tier, whether or
// not the policy's name carries the "<tier>." prefix.
func WildcardName(tier string) string { return tier + ".*" }

// Check is one question: may User do Verb on the policies of Resource in Tier?
type Check struct {
	User user.Info
	// Verb is the request's verb (get, list, watch, create, update, patch, delete,
	// deletecollection).
	Verb string
	// Resource is the policy resource ("networkpolicies"); Namespace its namespace, empty
	// for cluster-scoped resources and requests across all namespaces.
	Resource  string
	Namespace string
	Tier      string
	// Name is the policy's name, when the request names one; "<tier>.*" is tried
	// first, the name only when the wildcard is refused.
	Name string
}

// Authorizer answers Checks with a decision cache in front of a delegate.
type Authorizer struct {
	delegate  authorizer.Authorizer
	ttl       time.Duration
	decisions *cache.LRUExpireCache
}

// NewAuthorizer returns an Authorizer asking delegate (the generic apiserver's delegated
// authorizer) and keeping each decision for ttl; a ttl of zero caches nothing.
func NewAuthorizer(delegate authorizer.Authorizer, ttl time.Duration) *Authorizer {
	registerMetrics()
	return &Authorizer{delegate: delegate, ttl: ttl, decisions: cache.NewLRUExpireCache(maxCachedDecisions)}
}

// TTL is how long a decision is reused; zero when nothing is cached.
func (a *Authorizer) TTL() time.Duration { return a.ttl }

// Authorize returns nil when the check passes, else a 403 that names the user, the
// verb, the tier and every permission that is missing. qualifiedName is the object the
// error is about ("" for a collection).
func (a *Authorizer) Authorize(ctx context.Context, c Check, qualifiedName string) error {
	missing, err := a.missing(ctx, c, true)
	if err != nil {
		return apierrors.NewInternalError(err)
	}
	if len(missing) == 0 {
		return nil
	}
	return apierrors.NewForbidden(v3.Resource(c.Resource), qualifiedName,
		fmt.Errorf("user %q cannot %s %s in tier %q: needs %s", c.User.GetName(), c.Verb, c.Resource, c.Tier, strings.Join(missing, " and ")))
}

// Allowed reports whether the check passes, for filtering lists and watches. An error
// of the delegate counts as a refusal: a filter must not fail open.
func (a *Authorizer) Allowed(ctx context.Context, c Check) bool {
	missing, err := a.missing(ctx, c, false)
	return err == nil && len(missing) == 0
}

// missing returns the permissions the user lacks, in RBAC terms; none when the check
// passes. With all, it goes on after the first refusal, for the message.
func (a *Authorizer) missing(ctx context.Context, c Check, all bool) ([]string, error) {
	var missing []string
	ok, err := a.allowed(ctx, c.User, "get", tiersResource, "", c.Tier)
	if err != nil {
		return nil, err
	}
	if !ok {
		missing = append(missing, fmt.Sprintf("get on tiers.%s %q", v3.GroupName, c.Tier))
		if !all {
			return missing, nil
		}
	}
	pseudo := PseudoResource(c.Resource)
	if ok, err = a.allowed(ctx, c.User, c.Verb, pseudo, c.Namespace, WildcardName(c.Tier)); err != nil || ok {
		return missing, err
	}
	want := fmt.Sprintf("%s on %s.%s %q", c.Verb, pseudo, v3.GroupName, WildcardName(c.Tier))
	if c.Name != "" {
		if ok, err = a.allowed(ctx, c.User, c.Verb, pseudo, c.Namespace, c.Name); err != nil || ok {
			return missing, err
		}
		want += fmt.Sprintf(" or on %q", c.Name)
	}
	if c.Namespace != "" {
		want += fmt.Sprintf(" in namespace %q", c.Namespace)
	}
	return append(missing, want), nil
}

// allowed asks the cache, then the delegate. Errors are not cached.
func (a *Authorizer) allowed(ctx context.Context, u user.Info, verb, resource, namespace, name string) (bool, error) {
	key := decisionKey(u, verb, resource, namespace, name)
	if a.ttl > 0 {
		if decision, ok := a.decisions.Get(key); ok {
			checks.WithLabelValues(resultCacheHit).Inc()
			return decision.(bool), nil
		}
	}
	checks.WithLabelValues(resultSAR).Inc()
	decision, _, err := a.delegate.Authorize(ctx, authorizer.AttributesRecord{
		User: u, Verb: verb, Namespace: namespace, Name: name,
		APIGroup: v3.GroupName, APIVersion: v3.SchemeGroupVersion.Version, Resource: resource,
		ResourceRequest: true,
	})
	if err != nil && decision != authorizer.DecisionAllow {
		return false, fmt.Errorf("authorizing %s on %s %q: %w", verb, resource, name, err)
	}
	ok := decision == authorizer.DecisionAllow
	if a.ttl > 0 {
		a.decisions.Add(key, ok, a.ttl)
	}
	return ok, nil
}

// decisionKey identifies a decision: everything the delegate sees. Groups and extra are
// sorted so that the same identity always has the same key; fields are separated by a
// byte no name contains.
func decisionKey(u user.Info, verb, resource, namespace, name string) string {
	var b strings.Builder
	write := func(s string) {
		b.WriteString(s)
		b.WriteByte(0)
	}
	write(u.GetName())
	write(u.GetUID())
	groups := append([]string(nil), u.GetGroups()...)
	sort.Strings(groups)
	write(strings.Join(groups, "\x01"))
	extra := u.GetExtra()
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		write(k + "\x02" + strings.Join(extra[k], "\x01"))
	}
	write("")
	write(verb)
	write(resource)
	write(namespace)
	write(name)
	return b.String()
}
