package watchcache

import (
	"context"
	"sync"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/storage"
)

// listThenWatch serves a watch that starts with the current state: a list (consistent
// upstream for resourceVersion "", from the cache otherwise, exactly as GetList routes
// it) sent as ADDED events, the bookmark that ends the initial events when the client
// asked for bookmarks (k8s.io/initial-events-end, what client-go's WatchList waits for),
// then the cache's events after the list's revision. Nothing is missed or repeated: the
// cache's watch from revision R delivers every event after R, whether the cache had
// already reached R or not.
//
// The cacher cannot serve these watches itself without a storage that offers on-demand
// progress notifications (etcd's), which the kube-apiserver's REST API does not.
func (s *Store) listThenWatch(ctx context.Context, key string, opts storage.ListOptions) (watch.Interface, error) {
	listOpts := storage.ListOptions{
		ResourceVersion: opts.ResourceVersion,
		Predicate:       opts.Predicate,
		Recursive:       opts.Recursive,
	}
	listOpts.Predicate.Limit, listOpts.Predicate.Continue = 0, ""
	if opts.ResourceVersion != "" && opts.ResourceVersion != "0" {
		listOpts.ResourceVersionMatch = metav1.ResourceVersionMatchNotOlderThan
	}
	list := s.newListFunc()
	if err := s.GetList(ctx, key, listOpts, list); err != nil {
		return nil, err
	}
	initial, err := meta.ExtractList(list)
	if err != nil {
		return nil, err
	}
	listRV := listResourceVersion(list)

	var bookmark runtime.Object
	if opts.Predicate.AllowWatchBookmarks {
		bookmark = s.newFunc()
		rv, err := s.versioner.ParseResourceVersion(listRV)
		if err != nil {
			return nil, err
		}
		if err := s.versioner.UpdateObject(bookmark, rv); err != nil {
			return nil, err
		}
		if err := storage.AnnotateInitialEventsEndBookmark(bookmark); err != nil {
			return nil, err
		}
	}

	watchOpts := opts
	watchOpts.ResourceVersion, watchOpts.ResourceVersionMatch, watchOpts.SendInitialEvents = listRV, "", nil
	events, err := s.cached.Watch(ctx, key, watchOpts)
	if err != nil {
		return nil, err
	}
	w := &initialThenWatch{
		events: events,
		result: make(chan watch.Event),
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	go w.run(initial, bookmark)
	return w, nil
}

// initialThenWatch sends the initial state, the optional end bookmark, then events.
type initialThenWatch struct {
	events   watch.Interface
	result   chan watch.Event
	stop     chan struct{}
	stopOnce sync.Once
	done     chan struct{}
}

func (w *initialThenWatch) run(initial []runtime.Object, bookmark runtime.Object) {
	defer close(w.done)
	defer close(w.result)
	defer w.events.Stop()
	for _, obj := range initial {
		if !w.send(watch.Event{Type: watch.Added, Object: obj}) {
			return
		}
	}
	if bookmark != nil && !w.send(watch.Event{Type: watch.Bookmark, Object: bookmark}) {
		return
	}
	for {
		select {
		case <-w.stop:
			return
		case event, ok := <-w.events.ResultChan():
			if !ok || !w.send(event) {
				return
			}
		}
	}
}

func (w *initialThenWatch) send(event watch.Event) bool {
	select {
	case w.result <- event:
		return true
	case <-w.stop:
		return false
	}
}

// ResultChan implements watch.Interface.
func (w *initialThenWatch) ResultChan() <-chan watch.Event { return w.result }

// Stop implements watch.Interface.
func (w *initialThenWatch) Stop() {
	w.stopOnce.Do(func() { close(w.stop) })
	<-w.done
}
