package profile

import (
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/storage"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// cacheWatch is one Profile watch served from the history: optional initial state and
// end-of-initial-events bookmark, then every event after its cursor, each sent with
// the composite revision the watch has reached, as the kube-apiserver's watch of one
// resource would send its own revision.
type cacheWatch struct {
	h *history
	// keep selects the profiles this watch sends (its predicate, and its name when it
	// watches one profile).
	keep func(*v3.Profile) bool
	// bookmarkEvery, when not zero, sends a bookmark at the revision reached when the
	// watch has been idle that long (allowWatchBookmarks).
	bookmarkEvery time.Duration
	// stopped ends the watch with the cache.
	stopped <-chan struct{}

	cursor   cursor
	result   chan watch.Event
	stop     chan struct{}
	stopOnce sync.Once
	done     chan struct{}
}

func newCacheWatch(h *history, keep func(*v3.Profile) bool, opts storage.ListOptions, bookmarkEvery time.Duration, stopped <-chan struct{}, c cursor) *cacheWatch {
	w := &cacheWatch{
		h: h, keep: keep, stopped: stopped, cursor: c,
		result: make(chan watch.Event, 16), stop: make(chan struct{}), done: make(chan struct{}),
	}
	if opts.Predicate.AllowWatchBookmarks {
		w.bookmarkEvery = bookmarkEvery
	}
	return w
}

// ResultChan implements watch.Interface.
func (w *cacheWatch) ResultChan() <-chan watch.Event { return w.result }

// Stop implements watch.Interface.
func (w *cacheWatch) Stop() {
	w.stopOnce.Do(func() { close(w.stop) })
	<-w.done
}

// run sends initial as ADDED events at the cursor's revision, then the end bookmark
// when asked, then events until stopped.
func (w *cacheWatch) run(initial []*v3.Profile, endBookmark bool) {
	defer close(w.done)
	defer close(w.result)
	for _, p := range initial {
		if !w.send(watch.Event{Type: watch.Added, Object: w.at(p)}) {
			return
		}
	}
	if endBookmark {
		bookmark := w.bookmark()
		if err := storage.AnnotateInitialEventsEndBookmark(bookmark); err != nil || !w.send(watch.Event{Type: watch.Bookmark, Object: bookmark}) {
			return
		}
	}
	var idle <-chan time.Time
	if w.bookmarkEvery > 0 {
		ticker := time.NewTicker(w.bookmarkEvery)
		defer ticker.Stop()
		idle = ticker.C
	}
	// clientAt is the last revision sent: a bookmark is sent only beyond it.
	clientAt := w.cursor.at
	var batch []event
	for {
		events, reached, changed, ok := w.h.read(w.cursor, batch[:0])
		if !ok {
			return // the client resumes from the last revision it received
		}
		batch = events
		w.cursor.next += uint64(len(events))
		for _, e := range events {
			out, ok := w.convert(e)
			if !ok {
				continue
			}
			if !w.send(out) {
				return
			}
			clientAt = w.cursor.at
		}
		if len(events) > 0 {
			continue
		}
		select {
		case <-changed:
		case <-w.stop:
			return
		case <-w.stopped:
			return
		case <-idle:
			// Every event up to reached has been read: the watch is at reached.
			for source := range w.cursor.at {
				w.cursor.at[source] = max(w.cursor.at[source], reached[source])
			}
			if w.cursor.at != clientAt {
				clientAt = w.cursor.at
				if !w.send(watch.Event{Type: watch.Bookmark, Object: w.bookmark()}) {
					return
				}
			}
		}
	}
}

// convert is the event a watcher at the cursor's revision sends for e, if any. Events
// at or before the cursor's half are already reflected in what the client has; a
// change that moves a profile into or out of the watch's selection is ADDED or
// DELETED, as the kube-apiserver's watch cache sends it.
func (w *cacheWatch) convert(e event) (watch.Event, bool) {
	if e.rv <= w.cursor.at[e.source] {
		return watch.Event{}, false
	}
	w.cursor.at[e.source] = e.rv
	now := e.kind != watch.Deleted && w.keep(e.profile)
	before := e.prev != nil && w.keep(e.prev)
	switch {
	case now && before:
		return watch.Event{Type: watch.Modified, Object: w.at(e.profile)}, true
	case now:
		return watch.Event{Type: watch.Added, Object: w.at(e.profile)}, true
	case before && e.kind == watch.Deleted:
		return watch.Event{Type: watch.Deleted, Object: w.at(e.profile)}, true
	case before:
		return watch.Event{Type: watch.Deleted, Object: w.at(e.prev)}, true
	}
	return watch.Event{}, false
}

// at is a copy of p at the watch's composite revision. The copy is shallow: cached
// profiles are never modified.
func (w *cacheWatch) at(p *v3.Profile) *v3.Profile {
	out := *p
	out.ResourceVersion = w.cursor.at.String()
	return &out
}

func (w *cacheWatch) bookmark() *v3.Profile {
	bookmark := &v3.Profile{TypeMeta: typeMeta()}
	bookmark.ResourceVersion = w.cursor.at.String()
	return bookmark
}

func (w *cacheWatch) send(event watch.Event) bool {
	select {
	case w.result <- event:
		return true
	case <-w.stop:
		return false
	}
}

// errWatch is a watch whose only event is an error, as the kube-apiserver's watch
// cache answers a watch it cannot serve (410 Gone for a revision it no longer has).
type errWatch struct{ result chan watch.Event }

func newErrWatch(event watch.Event) *errWatch {
	w := &errWatch{result: make(chan watch.Event, 1)}
	w.result <- event
	close(w.result)
	return w
}

func (w *errWatch) ResultChan() <-chan watch.Event { return w.result }
func (w *errWatch) Stop()                          {}
