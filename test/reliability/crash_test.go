package reliability

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/tools/cache"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/crd"
)

// expectation is what a load worker knows of one object: its last acknowledged state,
// unless a write to it was not acknowledged (certain is then false: it may or may not
// have happened).
type expectation struct {
	exists  bool
	value   string
	certain bool
}

// countingInformer is a client-go informer on a label's GlobalNetworkSets, through
// the kube-apiserver, that counts its full lists (a list, or a watch that starts with
// every object) and its watches that were served, and the attempts that failed.
type countingInformer struct {
	informer                cache.SharedIndexInformer
	lists, watches, refused atomic.Int64
}

// count counts one served call in counter, or a refused one.
func (c *countingInformer) count(counter *atomic.Int64, err error) {
	if err != nil {
		c.refused.Add(1)
	} else {
		counter.Add(1)
	}
}

func newCountingInformer(t *testing.T, label string) *countingInformer {
	t.Helper()
	client := calicoClient(t).ProjectcalicoV3().GlobalNetworkSets()
	c := &countingInformer{}
	lw := &cache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error) {
			opts.LabelSelector = label
			list, err := client.List(ctx, opts)
			c.count(&c.lists, err)
			return list, err
		},
		WatchFuncWithContext: func(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
			opts.LabelSelector = label
			w, err := client.Watch(ctx, opts)
			if opts.SendInitialEvents != nil && *opts.SendInitialEvents {
				c.count(&c.lists, err)
			} else {
				c.count(&c.watches, err)
			}
			return w, err
		},
	}
	c.informer = cache.NewSharedIndexInformer(lw, &v3.GlobalNetworkSet{}, 0, cache.Indexers{})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go c.informer.RunWithContext(ctx)
	if !cache.WaitForCacheSync(ctx.Done(), c.informer.HasSynced) {
		t.Fatal("informer did not sync")
	}
	return c
}

// values is what the informer holds: each object's value label.
func (c *countingInformer) values() map[string]string {
	out := map[string]string{}
	for _, obj := range c.informer.GetStore().List() {
		s := obj.(*v3.GlobalNetworkSet)
		out[s.Name] = s.Labels["value"]
	}
	return out
}

// TestServerCrash kills calico-apiserver with SIGKILL in the middle of a create,
// update and delete load, and starts it again: every acknowledged write is there,
// every stored custom resource is whole (its metadata annotation present and
// readable, served as a v3 object), and a client-go informer catches up with at most
// one full list.
func TestServerCrash(t *testing.T) {
	const group, workers = "crash", 8
	label := "reliability=" + group
	informer := newCountingInformer(t, label)
	listsBefore := informer.lists.Load()
	defer deleteGroup(t, group)
	probe := gnsPath + "/" + group + "-probe"
	if resp := viaKube(t, http.MethodPost, gnsPath, "application/json", gns(group+"-probe", group, "probe", "")); resp.status != http.StatusCreated {
		t.Fatal(resp)
	}
	client := cp.AdminHTTPClient()
	load := func(method, path string, body []byte) response {
		resp, err := send(client, method, cp.KubeAPIServerURL+path, "application/json", body)
		if err != nil {
			return response{body: []byte(err.Error())} // unacknowledged
		}
		return resp
	}

	var (
		mu       sync.Mutex
		expected = map[string]*expectation{}
		failed   atomic.Int64
		stop     atomic.Bool
		wg       sync.WaitGroup
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 300 && !stop.Load(); n++ {
				name := fmt.Sprintf("%s-%d-%d", group, w, n/3)
				path := gnsPath + "/" + name
				value := fmt.Sprintf("v%d", n)
				var resp response
				var want expectation
				switch n % 3 {
				case 0:
					resp = load(http.MethodPost, gnsPath, gns(name, group, value, ""))
					want = expectation{exists: true, value: value, certain: resp.status == http.StatusCreated}
				case 1:
					resp = load(http.MethodPut, path, gns(name, group, value, ""))
					want = expectation{exists: true, value: value, certain: resp.status == http.StatusOK}
				case 2:
					if (n/3)%2 == 1 {
						continue // every other object stays
					}
					resp = load(http.MethodDelete, path, nil)
					want = expectation{exists: false, certain: resp.status == http.StatusOK}
				}
				mu.Lock()
				if previous := expected[name]; previous != nil && !previous.certain {
					want.certain = false // what it was before is unknown, so is what it is now
				}
				if !want.certain {
					failed.Add(1)
				}
				expected[name] = &want
				mu.Unlock()
				if !want.certain {
					time.Sleep(50 * time.Millisecond) // the server is down: do not spin
				}
			}
		}()
	}

	time.Sleep(2 * time.Second)
	killed := time.Now()
	if err := cp.KillServer(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	if err := cp.StartServer(context.Background()); err != nil {
		t.Fatal(err)
	}
	ready := time.Since(killed)
	// Through the aggregator: the first write that lands after the kill.
	serving := eventually(t, 30*time.Second, func() error {
		resp := load(http.MethodPut, probe, gns(group+"-probe", group, "after", ""))
		if resp.status != http.StatusOK {
			return fmt.Errorf("write after the restart: %s", resp)
		}
		return nil
	}) + time.Since(killed) - ready
	time.Sleep(2 * time.Second)
	stop.Store(true)
	wg.Wait()

	// Every acknowledged write is there, through the server.
	certain := 0
	for name, want := range expected {
		if !want.certain {
			continue
		}
		certain++
		resp := viaKube(t, http.MethodGet, gnsPath+"/"+name, "", nil)
		switch {
		case !want.exists && resp.status != http.StatusNotFound:
			t.Errorf("%s: deleted (acknowledged), but: %s", name, abbreviate(resp))
		case want.exists && resp.status != http.StatusOK:
			t.Errorf("%s: written (acknowledged), but: %s", name, abbreviate(resp))
		case want.exists && decodeMeta(t, resp.body).Metadata.Labels["value"] != want.value:
			t.Errorf("%s: acknowledged value %q, stored %q", name, want.value, decodeMeta(t, resp.body).Metadata.Labels["value"])
		}
	}
	// Nothing half-written: every custom resource has its metadata annotation, which
	// holds what the v3 object shows.
	// Only labels with projectcalico.org/ in their key are kept on the custom
	// resource, so the test's own objects are found by name.
	stored := viaKube(t, http.MethodGet, crdPath+"/globalnetworksets", "", nil)
	var crs struct {
		Items []struct {
			Metadata struct {
				Name        string            `json:"name"`
				Annotations map[string]string `json:"annotations"`
			} `json:"metadata"`
		} `json:"items"`
	}
	if err := json.Unmarshal(stored.body, &crs); err != nil {
		t.Fatal(err)
	}
	checkedCRs := 0
	for _, cr := range crs.Items {
		if !strings.HasPrefix(cr.Metadata.Name, group+"-") {
			continue
		}
		checkedCRs++
		annotation, ok := cr.Metadata.Annotations[crd.MetadataAnnotation]
		var v3meta struct {
			Labels map[string]string `json:"labels"`
		}
		if !ok || json.Unmarshal([]byte(annotation), &v3meta) != nil {
			t.Errorf("%s: stored without a readable %s annotation: %q", cr.Metadata.Name, crd.MetadataAnnotation, annotation)
			continue
		}
		resp := viaKube(t, http.MethodGet, gnsPath+"/"+cr.Metadata.Name, "", nil)
		if resp.status != http.StatusOK || decodeMeta(t, resp.body).Metadata.Labels["value"] != v3meta.Labels["value"] {
			t.Errorf("%s: stored with value %q, served as %s", cr.Metadata.Name, v3meta.Labels["value"], abbreviate(resp))
		}
	}
	// The informer catches up with what is stored, with at most one full list.
	v3list := viaKube(t, http.MethodGet, gnsPath+"?labelSelector=reliability%3D"+group, "", nil)
	var current struct{ Items []meta }
	if err := json.Unmarshal(v3list.body, &current); err != nil {
		t.Fatal(err)
	}
	caughtUp := eventually(t, 30*time.Second, func() error {
		have := informer.values()
		if len(have) != len(current.Items) {
			return fmt.Errorf("informer holds %d objects, %d stored", len(have), len(current.Items))
		}
		for _, item := range current.Items {
			if have[item.Metadata.Name] != item.Metadata.Labels["value"] {
				return fmt.Errorf("informer: %s = %q, stored %q", item.Metadata.Name, have[item.Metadata.Name], item.Metadata.Labels["value"])
			}
		}
		return nil
	})
	relists := informer.lists.Load() - listsBefore
	if relists > 1 {
		t.Errorf("the informer listed everything %d times after the restart, want at most 1", relists)
	}
	if informer.refused.Load() == 0 {
		t.Error("the informer never noticed the server was gone: did the kill happen?")
	}
	if checkedCRs == 0 {
		t.Error("no custom resource of the test found")
	}
	report(t, "crash: %d workers, %d objects, %d acknowledged final states checked, %d custom resources whole, %d writes unacknowledged around the kill; "+
		"ready %s after SIGKILL (1 s down), first write through the aggregator %s after; informer: %d full lists served, %d watches served, %d attempts refused while down, caught up %s after the load",
		workers, len(expected), certain, checkedCRs, failed.Load(), ready.Round(10*time.Millisecond), serving.Round(10*time.Millisecond),
		relists, informer.watches.Load(), informer.refused.Load(), caughtUp.Round(10*time.Millisecond))
}
