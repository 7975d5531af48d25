// Package view is the read-only storage.Interface of a kind that Calico derives from
// one built-in Kubernetes resource, object by object: WorkloadEndpoints from Pods,
// Nodes from Nodes. Each view object carries its source object's resourceVersion, so
// the kind has the source's single revision order and can sit behind the watch cache
// (pkg/storage/watchcache) like a stored kind: one upstream list and watch of the source
// feeds every read and watch.
package view

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/klog/v2"
)

// Source is the Kubernetes resource a view is derived from, and how.
type Source[S runtime.Object] struct {
	// Resource names the source in messages ("pods").
	Resource string
	// List and Watch reach the source's collection in a namespace ("" for all, and for
	// cluster-scoped sources); Get one source object.
	List  func(ctx context.Context, namespace string, opts metav1.ListOptions) ([]S, metav1.ListMeta, error)
	Watch func(ctx context.Context, namespace string, opts metav1.ListOptions) (watch.Interface, error)
	Get   func(ctx context.Context, namespace, name string) (S, error)
	// Convert is the view object of a source object: nil when Calico shows none (a
	// host-networked pod), an error when Calico cannot convert it either.
	Convert func(S) (runtime.Object, error)
	// SourceName is the name of the one source object that can have the view object
	// called name; false when no source object can.
	SourceName func(name string) (string, bool)
}

// errReadOnly answers every write: the registry never sends one (views are read-only
// there), so reaching it is a programming error.
var errReadOnly = errors.New("this kind is a read-only view of Kubernetes objects")

// Store is the read-only storage.Interface of one view.
type Store[S runtime.Object] struct {
	source     Source[S]
	prefix     string
	namespaced bool
	newFunc    func() runtime.Object
}

var _ storage.Interface = &Store[runtime.Object]{}

// NewStore returns the view's storage; keyPrefix is the registry's key prefix and
// newFunc makes an empty view object (for bookmarks).
func NewStore[S runtime.Object](source Source[S], keyPrefix string, namespaced bool, newFunc func() runtime.Object) *Store[S] {
	return &Store[S]{source: source, prefix: strings.TrimSuffix(keyPrefix, "/") + "/", namespaced: namespaced, newFunc: newFunc}
}

// Versioner implements storage.Interface: resourceVersions are the source's.
func (s *Store[S]) Versioner() storage.Versioner { return storage.APIObjectVersioner{} }

// object splits an object's key into its namespace and name.
func (s *Store[S]) object(key string) (namespace, name string, err error) {
	rest, ok := strings.CutPrefix(key, s.prefix)
	parts := strings.Split(rest, "/")
	switch {
	case !ok:
	case s.namespaced && len(parts) == 2 && parts[0] != "" && parts[1] != "":
		return parts[0], parts[1], nil
	case !s.namespaced && len(parts) == 1 && parts[0] != "":
		return "", parts[0], nil
	}
	return "", "", fmt.Errorf("key %q does not address an object of this kind", key)
}

// collection is the namespace a collection key addresses ("" for all).
func (s *Store[S]) collection(key string) string {
	rest, _ := strings.CutPrefix(strings.TrimSuffix(key, "/")+"/", s.prefix)
	return strings.TrimSuffix(rest, "/")
}

// Get implements storage.Interface.
func (s *Store[S]) Get(ctx context.Context, key string, opts storage.GetOptions, out runtime.Object) error {
	namespace, name, err := s.object(key)
	if err != nil {
		return err
	}
	obj, err := s.get(ctx, namespace, name)
	if err != nil {
		return err
	}
	if obj == nil {
		if opts.IgnoreNotFound {
			return runtime.SetZeroValue(out)
		}
		return storage.NewKeyNotFoundError(key, 0)
	}
	return copyInto(obj, out)
}

// get is the view object namespace/name, nil when there is none.
func (s *Store[S]) get(ctx context.Context, namespace, name string) (runtime.Object, error) {
	sourceName, ok := s.source.SourceName(name)
	if !ok {
		return nil, nil
	}
	src, err := s.source.Get(ctx, namespace, sourceName)
	if apierrors.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	obj, err := s.source.Convert(src)
	if err != nil {
		klog.V(2).InfoS("No view object for a source object Calico cannot convert", "source", s.source.Resource, "namespace", namespace, "name", sourceName, "err", err)
		return nil, nil
	}
	if obj == nil {
		return nil, nil
	}
	// The source object may have another view name (a pod on another node).
	if accessor, err := meta.Accessor(obj); err != nil || accessor.GetName() != name {
		return nil, nil
	}
	return obj, nil
}

// copyInto sets *out to *obj; both are pointers to the view's type.
func copyInto(obj, out runtime.Object) error {
	dst, src := reflect.ValueOf(out), reflect.ValueOf(obj)
	if dst.Kind() != reflect.Pointer || dst.Type() != src.Type() {
		return fmt.Errorf("cannot read a %T into a %T", obj, out)
	}
	dst.Elem().Set(src.Elem())
	return nil
}

// GetList implements storage.Interface: the source listed with the request's revision,
// limit and continue token (a page of view objects may be shorter than the limit:
// sources without a view object, and those the predicate rejects, are left out).
func (s *Store[S]) GetList(ctx context.Context, key string, opts storage.ListOptions, listObj runtime.Object) error {
	var items []runtime.Object
	var listMeta metav1.ListMeta
	if !opts.Recursive {
		namespace, name, err := s.object(key)
		if err != nil {
			return err
		}
		obj, err := s.get(ctx, namespace, name)
		if err != nil {
			return err
		}
		if obj != nil {
			if ok, err := opts.Predicate.Matches(obj); err == nil && ok {
				items = append(items, obj)
			}
			accessor, _ := meta.Accessor(obj)
			listMeta.ResourceVersion = accessor.GetResourceVersion()
		}
	} else {
		sources, m, err := s.source.List(ctx, s.collection(key), metav1.ListOptions{
			ResourceVersion: opts.ResourceVersion, ResourceVersionMatch: opts.ResourceVersionMatch,
			Limit: opts.Predicate.Limit, Continue: opts.Predicate.Continue,
		})
		if err != nil {
			return err
		}
		listMeta = m
		for _, src := range sources {
			obj, err := s.source.Convert(src)
			if err != nil {
				klog.V(2).InfoS("No view object for a source object Calico cannot convert", "source", s.source.Resource, "err", err)
				continue
			}
			if obj == nil {
				continue
			}
			if ok, err := opts.Predicate.Matches(obj); err == nil && ok {
				items = append(items, obj)
			}
		}
		// The source's count says nothing about the view's.
		listMeta.RemainingItemCount = nil
	}
	if err := meta.SetList(listObj, items); err != nil {
		return err
	}
	accessor, err := meta.ListAccessor(listObj)
	if err != nil {
		return err
	}
	accessor.SetResourceVersion(listMeta.ResourceVersion)
	accessor.SetContinue(listMeta.Continue)
	return nil
}

// Watch implements storage.Interface: the source's events as view events. A source
// object without a view object sends nothing (or, when the watcher takes bookmarks, a
// bookmark at its revision, so that the watcher's revision keeps up); a deleted source
// deletes its view object. Calico's views never lose an object while the source
// lives (see workloadendpoint.IsEndpoint), so no deletion is owed on an update.
func (s *Store[S]) Watch(ctx context.Context, key string, opts storage.ListOptions) (watch.Interface, error) {
	upstream := metav1.ListOptions{
		ResourceVersion: opts.ResourceVersion, AllowWatchBookmarks: opts.Predicate.AllowWatchBookmarks,
		SendInitialEvents: opts.SendInitialEvents,
	}
	if opts.SendInitialEvents != nil {
		// The kube-apiserver accepts sendInitialEvents only with this match, the one
		// the registry validated (storage.ListOptions does not carry it).
		upstream.ResourceVersionMatch = metav1.ResourceVersionMatchNotOlderThan
	}
	namespace := s.collection(key)
	if !opts.Recursive {
		ns, name, err := s.object(key)
		if err != nil {
			return nil, err
		}
		sourceName, ok := s.source.SourceName(name)
		if !ok {
			// No source object can have this name: an open watch that never sends.
			sourceName = ""
		}
		namespace = ns
		upstream.FieldSelector = fields.OneTermEqualSelector("metadata.name", sourceName).String()
	}
	w, err := s.source.Watch(ctx, namespace, upstream)
	if err != nil {
		return nil, err
	}
	return watch.Filter(w, func(event watch.Event) (watch.Event, bool) {
		return s.convert(event, opts)
	}), nil
}

// convert turns one source event into a view event; false drops it.
func (s *Store[S]) convert(event watch.Event, opts storage.ListOptions) (watch.Event, bool) {
	switch event.Type {
	case watch.Error:
		return event, true
	case watch.Bookmark:
		return s.bookmark(event.Object)
	}
	src, ok := event.Object.(S)
	if !ok {
		return event, false
	}
	obj, err := s.source.Convert(src)
	if err != nil {
		klog.V(2).InfoS("No view object for a source object Calico cannot convert", "source", s.source.Resource, "err", err)
		obj = nil
	}
	if obj == nil {
		if opts.Predicate.AllowWatchBookmarks {
			return s.bookmark(event.Object)
		}
		return event, false
	}
	// The watch cache watches everything; a selective watcher here would see nothing
	// when an object stops matching (no caller watches a view selectively upstream).
	if ok, err := opts.Predicate.Matches(obj); err != nil || !ok {
		if opts.Predicate.AllowWatchBookmarks {
			return s.bookmark(event.Object)
		}
		return event, false
	}
	return watch.Event{Type: event.Type, Object: obj}, true
}

// bookmark is a view bookmark at the source object's revision, with its annotations
// (the end of initial events is one).
func (s *Store[S]) bookmark(source runtime.Object) (watch.Event, bool) {
	accessor, err := meta.Accessor(source)
	if err != nil {
		return watch.Event{}, false
	}
	obj := s.newFunc()
	out, err := meta.Accessor(obj)
	if err != nil {
		return watch.Event{}, false
	}
	out.SetResourceVersion(accessor.GetResourceVersion())
	if initialEventsEnd := accessor.GetAnnotations()[metav1.InitialEventsAnnotationKey]; initialEventsEnd != "" {
		out.SetAnnotations(map[string]string{metav1.InitialEventsAnnotationKey: initialEventsEnd})
	}
	return watch.Event{Type: watch.Bookmark, Object: obj}, true
}

// Create implements storage.Interface; views cannot be written.
func (s *Store[S]) Create(context.Context, string, runtime.Object, runtime.Object, uint64) error {
	return errReadOnly
}

// Delete implements storage.Interface; views cannot be written.
func (s *Store[S]) Delete(context.Context, string, runtime.Object, *storage.Preconditions, storage.ValidateObjectFunc,
	runtime.Object, storage.DeleteOptions) error {
	return errReadOnly
}

// GuaranteedUpdate implements storage.Interface; views cannot be written.
func (s *Store[S]) GuaranteedUpdate(context.Context, string, runtime.Object, bool, *storage.Preconditions,
	storage.UpdateFunc, runtime.Object) error {
	return errReadOnly
}

// Stats implements storage.Interface: the number of source objects (an upper bound of
// the view's), from a list of one object, so that the count costs no full list.
func (s *Store[S]) Stats(ctx context.Context) (storage.Stats, error) {
	items, m, err := s.source.List(ctx, "", metav1.ListOptions{Limit: 1})
	if err != nil {
		return storage.Stats{}, err
	}
	count := int64(len(items))
	if m.RemainingItemCount != nil {
		count += *m.RemainingItemCount
	}
	return storage.Stats{ObjectCount: count}, nil
}

// ReadinessCheck implements storage.Interface.
func (s *Store[S]) ReadinessCheck() error { return nil }

// GetCurrentResourceVersion implements storage.Interface: the revision of a list of
// one source object.
func (s *Store[S]) GetCurrentResourceVersion(ctx context.Context) (uint64, error) {
	_, m, err := s.source.List(ctx, "", metav1.ListOptions{Limit: 1})
	if err != nil {
		return 0, err
	}
	return s.Versioner().ParseResourceVersion(m.ResourceVersion)
}

// errNoProgressRequests: the kube-apiserver's REST watch has no on-demand progress
// notification; the watch cache never needs one for a view (docs/storage.md).
var errNoProgressRequests = errors.New("progress requests are not offered by the kube-apiserver's watch API")

// RequestWatchProgress implements storage.Interface; see errNoProgressRequests.
func (s *Store[S]) RequestWatchProgress(context.Context) error { return errNoProgressRequests }

// EnableResourceSizeEstimation implements storage.Interface; nothing to estimate.
func (s *Store[S]) EnableResourceSizeEstimation(storage.KeysFunc) error { return nil }

// CompactRevision implements storage.Interface: unknown.
func (s *Store[S]) CompactRevision() int64 { return 0 }
