package reliability

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/tools/cache"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	calicoclient "github.com/calico-apiserver/calico-apiserver/pkg/client/clientset/versioned"
)

// directClient is the admin's clientset for calico-apiserver itself, not through the
// kube-apiserver (which the test stops).
func directClient(t testing.TB) *calicoclient.Clientset {
	t.Helper()
	config := restConfig(t)
	config.Host = cp.CalicoServerURL
	c, err := calicoclient.NewForConfig(config)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// readyz is the status of the server's /readyz.
func readyz(t testing.TB) int {
	t.Helper()
	resp, err := send(probeClient(), http.MethodGet, cp.CalicoServerURL+"/readyz", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	return resp.status
}

// TestKubeAPIServerRestarts stops and starts the kube-apiserver 10 times while a
// writer writes and an informer watches straight through calico-apiserver: /readyz
// fails while the kube-apiserver is gone and passes again after; every write
// acknowledged is kept; the informer's watch resumes (or ends in 410 and it lists
// again) and it ends with exactly what is stored; the server's goroutines and memory
// do not grow with the restarts.
func TestKubeAPIServerRestarts(t *testing.T) {
	const group, objectsWritten = "upstream", 10
	restarts := 10
	if n, err := strconv.Atoi(os.Getenv("RELIABILITY_RESTARTS")); err == nil && n >= 2 {
		restarts = n // shorter runs while working on the test
	}
	client := directClient(t).ProjectcalicoV3().GlobalNetworkSets()
	ctx := context.Background()
	for i := 0; i < objectsWritten; i++ {
		if resp := direct(t, http.MethodPost, gnsPath, "application/json", gns(fmt.Sprintf("%s-%d", group, i), group, "initial", "")); resp.status != http.StatusCreated {
			t.Fatal(resp)
		}
	}
	defer deleteGroup(t, group)

	// An informer straight on the server, counting the full lists it is served.
	var lists, watches atomic.Int64
	lw := &cache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error) {
			opts.LabelSelector = "reliability=" + group
			list, err := client.List(ctx, opts)
			if err == nil {
				lists.Add(1)
			}
			return list, err
		},
		WatchFuncWithContext: func(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
			opts.LabelSelector = "reliability=" + group
			w, err := client.Watch(ctx, opts)
			if err == nil {
				if opts.SendInitialEvents != nil && *opts.SendInitialEvents {
					lists.Add(1)
				} else {
					watches.Add(1)
				}
			}
			return w, err
		},
	}
	informer := cache.NewSharedIndexInformer(lw, &v3.GlobalNetworkSet{}, 0, cache.Indexers{})
	informerCtx, stopInformer := context.WithCancel(ctx)
	defer stopInformer()
	go informer.RunWithContext(informerCtx)
	if !cache.WaitForCacheSync(informerCtx.Done(), informer.HasSynced) {
		t.Fatal("informer did not sync")
	}

	// One writer, straight to the server, all along.
	var (
		mu       sync.Mutex
		last     = map[string]string{}
		statuses = map[int]int{}
		stop     atomic.Bool
		wg       sync.WaitGroup
	)
	admin := cp.AdminHTTPClient()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for n := 0; !stop.Load(); n++ {
			name := fmt.Sprintf("%s-%d", group, n%objectsWritten)
			value := fmt.Sprintf("v%d", n)
			resp, err := send(admin, http.MethodPut, cp.CalicoServerURL+gnsPath+"/"+name, "application/json", gns(name, group, value, ""))
			mu.Lock()
			statuses[resp.status]++ // 0: no answer
			if err == nil && resp.status == http.StatusOK {
				last[name] = value
			} else {
				delete(last, name) // unacknowledged: it may or may not have landed
			}
			mu.Unlock()
			time.Sleep(20 * time.Millisecond)
		}
	}()

	var goroutines, rss []float64
	var notReady, readyAgain []time.Duration
	for round := 0; round < restarts; round++ {
		time.Sleep(500 * time.Millisecond)
		stopped := time.Now()
		// Mostly crashes (SIGKILL); two graceful stops, which take the kube-apiserver
		// about ten seconds.
		end := cp.KillKubeAPIServer
		if round%5 == 0 {
			end = cp.StopKubeAPIServer
		}
		if err := end(); err != nil {
			t.Fatal(err)
		}
		eventually(t, 30*time.Second, func() error {
			if status := readyz(t); status == http.StatusOK {
				return fmt.Errorf("/readyz is 200 while the kube-apiserver is down")
			}
			return nil
		})
		notReady = append(notReady, time.Since(stopped))
		if err := cp.StartKubeAPIServer(ctx); err != nil {
			t.Fatal(err)
		}
		readyAgain = append(readyAgain, eventually(t, 60*time.Second, func() error {
			if status := readyz(t); status != http.StatusOK {
				return fmt.Errorf("/readyz is %d after the kube-apiserver is back", status)
			}
			return nil
		}))
		g, r := settled(t)
		goroutines, rss = append(goroutines, g), append(rss, r)
		if dump := os.Getenv("RELIABILITY_GOROUTINE_DUMPS"); dump != "" {
			resp := direct(t, http.MethodGet, "/debug/pprof/goroutine?debug=1", "", nil)
			_ = os.WriteFile(fmt.Sprintf("%s-%d.txt", dump, round), resp.body, 0o644)
		}
	}
	stop.Store(true)
	wg.Wait()

	// Every acknowledged last write is stored, and the informer holds what is stored.
	for name, value := range last {
		got, err := client.Get(ctx, name, metav1.GetOptions{})
		if err != nil || got.Labels["value"] != value {
			t.Errorf("%s: last acknowledged write %q, stored %v (%v)", name, value, got.Labels, err)
		}
	}
	// client-go's reflector backs off up to 30 s between failed attempts, so after
	// ten restarts it may wait that long before it lists again.
	caughtUp := eventually(t, 75*time.Second, func() error {
		stored, err := client.List(ctx, metav1.ListOptions{LabelSelector: "reliability=" + group})
		if err != nil {
			return err
		}
		if n := len(informer.GetStore().List()); n != len(stored.Items) {
			return fmt.Errorf("informer holds %d objects, %d stored", n, len(stored.Items))
		}
		for i := range stored.Items {
			s := &stored.Items[i]
			obj, ok, _ := informer.GetStore().GetByKey(s.Name)
			if !ok {
				return fmt.Errorf("informer lacks %s", s.Name)
			}
			if have := obj.(*v3.GlobalNetworkSet); have.Labels["value"] != s.Labels["value"] || have.ResourceVersion != s.ResourceVersion {
				return fmt.Errorf("informer out of date on %s: has %s at %s, stored %s at %s", s.Name,
					have.Labels["value"], have.ResourceVersion, s.Labels["value"], s.ResourceVersion)
			}
		}
		return nil
	})
	// No leak: the count depends on how many of the watch cache's 21 reflectors are
	// watching and how many are between attempts at the moment of the sample (goroutine
	// dumps differ by up to ~3 goroutines per kind, 60 in all), so the least of the
	// last three samples must not exceed the most of the second to fourth by more than
	// 100: a leak of two goroutines per kind and restart adds over 250 in 10 restarts.
	early, late := slices.Max(goroutines[1:min(4, restarts-1)]), slices.Min(goroutines[max(restarts-3, 2):])
	if late > early+100 {
		t.Errorf("goroutines grew from %.0f to %.0f over the restarts: %v", early, late, goroutines)
	}
	// Requests the kube-apiserver's absence fails are 503s with Retry-After, which
	// clients retry; a 500 would say the server failed.
	if statuses[http.StatusInternalServerError] > 0 {
		t.Errorf("the writer got %d answers 500 while the kube-apiserver restarted: %v", statuses[http.StatusInternalServerError], statuses)
	}
	earlyRSS, lateRSS := slices.Max(rss[1:min(4, restarts-1)]), slices.Min(rss[max(restarts-3, 2):])
	if lateRSS > 1.25*earlyRSS {
		t.Errorf("RSS grew from %.0f MiB to %.0f MiB over the restarts: %v", earlyRSS/(1<<20), lateRSS/(1<<20), mib(rss))
	}
	report(t, "kube-apiserver restarts: %d; /readyz failed %v after each stop; passed again %v after each start; "+
		"goroutines %v; RSS MiB %v; writer statuses %v; informer: %d full lists, %d watches, caught up %s after",
		restarts, roundAll(notReady), roundAll(readyAgain), goroutines, mib(rss), statuses, lists.Load(), watches.Load(), caughtUp.Round(10*time.Millisecond))
}

// settled samples the server's goroutines and RSS five times over a second and
// returns the least of each: right after a restart, connections and watches being
// re-established come and go.
func settled(t testing.TB) (goroutines, rss float64) {
	t.Helper()
	for i := 0; i < 5; i++ {
		g, r := metric(t, cp.CalicoServerURL, "go_goroutines"), metric(t, cp.CalicoServerURL, "process_resident_memory_bytes")
		if i == 0 || g < goroutines {
			goroutines = g
		}
		if i == 0 || r < rss {
			rss = r
		}
		time.Sleep(200 * time.Millisecond)
	}
	return goroutines, rss
}

func roundAll(ds []time.Duration) []time.Duration {
	out := make([]time.Duration, len(ds))
	for i, d := range ds {
		out[i] = d.Round(10 * time.Millisecond)
	}
	return out
}

func mib(bytes []float64) []int {
	out := make([]int, len(bytes))
	for i, b := range bytes {
		out[i] = int(b / (1 << 20))
	}
	return out
}
