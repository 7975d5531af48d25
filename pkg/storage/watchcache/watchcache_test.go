package watchcache_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/component-base/metrics/legacyregistry"
	"k8s.io/component-base/metrics/testutil"
	"k8s.io/utils/ptr"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/watchcache"
)

const prefix = "/projectcalico.org/globalnetworksets"

// upstream is an in-memory stand-in for the CRD store: it counts the reads that reach
// it and lets the test push watch events.
type upstream struct {
	storage.Interface
	mu      sync.Mutex
	objects map[string]*v3.GlobalNetworkSet
	rv      uint64
	lists   int
	gets    int
	watches chan *watch.FakeWatcher
}

func newUpstream(rv uint64, names ...string) *upstream {
	u := &upstream{objects: map[string]*v3.GlobalNetworkSet{}, rv: rv, watches: make(chan *watch.FakeWatcher, 10)}
	for _, name := range names {
		u.objects[name] = set(name, rv)
	}
	return u
}

func set(name string, rv uint64) *v3.GlobalNetworkSet {
	return &v3.GlobalNetworkSet{ObjectMeta: metav1.ObjectMeta{Name: name, ResourceVersion: strconv.FormatUint(rv, 10)}}
}

func (u *upstream) Versioner() storage.Versioner                              { return storage.APIObjectVersioner{} }
func (u *upstream) ReadinessCheck() error                                     { return nil }
func (u *upstream) EnableResourceSizeEstimation(storage.KeysFunc) error       { return nil }
func (u *upstream) CompactRevision() int64                                    { return 0 }
func (u *upstream) RequestWatchProgress(context.Context) error                { return nil }
func (u *upstream) GetCurrentResourceVersion(context.Context) (uint64, error) { return u.rv, nil }

func (u *upstream) counts() (lists, gets int) {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.lists, u.gets
}

// write changes the upstream state as the kube-apiserver would, returning the event
// its watch delivers.
func (u *upstream) write(typ watch.EventType, name string) watch.Event {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.rv++
	obj := set(name, u.rv)
	if typ == watch.Deleted {
		delete(u.objects, name)
	} else {
		u.objects[name] = obj
	}
	return watch.Event{Type: typ, Object: obj}
}

func (u *upstream) GetList(_ context.Context, key string, opts storage.ListOptions, listObj runtime.Object) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.lists++
	list := listObj.(*v3.GlobalNetworkSetList)
	for _, obj := range u.objects {
		if ok, _ := opts.Predicate.Matches(obj); ok && (opts.Recursive || key == prefix+"/"+obj.Name) {
			list.Items = append(list.Items, *obj.DeepCopy())
		}
	}
	list.ResourceVersion = strconv.FormatUint(u.rv, 10)
	return nil
}

func (u *upstream) Get(_ context.Context, key string, _ storage.GetOptions, out runtime.Object) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.gets++
	for _, obj := range u.objects {
		if key == prefix+"/"+obj.Name {
			*out.(*v3.GlobalNetworkSet) = *obj.DeepCopy()
			return nil
		}
	}
	return storage.NewKeyNotFoundError(key, 0)
}

func (u *upstream) Watch(context.Context, string, storage.ListOptions) (watch.Interface, error) {
	w := watch.NewFakeWithChanSize(10, false)
	u.watches <- w
	return w, nil
}

func getAttrs(obj runtime.Object) (labels.Set, fields.Set, error) {
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return nil, nil, err
	}
	return labels.Set(accessor.GetLabels()), fields.Set{"metadata.name": accessor.GetName()}, nil
}

func newStore(t *testing.T, up *upstream) (*watchcache.Store, *watch.FakeWatcher) {
	t.Helper()
	return newStoreWith(t, up, false)
}

func newStoreWith(t *testing.T, up *upstream, consistentReadsFromCache bool) (*watchcache.Store, *watch.FakeWatcher) {
	t.Helper()
	scheme := runtime.NewScheme()
	if err := v3.AddToServerScheme(scheme); err != nil {
		t.Fatal(err)
	}
	store, destroy, err := watchcache.New(watchcache.Config{
		Upstream:       up,
		GroupResource:  schema.GroupResource{Group: "projectcalico.org", Resource: "globalnetworksets"},
		ResourcePrefix: prefix,
		KeyFunc: func(obj runtime.Object) (string, error) {
			return prefix + "/" + obj.(*v3.GlobalNetworkSet).Name, nil
		},
		NewFunc:      func() runtime.Object { return &v3.GlobalNetworkSet{} },
		NewListFunc:  func() runtime.Object { return &v3.GlobalNetworkSetList{} },
		GetAttrsFunc: getAttrs,
		Codec:        serializer.NewCodecFactory(scheme).LegacyCodec(v3.SchemeGroupVersion),

		ConsistentReadsFromCache: consistentReadsFromCache,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(destroy)
	var feed *watch.FakeWatcher
	select {
	case feed = <-up.watches:
	case <-time.After(10 * time.Second):
		t.Fatal("the cache opened no upstream watch")
	}
	waitFor(t, func() error { return store.ReadinessCheck() })
	return store, feed
}

func waitFor(t *testing.T, check func() error) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func list(t *testing.T, s storage.Interface, opts storage.ListOptions) *v3.GlobalNetworkSetList {
	t.Helper()
	opts.Recursive = true
	opts.Predicate = storage.Everything
	out := &v3.GlobalNetworkSetList{}
	if err := s.GetList(context.Background(), prefix, opts, out); err != nil {
		t.Fatalf("list %+v: %v", opts, err)
	}
	return out
}

// Consistent reads go upstream; revision reads come from the cache once it holds the
// revision, and from upstream (at once, not after the cacher's 3 s wait) before.
func TestReadRouting(t *testing.T) {
	up := newUpstream(5, "a")
	store, feed := newStore(t, up)
	lists, gets := up.counts()

	list(t, store, storage.ListOptions{})
	if got, _ := up.counts(); got != lists+1 {
		t.Errorf("consistent list: %d upstream lists, want %d", got, lists+1)
	}
	if err := store.Get(context.Background(), prefix+"/a", storage.GetOptions{}, &v3.GlobalNetworkSet{}); err != nil {
		t.Fatal(err)
	}
	if _, got := up.counts(); got != gets+1 {
		t.Errorf("consistent get: %d upstream gets, want %d", got, gets+1)
	}

	lists, gets = up.counts()
	if cached := list(t, store, storage.ListOptions{ResourceVersion: "0"}); len(cached.Items) != 1 || cached.ResourceVersion != "5" {
		t.Errorf("resourceVersion=0 list: %d items at %s", len(cached.Items), cached.ResourceVersion)
	}
	if err := store.Get(context.Background(), prefix+"/a", storage.GetOptions{ResourceVersion: "5"}, &v3.GlobalNetworkSet{}); err != nil {
		t.Fatal(err)
	}
	if l, g := up.counts(); l != lists || g != gets {
		t.Errorf("reads the cache holds reached upstream: %d lists, %d gets", l-lists, g-gets)
	}

	feed.Action(watch.Added, up.write(watch.Added, "b").Object) // revision 6
	waitFor(t, func() error {
		got := list(t, store, storage.ListOptions{ResourceVersion: "0"})
		if len(got.Items) != 2 {
			return fmt.Errorf("cache: %d items at %s", len(got.Items), got.ResourceVersion)
		}
		return nil
	})
	if err := testutil.GatherAndCompare(legacyregistry.DefaultGatherer, strings.NewReader(`
# HELP calico_apiserver_watch_cache_objects [ALPHA] Number of objects in the watch cache, by group and resource.
# TYPE calico_apiserver_watch_cache_objects gauge
calico_apiserver_watch_cache_objects{group="projectcalico.org",resource="globalnetworksets"} 2
`), "calico_apiserver_watch_cache_objects"); err != nil {
		t.Error(err)
	}
	lists, _ = up.counts()
	list(t, store, storage.ListOptions{ResourceVersion: "6", ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan})
	if l, _ := up.counts(); l != lists {
		t.Error("NotOlderThan a revision the cache holds went upstream")
	}
	up.write(watch.Added, "c") // revision 7, not yet delivered to the cache
	ahead := list(t, store, storage.ListOptions{ResourceVersion: "7", ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan})
	if l, _ := up.counts(); l != lists+1 || len(ahead.Items) != 3 {
		t.Errorf("NotOlderThan a revision the cache lacks: %d upstream lists, %d items", l-lists, len(ahead.Items))
	}
}

// A kind configured so (the views of Pods and Nodes) serves consistent reads from the
// cache's current state: nothing reaches upstream, and what the watch delivered is read.
func TestConsistentReadsFromCache(t *testing.T) {
	up := newUpstream(5, "a")
	store, feed := newStoreWith(t, up, true)
	lists, gets := up.counts()
	if got := list(t, store, storage.ListOptions{}); len(got.Items) != 1 || got.ResourceVersion != "5" {
		t.Errorf("consistent list: %d items at %s", len(got.Items), got.ResourceVersion)
	}
	if err := store.Get(context.Background(), prefix+"/a", storage.GetOptions{}, &v3.GlobalNetworkSet{}); err != nil {
		t.Fatal(err)
	}
	feed.Action(watch.Added, up.write(watch.Added, "b").Object) // revision 6
	waitFor(t, func() error {
		if got := list(t, store, storage.ListOptions{}); len(got.Items) != 2 || got.ResourceVersion != "6" {
			return fmt.Errorf("consistent list after an event: %d items at %s", len(got.Items), got.ResourceVersion)
		}
		return nil
	})
	if l, g := up.counts(); l != lists || g != gets {
		t.Errorf("consistent reads reached upstream: %d lists, %d gets", l-lists, g-gets)
	}
}

// A WatchList request gets the consistent state, the end bookmark, then the cache's
// events; a watch from a revision before the cache's window gets 410 Gone.
func TestWatchList(t *testing.T) {
	up := newUpstream(5, "a")
	store, feed := newStore(t, up)
	up.write(watch.Added, "b") // revision 6, the cache has not seen it yet
	lists, _ := up.counts()
	pred := storage.Everything
	pred.AllowWatchBookmarks = true
	w, err := store.Watch(context.Background(), prefix, storage.ListOptions{
		Recursive: true, Predicate: pred, SendInitialEvents: ptr.To(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	if l, _ := up.counts(); l != lists+1 {
		t.Errorf("a consistent WatchList made %d upstream lists, want 1", l-lists)
	}
	names := map[string]bool{}
	for range 2 {
		event := next(t, w)
		if event.Type != watch.Added {
			t.Fatalf("initial event %s", event.Type)
		}
		names[name(t, event.Object)] = true
	}
	if !names["a"] || !names["b"] {
		t.Errorf("initial events for %v, want a and b", names)
	}
	end := next(t, w)
	if accessor, _ := meta.Accessor(end.Object); end.Type != watch.Bookmark || accessor.GetResourceVersion() != "6" ||
		accessor.GetAnnotations()[metav1.InitialEventsAnnotationKey] != "true" {
		t.Fatalf("want the initial-events-end bookmark at 6, got %s %#v", end.Type, end.Object)
	}
	// The cache now receives b (already in the initial state) and then c.
	feed.Add(set("b", 6))
	feed.Action(watch.Added, up.write(watch.Added, "c").Object)
	for {
		event := next(t, w)
		if event.Type == watch.Bookmark {
			continue
		}
		if event.Type != watch.Added || name(t, event.Object) != "c" {
			t.Fatalf("after the initial state: %s %#v, want ADDED c (and b not again)", event.Type, event.Object)
		}
		break
	}

	old, err := store.Watch(context.Background(), prefix, storage.ListOptions{Recursive: true, Predicate: storage.Everything, ResourceVersion: "2"})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Stop()
	if event := next(t, old); event.Type != watch.Error || !apierrors.IsResourceExpired(apierrors.FromObject(event.Object)) && !apierrors.IsGone(apierrors.FromObject(event.Object)) {
		t.Errorf("watch from before the window: %s %#v, want 410", event.Type, event.Object)
	}
}

func name(t *testing.T, obj runtime.Object) string {
	t.Helper()
	accessor, err := meta.Accessor(obj)
	if err != nil {
		t.Fatal(err)
	}
	return accessor.GetName()
}

func next(t *testing.T, w watch.Interface) watch.Event {
	t.Helper()
	select {
	case event, ok := <-w.ResultChan():
		if !ok {
			t.Fatal("watch ended")
		}
		return event
	case <-time.After(10 * time.Second):
		t.Fatal("no event")
	}
	return watch.Event{}
}

// Once ready, the object count comes from the cache's feed (its list, then additions and
// deletions), not from a list of the whole kind upstream.
func TestStatsCountFromTheCache(t *testing.T) {
	up := newUpstream(5, "a", "b")
	store, feed := newStore(t, up)
	lists, _ := up.counts()
	count := func() int64 {
		stats, err := store.Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return stats.ObjectCount
	}
	if n := count(); n != 2 {
		t.Errorf("%d objects after the list of 2", n)
	}
	feed.Action(watch.Added, up.write(watch.Added, "c").Object)
	feed.Action(watch.Deleted, up.write(watch.Deleted, "a").Object)
	feed.Action(watch.Added, up.write(watch.Added, "d").Object)
	waitFor(t, func() error {
		if n := count(); n != 3 {
			return fmt.Errorf("%d objects after adding 2 and deleting 1 of 2", n)
		}
		return nil
	})
	if l, _ := up.counts(); l != lists {
		t.Errorf("counting listed upstream %d times", l-lists)
	}
}
