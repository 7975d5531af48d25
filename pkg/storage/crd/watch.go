package crd

import (
	"context"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/storage"
	utilflowcontrol "k8s.io/apiserver/pkg/util/flowcontrol"
)

// crdWatch turns an upstream watch of custom resources into a watch of v3 objects. It
// re-opens the upstream stream when it ends, from the last revision delivered, so a
// watch lasts until its consumer stops it.
type crdWatch struct {
	store    *Store
	k        objectKey
	key      string
	opts     storage.ListOptions
	upstream metav1.ListOptions
	result   chan watch.Event
	cancel   context.CancelFunc
	done     chan struct{}
	stopOnce sync.Once
	lastRV   string
	// resumable is true once lastRV is a revision the stream has really reached: the
	// requested one, or one from an event or bookmark after the initial state. Before
	// that (watches from "" or "0" replaying the current state) a broken upstream
	// cannot be resumed, and the watch ends instead; the client lists and watches again.
	resumable bool
}

func (s *Store) startWatch(ctx context.Context, key string, k objectKey, opts storage.ListOptions) (watch.Interface, error) {
	upstream := s.upstreamListOptions(opts)
	upstream.Limit, upstream.Continue = 0, ""
	upstream.Watch = true
	// Bookmarks are always requested upstream, to learn progress; they are passed on
	// only to consumers that asked for them.
	upstream.AllowWatchBookmarks = true
	upstream.SendInitialEvents = opts.SendInitialEvents
	if opts.SendInitialEvents != nil {
		// The only match the API allows with sendInitialEvents; the generic registry
		// validated the client's request and does not pass the match on.
		upstream.ResourceVersionMatch = metav1.ResourceVersionMatchNotOlderThan
	}
	if !opts.Recursive {
		upstream.FieldSelector = fields.OneTermEqualSelector("metadata.name", k.name).String()
	}
	ctx, cancel := context.WithCancel(ctx)
	w := &crdWatch{
		store:     s,
		k:         k,
		key:       key,
		opts:      opts,
		upstream:  upstream,
		result:    make(chan watch.Event, 100),
		cancel:    cancel,
		done:      make(chan struct{}),
		lastRV:    opts.ResourceVersion,
		resumable: opts.ResourceVersion != "" && opts.ResourceVersion != "0" && (opts.SendInitialEvents == nil || !*opts.SendInitialEvents),
	}
	first, err := s.openWatch(ctx, k, upstream)
	if err != nil {
		cancel()
		return nil, s.storageError(err, key)
	}
	go w.run(ctx, first)
	// The upstream watch is open: API Priority and Fairness may release the request's
	// seat (as the etcd3 store signals once its watch is created).
	utilflowcontrol.WatchInitialized(ctx)
	return w, nil
}

// Stop implements watch.Interface.
func (w *crdWatch) Stop() {
	w.stopOnce.Do(func() {
		w.cancel()
	})
	<-w.done
}

// ResultChan implements watch.Interface.
func (w *crdWatch) ResultChan() <-chan watch.Event { return w.result }

func (w *crdWatch) run(ctx context.Context, upstream watch.Interface) {
	defer close(w.done)
	defer close(w.result)
	for {
		reason := w.consume(ctx, upstream)
		upstream.Stop()
		if reason == streamFailed || ctx.Err() != nil || !w.resumable {
			return
		}
		opts := w.upstream
		opts.ResourceVersion = w.lastRV
		opts.ResourceVersionMatch = ""
		opts.SendInitialEvents = nil
		next, err := w.store.openWatch(ctx, w.k, opts)
		if err != nil {
			if ctx.Err() == nil {
				w.send(ctx, watch.Event{Type: watch.Error, Object: &apierrors.NewInternalError(err).ErrStatus})
			}
			return
		}
		upstream = next
	}
}

type endReason int

const (
	streamEnded endReason = iota
	streamFailed
)

// consume forwards one upstream stream until it ends or fails.
func (w *crdWatch) consume(ctx context.Context, upstream watch.Interface) endReason {
	for {
		select {
		case <-ctx.Done():
			return streamFailed
		case event, ok := <-upstream.ResultChan():
			if !ok {
				return streamEnded
			}
			if !w.forward(ctx, event) {
				return streamFailed
			}
		}
	}
}

// forward converts and passes on one upstream event; false ends the watch.
func (w *crdWatch) forward(ctx context.Context, event watch.Event) bool {
	switch event.Type {
	case watch.Error:
		w.send(ctx, event)
		return false
	case watch.Bookmark:
		accessor, err := meta.Accessor(event.Object)
		if err != nil {
			return false
		}
		w.lastRV, w.resumable = accessor.GetResourceVersion(), true
		return w.sendBookmark(ctx, w.lastRV, accessor.GetAnnotations())
	case watch.Added, watch.Modified, watch.Deleted:
		obj := event.Object
		accessor, err := meta.Accessor(obj)
		if err != nil {
			return false
		}
		w.lastRV = accessor.GetResourceVersion()
		if w.opts.SendInitialEvents == nil && w.opts.ResourceVersion != "" && w.opts.ResourceVersion != "0" {
			w.resumable = true
		}
		if matches, err := w.opts.Predicate.Matches(obj); err != nil || !matches {
			return true
		}
		return w.send(ctx, watch.Event{Type: event.Type, Object: obj})
	}
	return true
}

// sendBookmark passes on a bookmark at rv (with the upstream's annotations, e.g. the
// end of initial events) to consumers that asked for bookmarks.
func (w *crdWatch) sendBookmark(ctx context.Context, rv string, annotations map[string]string) bool {
	if !w.opts.Predicate.AllowWatchBookmarks {
		return true
	}
	bookmark := w.store.resource.NewFunc()
	accessor, err := meta.Accessor(bookmark)
	if err != nil {
		return false
	}
	accessor.SetResourceVersion(rv)
	accessor.SetAnnotations(annotations)
	return w.send(ctx, watch.Event{Type: watch.Bookmark, Object: bookmark})
}

func (w *crdWatch) send(ctx context.Context, event watch.Event) bool {
	select {
	case w.result <- event:
		return true
	case <-ctx.Done():
		return false
	}
}

// idleWatch is the watch of a key that no object can have: no event ever comes; it ends
// when ctx does or its consumer stops it.
func idleWatch(ctx context.Context) watch.Interface {
	events := make(chan watch.Event)
	w := watch.NewProxyWatcher(events)
	go func() {
		select {
		case <-ctx.Done():
		case <-w.StopChan():
		}
		close(events)
	}()
	return w
}
