package crd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/conversion"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/features"
	"k8s.io/apiserver/pkg/storage"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	"k8s.io/client-go/rest"
	"k8s.io/klog/v2"
)

// Store is a storage.Interface that keeps one v3 kind as crd.projectcalico.org/v1
// custom resources in the kube-apiserver. The kube-apiserver's resourceVersions pass
// through unchanged, so optimistic concurrency, consistent reads and watch-from-RV are
// the kube-apiserver's own. Objects travel as JSON decoded straight into the v3 types
// (codec.go).
type Store struct {
	resource *Resource
	// client reaches /apis/crd.projectcalico.org/v1 (NewRESTClient).
	client rest.Interface
	// prefix is the key prefix the generic registry puts before "<namespace>/<name>".
	prefix    string
	versioner storage.Versioner
	// unknown remembers which objects hold fields the v3 type lacks, so that an update
	// starting from a cached object knows when it must read the stored one to keep them.
	unknown *unknownFields
	// readiness tracks whether the kube-apiserver serves the custom resources.
	readiness *readiness
}

var _ storage.Interface = &Store{}

// NewStore returns the storage for one resource. client reaches
// crd.projectcalico.org/v1 (see NewRESTClient); keyPrefix is the resource prefix the
// generic registry builds keys with.
func NewStore(resource *Resource, client rest.Interface, keyPrefix string) *Store {
	s := &Store{
		resource:  resource,
		client:    client,
		prefix:    strings.TrimSuffix(keyPrefix, "/") + "/",
		versioner: storage.APIObjectVersioner{},
		unknown:   newUnknownFields(),
	}
	s.readiness = newReadiness(s.probe)
	return s
}

// Versioner implements storage.Interface. The kube-apiserver's resourceVersions are etcd
// revisions, so the standard numeric versioner applies.
func (s *Store) Versioner() storage.Versioner { return s.versioner }

// objectKey is what a registry key addresses: a namespace and/or a name. Either may be
// empty: "" lists everything, a namespace alone lists that namespace.
type objectKey struct{ namespace, name string }

// parseKey splits a registry key ("<prefix>/<ns>/<name>", "<prefix>/<name>",
// "<prefix>/<ns>" or "<prefix>") for this resource.
func (s *Store) parseKey(key string, recursive bool) (objectKey, error) {
	if key+"/" == s.prefix {
		return objectKey{}, nil
	}
	rest, ok := strings.CutPrefix(key, s.prefix)
	if !ok {
		return objectKey{}, fmt.Errorf("key %q is outside %q", key, s.prefix)
	}
	parts := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	switch {
	case s.resource.Namespaced && len(parts) == 2 && !recursive:
		return objectKey{namespace: parts[0], name: parts[1]}, nil
	case s.resource.Namespaced && len(parts) == 1 && recursive:
		return objectKey{namespace: parts[0]}, nil
	case !s.resource.Namespaced && len(parts) == 1 && !recursive:
		return objectKey{name: parts[0]}, nil
	}
	if !recursive {
		// A key of this resource that no object can have ("<prefix>/<name>" of a
		// namespaced kind): as in etcd, nothing is stored there.
		return objectKey{}, storage.NewKeyNotFoundError(key, 0)
	}
	// The prefix of the keys below an object: as in etcd, nothing is stored there.
	if s.resource.Namespaced && len(parts) == 2 {
		return objectKey{namespace: parts[0]}, errNothingBelowObject
	}
	if !s.resource.Namespaced && len(parts) == 1 {
		return objectKey{}, errNothingBelowObject
	}
	return objectKey{}, fmt.Errorf("key %q does not address %s", key, s.resource.CRDResource)
}

// errNothingBelowObject is parseKey's answer for a recursive key naming an object
// ("<prefix>/<ns>/<name>/"): a prefix under which no key is stored.
var errNothingBelowObject = errors.New("no object is stored below an object's key")

// request starts a request to the custom resource(s) at k.
func (s *Store) request(verb string, k objectKey) *rest.Request {
	req := s.client.Verb(verb).Resource(s.resource.CRDResource)
	if s.resource.Namespaced && k.namespace != "" {
		req = req.Namespace(k.namespace)
	}
	if k.name != "" {
		req = req.Name(k.name)
	}
	return req
}

// do sends req and returns the answer's body; errors are the kube-apiserver's status.
func (s *Store) do(ctx context.Context, req *rest.Request) ([]byte, error) {
	data, err := doRaw(ctx, req)
	s.readiness.observe(err)
	return data, err
}

// doRaw sends req and returns the answer's body, or the kube-apiserver's status as
// the error (Result.Error decodes it; Result.Raw's error is a generic one).
func doRaw(ctx context.Context, req *rest.Request) ([]byte, error) {
	result := req.Do(ctx)
	if err := result.Error(); err != nil {
		return nil, err
	}
	return result.Raw()
}

// decode decodes a custom resource's JSON into out, remembering whether it holds
// unknown fields.
func (s *Store) decode(k objectKey, data []byte, out runtime.Object) ([]string, error) {
	unknown, err := s.resource.Decode(data, out)
	if err != nil {
		return nil, storage.NewCorruptObjError(s.prefix+k.namespace+"/"+k.name, err)
	}
	if accessor, err := meta.Accessor(out); err == nil {
		if k.name == "" {
			k = objectKey{namespace: accessor.GetNamespace(), name: accessor.GetName()}
		}
		s.unknown.observe(k, accessor.GetResourceVersion(), unknown)
	}
	return unknown, nil
}

// Create implements storage.Interface.
func (s *Store) Create(ctx context.Context, key string, obj, out runtime.Object, ttl uint64) error {
	k, err := s.parseKey(key, false)
	if err != nil {
		return err
	}
	if rv, err := s.versioner.ObjectResourceVersion(obj); err == nil && rv != 0 {
		return storage.ErrResourceVersionSetOnCreate
	}
	body, err := s.resource.Encode(obj, "")
	if err != nil {
		return err
	}
	created, err := s.do(ctx, s.request("POST", objectKey{namespace: k.namespace}).Body(body))
	if err != nil {
		return s.storageError(err, key)
	}
	_, err = s.decode(k, created, out)
	return err
}

// Get implements storage.Interface.
func (s *Store) Get(ctx context.Context, key string, opts storage.GetOptions, out runtime.Object) error {
	k, err := s.parseKey(key, false)
	if storage.IsNotFound(err) && opts.IgnoreNotFound {
		return runtime.SetZeroValue(out)
	}
	if err != nil {
		return err
	}
	_, _, err = s.get(ctx, k, opts.ResourceVersion, out)
	if err != nil {
		if apierrors.IsNotFound(err) && !s.missing(err) && opts.IgnoreNotFound {
			return runtime.SetZeroValue(out)
		}
		return s.storageError(err, key)
	}
	return nil
}

// get reads the object at k into out and returns the stored JSON and the fields the
// v3 type lacks. Errors are the kube-apiserver's.
func (s *Store) get(ctx context.Context, k objectKey, resourceVersion string, out runtime.Object) ([]byte, []string, error) {
	req := s.request("GET", k)
	if resourceVersion != "" {
		req = req.Param("resourceVersion", resourceVersion)
	}
	data, err := s.do(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	unknown, err := s.decode(k, data, out)
	return data, unknown, err
}

// storedList is a list of custom resources; each item is decoded on its own, straight
// into the v3 list's items.
type storedList struct {
	Metadata metav1.ListMeta `json:"metadata"`
	Items    []listItem      `json:"items"`
}

// listItem is one item of a list's JSON, in place: unlike json.RawMessage it does not
// copy the item (a list of 10,000 policies is some 13 MB), which is sound because the
// list's body outlives its items and nothing writes to it.
type listItem []byte

func (i *listItem) UnmarshalJSON(data []byte) error {
	*i = data
	return nil
}

// GetList implements storage.Interface. Label selectors are evaluated here, on the v3
// objects, because most v3 labels live only inside the metadata annotation; the pages a
// client asks for can therefore hold fewer items than its limit, as the API allows.
func (s *Store) GetList(ctx context.Context, key string, opts storage.ListOptions, listObj runtime.Object) error {
	listPtr, err := meta.GetItemsPtr(listObj)
	if err != nil {
		return err
	}
	listAccessor, err := meta.ListAccessor(listObj)
	if err != nil {
		return err
	}
	items, err := conversion.EnforcePtr(listPtr)
	if err != nil {
		return err
	}
	items.Set(reflect.MakeSlice(items.Type(), 0, 0))
	if !opts.Recursive {
		// A list of the single object at key.
		obj := s.resource.NewFunc()
		if err := s.Get(ctx, key, storage.GetOptions{ResourceVersion: opts.ResourceVersion, IgnoreNotFound: true}, obj); err != nil {
			return err
		}
		if accessor, err := meta.Accessor(obj); err == nil && accessor.GetName() != "" {
			if ok, err := opts.Predicate.Matches(obj); err == nil && ok {
				items.Set(reflect.Append(items, reflect.ValueOf(obj).Elem()))
			}
			listAccessor.SetResourceVersion(accessor.GetResourceVersion())
		}
		return nil
	}

	upstream := s.upstreamListOptions(opts)
	k, err := s.parseKey(key, true)
	if errors.Is(err, errNothingBelowObject) {
		// An empty list, at the revision the options ask for.
		upstream.FieldSelector, upstream.Limit, upstream.Continue = noObjectSelector, 0, ""
		err = nil
	}
	if err != nil {
		return err
	}
	data, err := s.do(ctx, withListOptions(s.request("GET", k), upstream))
	if err != nil {
		return s.storageError(err, key)
	}
	var list storedList
	if err := json.Unmarshal(data, &list); err != nil {
		return storage.NewInternalError(err)
	}
	// Decode each item in place in the v3 list; an item the predicate rejects (or that
	// cannot be read) is overwritten by the next one.
	decoded := reflect.MakeSlice(items.Type(), len(list.Items), len(list.Items))
	matchAll := opts.Predicate.Empty()
	n := 0
	for _, raw := range list.Items {
		obj := decoded.Index(n).Addr().Interface().(runtime.Object)
		if _, err := s.decode(objectKey{}, raw, obj); err != nil {
			// Calico's own list skips what it cannot read, with a warning; so do we,
			// rather than failing the whole list for one bad object.
			klog.Warningf("skipping unreadable %s: %v", s.resource.CRDResource, err)
			continue
		}
		if !matchAll {
			if ok, err := opts.Predicate.Matches(obj); err != nil || !ok {
				continue
			}
		}
		n++
	}
	if n < decoded.Len() {
		decoded.Index(n).SetZero()
	}
	items.Set(decoded.Slice(0, n))
	listAccessor.SetResourceVersion(list.Metadata.ResourceVersion)
	listAccessor.SetContinue(list.Metadata.Continue)
	listAccessor.SetRemainingItemCount(nil)
	return nil
}

// upstreamListOptions turns storage list options into a request to the kube-apiserver.
// Only the name and namespace field selectors can be pushed down: every other field and
// label is known only after conversion.
func (s *Store) upstreamListOptions(opts storage.ListOptions) metav1.ListOptions {
	out := metav1.ListOptions{
		ResourceVersion:      opts.ResourceVersion,
		ResourceVersionMatch: opts.ResourceVersionMatch,
		Limit:                opts.Predicate.Limit,
		Continue:             opts.Predicate.Continue,
	}
	if opts.Predicate.Field != nil {
		var pushed []fields.Selector
		for _, req := range opts.Predicate.Field.Requirements() {
			if req.Field == "metadata.name" || req.Field == "metadata.namespace" {
				pushed = append(pushed, fields.OneTermEqualSelector(req.Field, req.Value))
				if req.Operator != "=" && req.Operator != "==" {
					pushed = pushed[:len(pushed)-1]
				}
			}
		}
		if len(pushed) > 0 {
			out.FieldSelector = fields.AndSelectors(pushed...).String()
		}
	}
	return out
}

// withListOptions adds list and watch options to req as query parameters.
func withListOptions(req *rest.Request, o metav1.ListOptions) *rest.Request {
	set := func(name, value string) {
		if value != "" {
			req = req.Param(name, value)
		}
	}
	set("resourceVersion", o.ResourceVersion)
	set("resourceVersionMatch", string(o.ResourceVersionMatch))
	set("continue", o.Continue)
	set("fieldSelector", o.FieldSelector)
	set("labelSelector", o.LabelSelector)
	if o.Limit > 0 {
		set("limit", strconv.FormatInt(o.Limit, 10))
	}
	if o.Watch {
		set("watch", "true")
	}
	if o.AllowWatchBookmarks {
		set("allowWatchBookmarks", "true")
	}
	if o.SendInitialEvents != nil {
		set("sendInitialEvents", strconv.FormatBool(*o.SendInitialEvents))
	}
	if o.TimeoutSeconds != nil {
		set("timeoutSeconds", strconv.FormatInt(*o.TimeoutSeconds, 10))
	}
	return req
}

// GuaranteedUpdate implements storage.Interface with the etcd3 store's loop: start
// from cachedExistingObject when the cacher passes one (else read), apply tryUpdate,
// write with the start's resourceVersion as precondition, and on a conflict read
// again and retry. A stale resourceVersion from the client is caught by tryUpdate
// itself (the generic registry compares it). Fields of the stored object that the v3
// type lacks (a newer Calico's) are written back unchanged.
func (s *Store) GuaranteedUpdate(ctx context.Context, key string, destination runtime.Object, ignoreNotFound bool,
	preconditions *storage.Preconditions, tryUpdate storage.UpdateFunc, cachedExistingObject runtime.Object) error {
	k, err := s.parseKey(key, false)
	if err != nil {
		return err
	}
	// A cached object will do unless the stored one may hold unknown fields: then the
	// write needs them, and only a read has them.
	fromCache := cachedExistingObject != nil && !s.unknown.has(k)
	var refused *cachedRefusal
	for {
		var current runtime.Object
		var stored []byte // the stored custom resource, when read here
		var unknown []string
		exists := true
		if fromCache {
			current = cachedExistingObject
		} else {
			current = s.resource.NewFunc()
			stored, unknown, err = s.get(ctx, k, "", current)
			switch {
			case apierrors.IsNotFound(err) && !s.missing(err) && ignoreNotFound:
				exists, current = false, s.resource.NewFunc()
			case err != nil:
				return s.storageError(err, key)
			}
			if err := refused.stands(current); err != nil {
				return err
			}
			refused = nil
		}
		if err := preconditions.Check(key, current); err != nil {
			if fromCache {
				fromCache, refused = false, newCachedRefusal(current, err) // perhaps only the cache is stale
				continue
			}
			return err
		}
		rv, err := s.versioner.ObjectResourceVersion(current)
		if err != nil {
			return err
		}
		// What is stored, encoded before tryUpdate, which may change current in place.
		before, err := s.snapshot(current)
		if err != nil {
			return err
		}
		if s.resource.StatusSubresource {
			// An update that needs two writes may have to undo the first.
			before.object = current.DeepCopyObject()
		}
		currentRV := strconv.FormatUint(rv, 10)
		updated, _, err := tryUpdate(current, storage.ResponseMeta{ResourceVersion: rv})
		if err != nil {
			if fromCache {
				fromCache, refused = false, &cachedRefusal{resourceVersion: currentRV, err: err}
				continue
			}
			return err
		}

		var written []byte
		if !exists {
			// Not found and ignoreNotFound (e.g. server-side apply): the update creates.
			written, err = s.create(ctx, k, updated)
		} else {
			var changed bool
			written, changed, err = s.update(ctx, k, currentRV, before, updated, stored, unknown)
			if err == nil && !changed {
				if fromCache {
					// Nothing to write, but the cached object may be stale: confirm.
					fromCache = false
					continue
				}
				// Nothing to write: answer with the stored object, as etcd3 does.
				_, err = s.decode(k, stored, destination)
				return err
			}
		}
		if apierrors.IsConflict(err) || apierrors.IsAlreadyExists(err) || (fromCache && apierrors.IsNotFound(err) && !s.missing(err)) {
			fromCache = false // someone else wrote in between: read again and retry
			continue
		}
		if err != nil {
			return s.storageError(err, key)
		}
		_, err = s.decode(k, written, destination)
		return err
	}
}

// create writes obj as a new custom resource at k.
func (s *Store) create(ctx context.Context, k objectKey, obj runtime.Object) ([]byte, error) {
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return nil, err
	}
	accessor.SetUID("")
	accessor.SetResourceVersion("")
	body, err := s.resource.Encode(obj, "")
	if err != nil {
		return nil, err
	}
	return s.do(ctx, s.request("POST", objectKey{namespace: k.namespace}).Body(body))
}

// storedParts is an object as the custom resource stores it: everything but status,
// and status, each encoded; and, where status is written apart, the object itself.
type storedParts struct {
	main, status []byte
	object       runtime.Object
}

func (s *Store) snapshot(obj runtime.Object) (storedParts, error) {
	main, err := s.resource.encode(obj, "", false)
	if err != nil || !s.resource.StoresStatus {
		return storedParts{main: main}, err
	}
	p, err := parts(obj)
	if err != nil {
		return storedParts{}, err
	}
	status, err := json.Marshal(p.status)
	return storedParts{main: main, status: status}, err
}

// update writes updated over the stored object, which was before at resourceVersion
// rv, conditional on rv, and reports whether there was anything to write. stored and
// unknown are the stored custom resource and the fields in it the v3 type lacks, when
// known. Where the v1 CRD has a status subresource, the kube-apiserver ignores status in
// a write of the custom resource and everything else in a write of its status, so only
// the part that changed is written, to its endpoint. When both changed (a status write
// changes the managed fields, which live in the metadata annotation), status follows
// the rest, conditional on its write; should the status write fail, the first write is
// undone (see undo), so that a failed update leaves nothing of itself behind.
func (s *Store) update(ctx context.Context, k objectKey, rv string, before storedParts, updated runtime.Object,
	stored []byte, unknown []string) ([]byte, bool, error) {
	after, err := s.snapshot(updated)
	if err != nil {
		return nil, false, err
	}
	mainChanged := !bytes.Equal(before.main, after.main)
	statusChanged := !bytes.Equal(before.status, after.status)
	if !mainChanged && !statusChanged {
		return nil, false, nil
	}
	data, err := s.body(updated, rv, stored, unknown)
	if err != nil {
		return nil, true, err
	}
	if !s.resource.StatusSubresource {
		written, err := s.do(ctx, s.request("PUT", k).Body(data))
		return written, true, err
	}
	if !mainChanged {
		written, err := s.do(ctx, s.request("PUT", k).SubResource("status").Body(data))
		return written, true, err
	}
	written, err := s.do(ctx, s.request("PUT", k).Body(data))
	if err != nil || !statusChanged {
		return written, true, err
	}
	writtenRV, err := resourceVersionOf(written)
	if err != nil {
		return nil, true, err
	}
	if data, err = s.body(updated, writtenRV, stored, unknown); err != nil {
		return nil, true, err
	}
	statusWritten, err := s.do(ctx, s.request("PUT", k).SubResource("status").Body(data))
	if err != nil {
		return nil, true, s.undo(ctx, k, before.object, writtenRV, stored, unknown, err)
	}
	return statusWritten, true, nil
}

// body is the JSON that writes obj over the stored custom resource at resourceVersion
// rv, keeping the stored fields the v3 type lacks.
func (s *Store) body(obj runtime.Object, rv string, stored []byte, unknown []string) ([]byte, error) {
	data, err := s.resource.Encode(obj, rv)
	if err != nil || len(unknown) == 0 {
		return data, err
	}
	return keepUnknownFields(stored, data, unknown)
}

// undo writes original back over the custom resource, which the first of an update's
// two writes left at resourceVersion rv, after the second failed with failure. It
// returns failure when the undo succeeds (a conflict then retries the whole update from
// a fresh read), and otherwise an error that says plainly what is stored: only a
// concurrent write can make the undo fail, and that write then decides the outcome.
func (s *Store) undo(ctx context.Context, k objectKey, original runtime.Object, rv string, stored []byte,
	unknown []string, failure error) error {
	data, err := s.body(original, rv, stored, unknown)
	if err == nil {
		_, err = s.do(ctx, s.request("PUT", k).Body(data))
	}
	if err == nil {
		return failure
	}
	return apierrors.NewInternalError(fmt.Errorf(
		"%s %q: its metadata and spec were written (resourceVersion %s) but not its status: %v; undoing that write failed: %v",
		s.resource.Kind, k.name, rv, failure, err))
}

// resourceVersionOf reads the resourceVersion of a custom resource's JSON.
func resourceVersionOf(data []byte) (string, error) {
	var m struct {
		Metadata struct {
			ResourceVersion string `json:"resourceVersion"`
		} `json:"metadata"`
	}
	err := json.Unmarshal(data, &m)
	return m.Metadata.ResourceVersion, err
}

// Delete implements storage.Interface: start from cachedExistingObject when there is
// one (else read), check preconditions and validateDeletion, then delete with its UID
// and resourceVersion as the kube-apiserver's own preconditions, re-reading and
// retrying on conflict. out is the object as deleted.
func (s *Store) Delete(ctx context.Context, key string, out runtime.Object, preconditions *storage.Preconditions,
	validateDeletion storage.ValidateObjectFunc, cachedExistingObject runtime.Object, opts storage.DeleteOptions) error {
	k, err := s.parseKey(key, false)
	if err != nil {
		return err
	}
	if opts.ExpectTransformOrDecodeError && utilfeature.DefaultFeatureGate.Enabled(features.AllowUnsafeMalformedObjectDeletion) {
		return s.deleteUnreadable(ctx, k, key, validateDeletion)
	}
	fromCache := cachedExistingObject != nil
	var refused *cachedRefusal
	for {
		var current runtime.Object
		if fromCache {
			current = cachedExistingObject
		} else {
			current = s.resource.NewFunc()
			if _, _, err := s.get(ctx, k, "", current); err != nil {
				return s.storageError(err, key)
			}
			if err := refused.stands(current); err != nil {
				return err
			}
			refused = nil
		}
		if err := preconditions.Check(key, current); err != nil {
			if fromCache {
				fromCache, refused = false, newCachedRefusal(current, err)
				continue
			}
			return err
		}
		if err := validateDeletion(ctx, current); err != nil {
			if fromCache {
				fromCache, refused = false, newCachedRefusal(current, err)
				continue
			}
			return err
		}
		accessor, err := meta.Accessor(current)
		if err != nil {
			return err
		}
		uid, err := ConvertUID(accessor.GetUID())
		if err != nil {
			return storage.NewCorruptObjError(key, err)
		}
		rv := accessor.GetResourceVersion()
		body, err := json.Marshal(&metav1.DeleteOptions{
			TypeMeta:      metav1.TypeMeta{APIVersion: "v1", Kind: "DeleteOptions"},
			Preconditions: &metav1.Preconditions{UID: &uid, ResourceVersion: &rv},
		})
		if err != nil {
			return err
		}
		deleted, err := s.do(ctx, s.request("DELETE", k).Body(body))
		if fromCache && (apierrors.IsConflict(err) || apierrors.IsNotFound(err) && !s.missing(err)) {
			fromCache = false
			continue
		}
		if apierrors.IsConflict(err) {
			continue
		}
		if err != nil {
			return s.storageError(err, key)
		}
		s.unknown.forget(k)
		// The kube-apiserver answers with the object as deleted, or with a Status.
		var kind struct {
			Kind string `json:"kind"`
		}
		if json.Unmarshal(deleted, &kind) == nil && kind.Kind == s.resource.CRDKind {
			_, err = s.decode(k, deleted, out)
			return err
		}
		reflect.ValueOf(out).Elem().Set(reflect.ValueOf(current).Elem())
		return nil
	}
}

// deleteUnreadable deletes the custom resource at k that cannot be read as a v3 object,
// for a client that asked for it (ignoreStoreReadErrorWithClusterBreakingPotential; the
// generic registry's corruptObjectDeleter). As in the etcd3 store, an object that can
// be read is refused (it is to be deleted as usual), validateDeletion sees no object (it
// refuses a dry run), and out stays empty. The delete is conditional on the UID and
// resourceVersion read, so that a concurrent rewrite is never deleted unseen.
func (s *Store) deleteUnreadable(ctx context.Context, k objectKey, key string, validateDeletion storage.ValidateObjectFunc) error {
	for {
		data, err := s.do(ctx, s.request("GET", k))
		if err != nil {
			return s.storageError(err, key)
		}
		if _, err := s.resource.Decode(data, s.resource.NewFunc()); err == nil {
			return storage.NewInvalidObjError(key, "unsafe deletion is not allowed because the object is decodable from storage")
		}
		var stored struct {
			Metadata metav1.ObjectMeta `json:"metadata"`
		}
		if err := json.Unmarshal(data, &stored); err != nil {
			return storage.NewInternalError(err)
		}
		if err := validateDeletion(ctx, nil); err != nil {
			return err
		}
		body, err := json.Marshal(&metav1.DeleteOptions{
			TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "DeleteOptions"},
			Preconditions: &metav1.Preconditions{
				UID: &stored.Metadata.UID, ResourceVersion: &stored.Metadata.ResourceVersion,
			},
		})
		if err != nil {
			return err
		}
		_, err = s.do(ctx, s.request("DELETE", k).Body(body))
		if apierrors.IsConflict(err) {
			continue
		}
		if err != nil {
			return s.storageError(err, key)
		}
		s.unknown.forget(k)
		return nil
	}
}

// cachedRefusal is a check (preconditions, tryUpdate, validateDeletion) that refused
// the cached object an update or delete started from. The store then reads the stored
// object, but runs the check again only if that object is newer: if it is the cached
// one, the refusal stands, as in the etcd3 store. tryUpdate and validateDeletion run
// admission, which must not see the same object twice.
type cachedRefusal struct {
	resourceVersion string
	err             error
}

func newCachedRefusal(obj runtime.Object, err error) *cachedRefusal {
	refusal := &cachedRefusal{err: err}
	if accessor, aerr := meta.Accessor(obj); aerr == nil {
		refusal.resourceVersion = accessor.GetResourceVersion()
	}
	return refusal
}

// stands returns the refusal's error when obj, just read, is the object refused.
func (r *cachedRefusal) stands(obj runtime.Object) error {
	if r == nil || r.resourceVersion == "" {
		return nil
	}
	if accessor, err := meta.Accessor(obj); err == nil && accessor.GetResourceVersion() == r.resourceVersion {
		return r.err
	}
	return nil
}

// Watch implements storage.Interface; see watch.go.
func (s *Store) Watch(ctx context.Context, key string, opts storage.ListOptions) (watch.Interface, error) {
	k, err := s.parseKey(key, opts.Recursive)
	if storage.IsNotFound(err) || errors.Is(err, errNothingBelowObject) {
		return idleWatch(ctx), nil
	}
	if err != nil {
		return nil, err
	}
	return s.startWatch(ctx, key, k, opts)
}

// Stats implements storage.Interface by counting the stored objects.
func (s *Store) Stats(ctx context.Context) (storage.Stats, error) {
	data, err := s.do(ctx, s.request("GET", objectKey{}).Param("resourceVersion", "0"))
	if err != nil {
		return storage.Stats{}, err
	}
	var list storedList
	if err := json.Unmarshal(data, &list); err != nil {
		return storage.Stats{}, err
	}
	return storage.Stats{ObjectCount: int64(len(list.Items))}, nil
}

// noObjectSelector matches no object: no name can start with "-". A list with it costs
// next to nothing yet is a real consistent read.
const noObjectSelector = "metadata.name=-"

// GetCurrentResourceVersion implements storage.Interface with a consistent read: an
// empty list, whose resourceVersion is the kube-apiserver's current revision.
func (s *Store) GetCurrentResourceVersion(ctx context.Context) (uint64, error) {
	data, err := s.do(ctx, s.request("GET", objectKey{}).Param("fieldSelector", noObjectSelector))
	if err != nil {
		return 0, s.storageError(err, s.prefix)
	}
	var list storedList
	if err := json.Unmarshal(data, &list); err != nil {
		return 0, err
	}
	return strconv.ParseUint(list.Metadata.ResourceVersion, 10, 64)
}

// errNoProgressRequests answers RequestWatchProgress.
var errNoProgressRequests = errors.New("the kube-apiserver's watch API has no progress requests")

// RequestWatchProgress implements storage.Interface. The kube-apiserver's REST watch
// offers no on-demand progress (bookmarks come about once a minute), and nothing asks
// for it: the cacher does only while a consistent read waits on the cache, and
// consistent reads never reach the cache (docs/storage.md).
func (s *Store) RequestWatchProgress(context.Context) error { return errNoProgressRequests }

// EnableResourceSizeEstimation implements storage.Interface. Object sizes are the
// kube-apiserver's business; this store does not estimate them.
func (s *Store) EnableResourceSizeEstimation(storage.KeysFunc) error { return nil }

// CompactRevision implements storage.Interface. The kube-apiserver does not expose its
// etcd compaction revision; 0 means unknown.
func (s *Store) CompactRevision() int64 { return 0 }
