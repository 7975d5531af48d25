// Package coalesce lets concurrent identical LISTs share one read: consistent ones one
// upstream read (Store), those that accept any revision one read of the watch cache
// (AnyRevision).
//
// A consistent list (resourceVersion "") must reflect every write acknowledged before
// it began, so this server sends it to the kube-apiserver (docs/storage.md). A burst of
// them (dashboards, controllers starting, a flood of `kubectl get`) would otherwise
// fetch, decode and convert the whole collection once per request, and hold as many
// copies in memory. Here, per list identity (key, selectors, limit), at most one
// upstream read runs; requests arriving meanwhile wait for the next read, which starts
// when the running one ends and serves them all. Every request is answered by a read
// that started after it arrived, so the guarantee of a consistent read holds, and a
// lone request starts its read at once.
//
// The waiters of one read share its items (the slice's backing array), not copies:
// lists handed out by storage are read-only above it (the registry filters into new
// slices, and encoding only reads).
package coalesce

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/conversion"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/storage"
)

// readTimeout bounds one shared upstream read. It does not end with the request that
// started it (the others would fail with it), so it needs a bound of its own: the
// kube-apiserver's own limit for a request.
const readTimeout = time.Minute

// Store is a storage.Interface whose consistent lists are coalesced; everything else
// goes to the wrapped storage unchanged.
type Store struct {
	storage.Interface
	newListFunc func() runtime.Object
	// listType is the type newListFunc makes: only lists of it are shared (the cacher's
	// own list objects, of another type, pass through).
	listType reflect.Type

	mu     sync.Mutex
	queues map[string]*queue
}

var _ storage.Interface = &Store{}

// Lists wraps upstream; newListFunc makes an empty list of its kind.
func Lists(upstream storage.Interface, newListFunc func() runtime.Object) *Store {
	return &Store{Interface: upstream, newListFunc: newListFunc, listType: reflect.TypeOf(newListFunc()),
		queues: map[string]*queue{}}
}

// queue is the reads of one list identity: the one running upstream, and the one that
// gathers the requests arriving meanwhile.
type queue struct {
	running, next *read
}

// read is one upstream list, shared by every request that joined it.
type read struct {
	ctx  context.Context
	key  string
	opts storage.ListOptions
	// requests is how many requests this read answers (under Store.mu).
	requests int
	result
}

// result is a list read once and handed to every request that waits on it.
type result struct {
	done chan struct{}
	// list and err are set before done is closed.
	list runtime.Object
	err  error
}

func newResult() result { return result{done: make(chan struct{})} }

// set records the read's outcome and lets the waiting requests have it.
func (r *result) set(list runtime.Object, err error) {
	r.list, r.err = list, err
	close(r.done)
}

// await waits for the read and makes out its list (sharing its items), unless the
// request gives up first.
func (r *result) await(ctx context.Context, out runtime.Object) error {
	select {
	case <-r.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	if r.err != nil {
		return r.err
	}
	return share(r.list, out)
}

// GetList implements storage.Interface.
func (s *Store) GetList(ctx context.Context, key string, opts storage.ListOptions, listObj runtime.Object) error {
	if opts.ResourceVersion != "" || opts.Predicate.Continue != "" ||
		reflect.TypeOf(listObj) != s.listType {
		return s.Interface.GetList(ctx, key, opts, listObj)
	}
	return s.join(ctx, key, opts).await(ctx, listObj)
}

// identity is what makes two consistent lists the same request upstream.
func identity(key string, opts storage.ListOptions) string {
	p := opts.Predicate
	label, field := "", ""
	if p.Label != nil {
		label = p.Label.String()
	}
	if p.Field != nil {
		field = p.Field.String()
	}
	return fmt.Sprintf("%s\x00%t\x00%s\x00%s\x00%d", key, opts.Recursive, label, field, p.Limit)
}

// join returns the read that answers a request arriving now: a new one started at once
// when none runs, else the next one, which starts after the running one ends.
func (s *Store) join(ctx context.Context, key string, opts storage.ListOptions) *read {
	id := identity(key, opts)
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.queues[id]
	if q == nil {
		q = &queue{}
		s.queues[id] = q
	}
	if q.running == nil {
		q.running = newRead(ctx, key, opts)
		q.running.requests++
		go s.run(id, q, q.running)
		return q.running
	}
	if q.next == nil {
		q.next = newRead(ctx, key, opts)
	} else {
		sharedLists.Inc()
	}
	q.next.requests++
	return q.next
}

func newRead(ctx context.Context, key string, opts storage.ListOptions) *read {
	// The read outlives a departing requester; it keeps the context's values.
	return &read{ctx: context.WithoutCancel(ctx), key: key, opts: opts, result: newResult()}
}

// run reads upstream, hands the result to the read's requests, and starts the next read
// if requests are waiting for one.
func (s *Store) run(id string, q *queue, r *read) {
	ctx, cancel := context.WithTimeout(r.ctx, readTimeout)
	list := s.newListFunc()
	err := s.Interface.GetList(ctx, r.key, r.opts, list)
	cancel()
	r.set(list, err)

	s.mu.Lock()
	defer s.mu.Unlock()
	q.running, q.next = q.next, nil
	if q.running == nil {
		delete(s.queues, id)
		return
	}
	go s.run(id, q, q.running)
}

// share makes out the list read upstream: the same items (one backing array) and list
// metadata.
func share(read, out runtime.Object) error {
	from, err := items(read)
	if err != nil {
		return err
	}
	to, err := items(out)
	if err != nil {
		return err
	}
	to.Set(from)
	readMeta, err := meta.ListAccessor(read)
	if err != nil {
		return err
	}
	outMeta, err := meta.ListAccessor(out)
	if err != nil {
		return err
	}
	outMeta.SetResourceVersion(readMeta.GetResourceVersion())
	outMeta.SetContinue(readMeta.GetContinue())
	outMeta.SetRemainingItemCount(readMeta.GetRemainingItemCount())
	return nil
}

func items(list runtime.Object) (reflect.Value, error) {
	ptr, err := meta.GetItemsPtr(list)
	if err != nil {
		return reflect.Value{}, err
	}
	return conversion.EnforcePtr(ptr)
}
