package coalesce

import (
	"context"
	"errors"
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

// upstream answers each list with its call number as resourceVersion, after release
// lets it go.
type upstream struct {
	storage.Interface
	calls   atomic.Int64
	started chan struct{}
	release chan struct{}
}

func newUpstream() *upstream {
	return &upstream{started: make(chan struct{}, 100), release: make(chan struct{}, 100)}
}

func (u *upstream) GetList(ctx context.Context, key string, opts storage.ListOptions, listObj runtime.Object) error {
	n := u.calls.Add(1)
	u.started <- struct{}{}
	<-u.release
	list := listObj.(*example.PodList)
	list.ResourceVersion = strconv.FormatInt(n, 10)
	list.Items = []example.Pod{{}, {}}
	list.Items[0].Name = key
	return nil
}

func newList() runtime.Object { return &example.PodList{} }

func list(s *Store, ctx context.Context, opts storage.ListOptions) (*example.PodList, error) {
	out := &example.PodList{}
	return out, s.GetList(ctx, "/pods", opts, out)
}

var consistent = storage.ListOptions{Recursive: true, Predicate: storage.Everything}

func TestALoneListReadsAtOnce(t *testing.T) {
	u := newUpstream()
	s := Lists(u, newList)
	u.release <- struct{}{}
	got, err := list(s, context.Background(), consistent)
	if err != nil || got.ResourceVersion != "1" || len(got.Items) != 2 {
		t.Fatalf("got %+v, %v; want the first read", got, err)
	}
	// The read leaves its queue just after answering.
	deadline := time.Now().Add(5 * time.Second)
	for queues(s) != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d queues left after the read", queues(s))
		}
		time.Sleep(time.Millisecond)
	}
}

// Requests arriving while a read runs are answered by one next read, which starts
// after they arrived: never by the read already running.
func TestListsArrivingDuringAReadShareTheNextRead(t *testing.T) {
	u := newUpstream()
	s := Lists(u, newList)
	first := make(chan *example.PodList)
	go func() {
		got, _ := list(s, context.Background(), consistent)
		first <- got
	}()
	<-u.started // the first read runs, held upstream
	const waiting = 20
	results := make(chan *example.PodList, waiting)
	var wg sync.WaitGroup
	for i := 0; i < waiting; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := list(s, context.Background(), consistent)
			if err != nil {
				t.Error(err)
			}
			results <- got
		}()
	}
	// All of them have joined the next read before the first one ends.
	deadline := time.Now().Add(5 * time.Second)
	for queued(s) < waiting {
		if time.Now().After(deadline) {
			t.Fatal("the requests did not queue for the next read")
		}
		time.Sleep(time.Millisecond)
	}
	u.release <- struct{}{}
	if got := <-first; got.ResourceVersion != "1" {
		t.Errorf("the first request got read %s", got.ResourceVersion)
	}
	<-u.started
	u.release <- struct{}{}
	wg.Wait()
	close(results)
	var shared *example.Pod
	for got := range results {
		if got.ResourceVersion != "2" {
			t.Errorf("a request that arrived during read 1 got read %s", got.ResourceVersion)
		}
		if shared == nil {
			shared = &got.Items[0]
		} else if shared != &got.Items[0] {
			t.Errorf("the requests of one read got copies of its items, not the items")
		}
	}
	if n := u.calls.Load(); n != 2 {
		t.Errorf("%d upstream reads for 1+%d requests, want 2", n, waiting)
	}
}

func queues(s *Store) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queues)
}

// queued is how many requests wait for a next read.
func queued(s *Store) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, q := range s.queues {
		if q.next != nil {
			n += q.next.requests
		}
	}
	return n
}

func TestDifferentListsDoNotShare(t *testing.T) {
	u := newUpstream()
	s := Lists(u, newList)
	selected := consistent
	selected.Predicate.Label = labels.SelectorFromSet(labels.Set{"a": "b"})
	var wg sync.WaitGroup
	for _, opts := range []storage.ListOptions{consistent, selected} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := list(s, context.Background(), opts); err != nil {
				t.Error(err)
			}
		}()
	}
	<-u.started
	<-u.started // both run at once: neither waits for the other
	u.release <- struct{}{}
	u.release <- struct{}{}
	wg.Wait()
}

func TestReadsAtAResourceVersionPassThrough(t *testing.T) {
	u := newUpstream()
	s := Lists(u, newList)
	for _, opts := range []storage.ListOptions{
		{ResourceVersion: "0", Recursive: true, Predicate: storage.Everything},
		{Recursive: true, Predicate: storage.SelectionPredicate{Continue: "token", Label: labels.Everything()}},
	} {
		u.release <- struct{}{}
		if _, err := list(s, context.Background(), opts); err != nil {
			t.Fatal(err)
		}
		<-u.started
		if queues(s) != 0 {
			t.Errorf("a read with %+v was queued", opts)
		}
	}
}

// A requester that gives up gets its context's error; the read goes on for the others.
func TestARequesterGivingUpDoesNotEndTheRead(t *testing.T) {
	u := newUpstream()
	s := Lists(u, newList)
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan error)
	go func() {
		_, err := list(s, ctx, consistent)
		gaveUp <- err
	}()
	<-u.started
	other := make(chan error)
	go func() {
		_, err := list(s, context.Background(), consistent)
		other <- err
	}()
	cancel()
	if err := <-gaveUp; !errors.Is(err, context.Canceled) {
		t.Errorf("the requester that gave up got %v", err)
	}
	u.release <- struct{}{}
	<-u.started
	u.release <- struct{}{}
	if err := <-other; err != nil {
		t.Errorf("the other requester got %v", err)
	}
}
