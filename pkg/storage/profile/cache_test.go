package profile

import (
	"context"
	"fmt"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/ptr"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

const testPrefix = "/projectcalico.org/profiles/"

func namespace(name, rv string, labels map[string]string) *corev1.Namespace {
	return &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, ResourceVersion: rv, Labels: labels}}
}

func serviceAccount(ns, name, rv string) *corev1.ServiceAccount {
	return &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, ResourceVersion: rv}}
}

// testCache is a Cache whose feeds the test drives, as the reflectors would: namespace
// "shop" listed at revision 10, service account shop/builder at 20. The upstream
// storage has no objects: nothing in these tests may reach it.
func testCache(t *testing.T, minEvents, maxEvents int) (*Cache, [halves]*feed) {
	t.Helper()
	upstream := NewStore(fake.NewSimpleClientset().CoreV1(), testPrefix)
	builtin := &v3.Profile{}
	if err := upstream.Get(context.Background(), testPrefix+DefaultAllowName, storage.GetOptions{}, builtin); err != nil {
		t.Fatal(err)
	}
	h := newHistory(time.Hour, minEvents, maxEvents, nil)
	c := newCache(upstream, testPrefix, builtin, h, 50*time.Millisecond)
	t.Cleanup(func() { close(c.stopped) })
	feeds := [halves]*feed{newFeed(h, namespaces), newFeed(h, serviceAccounts)}
	must(t, feeds[namespaces].Replace([]interface{}{namespace("shop", "10", nil)}, "10"))
	must(t, feeds[serviceAccounts].Replace([]interface{}{serviceAccount("shop", "builder", "20")}, "20"))
	return c, feeds
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func everything() storage.ListOptions {
	return storage.ListOptions{Recursive: true, Predicate: storage.Everything}
}

func watchFrom(t *testing.T, c *Cache, key string, opts storage.ListOptions) watch.Interface {
	t.Helper()
	w, err := c.Watch(context.Background(), key, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Stop)
	return w
}

func next(t *testing.T, w watch.Interface) watch.Event {
	t.Helper()
	select {
	case e, ok := <-w.ResultChan():
		if !ok {
			t.Fatal("watch ended")
		}
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
	}
	return watch.Event{}
}

// describe is "<type> <name>@<resourceVersion>".
func describe(e watch.Event) string {
	if e.Type == watch.Error {
		return fmt.Sprintf("ERROR %v", apierrors.FromObject(e.Object))
	}
	p := e.Object.(*v3.Profile)
	return fmt.Sprintf("%s %s@%s", e.Type, p.Name, p.ResourceVersion)
}

func expect(t *testing.T, w watch.Interface, want ...string) {
	t.Helper()
	for _, want := range want {
		if got := describe(next(t, w)); got != want {
			t.Fatalf("got %s, want %s", got, want)
		}
	}
}

func expectNothing(t *testing.T, w watch.Interface) {
	t.Helper()
	select {
	case e, ok := <-w.ResultChan():
		if ok {
			t.Fatalf("unexpected %s", describe(e))
		}
		t.Fatal("watch ended")
	case <-time.After(100 * time.Millisecond):
	}
}

func expectGone(t *testing.T, w watch.Interface) {
	t.Helper()
	e := next(t, w)
	if e.Type != watch.Error {
		t.Fatalf("got %s, want 410 Gone", describe(e))
	}
	if err := apierrors.FromObject(e.Object); !apierrors.IsResourceExpired(err) {
		t.Fatalf("got %v, want 410 Gone (reason Expired)", err)
	}
	if _, ok := <-w.ResultChan(); ok {
		t.Fatal("the watch goes on after its error")
	}
}

// A watch from "<n>/<s>" gets every event of either source after its half, each at the
// composite revision the watch has reached; events at or before a half are skipped.
func TestCacheWatchFromCompositeRevision(t *testing.T) {
	c, feeds := testCache(t, 100, 1000)
	must(t, feeds[namespaces].Update(namespace("shop", "11", map[string]string{"team": "web"})))
	must(t, feeds[serviceAccounts].Add(serviceAccount("shop", "deployer", "21")))
	must(t, feeds[namespaces].Update(namespace("shop", "12", map[string]string{"team": "db"})))

	expect(t, watchFrom(t, c, testPrefix, storage.ListOptions{ResourceVersion: "11/20", Recursive: true, Predicate: storage.Everything}),
		"ADDED ksa.shop.deployer@11/21", "MODIFIED kns.shop@12/21")
	w := watchFrom(t, c, testPrefix, storage.ListOptions{ResourceVersion: "10/21", Recursive: true, Predicate: storage.Everything})
	expect(t, w, "MODIFIED kns.shop@11/21", "MODIFIED kns.shop@12/21")
	expectNothing(t, w)

	// Later events reach open watches, and a revision not reached yet is waited for.
	future := watchFrom(t, c, testPrefix, storage.ListOptions{ResourceVersion: "13/21", Recursive: true, Predicate: storage.Everything})
	must(t, feeds[namespaces].Delete(namespace("shop", "13", nil)))
	must(t, feeds[namespaces].Add(namespace("bank", "14", nil)))
	expect(t, w, "DELETED kns.shop@13/21", "ADDED kns.bank@14/21")
	expect(t, future, "ADDED kns.bank@14/21")

	// The watch of one profile sees only it; its read's half is enough to resume from.
	one := watchFrom(t, c, testPrefix+"ksa.shop.deployer", storage.ListOptions{ResourceVersion: "/20", Predicate: storage.Everything})
	must(t, feeds[serviceAccounts].Delete(serviceAccount("shop", "deployer", "22")))
	expect(t, one, "ADDED ksa.shop.deployer@14/21", "DELETED ksa.shop.deployer@14/22")
}

// A half older than what the history holds, or a recursive watch without one of the
// halves, is 410 Gone: the client must list again.
func TestCacheWatchTooOld(t *testing.T) {
	c, feeds := testCache(t, 0, 2)
	for _, rv := range []string{"11", "12", "13"} {
		must(t, feeds[namespaces].Update(namespace("shop", rv, nil)))
	}
	// The history keeps the namespace events at 12 and 13: "11/20" still resumes
	// (it has seen 11), "10/20" does not.
	expect(t, watchFrom(t, c, testPrefix, storage.ListOptions{ResourceVersion: "11/20", Recursive: true, Predicate: storage.Everything}),
		"MODIFIED kns.shop@12/20", "MODIFIED kns.shop@13/20")
	expectGone(t, watchFrom(t, c, testPrefix, storage.ListOptions{ResourceVersion: "10/20", Recursive: true, Predicate: storage.Everything}))
	// The other half's history starts at its list.
	expectGone(t, watchFrom(t, c, testPrefix, storage.ListOptions{ResourceVersion: "13/19", Recursive: true, Predicate: storage.Everything}))
	expectGone(t, watchFrom(t, c, testPrefix, storage.ListOptions{ResourceVersion: "13/", Recursive: true, Predicate: storage.Everything}))
	if _, err := c.Watch(context.Background(), testPrefix, storage.ListOptions{ResourceVersion: "13", Recursive: true, Predicate: storage.Everything}); !apierrors.IsBadRequest(err) {
		t.Errorf("watch from a version that is not composite: %v, want 400", err)
	}

	// Listed again: open watches end, and their revisions are gone.
	open := watchFrom(t, c, testPrefix, storage.ListOptions{ResourceVersion: "13/20", Recursive: true, Predicate: storage.Everything})
	must(t, feeds[serviceAccounts].Replace(nil, "30"))
	select {
	case e, ok := <-open.ResultChan():
		if ok {
			t.Fatalf("after a relist the watch sent %s instead of ending", describe(e))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the watch did not end after a relist")
	}
	expectGone(t, watchFrom(t, c, testPrefix, storage.ListOptions{ResourceVersion: "13/20", Recursive: true, Predicate: storage.Everything}))
	expectNothing(t, watchFrom(t, c, testPrefix, storage.ListOptions{ResourceVersion: "13/30", Recursive: true, Predicate: storage.Everything}))
}

// Events older than the window go, but the history keeps its minimum.
func TestHistoryWindow(t *testing.T) {
	h := newHistory(time.Minute, 1, 100, nil)
	now := time.Unix(1000, 0)
	h.now = func() time.Time { return now }
	f := newFeed(h, namespaces)
	must(t, f.Replace(nil, "5"))
	must(t, newFeed(h, serviceAccounts).Replace(nil, "5"))
	must(t, f.Add(namespace("a", "6", nil)))
	now = now.Add(2 * time.Minute)
	must(t, f.Add(namespace("b", "7", nil)))
	if _, err := h.from(revision{5, 5}); !apierrors.IsResourceExpired(err) {
		t.Errorf("from 5/5 after the event at 6 left the window: %v, want 410", err)
	}
	if _, err := h.from(revision{6, 5}); err != nil {
		t.Errorf("from 6/5: %v", err)
	}
}

// Initial state: from "0" as ADDED events (the built-in profile first), then events;
// a WatchList ends its initial events with the bookmark client-go waits for; an idle
// watch that allows bookmarks gets the revision the feeds reached.
func TestCacheWatchInitialEventsAndBookmarks(t *testing.T) {
	c, feeds := testCache(t, 100, 1000)
	w := watchFrom(t, c, testPrefix, storage.ListOptions{ResourceVersion: "0", Recursive: true, Predicate: storage.Everything})
	expect(t, w, "ADDED projectcalico-default-allow@10/20", "ADDED kns.shop@10/20", "ADDED ksa.shop.builder@10/20")
	expectNothing(t, w)

	opts := everything()
	opts.ResourceVersion, opts.SendInitialEvents, opts.Predicate.AllowWatchBookmarks = "0", ptr.To(true), true
	list := watchFrom(t, c, testPrefix, opts)
	expect(t, list, "ADDED projectcalico-default-allow@10/20", "ADDED kns.shop@10/20", "ADDED ksa.shop.builder@10/20")
	end := next(t, list)
	if p, ok := end.Object.(*v3.Profile); end.Type != watch.Bookmark || !ok || p.ResourceVersion != "10/20" ||
		p.Annotations[metav1.InitialEventsAnnotationKey] != "true" {
		t.Fatalf("got %s %#v, want the initial-events-end bookmark at 10/20", end.Type, end.Object)
	}
	must(t, feeds[namespaces].Update(namespace("shop", "11", nil)))
	expect(t, w, "MODIFIED kns.shop@11/20")
	expect(t, list, "MODIFIED kns.shop@11/20")

	// sendInitialEvents=false: no initial state, the events from now on.
	noInitial := everything()
	noInitial.SendInitialEvents = ptr.To(false)
	fromNow := watchFrom(t, c, testPrefix, noInitial)
	must(t, feeds[namespaces].Add(namespace("bank", "12", nil)))
	expect(t, fromNow, "ADDED kns.bank@12/20")
	expect(t, list, "ADDED kns.bank@12/20")
	expect(t, w, "ADDED kns.bank@12/20")

	must(t, feeds[serviceAccounts].Bookmark("25"))
	if e := next(t, list); e.Type != watch.Bookmark || e.Object.(*v3.Profile).ResourceVersion != "12/25" {
		t.Fatalf("got %s, want a bookmark at 12/25", describe(e))
	}
	expectNothing(t, w) // it did not ask for bookmarks
}

// Selectors apply as in the kube-apiserver's watch cache: a change into the selection
// is ADDED, out of it DELETED; lists and gets from memory select the same way.
func TestCacheSelectors(t *testing.T) {
	c, feeds := testCache(t, 100, 1000)
	team := storage.SelectionPredicate{
		Label: labels.SelectorFromSet(labels.Set{"pcns.team": "web"}),
		Field: fields.Everything(),
		GetAttrs: func(obj runtime.Object) (labels.Set, fields.Set, error) {
			p := obj.(*v3.Profile)
			return p.Spec.LabelsToApply, fields.Set{"metadata.name": p.Name}, nil
		},
	}
	w := watchFrom(t, c, testPrefix, storage.ListOptions{ResourceVersion: "10/20", Recursive: true, Predicate: team})
	must(t, feeds[namespaces].Update(namespace("shop", "11", map[string]string{"team": "web"})))
	must(t, feeds[namespaces].Update(namespace("shop", "12", map[string]string{"team": "web", "tier": "1"})))
	must(t, feeds[namespaces].Update(namespace("shop", "13", map[string]string{"team": "db"})))
	must(t, feeds[namespaces].Add(namespace("bank", "14", nil)))
	expect(t, w, "ADDED kns.shop@11/20", "MODIFIED kns.shop@12/20", "DELETED kns.shop@13/20")
	expectNothing(t, w)

	list := &v3.ProfileList{}
	must(t, c.GetList(context.Background(), testPrefix, storage.ListOptions{ResourceVersion: "0", Recursive: true, Predicate: storage.Everything}, list))
	var names []string
	for _, p := range list.Items {
		names = append(names, p.Name+"@"+p.ResourceVersion)
	}
	if got, want := fmt.Sprint(names, " ", list.ResourceVersion), "[projectcalico-default-allow@1 kns.bank@14/ kns.shop@13/ ksa.shop.builder@/20] 14/20"; got != want {
		t.Errorf("list at 0 = %s, want %s", got, want)
	}
	// Not older than a revision the cache holds: memory; a newer one goes upstream,
	// which here holds nothing.
	list = &v3.ProfileList{}
	must(t, c.GetList(context.Background(), testPrefix, storage.ListOptions{ResourceVersion: "14/20", ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan, Recursive: true, Predicate: team}, list))
	if len(list.Items) != 0 || list.ResourceVersion != "14/20" {
		t.Errorf("selected list: %d items at %s", len(list.Items), list.ResourceVersion)
	}
	got := &v3.Profile{}
	must(t, c.Get(context.Background(), testPrefix+"ksa.shop.builder", storage.GetOptions{ResourceVersion: "0"}, got))
	if got.ResourceVersion != "/20" {
		t.Errorf("get from memory: %s", got.ResourceVersion)
	}
	if err := c.Get(context.Background(), testPrefix+"kns.gone", storage.GetOptions{ResourceVersion: "0"}, got); !storage.IsNotFound(err) {
		t.Errorf("get of a missing profile: %v", err)
	}
	if err := c.Get(context.Background(), testPrefix+"kns.shop", storage.GetOptions{ResourceVersion: "15/20"}, got); !storage.IsNotFound(err) {
		t.Errorf("get not older than a revision the cache lacks went to memory, not upstream: %v", err)
	}
}

// The cache is not ready, and reads go upstream, until both sources are listed once.
func TestCacheReadiness(t *testing.T) {
	upstream := NewStore(fake.NewSimpleClientset(namespace("upstream-only", "3", nil)).CoreV1(), testPrefix)
	h := newHistory(time.Hour, 100, 1000, nil)
	c := newCache(upstream, testPrefix, defaultAllow(metav1.Now()), h, time.Minute)
	t.Cleanup(func() { close(c.stopped) })
	must(t, newFeed(h, namespaces).Replace([]interface{}{namespace("cached", "10", nil)}, "10"))
	if c.ReadinessCheck() == nil {
		t.Error("ready with only namespaces listed")
	}
	got := &v3.Profile{}
	if err := c.Get(context.Background(), testPrefix+"kns.upstream-only", storage.GetOptions{ResourceVersion: "0"}, got); err != nil {
		t.Errorf("a read before the cache is ready is not served upstream: %v", err)
	}
	must(t, newFeed(h, serviceAccounts).Replace(nil, "20"))
	if err := c.ReadinessCheck(); err != nil {
		t.Errorf("not ready after both lists: %v", err)
	}
	if err := c.Get(context.Background(), testPrefix+"kns.cached", storage.GetOptions{ResourceVersion: "0"}, got); err != nil {
		t.Errorf("a read at 0 once ready is not served from memory: %v", err)
	}
}
