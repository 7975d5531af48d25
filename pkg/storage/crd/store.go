package crd

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/conversion"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/client-go/dynamic"
	"k8s.io/klog/v2"
)

// Store is a storage.Interface that keeps one v3 kind as crd.projectcalico.org/v1
// custom resources in the kube-apiserver. The kube-apiserver's resourceVersions pass
// through unchanged, so optimistic concurrency, consistent reads and watch-from-RV are
// the kube-apiserver's own.
type Store struct {
	resource *Resource
	client   dynamic.NamespaceableResourceInterface
	// prefix is the key prefix the generic registry puts before "<namespace>/<name>".
	prefix    string
	versioner storage.Versioner
	watches   *watchSet
}

var _ storage.Interface = &Store{}

// NewStore returns the storage for one resource. keyPrefix is the resource prefix the
// generic registry builds keys with.
func NewStore(resource *Resource, client dynamic.Interface, keyPrefix string) *Store {
	return &Store{
		resource:  resource,
		client:    client.Resource(resource.GVR()),
		prefix:    strings.TrimSuffix(keyPrefix, "/") + "/",
		versioner: storage.APIObjectVersioner{},
		watches:   newWatchSet(),
	}
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
	return objectKey{}, fmt.Errorf("key %q does not address a %s", key, s.resource.Kind)
}

func (s *Store) clientFor(k objectKey) dynamic.ResourceInterface {
	if s.resource.Namespaced && k.namespace != "" {
		return s.client.Namespace(k.namespace)
	}
	return s.client
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
	cr, err := s.resource.ToCRD(obj)
	if err != nil {
		return err
	}
	created, err := s.clientFor(k).Create(ctx, cr, metav1.CreateOptions{})
	if err != nil {
		return s.storageError(err, key)
	}
	return s.decode(created, out)
}

// Get implements storage.Interface.
func (s *Store) Get(ctx context.Context, key string, opts storage.GetOptions, out runtime.Object) error {
	k, err := s.parseKey(key, false)
	if err != nil {
		return err
	}
	cr, err := s.clientFor(k).Get(ctx, k.name, metav1.GetOptions{ResourceVersion: opts.ResourceVersion})
	if err != nil {
		if apierrors.IsNotFound(err) && opts.IgnoreNotFound {
			return runtime.SetZeroValue(out)
		}
		return s.storageError(err, key)
	}
	return s.decode(cr, out)
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

	k, err := s.parseKey(key, true)
	if err != nil {
		return err
	}
	crs, err := s.clientFor(k).List(ctx, s.upstreamListOptions(opts))
	if err != nil {
		return s.storageError(err, key)
	}
	for i := range crs.Items {
		obj := s.resource.NewFunc()
		if err := s.resource.FromCRD(&crs.Items[i], obj); err != nil {
			// Calico's own list skips what it cannot read, with a warning; so do we,
			// rather than failing the whole list for one bad object.
			klog.Warningf("skipping unreadable %s: %v", s.resource.CRDResource, err)
			continue
		}
		if ok, err := opts.Predicate.Matches(obj); err != nil || !ok {
			continue
		}
		items.Set(reflect.Append(items, reflect.ValueOf(obj).Elem()))
	}
	listAccessor.SetResourceVersion(crs.GetResourceVersion())
	listAccessor.SetContinue(crs.GetContinue())
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

// GuaranteedUpdate implements storage.Interface with the same loop as the etcd3 store:
// read, apply tryUpdate, write with the read resourceVersion as precondition, and on a
// conflict read again and retry. A stale resourceVersion from the client is caught by
// tryUpdate itself (the generic registry compares it), not by this loop. The object is
// always read fresh (cachedExistingObject is not used): the write needs the stored
// custom resource, and one GET is cheap next to a wrong precondition.
func (s *Store) GuaranteedUpdate(ctx context.Context, key string, destination runtime.Object, ignoreNotFound bool,
	preconditions *storage.Preconditions, tryUpdate storage.UpdateFunc, _ runtime.Object) error {
	k, err := s.parseKey(key, false)
	if err != nil {
		return err
	}
	client := s.clientFor(k)
	for {
		current := s.resource.NewFunc()
		storedCR, err := client.Get(ctx, k.name, metav1.GetOptions{})
		switch {
		case apierrors.IsNotFound(err) && ignoreNotFound:
			storedCR = nil
		case err != nil:
			return s.storageError(err, key)
		default:
			if err := s.resource.FromCRD(storedCR, current); err != nil {
				return storage.NewCorruptObjError(key, err)
			}
			unknown, err := s.resource.UnknownFields(storedCR)
			if err != nil {
				return storage.NewCorruptObjError(key, err)
			}
			if len(unknown) > 0 {
				return apierrors.NewConflict(s.groupResource(), k.name, s.resource.unknownFieldsError(k.name, unknown))
			}
		}
		if err := preconditions.Check(key, current); err != nil {
			return err
		}
		rv, err := s.versioner.ObjectResourceVersion(current)
		if err != nil {
			return err
		}
		updated, _, err := tryUpdate(current, storage.ResponseMeta{ResourceVersion: rv})
		if err != nil {
			return err
		}
		cr, err := s.resource.ToCRD(updated)
		if err != nil {
			return err
		}

		var written *unstructured.Unstructured
		if storedCR == nil {
			// Not found and ignoreNotFound (e.g. server-side apply): the update creates.
			unstructured.RemoveNestedField(cr.Object, "metadata", "resourceVersion")
			unstructured.RemoveNestedField(cr.Object, "metadata", "uid")
			written, err = client.Create(ctx, cr, metav1.CreateOptions{})
		} else {
			cr.SetResourceVersion(storedCR.GetResourceVersion())
			cr.SetUID(storedCR.GetUID())
			if sameStoredContent(cr, storedCR) {
				// Nothing to write: answer with the stored object, as etcd3 does.
				return s.decode(storedCR, destination)
			}
			written, err = s.update(ctx, client, cr, storedCR)
		}
		if apierrors.IsConflict(err) || apierrors.IsAlreadyExists(err) {
			continue // someone else wrote in between: read again and retry
		}
		if err != nil {
			return s.storageError(err, key)
		}
		return s.decode(written, destination)
	}
}

// update writes cr over stored. Where the v1 CRD has a status subresource, a main
// update leaves status alone and a status update leaves everything else alone, so each
// part that changed goes to its own endpoint, the second one after the first.
func (s *Store) update(ctx context.Context, client dynamic.ResourceInterface, cr, stored *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	if !s.resource.StatusSubresource {
		return client.Update(ctx, cr, metav1.UpdateOptions{})
	}
	written := stored
	withoutStatus := func(u *unstructured.Unstructured) *unstructured.Unstructured {
		c := u.DeepCopy()
		delete(c.Object, "status")
		return c
	}
	if !sameStoredContent(withoutStatus(cr), withoutStatus(stored)) {
		var err error
		if written, err = client.Update(ctx, cr, metav1.UpdateOptions{}); err != nil {
			return nil, err
		}
	}
	if !reflect.DeepEqual(cr.Object["status"], stored.Object["status"]) {
		cr.SetResourceVersion(written.GetResourceVersion())
		return client.UpdateStatus(ctx, cr, metav1.UpdateOptions{})
	}
	return written, nil
}

// sameStoredContent reports whether writing cr would change nothing in stored.
func sameStoredContent(cr, stored *unstructured.Unstructured) bool {
	for field, value := range cr.Object {
		if field == "metadata" {
			continue
		}
		if !reflect.DeepEqual(value, stored.Object[field]) {
			return false
		}
	}
	for field := range stored.Object {
		if _, ok := cr.Object[field]; !ok && field != "metadata" {
			return false
		}
	}
	return reflect.DeepEqual(cr.GetLabels(), stored.GetLabels()) &&
		reflect.DeepEqual(cr.GetAnnotations(), stored.GetAnnotations())
}

// Delete implements storage.Interface: read, check preconditions and validateDeletion,
// then delete with the read UID and resourceVersion as the kube-apiserver's own
// preconditions, retrying on conflict.
func (s *Store) Delete(ctx context.Context, key string, out runtime.Object, preconditions *storage.Preconditions,
	validateDeletion storage.ValidateObjectFunc, cachedExistingObject runtime.Object, opts storage.DeleteOptions) error {
	k, err := s.parseKey(key, false)
	if err != nil {
		return err
	}
	client := s.clientFor(k)
	for {
		cr, err := client.Get(ctx, k.name, metav1.GetOptions{})
		if err != nil {
			return s.storageError(err, key)
		}
		current := s.resource.NewFunc()
		if err := s.resource.FromCRD(cr, current); err != nil {
			return storage.NewCorruptObjError(key, err)
		}
		if err := preconditions.Check(key, current); err != nil {
			return err
		}
		if err := validateDeletion(ctx, current); err != nil {
			return err
		}
		uid, rv := cr.GetUID(), cr.GetResourceVersion()
		err = client.Delete(ctx, k.name, metav1.DeleteOptions{
			Preconditions: &metav1.Preconditions{UID: &uid, ResourceVersion: &rv},
		})
		if apierrors.IsConflict(err) {
			continue
		}
		if err != nil {
			return s.storageError(err, key)
		}
		return s.decode(cr, out)
	}
}

// Watch implements storage.Interface; see watch.go.
func (s *Store) Watch(ctx context.Context, key string, opts storage.ListOptions) (watch.Interface, error) {
	k, err := s.parseKey(key, opts.Recursive)
	if err != nil {
		return nil, err
	}
	return s.startWatch(ctx, key, k, opts)
}

// Stats implements storage.Interface by counting the stored objects.
func (s *Store) Stats(ctx context.Context) (storage.Stats, error) {
	list, err := s.client.List(ctx, metav1.ListOptions{ResourceVersion: "0"})
	if err != nil {
		return storage.Stats{}, err
	}
	return storage.Stats{ObjectCount: int64(len(list.Items))}, nil
}

// ReadinessCheck implements storage.Interface. The kube-apiserver is the datastore and
// the server's own readiness checks cover reaching it.
func (s *Store) ReadinessCheck() error { return nil }

// noObjectSelector matches no object: no name can start with "-". A list with it costs
// next to nothing yet is a real consistent read.
const noObjectSelector = "metadata.name=-"

// GetCurrentResourceVersion implements storage.Interface with a consistent read: an
// empty list, whose resourceVersion is the kube-apiserver's current revision. Without a
// limit, the kube-apiserver serves it from its watch cache after bringing that cache up
// to the current revision, which RequestWatchProgress relies on.
func (s *Store) GetCurrentResourceVersion(ctx context.Context) (uint64, error) {
	list, err := s.client.List(ctx, metav1.ListOptions{FieldSelector: noObjectSelector})
	if err != nil {
		return 0, err
	}
	return strconv.ParseUint(list.GetResourceVersion(), 10, 64)
}

// RequestWatchProgress implements storage.Interface: each open watch of this store
// soon delivers a bookmark at least as recent as the kube-apiserver's revision at the
// time of the call. The consistent read first brings the kube-apiserver's own watch
// cache up to that revision (its bookmarks never run ahead of that cache); then every
// watch asks for a bookmark (see watchSet.requestProgress).
func (s *Store) RequestWatchProgress(ctx context.Context) error {
	current, err := s.GetCurrentResourceVersion(ctx)
	if err != nil {
		return err
	}
	s.watches.requestProgress(current)
	return nil
}

// EnableResourceSizeEstimation implements storage.Interface. Object sizes are the
// kube-apiserver's business; this store does not estimate them.
func (s *Store) EnableResourceSizeEstimation(storage.KeysFunc) error { return nil }

// CompactRevision implements storage.Interface. The kube-apiserver does not expose its
// etcd compaction revision; 0 means unknown.
func (s *Store) CompactRevision() int64 { return 0 }

// groupResource names the v3 resource in errors.
func (s *Store) groupResource() schema.GroupResource {
	group, _, _ := strings.Cut(s.resource.APIVersion, "/")
	return schema.GroupResource{Group: group, Resource: s.resource.Resource}
}

// decode converts a custom resource into out.
func (s *Store) decode(cr *unstructured.Unstructured, out runtime.Object) error {
	if err := s.resource.FromCRD(cr, out); err != nil {
		return storage.NewCorruptObjError(s.prefix+cr.GetNamespace()+"/"+cr.GetName(), err)
	}
	return nil
}

// storageError translates the kube-apiserver's answers into storage errors, which the
// generic registry turns into the client's status with the v3 resource and name.
// Anything else (e.g. a CRD schema rejection) passes through with its own status.
func (s *Store) storageError(err error, key string) error {
	switch {
	case apierrors.IsNotFound(err):
		return storage.NewKeyNotFoundError(key, 0)
	case apierrors.IsAlreadyExists(err):
		return storage.NewKeyExistsError(key, 0)
	case apierrors.IsConflict(err):
		return storage.NewResourceVersionConflictsError(key, 0)
	}
	return err
}
