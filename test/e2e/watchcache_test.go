package e2e

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	clientfeatures "k8s.io/client-go/features"
	clientfeaturestesting "k8s.io/client-go/features/testing"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/utils/ptr"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/client/clientset/versioned"
	"github.com/calico-apiserver/calico-apiserver/pkg/client/informers/externalversions"
)

// calicoClient is the generated clientset, as the cluster admin, through the
// kube-apiserver's aggregator.
func calicoClient(t *testing.T) versioned.Interface {
	t.Helper()
	config, err := clientcmd.BuildConfigFromFlags("", cp.Kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	config.QPS, config.Burst = -1, 0 // no client-side limit: many watchers start at once
	client, err := versioned.NewForConfig(config)
	if err != nil {
		t.Fatal(err)
	}
	return client
}

func globalNetworkSet(name string, labels map[string]string, nets ...string) *v3.GlobalNetworkSet {
	return &v3.GlobalNetworkSet{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
		Spec:       v3.GlobalNetworkSetSpec{Nets: nets},
	}
}

// nextEvent waits for the next event of w.
func nextEvent(t *testing.T, w watch.Interface) watch.Event {
	t.Helper()
	select {
	case event, ok := <-w.ResultChan():
		if !ok {
			t.Fatal("watch ended")
		}
		return event
	case <-time.After(20 * time.Second):
		t.Fatal("no event within 20s")
	}
	return watch.Event{}
}

// expectEvent waits for an event of type typ for object name, skipping bookmarks.
func expectEvent(t *testing.T, w watch.Interface, typ watch.EventType, name string) watch.Event {
	t.Helper()
	for {
		event := nextEvent(t, w)
		if event.Type == watch.Bookmark {
			continue
		}
		if event.Type == watch.Error {
			t.Fatalf("error event: %v", apierrors.FromObject(event.Object))
		}
		obj, err := metaName(event.Object)
		if err != nil {
			t.Fatal(err)
		}
		if event.Type != typ || obj != name {
			t.Fatalf("got %s %s, want %s %s", event.Type, obj, typ, name)
		}
		return event
	}
}

func metaName(obj interface{}) (string, error) {
	if o, ok := obj.(metav1.Object); ok {
		return o.GetName(), nil
	}
	return "", fmt.Errorf("%T has no metadata", obj)
}

// The three watches the kube-apiserver serves for its CRDs and that answered 422 before
// the watch cache: resourceVersion unset, "0", and WatchList; then a specific
// resourceVersion, bookmarks, and 410 Gone for a revision older than the cache's window.
func TestWatchCacheWatchVariants(t *testing.T) {
	ctx := context.Background()
	client := calicoClient(t).ProjectcalicoV3().GlobalNetworkSets()
	existing, err := client.Create(ctx, globalNetworkSet("e2e-wc-variants", nil, "10.1.0.0/16"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Delete(context.Background(), existing.Name, metav1.DeleteOptions{}) })
	one := metav1.SingleObject(existing.ObjectMeta)

	for _, tc := range []struct {
		name string
		opts metav1.ListOptions
		// initial is true when the watch starts with the current state as ADDED.
		initial, endBookmark bool
		// fromCurrent watches from the object's current resourceVersion.
		fromCurrent bool
	}{
		{name: "resourceVersion unset", opts: metav1.ListOptions{}, initial: true},
		{name: "resourceVersion 0", opts: metav1.ListOptions{ResourceVersion: "0"}, initial: true},
		{name: "WatchList", opts: metav1.ListOptions{
			SendInitialEvents: ptr.To(true), ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan,
			AllowWatchBookmarks: true,
		}, initial: true, endBookmark: true},
		{name: "WatchList from resourceVersion 0", opts: metav1.ListOptions{
			SendInitialEvents: ptr.To(true), ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan,
			ResourceVersion: "0", AllowWatchBookmarks: true,
		}, initial: true, endBookmark: true},
		{name: "specific resourceVersion", fromCurrent: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			opts.FieldSelector = one.FieldSelector
			if tc.fromCurrent {
				current, err := client.Get(ctx, existing.Name, metav1.GetOptions{})
				if err != nil {
					t.Fatal(err)
				}
				opts.ResourceVersion = current.ResourceVersion
			}
			w, err := client.Watch(ctx, opts)
			if err != nil {
				t.Fatalf("watch: %v", err)
			}
			defer w.Stop()
			if tc.initial {
				expectEvent(t, w, watch.Added, existing.Name)
			}
			if tc.endBookmark {
				event := nextEvent(t, w)
				obj, _ := event.Object.(metav1.Object)
				if event.Type != watch.Bookmark || obj == nil || obj.GetAnnotations()[metav1.InitialEventsAnnotationKey] != "true" {
					t.Fatalf("want the initial-events-end bookmark, got %s %#v", event.Type, event.Object)
				}
			}
			current, err := client.Get(ctx, existing.Name, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			current.Spec.Nets = append(current.Spec.Nets, fmt.Sprintf("10.%d.0.0/16", 2+len(current.Spec.Nets)))
			updated, err := client.Update(ctx, current, metav1.UpdateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			event := expectEvent(t, w, watch.Modified, existing.Name)
			if got := event.Object.(*v3.GlobalNetworkSet).ResourceVersion; got != updated.ResourceVersion {
				t.Errorf("event at %s, update wrote %s", got, updated.ResourceVersion)
			}
		})
	}

	// As the issue reproduced it, with the real kubectl through the aggregator.
	for _, query := range []string{
		"watch=1",
		"watch=1&resourceVersion=0",
		"watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true",
	} {
		out := kubectl(t, "get", "--raw", "/apis/projectcalico.org/v3/tiers?timeoutSeconds=2&"+query)
		if !strings.Contains(out, `"type":"ADDED"`) || !strings.Contains(out, `"name":"default"`) {
			t.Errorf("tiers?%s: %s", query, out)
		}
		if strings.Contains(query, "allowWatchBookmarks") && !strings.Contains(out, `"k8s.io/initial-events-end":"true"`) {
			t.Errorf("tiers?%s lacks the initial-events-end bookmark: %s", query, out)
		}
	}

	t.Run("too old resourceVersion is 410 Gone", func(t *testing.T) {
		w, err := client.Watch(ctx, metav1.ListOptions{ResourceVersion: "1"})
		if err != nil {
			t.Fatalf("watch: %v", err)
		}
		defer w.Stop()
		event := nextEvent(t, w)
		if event.Type != watch.Error {
			t.Fatalf("want an ERROR event, got %s", event.Type)
		}
		if status := apierrors.FromObject(event.Object); !apierrors.IsResourceExpired(status) && !apierrors.IsGone(status) {
			t.Fatalf("want 410 Gone, got %v", status)
		}
	})
}

// Label selectors and the spec.tier field selector on watches, served by the cache.
func TestWatchCacheSelectors(t *testing.T) {
	ctx := context.Background()
	calico := calicoClient(t).ProjectcalicoV3()
	sets := calico.GlobalNetworkSets()
	w, err := sets.Watch(ctx, metav1.ListOptions{LabelSelector: "e2e-wc=blue", ResourceVersion: "0"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	for _, set := range []*v3.GlobalNetworkSet{
		globalNetworkSet("e2e-wc-red", map[string]string{"e2e-wc": "red"}, "10.3.0.0/16"),
		globalNetworkSet("e2e-wc-blue", map[string]string{"e2e-wc": "blue"}, "10.4.0.0/16"),
	} {
		if _, err := sets.Create(ctx, set, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = sets.Delete(context.Background(), set.Name, metav1.DeleteOptions{}) })
	}
	// The red set was created first: had it matched, it would come first.
	expectEvent(t, w, watch.Added, "e2e-wc-blue")

	tiers, policies := calico.Tiers(), calico.GlobalNetworkPolicies()
	if _, err := tiers.Create(ctx, &v3.Tier{ObjectMeta: metav1.ObjectMeta{Name: "e2e-wc"}, Spec: v3.TierSpec{Order: ptr.To(300.0)}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tiers.Delete(context.Background(), "e2e-wc", metav1.DeleteOptions{}) })
	tw, err := policies.Watch(ctx, metav1.ListOptions{FieldSelector: "spec.tier=e2e-wc"})
	if err != nil {
		t.Fatal(err)
	}
	defer tw.Stop()
	for _, p := range []*v3.GlobalNetworkPolicy{
		{ObjectMeta: metav1.ObjectMeta{Name: "e2e-wc-default"}, Spec: v3.GlobalNetworkPolicySpec{Selector: "all()"}},
		{ObjectMeta: metav1.ObjectMeta{Name: "e2e-wc-tiered"}, Spec: v3.GlobalNetworkPolicySpec{Tier: "e2e-wc", Selector: "all()"}},
	} {
		if _, err := policies.Create(ctx, p, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = policies.Delete(context.Background(), p.Name, metav1.DeleteOptions{}) })
	}
	expectEvent(t, tw, watch.Added, "e2e-wc-tiered")
}

// A real client-go informer on the generated clientset, with and without client-go's
// WatchListClient feature: it syncs, then follows creates, updates and deletes. With
// WatchListClient the server really serves the watch-list stream (its
// apiserver_watch_list_duration_seconds counts it) instead of the reflector falling
// back to LIST.
func TestWatchCacheInformer(t *testing.T) {
	for _, watchList := range []bool{false, true} {
		t.Run(fmt.Sprintf("WatchListClient=%v", watchList), func(t *testing.T) {
			clientfeaturestesting.SetFeatureDuringTest(t, clientfeatures.WatchListClient, watchList)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			client := calicoClient(t)
			sets := client.ProjectcalicoV3().GlobalNetworkSets()
			name := fmt.Sprintf("e2e-wc-informer-%v", watchList)
			if _, err := sets.Create(ctx, globalNetworkSet(name+"-a", nil, "10.5.0.0/16"), metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = sets.Delete(context.Background(), name+"-a", metav1.DeleteOptions{}) })
			watchListsBefore := scrape(t, cp.CalicoServerURL, "apiserver_watch_list_duration_seconds_count", `resource="globalnetworksets"`)

			factory := externalversions.NewSharedInformerFactory(client, 0)
			informer := factory.Projectcalico().V3().GlobalNetworkSets().Informer()
			factory.Start(ctx.Done())
			if !cache.WaitForCacheSync(ctx.Done(), informer.HasSynced) {
				t.Fatal("informer did not sync")
			}
			lister := factory.Projectcalico().V3().GlobalNetworkSets().Lister()
			if _, err := lister.Get(name + "-a"); err != nil {
				t.Fatalf("synced informer lacks %s-a: %v", name, err)
			}
			watchListsAfter := scrape(t, cp.CalicoServerURL, "apiserver_watch_list_duration_seconds_count", `resource="globalnetworksets"`)
			if served := watchListsAfter > watchListsBefore; served != watchList {
				t.Errorf("watch-list streams served: %v -> %v, want served=%v", watchListsBefore, watchListsAfter, watchList)
			}

			if _, err := sets.Create(ctx, globalNetworkSet(name+"-b", nil, "10.6.0.0/16"), metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = sets.Delete(context.Background(), name+"-b", metav1.DeleteOptions{}) })
			eventually(t, 20*time.Second, func() error {
				_, err := lister.Get(name + "-b")
				return err
			})
			a, err := sets.Get(ctx, name+"-a", metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			a.Spec.Nets = []string{"10.7.0.0/16"}
			if _, err := sets.Update(ctx, a, metav1.UpdateOptions{}); err != nil {
				t.Fatal(err)
			}
			if err := sets.Delete(ctx, name+"-b", metav1.DeleteOptions{}); err != nil {
				t.Fatal(err)
			}
			eventually(t, 20*time.Second, func() error {
				got, err := lister.Get(name + "-a")
				if err != nil {
					return err
				}
				if len(got.Spec.Nets) != 1 || got.Spec.Nets[0] != "10.7.0.0/16" {
					return fmt.Errorf("informer has %v", got.Spec.Nets)
				}
				if _, err := lister.Get(name + "-b"); !apierrors.IsNotFound(err) {
					return fmt.Errorf("deleted %s-b still in the informer (%v)", name, err)
				}
				return nil
			})
		})
	}
}

// N watchers of a kind through this server share ONE upstream watch: the
// kube-apiserver's count of open WATCH requests on the custom resource does not move
// while this server serves N more, and every watcher sees a change.
func TestWatchCacheSharesUpstreamWatch(t *testing.T) {
	const watchers = 25
	ctx := context.Background()
	sets := calicoClient(t).ProjectcalicoV3().GlobalNetworkSets()
	upstreamWatches := func() float64 {
		return scrape(t, cp.KubeAPIServerURL, "apiserver_longrunning_requests",
			`group="crd.projectcalico.org"`, `resource="globalnetworksets"`, `verb="WATCH"`)
	}
	servedWatches := func() float64 {
		return scrape(t, cp.CalicoServerURL, "apiserver_longrunning_requests",
			`group="projectcalico.org"`, `resource="globalnetworksets"`, `verb="WATCH"`)
	}
	// Before: the watch cache's one watch, plus the kube-controller-manager's own
	// metadata informers on the custom resource (garbage collector, quota).
	upstreamBefore, servedBefore := upstreamWatches(), servedWatches()
	t.Logf("open watches of globalnetworksets before: %v upstream, %v served by this server", upstreamBefore, servedBefore)

	list, err := sets.List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var streams []watch.Interface
	for range watchers {
		w, err := sets.Watch(ctx, metav1.ListOptions{ResourceVersion: list.ResourceVersion})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Stop()
		streams = append(streams, w)
	}
	eventually(t, 20*time.Second, func() error {
		if served := servedWatches(); served < servedBefore+watchers {
			return fmt.Errorf("this server serves %v watches, want at least %v", served, servedBefore+watchers)
		}
		return nil
	})
	// One more is tolerated: another client's informer may be re-opening its watch.
	if upstream := upstreamWatches(); upstream > upstreamBefore+1 {
		t.Errorf("open upstream watches went from %v to %v with %d more watchers", upstreamBefore, upstream, watchers)
	}

	if _, err := sets.Create(ctx, globalNetworkSet("e2e-wc-shared", nil, "10.8.0.0/16"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sets.Delete(context.Background(), "e2e-wc-shared", metav1.DeleteOptions{}) })
	var wg sync.WaitGroup
	for _, w := range streams {
		wg.Go(func() { expectEvent(t, w, watch.Added, "e2e-wc-shared") })
	}
	wg.Wait()

	// What the bench reads: the cache's size and the cacher's own series.
	kind := []string{`group="projectcalico.org"`, `resource="globalnetworksets"`}
	if objects := scrape(t, cp.CalicoServerURL, "calico_apiserver_watch_cache_objects", kind...); objects < 1 {
		t.Errorf("calico_apiserver_watch_cache_objects = %v, want at least the new set", objects)
	}
	if received := scrape(t, cp.CalicoServerURL, "apiserver_watch_cache_events_received_total", kind...); received < 1 {
		t.Errorf("apiserver_watch_cache_events_received_total = %v", received)
	}
}

// List semantics around the cache: a consistent list sees a write made straight to the
// custom resources just before; a list of one object by name carries the revision of
// the read, not the object's; resourceVersion=0 and NotOlderThan lists are answered
// and never older than asked; Exact and paged lists work.
func TestWatchCacheListSemantics(t *testing.T) {
	ctx := context.Background()
	sets := calicoClient(t).ProjectcalicoV3().GlobalNetworkSets()
	first, err := sets.Create(ctx, globalNetworkSet("e2e-wc-list-a", nil, "10.9.0.0/16"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sets.Delete(context.Background(), first.Name, metav1.DeleteOptions{}) })
	second, err := sets.Create(ctx, globalNetworkSet("e2e-wc-list-b", nil, "10.10.0.0/16"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sets.Delete(context.Background(), second.Name, metav1.DeleteOptions{}) })

	one, err := sets.List(ctx, metav1.ListOptions{FieldSelector: "metadata.name=" + first.Name})
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Items) != 1 || revision(t, one.ResourceVersion) < revision(t, second.ResourceVersion) {
		t.Errorf("list of %s: %d items at revision %s, want 1 item at %s or later (the read's, not the object's %s)",
			first.Name, len(one.Items), one.ResourceVersion, second.ResourceVersion, first.ResourceVersion)
	}

	// Written straight to the custom resources: a consistent read must see it at once.
	if out, err := kubectlIn(t, "apiVersion: crd.projectcalico.org/v1\nkind: GlobalNetworkSet\nmetadata: {name: e2e-wc-list-direct}\nspec: {nets: [10.11.0.0/16]}\n", "create", "-f", "-"); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "globalnetworksets.crd.projectcalico.org", "e2e-wc-list-direct", "--ignore-not-found")
	})
	consistent, err := sets.List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !hasItem(consistent, "e2e-wc-list-direct") {
		t.Error("a consistent list does not see a custom resource created just before")
	}
	if _, err := sets.Get(ctx, "e2e-wc-list-direct", metav1.GetOptions{}); err != nil {
		t.Errorf("a consistent get does not see a custom resource created just before: %v", err)
	}

	notOlder, err := sets.List(ctx, metav1.ListOptions{ResourceVersion: consistent.ResourceVersion, ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan})
	if err != nil {
		t.Fatal(err)
	}
	if revision(t, notOlder.ResourceVersion) < revision(t, consistent.ResourceVersion) || !hasItem(notOlder, "e2e-wc-list-direct") {
		t.Errorf("NotOlderThan %s answered at %s", consistent.ResourceVersion, notOlder.ResourceVersion)
	}
	eventually(t, 20*time.Second, func() error {
		cached, err := sets.List(ctx, metav1.ListOptions{ResourceVersion: "0"})
		if err != nil {
			return err
		}
		if !hasItem(cached, "e2e-wc-list-direct") {
			return fmt.Errorf("resourceVersion=0 list at %s lacks the new set", cached.ResourceVersion)
		}
		return nil
	})
	exact, err := sets.List(ctx, metav1.ListOptions{ResourceVersion: second.ResourceVersion, ResourceVersionMatch: metav1.ResourceVersionMatchExact})
	if err != nil {
		t.Fatal(err)
	}
	if exact.ResourceVersion != second.ResourceVersion || !hasItem(exact, second.Name) || hasItem(exact, "e2e-wc-list-direct") {
		t.Errorf("Exact list at %s answered at %s with %d items", second.ResourceVersion, exact.ResourceVersion, len(exact.Items))
	}

	// Pages, consistent and from the cache, add up to the whole list.
	for _, rv := range []string{"", consistent.ResourceVersion} {
		var names []string
		opts := metav1.ListOptions{Limit: 1, ResourceVersion: rv}
		for {
			page, err := sets.List(ctx, opts)
			if err != nil {
				t.Fatalf("page (resourceVersion %q): %v", rv, err)
			}
			for _, item := range page.Items {
				names = append(names, item.Name)
			}
			if page.Continue == "" {
				break
			}
			opts = metav1.ListOptions{Limit: 1, Continue: page.Continue}
		}
		for _, want := range []string{first.Name, second.Name, "e2e-wc-list-direct"} {
			if !strings.Contains(strings.Join(names, ","), want) {
				t.Errorf("pages from resourceVersion %q: %v lack %s", rv, names, want)
			}
		}
	}
}

func hasItem(list *v3.GlobalNetworkSetList, name string) bool {
	for _, item := range list.Items {
		if item.Name == name {
			return true
		}
	}
	return false
}

func revision(t *testing.T, rv string) uint64 {
	t.Helper()
	n, err := strconv.ParseUint(rv, 10, 64)
	if err != nil {
		t.Fatalf("resourceVersion %q: %v", rv, err)
	}
	return n
}

// scrape reads /metrics of the server at base (as the cluster admin) and sums the
// samples of metric whose labels include every one of labels.
func scrape(t *testing.T, base, metric string, labels ...string) float64 {
	t.Helper()
	resp, err := cp.AdminHTTPClient().Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s/metrics: %s", base, resp.Status)
	}
	var sum float64
	lines := bufio.NewScanner(resp.Body)
	lines.Buffer(make([]byte, 1<<20), 1<<20)
	for lines.Scan() {
		line := lines.Text()
		if !strings.HasPrefix(line, metric+"{") {
			continue
		}
		matches := true
		for _, label := range labels {
			matches = matches && strings.Contains(line, label)
		}
		if !matches {
			continue
		}
		value, err := strconv.ParseFloat(line[strings.LastIndex(line, " ")+1:], 64)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		sum += value
	}
	if err := lines.Err(); err != nil {
		t.Fatal(err)
	}
	return sum
}

// Profiles answer every watch form too: a WatchList of profiles sends the profiles
// of the existing namespaces and then the end of the initial events.
func TestProfileWatchList(t *testing.T) {
	profiles := calicoClient(t).ProjectcalicoV3().Profiles()
	for _, opts := range []metav1.ListOptions{
		{SendInitialEvents: ptr.To(true), ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan, AllowWatchBookmarks: true},
		{}, // resourceVersion unset: the server asks for the initial events itself
	} {
		w, err := profiles.Watch(context.Background(), opts)
		if err != nil {
			t.Fatalf("watch %+v: %v", opts, err)
		}
		seen := map[string]bool{}
		for !seen["kns.default"] || (opts.AllowWatchBookmarks && !seen["end"]) {
			event := nextEvent(t, w)
			switch event.Type {
			case watch.Error:
				t.Fatalf("watch %+v: %v", opts, apierrors.FromObject(event.Object))
			case watch.Bookmark:
				if event.Object.(metav1.Object).GetAnnotations()[metav1.InitialEventsAnnotationKey] == "true" {
					seen["end"] = true
				}
			default:
				seen[event.Object.(metav1.Object).GetName()] = true
			}
		}
		w.Stop()
	}
}
