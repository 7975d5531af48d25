package e2e

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	clientfeatures "k8s.io/client-go/features"
	clientfeaturestesting "k8s.io/client-go/features/testing"
	"k8s.io/client-go/tools/cache"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/client/informers/externalversions"
)

// profileSourceWatches is how many watches of Namespaces and ServiceAccounts this server
// has opened upstream since it started.
func profileSourceWatches(t *testing.T) float64 {
	t.Helper()
	return scrape(t, cp.CalicoServerURL, "calico_apiserver_upstream_requests_total", `verb="watch"`, `resource="namespaces"`) +
		scrape(t, cp.CalicoServerURL, "calico_apiserver_upstream_requests_total", `verb="watch"`, `resource="serviceaccounts"`)
}

// expectProfileEvent waits for an event of type typ for the profile name, skipping
// bookmarks and other profiles' events (other tests create and delete namespaces), and
// returns the profile it carried.
func expectProfileEvent(t *testing.T, w watch.Interface, typ watch.EventType, name string) *v3.Profile {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case event, ok := <-w.ResultChan():
			if !ok {
				t.Errorf("watch ended before %s %s", typ, name)
				return nil
			}
			if event.Type == watch.Error {
				t.Errorf("error event: %v", apierrors.FromObject(event.Object))
				return nil
			}
			if p, ok := event.Object.(*v3.Profile); ok && event.Type == typ && p.Name == name {
				return p
			}
		case <-deadline:
			t.Errorf("no %s %s within 30s", typ, name)
			return nil
		}
	}
}

// 100 Profile watchers share the server's one watch of Namespaces and one of
// ServiceAccounts: opening them opens no upstream watch (before the cache, each opened
// one of each), and a Namespace label change and a new ServiceAccount reach every one
// of them. The cache reports its size in calico_apiserver_watch_cache_objects.
func TestProfileCacheSharesUpstreamWatches(t *testing.T) {
	const watchers = 100
	ctx := context.Background()
	profiles := calicoClient(t).ProjectcalicoV3().Profiles()
	kube := kubeClient(t)
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "e2e-profile-cache"}}
	if _, err := kube.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = kube.CoreV1().Namespaces().Delete(context.Background(), ns.Name, metav1.DeleteOptions{}) })

	served := func() float64 {
		return scrape(t, cp.CalicoServerURL, "apiserver_longrunning_requests",
			`group="projectcalico.org"`, `resource="profiles"`, `verb="WATCH"`)
	}
	servedBefore, upstreamBefore := served(), profileSourceWatches(t)
	list, err := profiles.List(ctx, metav1.ListOptions{ResourceVersion: "0"})
	if err != nil {
		t.Fatal(err)
	}
	streams := make([]watch.Interface, watchers)
	for i := range streams {
		if streams[i], err = profiles.Watch(ctx, metav1.ListOptions{ResourceVersion: list.ResourceVersion}); err != nil {
			t.Fatal(err)
		}
		defer streams[i].Stop()
	}
	eventually(t, 20*time.Second, func() error {
		if n := served(); n < servedBefore+watchers {
			return fmt.Errorf("this server serves %v profile watches, want at least %v", n, servedBefore+watchers)
		}
		return nil
	})
	// Tolerated: the cache's own reflectors re-opening a watch that timed out meanwhile.
	if upstream := profileSourceWatches(t); upstream > upstreamBefore+2 {
		t.Errorf("upstream watches of namespaces and serviceaccounts went from %v to %v with %d profile watchers (want no more)",
			upstreamBefore, upstream, watchers)
	}

	patch := []byte(`{"metadata":{"labels":{"team":"web"}}}`)
	if _, err := kube.CoreV1().Namespaces().Patch(ctx, ns.Name, types.MergePatchType, patch, metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "builder", Namespace: ns.Name}}
	if _, err := kube.CoreV1().ServiceAccounts(ns.Name).Create(ctx, sa, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, w := range streams {
		wg.Go(func() {
			p := expectProfileEvent(t, w, watch.Modified, "kns."+ns.Name)
			if p != nil && p.Spec.LabelsToApply["pcns.team"] != "web" {
				t.Errorf("kns.%s after the label change: labelsToApply %v", ns.Name, p.Spec.LabelsToApply)
			}
			if p != nil && !strings.Contains(p.ResourceVersion, "/") {
				t.Errorf("event at %q, want a composite <namespace RV>/<serviceaccount RV>", p.ResourceVersion)
			}
			expectProfileEvent(t, w, watch.Added, "ksa."+ns.Name+".builder")
		})
	}
	wg.Wait()

	if objects := scrape(t, cp.CalicoServerURL, "calico_apiserver_watch_cache_objects", `resource="profiles"`); objects < 3 {
		t.Errorf(`calico_apiserver_watch_cache_objects{resource="profiles"} = %v, want at least the built-in profile, kns.default and kns.%s`, objects, ns.Name)
	}
}

// Reads and watches at a revision: a watch from a composite revision older than the
// cache's history is 410 Gone; a list at 0 and a list not older than its revision are
// answered from memory with the profiles of the current namespaces; a get at 0 finds a
// namespace's profile; kubectl reads profiles.
func TestProfileCacheRevisions(t *testing.T) {
	ctx := context.Background()
	profiles := calicoClient(t).ProjectcalicoV3().Profiles()
	w, err := profiles.Watch(ctx, metav1.ListOptions{ResourceVersion: "1/1"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	event := nextEvent(t, w)
	if event.Type != watch.Error {
		t.Fatalf("watch from 1/1: want an ERROR event, got %s", event.Type)
	}
	if status := apierrors.FromObject(event.Object); !apierrors.IsResourceExpired(status) {
		t.Fatalf("watch from 1/1: want 410 Gone (reason Expired), got %v", status)
	}

	cached, err := profiles.List(ctx, metav1.ListOptions{ResourceVersion: "0"})
	if err != nil {
		t.Fatal(err)
	}
	notOlder, err := profiles.List(ctx, metav1.ListOptions{ResourceVersion: cached.ResourceVersion, ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan})
	if err != nil {
		t.Fatal(err)
	}
	for _, list := range []*v3.ProfileList{cached, notOlder} {
		names := map[string]bool{}
		for _, p := range list.Items {
			names[p.Name] = true
		}
		if !names["projectcalico-default-allow"] || !names["kns.default"] || !names["ksa.default.default"] {
			t.Errorf("list at %s lacks the built-in profile, kns.default or ksa.default.default (%d items)", list.ResourceVersion, len(list.Items))
		}
	}
	if got, err := profiles.Get(ctx, "kns.default", metav1.GetOptions{ResourceVersion: "0"}); err != nil || got.Spec.LabelsToApply["pcns.projectcalico.org/name"] != "default" {
		t.Errorf("get kns.default at 0: %v %v", got, err)
	}
	out := kubectl(t, "get", "profiles.projectcalico.org")
	if !strings.Contains(out, "kns.default") || !strings.Contains(out, "projectcalico-default-allow") {
		t.Errorf("kubectl get profiles:\n%s", out)
	}

	// What kubectl get profile <name> --watch does: a consistent list of one profile,
	// whose version carries only its namespace's revision, then a watch of that name from
	// it. It sees its namespace's change and nothing of other profiles.
	kube := kubeClient(t)
	const ns = "e2e-profile-cache-one"
	if _, err := kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = kube.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{}) })
	byName := metav1.ListOptions{FieldSelector: "metadata.name=kns." + ns}
	one, err := profiles.List(ctx, byName)
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Items) != 1 || !strings.HasSuffix(one.ResourceVersion, "/") {
		t.Fatalf("consistent list of kns.%s: %d items at %q, want 1 at \"<namespace RV>/\"", ns, len(one.Items), one.ResourceVersion)
	}
	byName.ResourceVersion = one.ResourceVersion
	named, err := profiles.Watch(ctx, byName)
	if err != nil {
		t.Fatal(err)
	}
	defer named.Stop()
	if _, err := kube.CoreV1().ServiceAccounts(ns).Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "other"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := kube.CoreV1().Namespaces().Patch(ctx, ns, types.MergePatchType, []byte(`{"metadata":{"labels":{"team":"one"}}}`), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	for {
		event := nextEvent(t, named)
		if event.Type == watch.Bookmark {
			continue
		}
		p, ok := event.Object.(*v3.Profile)
		if !ok || p.Name != "kns."+ns {
			t.Fatalf("watch of kns.%s got %s %#v", ns, event.Type, event.Object)
		}
		if event.Type == watch.Modified && p.Spec.LabelsToApply["pcns.team"] == "one" {
			break
		}
	}
}

// A client-go informer on Profiles, with and without WatchListClient, syncs and follows
// a new namespace, its label change, a new service account and its deletion.
func TestProfileCacheInformer(t *testing.T) {
	for _, watchList := range []bool{false, true} {
		t.Run(fmt.Sprintf("WatchListClient=%v", watchList), func(t *testing.T) {
			clientfeaturestesting.SetFeatureDuringTest(t, clientfeatures.WatchListClient, watchList)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			client, kube := calicoClient(t), kubeClient(t)
			watchListsBefore := scrape(t, cp.CalicoServerURL, "apiserver_watch_list_duration_seconds_count", `resource="profiles"`)
			factory := externalversions.NewSharedInformerFactory(client, 0)
			informer := factory.Projectcalico().V3().Profiles().Informer()
			factory.Start(ctx.Done())
			if !cache.WaitForCacheSync(ctx.Done(), informer.HasSynced) {
				t.Fatal("informer did not sync")
			}
			lister := factory.Projectcalico().V3().Profiles().Lister()
			if _, err := lister.Get("kns.default"); err != nil {
				t.Fatalf("synced informer lacks kns.default: %v", err)
			}
			watchListsAfter := scrape(t, cp.CalicoServerURL, "apiserver_watch_list_duration_seconds_count", `resource="profiles"`)
			if served := watchListsAfter > watchListsBefore; served != watchList {
				t.Errorf("watch-list streams served: %v -> %v, want served=%v", watchListsBefore, watchListsAfter, watchList)
			}

			name := fmt.Sprintf("e2e-profile-informer-%v", watchList)
			if _, err := kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = kube.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{}) })
			patch := []byte(`{"metadata":{"labels":{"team":"db"}}}`)
			if _, err := kube.CoreV1().Namespaces().Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{}); err != nil {
				t.Fatal(err)
			}
			sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "runner", Namespace: name}}
			if _, err := kube.CoreV1().ServiceAccounts(name).Create(ctx, sa, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			eventually(t, 20*time.Second, func() error {
				p, err := lister.Get("kns." + name)
				if err != nil {
					return err
				}
				if p.Spec.LabelsToApply["pcns.team"] != "db" {
					return fmt.Errorf("kns.%s labelsToApply %v", name, p.Spec.LabelsToApply)
				}
				_, err = lister.Get("ksa." + name + ".runner")
				return err
			})
			if err := kube.CoreV1().ServiceAccounts(name).Delete(ctx, sa.Name, metav1.DeleteOptions{}); err != nil {
				t.Fatal(err)
			}
			eventually(t, 20*time.Second, func() error {
				if _, err := lister.Get("ksa." + name + ".runner"); !apierrors.IsNotFound(err) {
					return fmt.Errorf("deleted service account's profile still in the informer (%v)", err)
				}
				return nil
			})
		})
	}
}
