package profile

import (
	"context"
	"sync"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/storage"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// profileWatch merges a watch of Namespaces and one of ServiceAccounts (either may be
// absent) into a watch of Profiles. Each event's resourceVersion joins the last
// revision seen on each stream, as Calico's does; a stream that has sent nothing yet
// contributes an empty half. When either stream ends, the watch ends and the client
// lists and watches again from a composite version it received.
type profileWatch struct {
	opts     storage.ListOptions
	result   chan watch.Event
	cancel   context.CancelFunc
	done     chan struct{}
	stopOnce sync.Once

	mu         sync.Mutex
	nsRV, saRV string
	// initialEventsPending counts the streams that have not yet marked the end of their
	// initial events (watch-list); only the last such bookmark is passed on, so the
	// client sees the end of the profiles' initial state once, after both sources'.
	initialEventsPending int
}

func newProfileWatch(opts storage.ListOptions) *profileWatch {
	return &profileWatch{opts: opts, result: make(chan watch.Event, 100), done: make(chan struct{})}
}

// start runs the watch over the given upstream streams (nil ones are not watched).
func (w *profileWatch) start(ctx context.Context, namespaces, serviceAccounts watch.Interface) {
	ctx, w.cancel = context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, upstream := range []watch.Interface{namespaces, serviceAccounts} {
		if upstream == nil {
			continue
		}
		w.initialEventsPending++
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer upstream.Stop()
			w.forward(ctx, upstream)
			w.cancel() // one stream ended: end the whole watch
		}()
	}
	go func() {
		<-ctx.Done()
		wg.Wait()
		close(w.result)
		close(w.done)
	}()
}

// Stop implements watch.Interface.
func (w *profileWatch) Stop() {
	w.stopOnce.Do(func() { w.cancel() })
	<-w.done
}

// ResultChan implements watch.Interface.
func (w *profileWatch) ResultChan() <-chan watch.Event { return w.result }

func (w *profileWatch) forward(ctx context.Context, upstream watch.Interface) {
	for {
		select {
		case <-ctx.Done():
			return
		case event, ok := <-upstream.ResultChan():
			if !ok || !w.convert(ctx, event) {
				return
			}
		}
	}
}

// convert passes on one upstream event as a profile event; false ends the watch.
func (w *profileWatch) convert(ctx context.Context, event watch.Event) bool {
	if event.Type == watch.Error {
		w.send(ctx, event)
		return false
	}
	accessor, err := meta.Accessor(event.Object)
	if err != nil {
		return false
	}
	rv := w.advance(event.Object, accessor.GetResourceVersion())
	if event.Type == watch.Bookmark {
		if accessor.GetAnnotations()[metav1.InitialEventsAnnotationKey] == "true" && !w.lastInitialEventsEnd() {
			return true
		}
		bookmark := &v3.Profile{}
		bookmark.ResourceVersion = rv
		bookmark.Annotations = accessor.GetAnnotations()
		return w.send(ctx, watch.Event{Type: watch.Bookmark, Object: bookmark})
	}
	var profile *v3.Profile
	switch source := event.Object.(type) {
	case *corev1.Namespace:
		profile, err = fromNamespace(source, rv)
	case *corev1.ServiceAccount:
		profile, err = fromServiceAccount(source, rv)
	default:
		return false
	}
	if err != nil {
		w.send(ctx, watch.Event{Type: watch.Error, Object: &apierrors.NewInternalError(err).ErrStatus})
		return false
	}
	if ok, err := w.opts.Predicate.Matches(profile); err != nil || !ok {
		return true
	}
	return w.send(ctx, watch.Event{Type: event.Type, Object: profile})
}

// advance records the revision a stream reached and returns the composite version.
func (w *profileWatch) advance(obj interface{}, rv string) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch obj.(type) {
	case *corev1.Namespace:
		w.nsRV = rv
	case *corev1.ServiceAccount:
		w.saRV = rv
	}
	return joinRV(w.nsRV, w.saRV)
}

// lastInitialEventsEnd records one stream's end of initial events and reports whether
// it was the last stream's.
func (w *profileWatch) lastInitialEventsEnd() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.initialEventsPending--
	return w.initialEventsPending == 0
}

func (w *profileWatch) send(ctx context.Context, event watch.Event) bool {
	select {
	case w.result <- event:
		return true
	case <-ctx.Done():
		return false
	}
}
