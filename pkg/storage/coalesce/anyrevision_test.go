package coalesce

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/apis/example"
	"k8s.io/apiserver/pkg/storage"
)

// cacheLists stands for the watch cache: each list is answered with the call's number
// as resourceVersion, after release lets it go.
type cacheLists struct {
	calls   atomic.Int64
	release chan struct{}
}

func (c *cacheLists) list(_ context.Context, _ string, _ storage.ListOptions, listObj runtime.Object) error {
	n := c.calls.Add(1)
	<-c.release
	list := listObj.(*example.PodList)
	list.ResourceVersion = strconv.FormatInt(n, 10)
	list.Items = make([]example.Pod, 3)
	return nil
}

var anyRevisionOpts = storage.ListOptions{ResourceVersion: "0", Recursive: true, Predicate: storage.Everything}

func TestAnyRevisionListsShareTheCachesAnswerWhileItsRevisionHolds(t *testing.T) {
	cache := &cacheLists{release: make(chan struct{})}
	var revision atomic.Uint64
	revision.Store(10)
	a := NewAnyRevision(cache.list, revision.Load, newList)
	get := func(opts storage.ListOptions) *example.PodList {
		out := &example.PodList{}
		if err := a.GetList(context.Background(), "/pods", opts, out); err != nil {
			t.Fatal(err)
		}
		return out
	}

	// A burst: one list of the cache, the same items for all.
	const burst = 30
	results := make(chan *example.PodList, burst)
	var wg sync.WaitGroup
	for i := 0; i < burst; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); results <- get(anyRevisionOpts) }()
	}
	for cache.calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // let the burst queue on the one list
	close(cache.release)
	wg.Wait()
	close(results)
	var first *example.PodList
	for got := range results {
		if first == nil {
			first = got
		} else if &got.Items[0] != &first.Items[0] {
			t.Error("a request of the burst got a list of its own")
		}
	}
	if n := cache.calls.Load(); n != 1 {
		t.Errorf("%d lists of the cache for a burst of %d", n, burst)
	}

	// Other selectors are other lists.
	selected := anyRevisionOpts
	selected.Predicate.Label = labels.SelectorFromSet(labels.Set{"a": "b"})
	get(selected)
	if n := cache.calls.Load(); n != 2 {
		t.Errorf("a selected list shared the unselected one's answer (%d lists)", n)
	}

	// The cache moved on: a new list.
	revision.Store(11)
	if got := get(anyRevisionOpts); got.ResourceVersion != "3" {
		t.Errorf("after the cache's revision moved, got list %s, want a new one (3)", got.ResourceVersion)
	}

	// Once the burst is over the answer is let go.
	deadline := time.Now().Add(5 * reuseFor)
	for {
		a.mu.Lock()
		left := len(a.answers)
		a.mu.Unlock()
		if left == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d answers still held %s after the burst", left, 5*reuseFor)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
