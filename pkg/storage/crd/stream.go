package crd

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/klog/v2"
)

// openWatch opens an upstream watch of the custom resources at k and returns it as a
// watch of v3 objects, each decoded straight from the event's JSON.
func (s *Store) openWatch(ctx context.Context, k objectKey, opts metav1.ListOptions) (watch.Interface, error) {
	ctx, cancel := context.WithCancel(ctx)
	// Always a watch of the collection (of k's namespace): a single object is selected
	// by the metadata.name field selector in opts. GET on the object's own path would
	// answer with the object, not with a stream of events.
	body, err := withListOptions(s.request("GET", objectKey{namespace: k.namespace}), opts).Stream(ctx)
	s.readiness.observe(err)
	if err != nil {
		cancel()
		return nil, err
	}
	w := &streamWatch{store: s, body: body, cancel: cancel, result: make(chan watch.Event), done: make(chan struct{})}
	go w.run(ctx)
	return w, nil
}

// streamWatch decodes the kube-apiserver's watch stream, one JSON event after another.
type streamWatch struct {
	store    *Store
	body     io.ReadCloser
	cancel   context.CancelFunc
	result   chan watch.Event
	done     chan struct{}
	stopOnce sync.Once
}

// storedEvent is one event of an upstream watch stream.
type storedEvent struct {
	Type   watch.EventType `json:"type"`
	Object json.RawMessage `json:"object"`
}

// Stop implements watch.Interface.
func (w *streamWatch) Stop() {
	w.stopOnce.Do(func() {
		w.cancel()
		w.body.Close()
	})
	<-w.done
}

// ResultChan implements watch.Interface.
func (w *streamWatch) ResultChan() <-chan watch.Event { return w.result }

func (w *streamWatch) run(ctx context.Context) {
	defer close(w.done)
	defer close(w.result)
	defer w.body.Close()
	decoder := json.NewDecoder(w.body)
	for {
		var e storedEvent
		if err := decoder.Decode(&e); err != nil {
			return // the stream ended (timeout, stop, broken connection)
		}
		event, ok := w.event(e)
		select {
		case w.result <- event:
		case <-ctx.Done():
			return
		}
		if !ok {
			return
		}
	}
}

// event converts an upstream event; false ends the stream after it.
func (w *streamWatch) event(e storedEvent) (watch.Event, bool) {
	r := w.store.resource
	switch e.Type {
	case watch.Added, watch.Modified, watch.Deleted:
		obj := r.NewFunc()
		if _, err := w.store.decode(objectKey{}, e.Object, obj); err != nil {
			// As Calico does: a custom resource that cannot be read is an error event.
			klog.Warningf("watch of %s: %v", r.CRDResource, err)
			return watch.Event{Type: watch.Error, Object: &apierrors.NewInternalError(err).ErrStatus}, false
		}
		return watch.Event{Type: e.Type, Object: obj}, true
	case watch.Bookmark:
		// A bookmark carries only a resourceVersion and, at the end of the initial
		// events, an annotation.
		var m struct {
			Metadata metav1.ObjectMeta `json:"metadata"`
		}
		if err := json.Unmarshal(e.Object, &m); err != nil {
			return watch.Event{Type: watch.Error, Object: &apierrors.NewInternalError(err).ErrStatus}, false
		}
		obj := r.NewFunc()
		accessor, _ := meta.Accessor(obj)
		accessor.SetResourceVersion(m.Metadata.ResourceVersion)
		accessor.SetAnnotations(m.Metadata.Annotations)
		return watch.Event{Type: watch.Bookmark, Object: obj}, true
	}
	status := &metav1.Status{}
	if err := json.Unmarshal(e.Object, status); err != nil || status.Status == "" {
		status = &apierrors.NewInternalError(fmt.Errorf("unreadable %q event of the %s watch: %s", e.Type, r.CRDResource, e.Object)).ErrStatus
	}
	return watch.Event{Type: watch.Error, Object: status}, false
}
