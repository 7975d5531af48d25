package crd

import (
	"context"
	"strconv"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/storage"
)

// progressWatchTimeout is the timeout of the upstream watch opened to obtain progress.
// The kube-apiserver's watch cache sends a watcher a bookmark shortly before its
// deadline, in order with the events of that stream; measured against kube-apiserver
// v1.37.2, a 6 s watch gets it after about 4.7 s (5 s and shorter watches get none).
// That is the fastest progress the REST API offers: it has no "progress now" request.
const progressWatchTimeout = 6 * time.Second

// watchSet holds a store's open watches, so that RequestWatchProgress can reach them.
type watchSet struct {
	mu      sync.Mutex
	watches map[*crdWatch]struct{}
}

func newWatchSet() *watchSet { return &watchSet{watches: map[*crdWatch]struct{}{}} }

func (ws *watchSet) add(w *crdWatch) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	ws.watches[w] = struct{}{}
}

func (ws *watchSet) remove(w *crdWatch) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	delete(ws.watches, w)
}

// requestProgress asks every open watch for a bookmark at revision current or later.
// A watch that has already delivered everything up to current answers at once with a
// bookmark at its last revision. Otherwise, since the kube-apiserver offers no
// "progress now" call over REST, the watch re-opens its upstream stream from the last
// revision it delivered with a short timeout, which makes the kube-apiserver send a
// bookmark at its watch cache's revision on that stream. Nothing is lost or repeated:
// the new stream starts exactly where the old one was consumed to.
func (ws *watchSet) requestProgress(current uint64) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	for w := range ws.watches {
		select {
		case w.progress <- current:
		default: // a request is already pending
		}
	}
}

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
	progress chan uint64
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
		progress:  make(chan uint64, 1),
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
	s.watches.add(w)
	go w.run(ctx, first)
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
	defer w.store.watches.remove(w)
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
		if reason == progressRequested {
			seconds := int64(progressWatchTimeout / time.Second)
			opts.TimeoutSeconds = &seconds
		}
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
	progressRequested
)

// consume forwards one upstream stream until it ends, fails, or progress is requested.
func (w *crdWatch) consume(ctx context.Context, upstream watch.Interface) endReason {
	for {
		select {
		case <-ctx.Done():
			return streamFailed
		case current := <-w.progress:
			if !w.resumable {
				continue
			}
			if last, err := strconv.ParseUint(w.lastRV, 10, 64); err == nil && last >= current {
				if !w.sendBookmark(ctx, w.lastRV, nil) {
					return streamFailed
				}
				continue
			}
			return progressRequested
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
