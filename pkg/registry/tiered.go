package registry

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/authorization/tier"
)

// tieredREST serves a tiered policy kind (a table row with Tier set) with Calico's
// tier access on every verb, above storage: the decision is per user, so it can never
// live in a cache shared by all users below. Named requests are refused with a 403;
// lists, watches and delete-collections without a tier are filtered to the tiers the
// user may see, and with a tier (field selector spec.tier=T or label selector
// projectcalico.org/tier=T) need that tier.
//
// Watches are never closed because tiers change: every event is checked against the
// watcher's rights, decided at most once per tier and namespace per authorizer TTL (the
// decision cache's own lifetime), so creating a tier disturbs nobody, and a watcher who
// gains access to a tier receives its events from then on (the policies already in it
// arrive as they change, or on the next list).
type tieredREST struct {
	*REST
	tiers *tier.Authorizer
}

func newTieredREST(store *REST, tiers *tier.Authorizer) *tieredREST {
	return &tieredREST{REST: store, tiers: tiers}
}

// Get implements rest.Getter: the object's tier must be allowed.
func (r *tieredREST) Get(ctx context.Context, name string, options *metav1.GetOptions) (runtime.Object, error) {
	obj, err := r.REST.Get(ctx, name, options)
	if err != nil {
		return nil, err
	}
	if err := r.authorizeObject(ctx, "get", obj); err != nil {
		return nil, err
	}
	return obj, nil
}

// Create implements rest.Creater: the new object's tier must be allowed, before any
// validation, so that a refused user learns nothing of the tier.
func (r *tieredREST) Create(ctx context.Context, obj runtime.Object, createValidation rest.ValidateObjectFunc,
	options *metav1.CreateOptions) (runtime.Object, error) {
	if err := r.authorizeObject(ctx, "create", obj); err != nil {
		return nil, err
	}
	return r.REST.Create(ctx, obj, createValidation, options)
}

// Update implements rest.Updater (update, patch, apply): the stored object's tier must
// be allowed and, when the update moves the object, the new tier too.
func (r *tieredREST) Update(ctx context.Context, name string, objInfo rest.UpdatedObjectInfo, createValidation rest.ValidateObjectFunc,
	updateValidation rest.ValidateObjectUpdateFunc, forceAllowCreate bool, options *metav1.UpdateOptions) (runtime.Object, bool, error) {
	checked := &tierCheckedUpdate{UpdatedObjectInfo: objInfo, rest: r}
	return r.REST.Update(ctx, name, checked, createValidation, updateValidation, forceAllowCreate, options)
}

// tierCheckedUpdate checks tiers when the generic store computes the updated object:
// the old tier before the patch is even applied, then the new one.
type tierCheckedUpdate struct {
	rest.UpdatedObjectInfo
	rest *tieredREST
}

func (u *tierCheckedUpdate) UpdatedObject(ctx context.Context, old runtime.Object) (runtime.Object, error) {
	// The store passes an empty object when none is stored (apply creating one).
	exists := mustAccessor(old).GetResourceVersion() != ""
	if exists {
		if err := u.rest.authorizeObject(ctx, "update", old); err != nil {
			return nil, err
		}
	}
	obj, err := u.UpdatedObjectInfo.UpdatedObject(ctx, old)
	if err != nil {
		return nil, err
	}
	if !exists || u.rest.tierOf(obj) != u.rest.tierOf(old) {
		if err := u.rest.authorizeObject(ctx, "update", obj); err != nil {
			return nil, err
		}
	}
	return obj, nil
}

// Delete implements rest.GracefulDeleter: the tier of the object as stored, read in the
// delete itself, must be allowed.
func (r *tieredREST) Delete(ctx context.Context, name string, deleteValidation rest.ValidateObjectFunc,
	options *metav1.DeleteOptions) (runtime.Object, bool, error) {
	check := func(ctx context.Context, obj runtime.Object) error { return r.authorizeObject(ctx, "delete", obj) }
	return r.REST.Delete(ctx, name, chainValidation(check, deleteValidation), options)
}

// DeleteCollection implements rest.CollectionDeleter: only the policies in allowed tiers
// are deleted and returned. The generic store skips an object whose delete validation
// says NotFound (as one deleted concurrently), which is what an object in a tier the
// user may not see is to them.
func (r *tieredREST) DeleteCollection(ctx context.Context, deleteValidation rest.ValidateObjectFunc,
	options *metav1.DeleteOptions, listOptions *metainternalversion.ListOptions) (runtime.Object, error) {
	visible, err := r.collectionFilter(ctx, "deletecollection", listOptions, forTheRequest)
	if err != nil {
		return nil, err
	}
	skipHidden := func(_ context.Context, obj runtime.Object) error {
		if !visible(obj) {
			return apierrors.NewNotFound(r.DefaultQualifiedResource, mustAccessor(obj).GetName())
		}
		return nil
	}
	deleted, err := r.REST.DeleteCollection(ctx, chainValidation(skipHidden, deleteValidation), options, listOptions)
	if err != nil {
		return nil, err
	}
	return deleted, filterList(deleted, visible)
}

// List implements rest.Lister: the policies of the tiers the user may list.
func (r *tieredREST) List(ctx context.Context, options *metainternalversion.ListOptions) (runtime.Object, error) {
	visible, err := r.collectionFilter(ctx, "list", options, forTheRequest)
	if err != nil {
		return nil, err
	}
	list, err := r.REST.List(ctx, options)
	if err != nil {
		return nil, err
	}
	return list, filterList(list, visible)
}

// Watch implements rest.Watcher: events of the tiers the user may watch, decided per
// event, so that rights gained or lost apply from then on without closing the watch.
func (r *tieredREST) Watch(ctx context.Context, options *metainternalversion.ListOptions) (watch.Interface, error) {
	visible, err := r.collectionFilter(ctx, "watch", options, r.tiers.TTL())
	if err != nil {
		return nil, err
	}
	w, err := r.REST.Watch(ctx, options)
	if err != nil {
		return nil, err
	}
	return watch.Filter(w, func(event watch.Event) (watch.Event, bool) {
		switch event.Type {
		case watch.Added, watch.Modified, watch.Deleted:
			// The watch cache sends objects wrapped for its serialization cache; the
			// event keeps the wrapper, the decision reads the object inside.
			obj := event.Object
			if cacheable, ok := obj.(runtime.CacheableObject); ok {
				obj = cacheable.GetObject()
			}
			return event, visible(obj)
		}
		return event, true // bookmarks and errors
	}), nil
}

// forTheRequest keeps a collection filter's decisions for as long as the filter lives:
// a list's or delete-collection's, which take one snapshot of the user's rights.
const forTheRequest time.Duration = -1

// collectionFilter refuses a collection request naming a tier the user may not use,
// and returns the test of whether the user may see one object. Decisions are kept per
// tier and namespace for reuse: forTheRequest for lists (one decision per tier, not per
// object), the authorizer's TTL for watches, whose user's rights may change while they
// run: a watch then sees a change of rights as late as a new request would, without
// computing a decision key per event (the garbage collector and quota controller watch
// every kind, so every write costs each of them a check).
func (r *tieredREST) collectionFilter(ctx context.Context, verb string, options *metainternalversion.ListOptions,
	reuse time.Duration) (func(runtime.Object) bool, error) {
	base, err := r.check(ctx, verb, "")
	if err != nil {
		return nil, err
	}
	if options != nil && options.FieldSelector != nil {
		// A list or watch of one name (kubectl get -w NAME) may use a grant of that name.
		base.Name, _ = options.FieldSelector.RequiresExactMatch("metadata.name")
	}
	for _, requested := range requestedTiers(options) {
		c := base
		c.Tier = requested
		if err := r.tiers.Authorize(ctx, c, ""); err != nil {
			return nil, err
		}
	}
	type scope struct{ tier, namespace string }
	type decision struct {
		allowed bool
		expires time.Time
	}
	var mu sync.Mutex // delete-collection workers run concurrently
	memo := map[scope]decision{}
	return func(obj runtime.Object) bool {
		c := base
		c.Tier = r.tierOf(obj)
		namespace := mustAccessor(obj).GetNamespace()
		key := scope{c.Tier, namespace}
		var now time.Time
		if reuse > 0 {
			now = time.Now()
		}
		if reuse != 0 {
			mu.Lock()
			defer mu.Unlock()
			if d, ok := memo[key]; ok && (reuse == forTheRequest || now.Before(d.expires)) {
				return d.allowed
			}
		}
		// Across all namespaces, a cluster-wide grant covers every namespace; a grant
		// in the object's own namespace covers that one.
		allowed := r.tiers.Allowed(ctx, c)
		if !allowed && c.Namespace == "" && namespace != "" {
			c.Namespace = namespace
			allowed = r.tiers.Allowed(ctx, c)
		}
		if reuse != 0 {
			memo[key] = decision{allowed: allowed, expires: now.Add(reuse)}
		}
		return allowed
	}, nil
}

// authorizeObject checks the user's access to obj's tier for verb (the request's own
// verb when it has one: patch, not update).
func (r *tieredREST) authorizeObject(ctx context.Context, verb string, obj runtime.Object) error {
	accessor := mustAccessor(obj)
	c, err := r.check(ctx, verb, accessor.GetNamespace())
	if err != nil {
		return err
	}
	c.Tier, c.Name = r.tierOf(obj), accessor.GetName()
	return r.tiers.Authorize(ctx, c, accessor.GetName())
}

// check starts a tier check for the request in ctx; the request's verb wins over verb.
func (r *tieredREST) check(ctx context.Context, verb, namespace string) (tier.Check, error) {
	u, ok := request.UserFrom(ctx)
	if !ok {
		return tier.Check{}, apierrors.NewForbidden(r.DefaultQualifiedResource, "", fmt.Errorf("no user in the request"))
	}
	if info, ok := request.RequestInfoFrom(ctx); ok && info.IsResourceRequest && info.Verb != "" {
		verb = info.Verb
	}
	if namespace == "" {
		namespace = request.NamespaceValue(ctx)
	}
	return tier.Check{User: u, Verb: verb, Resource: r.kind.Resource, Namespace: namespace}, nil
}

// tierOf is the object's tier, empty meaning the default tier as defaulting makes it.
func (r *tieredREST) tierOf(obj runtime.Object) string {
	if t := r.kind.Tier(obj); t != "" {
		return t
	}
	return v3.DefaultTierName
}

// requestedTiers are the tiers a list options' selectors require.
func requestedTiers(options *metainternalversion.ListOptions) []string {
	var out []string
	if options == nil {
		return nil
	}
	if options.FieldSelector != nil {
		if t, ok := options.FieldSelector.RequiresExactMatch("spec.tier"); ok {
			out = append(out, t)
		}
	}
	if options.LabelSelector != nil {
		if t, ok := options.LabelSelector.RequiresExactMatch(v3.TierLabel); ok {
			out = append(out, t)
		}
	}
	return out
}

// filterList keeps the items of a list that keep accepts. A list keeping every item,
// the usual case, is left as it is: its items may be shared with other requests'
// lists (pkg/storage/coalesce), and copying 10,000 items costs megabytes per request.
func filterList(list runtime.Object, keep func(runtime.Object) bool) error {
	all := true
	if err := meta.EachListItem(list, func(item runtime.Object) error {
		if !keep(item) {
			all = false
			return errStopIteration
		}
		return nil
	}); err != nil && err != errStopIteration {
		return err
	}
	if all {
		return nil
	}
	items, err := meta.ExtractList(list)
	if err != nil {
		return err
	}
	kept := items[:0]
	for _, item := range items {
		if keep(item) {
			kept = append(kept, item)
		}
	}
	return meta.SetList(list, kept)
}

// errStopIteration ends a meta.EachListItem walk early.
var errStopIteration = errors.New("stop iteration")

// chainValidation runs first, then next (when set).
func chainValidation(first, next rest.ValidateObjectFunc) rest.ValidateObjectFunc {
	return func(ctx context.Context, obj runtime.Object) error {
		if err := first(ctx, obj); err != nil {
			return err
		}
		if next != nil {
			return next(ctx, obj)
		}
		return nil
	}
}
