package profile

import (
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/tools/cache"
	"k8s.io/component-base/metrics"
	"k8s.io/klog/v2"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// half names one of the two sources whose revisions a profile resourceVersion joins.
type half int

const (
	namespaces half = iota
	serviceAccounts
	halves
)

func (h half) String() string { return [...]string{"namespaces", "serviceaccounts"}[h] }

// revision is a position in both sources: the composite "<namespace RV>/<service account RV>".
type revision [halves]uint64

func (r revision) String() string {
	return joinRV(strconv.FormatUint(r[namespaces], 10), strconv.FormatUint(r[serviceAccounts], 10))
}

// parseRevision parses a composite resourceVersion other than "" and "0". known says
// which halves were given: a half is empty in the version of a list item or of a read
// of one profile, which carries only its own source's revision.
func parseRevision(rv string) (r revision, known [halves]bool, err error) {
	nsRV, saRV, err := splitRV(rv)
	if err != nil {
		return r, known, err
	}
	for h, s := range [halves]string{nsRV, saRV} {
		if s == "" {
			continue
		}
		if r[h], err = strconv.ParseUint(s, 10, 64); err != nil {
			return r, known, fmt.Errorf("resourceVersion %q: the %s half is not a revision", rv, half(h))
		}
		known[h] = true
	}
	return r, known, nil
}

// event is one change of one source, as a change of its profile.
type event struct {
	source half
	// rv is the source object's revision after the change.
	rv   uint64
	kind watch.EventType
	// profile is the profile after the change (for a deletion, its last state); prev
	// the one the cache held before (nil for an addition). Both carry only their own
	// source's half of the resourceVersion; watchers send copies with the composite.
	profile, prev *v3.Profile
	at            time.Time
}

// history is the pair of sources as one cache: each source's profiles, the revision
// its feed has reached, and the events of both in the order they arrived, for watches
// to replay from any composite revision the history still covers. The feeds are
// client-go reflectors, one per source (feed.go); watchers read the history on their
// own goroutines (cachewatch.go), so a slow watcher delays no one.
type history struct {
	// window and maxEvents bound the events kept: every event of the last window, at
	// most maxEvents; minEvents are kept however old.
	window               time.Duration
	minEvents, maxEvents int
	now                  func() time.Time
	objects              metrics.GaugeMetric

	mu sync.Mutex
	// changed is closed, and replaced, on every change: appended events, an advanced
	// revision, a relist. Idle watchers wait on it.
	changed chan struct{}
	sources [halves]*sourceState
	events  []event
	// first is the sequence number of events[0]; sequence numbers only grow.
	first uint64
	// generation changes when a source is listed again after its first list (its
	// watch expired, or the kube-apiserver restarted): the changes between the two
	// lists are unknown, so every watch ends and clients resume, or list again.
	generation uint64
}

// sourceState is what the history knows of one source.
type sourceState struct {
	synced bool
	// reached is the revision the source's feed has delivered: its list's, then each
	// event's and bookmark's.
	reached uint64
	// since is the oldest revision a watch may start from: the history holds every
	// event of this source after it.
	since    uint64
	profiles map[string]*v3.Profile
}

func newHistory(window time.Duration, minEvents, maxEvents int, objects metrics.GaugeMetric) *history {
	h := &history{
		window: window, minEvents: minEvents, maxEvents: maxEvents, now: time.Now, objects: objects,
		changed: make(chan struct{}),
	}
	for i := range h.sources {
		h.sources[i] = &sourceState{profiles: map[string]*v3.Profile{}}
	}
	return h
}

// notifyLocked wakes every waiting watcher.
func (h *history) notifyLocked() {
	close(h.changed)
	h.changed = make(chan struct{})
}

func (h *history) ready() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.sources[namespaces].synced && h.sources[serviceAccounts].synced
}

// reached is the composite revision both feeds have delivered.
func (h *history) reached() revision {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.reachedLocked()
}

// count is the number of profiles the cache holds, the built-in one included.
func (h *history) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return 1 + len(h.sources[namespaces].profiles) + len(h.sources[serviceAccounts].profiles)
}

// reachedLocked is the composite revision both feeds have delivered.
func (h *history) reachedLocked() revision {
	return revision{h.sources[namespaces].reached, h.sources[serviceAccounts].reached}
}

// replace installs a source's full list at revision rv. After the first list, the
// history is cleared and every watch ends (see generation).
func (h *history) replace(source half, profiles map[string]*v3.Profile, rv uint64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.sources[source]
	if s.synced {
		klog.Infof("profile cache: %s listed again at revision %d; ending every profile watch", source, rv)
		h.generation++
		for i := range h.events {
			h.events[i] = event{}
		}
		h.first += uint64(len(h.events))
		h.events = h.events[:0]
		for _, other := range h.sources {
			other.since = other.reached
		}
	}
	s.synced, s.profiles, s.reached, s.since = true, profiles, rv, rv
	h.countLocked()
	h.notifyLocked()
}

// apply records one change of a source: the profile named name is now p (nil when
// deleted; last is then its last state).
func (h *history) apply(source half, kind watch.EventType, name string, p *v3.Profile, rv uint64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.sources[source]
	prev := s.profiles[name]
	if kind == watch.Deleted {
		delete(s.profiles, name)
	} else {
		s.profiles[name] = p
		if prev == nil {
			kind = watch.Added
		} else {
			kind = watch.Modified
		}
	}
	h.events = append(h.events, event{source: source, rv: rv, kind: kind, profile: p, prev: prev, at: h.now()})
	if rv > s.reached {
		s.reached = rv
	}
	h.trimLocked()
	h.countLocked()
	h.notifyLocked()
}

// advance records that a source's feed reached rv without a change (a bookmark).
func (h *history) advance(source half, rv uint64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if s := h.sources[source]; rv > s.reached {
		s.reached = rv
		h.notifyLocked()
	}
}

// trimLocked drops the events the window and the bounds no longer keep; a dropped
// event's revision becomes its source's oldest start.
func (h *history) trimLocked() {
	now := h.now()
	for len(h.events) > h.maxEvents || (len(h.events) > h.minEvents && now.Sub(h.events[0].at) > h.window) {
		dropped := h.events[0]
		if s := h.sources[dropped.source]; dropped.rv > s.since {
			s.since = dropped.rv
		}
		h.events[0] = event{}
		h.events = h.events[1:]
		h.first++
	}
}

func (h *history) countLocked() {
	if h.objects != nil {
		// The built-in profile counts: it is in every list the cache answers.
		h.objects.Set(float64(1 + len(h.sources[namespaces].profiles) + len(h.sources[serviceAccounts].profiles)))
	}
}

// errTooOld is the kube-apiserver's answer to a watch from a revision it no longer has.
func errTooOld(from revision, source half, oldest uint64) error {
	return apierrors.NewResourceExpired(fmt.Sprintf("too old resource version: %s (the oldest %s revision held is %d)", from, source, oldest))
}

// cursor is where a watch reads the history: the next sequence number, its
// generation, and the composite revision it has reached.
type cursor struct {
	next, generation uint64
	at               revision
}

// from returns the cursor of a watch that has seen everything up to revision at:
// every later event of each source, or errTooOld when the history no longer holds
// them. A revision beyond what the feeds reached is allowed: its events are sent as
// they arrive.
func (h *history) from(at revision) (cursor, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for source, s := range h.sources {
		if at[source] < s.since {
			return cursor{}, errTooOld(at, half(source), s.since)
		}
	}
	return cursor{next: h.first, generation: h.generation, at: at}, nil
}

// snapshot returns the profiles selected by keep, sorted by name, and the cursor at
// that state: the current state, then every later event.
func (h *history) snapshot(keep func(*v3.Profile) bool) ([]*v3.Profile, cursor) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []*v3.Profile
	for _, s := range h.sources {
		for _, p := range s.profiles {
			if keep(p) {
				out = append(out, p)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, cursor{next: h.first + uint64(len(h.events)), generation: h.generation, at: h.reachedLocked()}
}

// get returns the profile named name from the source that holds it, and the
// composite revision of the read.
func (h *history) get(source half, name string) (*v3.Profile, revision) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.sources[source].profiles[name], h.reachedLocked()
}

// read appends to into the events from c.next on, and returns them with the revision
// both feeds had reached when they were read (every event up to it is among them or
// before them) and a channel closed at the next change. ok is false when the watch
// must end: a source was listed again, or the watch fell behind the history.
func (h *history) read(c cursor, into []event) (events []event, reached revision, changed <-chan struct{}, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if c.generation != h.generation || c.next < h.first {
		return into, reached, nil, false
	}
	return append(into, h.events[c.next-h.first:]...), h.reachedLocked(), h.changed, true
}

// feed is one source's cache.ReflectorStore: its reflector lists and watches the source
// and hands every list, change and bookmark to the history as profiles.
type feed struct {
	h       *history
	source  half
	convert func(obj interface{}, rv string) (*v3.Profile, error)
}

var (
	_ cache.ReflectorStore         = &feed{}
	_ cache.ReflectorBookmarkStore = &feed{}
	_ cache.ResourceVersionUpdater = &feed{}
)

func newFeed(h *history, source half) *feed {
	f := &feed{h: h, source: source}
	switch source {
	case namespaces:
		f.convert = func(obj interface{}, rv string) (*v3.Profile, error) {
			ns, ok := obj.(*corev1.Namespace)
			if !ok {
				return nil, fmt.Errorf("%T is not a Namespace", obj)
			}
			return fromNamespace(ns, joinRV(rv, ""))
		}
	case serviceAccounts:
		f.convert = func(obj interface{}, rv string) (*v3.Profile, error) {
			sa, ok := obj.(*corev1.ServiceAccount)
			if !ok {
				return nil, fmt.Errorf("%T is not a ServiceAccount", obj)
			}
			return fromServiceAccount(sa, joinRV("", rv))
		}
	}
	return f
}

// profile converts a source object; rv is its revision.
func (f *feed) profile(obj interface{}) (*v3.Profile, uint64, error) {
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return nil, 0, err
	}
	rv, err := strconv.ParseUint(accessor.GetResourceVersion(), 10, 64)
	if err != nil {
		return nil, 0, fmt.Errorf("%s %q: resourceVersion %q: %w", f.source, accessor.GetName(), accessor.GetResourceVersion(), err)
	}
	p, err := f.convert(obj, accessor.GetResourceVersion())
	return p, rv, err
}

func (f *feed) change(kind watch.EventType, obj interface{}) error {
	p, rv, err := f.profile(obj)
	if err != nil {
		return err
	}
	f.h.apply(f.source, kind, p.Name, p, rv)
	return nil
}

// Add implements cache.ReflectorStore.
func (f *feed) Add(obj interface{}) error { return f.change(watch.Added, obj) }

// Update implements cache.ReflectorStore.
func (f *feed) Update(obj interface{}) error { return f.change(watch.Modified, obj) }

// Delete implements cache.ReflectorStore; obj is the object's last state.
func (f *feed) Delete(obj interface{}) error { return f.change(watch.Deleted, obj) }

// Replace implements cache.ReflectorStore: a new full list.
func (f *feed) Replace(list []interface{}, resourceVersion string) error {
	rv, err := strconv.ParseUint(resourceVersion, 10, 64)
	if err != nil {
		return fmt.Errorf("%s listed at resourceVersion %q: %w", f.source, resourceVersion, err)
	}
	profiles := make(map[string]*v3.Profile, len(list))
	for _, obj := range list {
		p, _, err := f.profile(obj)
		if err != nil {
			klog.Warningf("profile cache: skipping: %v", err)
			continue
		}
		profiles[p.Name] = p
	}
	f.h.replace(f.source, profiles, rv)
	return nil
}

// Resync implements cache.ReflectorStore; there is nothing to resync.
func (f *feed) Resync() error { return nil }

// Bookmark implements cache.ReflectorBookmarkStore.
func (f *feed) Bookmark(resourceVersion string) error {
	f.UpdateResourceVersion(resourceVersion)
	return nil
}

// UpdateResourceVersion implements cache.ResourceVersionUpdater: the reflector's
// revision after each event and bookmark.
func (f *feed) UpdateResourceVersion(resourceVersion string) {
	if rv, err := strconv.ParseUint(resourceVersion, 10, 64); err == nil {
		f.h.advance(f.source, rv)
	}
}
