// Package watchcache puts k8s.io/apiserver's watch cache (the cacher) in front of a
// storage.Interface that reaches the kube-apiserver, and decides, request by request,
// which reads the cache may answer. docs/storage.md explains the design and its
// guarantee.
//
// In short: one upstream list and watch per kind fills the cache; every watch, and
// every read that accepts data as of some revision ("0", NotOlderThan, Exact), is
// served from memory; a consistent read (resourceVersion "") goes to the kube-apiserver,
// because nothing the kube-apiserver offers over REST proves quickly that the cache has
// caught up with the latest write.
package watchcache

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/apiserver/pkg/storage/cacher"
	"k8s.io/apiserver/pkg/storage/storagebackend/factory"
	"k8s.io/client-go/tools/cache"
	"k8s.io/component-base/metrics"

	"github.com/calico-apiserver/calico-apiserver/pkg/storage/coalesce"
)

// Config is what the cache of one kind needs; the generic registry's storage
// decorator hands most of it over.
type Config struct {
	// Upstream is the storage the cache fills itself from and delegates to.
	Upstream       storage.Interface
	GroupResource  schema.GroupResource
	ResourcePrefix string
	KeyFunc        func(runtime.Object) (string, error)
	NewFunc        func() runtime.Object
	NewListFunc    func() runtime.Object
	GetAttrsFunc   storage.AttrFunc
	IndexerFuncs   storage.IndexerFuncs
	Indexers       *cache.Indexers
	Codec          runtime.Codec
	// ConsistentReadsFromCache serves consistent reads (resourceVersion "") from the
	// cache's current state once it is ready, instead of upstream. For the views of
	// built-in resources (pkg/storage/view) a consistent read upstream lists every
	// source object (every Pod) on each request; from the cache it reflects every
	// change the one upstream watch has delivered (docs/storage.md).
	ConsistentReadsFromCache bool
}

// Store is a storage.Interface that serves from the watch cache what the cache can
// serve soundly and passes everything else to the upstream storage.
type Store struct {
	upstream storage.Interface
	cacher   *cacher.Cacher
	// cached is the cacher's own delegator: it serves Exact and continued lists from
	// the cache's snapshots when it holds them (upstream otherwise), and hands writes
	// the cached object so that they can skip their first upstream read.
	cached      *cacher.CacheDelegator
	source      *source
	newFunc     func() runtime.Object
	newListFunc func() runtime.Object
	versioner   storage.Versioner
	// consistentReadsFromCache: see Config.ConsistentReadsFromCache.
	consistentReadsFromCache bool
	// anyRevision shares the cache's answers to identical lists at resourceVersion "0"
	// while the cache stays at one revision (pkg/storage/coalesce).
	anyRevision *coalesce.AnyRevision
}

var _ storage.Interface = &Store{}

// New starts the cache of one kind; the returned function stops it.
func New(c Config) (*Store, factory.DestroyFunc, error) {
	src := &source{Interface: c.Upstream, objects: cachedObjects.WithLabelValues(c.GroupResource.Group, c.GroupResource.Resource),
		retention: cacher.DefaultEventFreshDuration, now: time.Now}
	ch, err := cacher.NewCacherFromConfig(cacher.Config{
		Storage:             src,
		Versioner:           c.Upstream.Versioner(),
		GroupResource:       c.GroupResource,
		EventsHistoryWindow: cacher.DefaultEventFreshDuration,
		ResourcePrefix:      c.ResourcePrefix,
		KeyFunc:             c.KeyFunc,
		NewFunc:             c.NewFunc,
		NewListFunc:         c.NewListFunc,
		GetAttrsFunc:        c.GetAttrsFunc,
		IndexerFuncs:        c.IndexerFuncs,
		Indexers:            c.Indexers,
		Codec:               c.Codec,
	})
	if err != nil {
		return nil, nil, err
	}
	delegator := cacher.NewCacheDelegator(ch, c.Upstream)
	var once sync.Once
	destroy := func() {
		once.Do(func() {
			delegator.Stop()
			ch.Stop()
		})
	}
	return &Store{
		upstream: c.Upstream, cacher: ch, cached: delegator, source: src,
		newFunc: c.NewFunc, newListFunc: c.NewListFunc, versioner: c.Upstream.Versioner(),
		consistentReadsFromCache: c.ConsistentReadsFromCache,
		anyRevision:              coalesce.NewAnyRevision(delegator.GetList, src.reached.Load, c.NewListFunc),
	}, destroy, nil
}

// source is the upstream storage as the cacher's reflector sees it. It records the
// revision the cache's feed has reached, so that reads can tell without waiting whether
// the cache already holds a revision, and it makes the reflector list and then watch
// instead of opening a watch-list stream upstream (which the kube-apiserver answers only
// with resourceVersionMatch=NotOlderThan, an option storage.Interface's Watch does not
// carry).
type source struct {
	storage.Interface
	// reached is the highest revision delivered to the cache: its initial list's, then
	// each event's and bookmark's. The cache may still be processing the latest one,
	// so the cache can wait for it briefly, never for long.
	reached atomic.Uint64
	// count is what the feed has put in the cache: the list's items, plus additions,
	// minus deletions (for Stats); objects is its gauge, set from it.
	count    atomic.Int64
	objects  metrics.GaugeMetric
	listSize int
	// retention is how long the cache keeps list snapshots of past revisions; marks
	// are the revisions reached at recent CompactRevision calls (see there).
	retention time.Duration
	now       func() time.Time
	marksMu   sync.Mutex
	marks     []revisionMark
}

// revisionMark is the revision the feed had reached at a point in time.
type revisionMark struct {
	at       time.Time
	revision uint64
}

// IsWatchListSemanticsUnSupported tells the reflector to list and watch (see source).
func (s *source) IsWatchListSemanticsUnSupported() bool { return true }

func (s *source) GetList(ctx context.Context, key string, opts storage.ListOptions, listObj runtime.Object) error {
	if err := s.Interface.GetList(ctx, key, opts, listObj); err != nil {
		return err
	}
	// The reflector lists in pages; the last page (no continue token) completes it.
	if opts.Predicate.Continue == "" {
		s.listSize = 0
	}
	s.listSize += meta.LenList(listObj)
	if accessor, err := meta.ListAccessor(listObj); err == nil && accessor.GetContinue() == "" {
		s.count.Store(int64(s.listSize))
		s.objects.Set(float64(s.listSize))
		if rv, err := s.Versioner().ParseResourceVersion(accessor.GetResourceVersion()); err == nil {
			s.reached.Store(rv)
		}
	}
	return nil
}

func (s *source) Watch(ctx context.Context, key string, opts storage.ListOptions) (watch.Interface, error) {
	w, err := s.Interface.Watch(ctx, key, opts)
	if err != nil {
		return nil, err
	}
	return watch.Filter(w, func(event watch.Event) (watch.Event, bool) {
		switch event.Type {
		case watch.Added:
			s.objects.Set(float64(s.count.Add(1)))
		case watch.Deleted:
			s.objects.Set(float64(s.count.Add(-1)))
		}
		if event.Type != watch.Error {
			if rv, err := s.Versioner().ObjectResourceVersion(event.Object); err == nil {
				s.reached.Store(rv)
			}
		}
		return event, true
	}), nil
}

// CompactRevision tells the cacher's compactor, which asks every 15 s, the oldest
// revision worth a list snapshot: the one the feed had reached retention ago. The
// cacher keeps a snapshot of its contents at every event in its history (so that
// Exact and continued lists are served from memory), and drops them only as later
// events push old ones out or as this revision advances; without it, the thousands of
// snapshots of a burst of writes stay until as many writes follow. A list at an
// older revision goes to the kube-apiserver instead. (The kube-apiserver's own
// compaction revision is not exposed over REST, so 0, "none", was the answer.)
func (s *source) CompactRevision() int64 {
	now := s.now()
	s.marksMu.Lock()
	defer s.marksMu.Unlock()
	s.marks = append(s.marks, revisionMark{at: now, revision: s.reached.Load()})
	var compact uint64
	for len(s.marks) > 0 && !s.marks[0].at.After(now.Add(-s.retention)) {
		compact = s.marks[0].revision
		s.marks = s.marks[1:]
	}
	return int64(compact)
}

// holds reports whether the cache is ready and has been fed revision rv, so that a read
// at rv or older can be served from it without a long wait.
func (s *Store) holds(rv uint64) bool {
	return s.cacher.Ready() && rv <= s.source.reached.Load()
}

// Versioner implements storage.Interface.
func (s *Store) Versioner() storage.Versioner { return s.versioner }

// Create implements storage.Interface.
func (s *Store) Create(ctx context.Context, key string, obj, out runtime.Object, ttl uint64) error {
	return s.upstream.Create(ctx, key, obj, out, ttl)
}

// Delete implements storage.Interface, with the cached object as the first guess.
func (s *Store) Delete(ctx context.Context, key string, out runtime.Object, preconditions *storage.Preconditions,
	validateDeletion storage.ValidateObjectFunc, cachedExistingObject runtime.Object, opts storage.DeleteOptions) error {
	return s.cached.Delete(ctx, key, out, preconditions, validateDeletion, cachedExistingObject, opts)
}

// GuaranteedUpdate implements storage.Interface, with the cached object as the first
// guess.
func (s *Store) GuaranteedUpdate(ctx context.Context, key string, destination runtime.Object, ignoreNotFound bool,
	preconditions *storage.Preconditions, tryUpdate storage.UpdateFunc, cachedExistingObject runtime.Object) error {
	return s.cached.GuaranteedUpdate(ctx, key, destination, ignoreNotFound, preconditions, tryUpdate, cachedExistingObject)
}

// Get implements storage.Interface. resourceVersion "" is a consistent read and goes
// upstream; "0" is served from the cache; any other version is served from the cache
// once the cache holds it, and upstream until then.
func (s *Store) Get(ctx context.Context, key string, opts storage.GetOptions, out runtime.Object) error {
	if s.consistentFromCache(opts.ResourceVersion) {
		opts.ResourceVersion = "0"
		return s.cached.Get(ctx, key, opts, out)
	}
	if s.fromCache(opts.ResourceVersion, "") {
		return s.cached.Get(ctx, key, opts, out)
	}
	return s.upstream.Get(ctx, key, opts, out)
}

// consistentFromCache reports whether a read at rv is a consistent read this kind
// serves as a read of the cache's current state (Config.ConsistentReadsFromCache).
func (s *Store) consistentFromCache(rv string) bool {
	return rv == "" && s.consistentReadsFromCache && s.cacher.Ready()
}

// fromCache decides where a read at resourceVersion rv with match goes.
func (s *Store) fromCache(rv string, match metav1.ResourceVersionMatch) bool {
	switch {
	case rv == "":
		return false // consistent: see docs/storage.md
	case !s.cacher.Ready():
		return false
	case rv == "0", match == metav1.ResourceVersionMatchExact:
		// Any revision, or one the cacher serves from a snapshot when it has one and
		// delegates otherwise.
		return true
	}
	parsed, err := s.versioner.ParseResourceVersion(rv)
	if err != nil {
		return true // the cacher answers with the same error as the kube-apiserver
	}
	return s.holds(parsed)
}

// GetList implements storage.Interface; see Get. A continued list goes where the cacher
// decides: the cache, when it holds a snapshot at the continue token's revision,
// upstream otherwise (both write the same tokens, keyed by the object's key after the
// resource prefix).
func (s *Store) GetList(ctx context.Context, key string, opts storage.ListOptions, listObj runtime.Object) error {
	if opts.Predicate.Continue == "" && s.consistentFromCache(opts.ResourceVersion) {
		opts.ResourceVersion, opts.ResourceVersionMatch = "0", ""
		return s.anyRevision.GetList(ctx, key, opts, listObj)
	}
	switch {
	case opts.Predicate.Continue != "" && s.cacher.Ready():
		return s.cached.GetList(ctx, key, opts, listObj)
	case opts.Predicate.Continue == "" && opts.ResourceVersion == "0" && s.cacher.Ready():
		return s.anyRevision.GetList(ctx, key, opts, listObj)
	case opts.Predicate.Continue == "" && s.fromCache(opts.ResourceVersion, opts.ResourceVersionMatch):
		return s.cached.GetList(ctx, key, opts, listObj)
	}
	return s.upstreamList(ctx, key, opts, listObj)
}

// upstreamList lists upstream. The list of one object (a name field selector) is asked
// as a list of its namespace with that selector, so that it carries the revision of the
// read rather than the object's own, as the kube-apiserver's does.
func (s *Store) upstreamList(ctx context.Context, key string, opts storage.ListOptions, listObj runtime.Object) error {
	if opts.Recursive {
		return s.upstream.GetList(ctx, key, opts, listObj)
	}
	parent, name := splitKey(key)
	byName := fields.OneTermEqualSelector("metadata.name", name)
	if opts.Predicate.Field != nil && !opts.Predicate.Field.Empty() {
		byName = fields.AndSelectors(opts.Predicate.Field, byName)
	}
	opts.Predicate.Field = byName
	opts.Recursive = true
	return s.upstream.GetList(ctx, parent, opts, listObj)
}

// splitKey splits "<parent>/<name>".
func splitKey(key string) (parent, name string) {
	for i := len(key) - 1; i >= 0; i-- {
		if key[i] == '/' {
			return key[:i], key[i+1:]
		}
	}
	return "", key
}

// Watch implements storage.Interface. Every watch is served by the cache. A watch that
// starts with the current state (sendInitialEvents, or resourceVersion unset) gets that
// state from a list routed as GetList routes it (so resourceVersion "" is a consistent
// read upstream) and its events from the cache from the list's revision on.
func (s *Store) Watch(ctx context.Context, key string, opts storage.ListOptions) (watch.Interface, error) {
	initialEvents := opts.SendInitialEvents != nil && *opts.SendInitialEvents
	if initialEvents || (opts.SendInitialEvents == nil && opts.ResourceVersion == "") {
		return s.listThenWatch(ctx, key, opts)
	}
	return s.cached.Watch(ctx, key, opts)
}

// Stats implements storage.Interface with the cache's object count once it is ready.
// The registry asks every minute per kind, for apiserver_storage_objects and for
// priority and fairness's cost of a LIST; upstream, each answer is a list of the
// whole kind.
func (s *Store) Stats(ctx context.Context) (storage.Stats, error) {
	if !s.cacher.Ready() {
		return s.upstream.Stats(ctx)
	}
	return storage.Stats{ObjectCount: s.source.count.Load()}, nil
}

// ReadinessCheck implements storage.Interface: ready when the upstream storage is and
// the cache has completed its initial list.
func (s *Store) ReadinessCheck() error {
	if err := s.upstream.ReadinessCheck(); err != nil {
		return err
	}
	return s.cached.ReadinessCheck()
}

// GetCurrentResourceVersion implements storage.Interface.
func (s *Store) GetCurrentResourceVersion(ctx context.Context) (uint64, error) {
	return s.upstream.GetCurrentResourceVersion(ctx)
}

// RequestWatchProgress implements storage.Interface.
func (s *Store) RequestWatchProgress(ctx context.Context) error {
	return s.upstream.RequestWatchProgress(ctx)
}

// EnableResourceSizeEstimation implements storage.Interface.
func (s *Store) EnableResourceSizeEstimation(keys storage.KeysFunc) error {
	return s.upstream.EnableResourceSizeEstimation(keys)
}

// CompactRevision implements storage.Interface.
func (s *Store) CompactRevision() int64 { return s.cached.CompactRevision() }

func listResourceVersion(list runtime.Object) string {
	accessor, err := meta.ListAccessor(list)
	if err != nil {
		return ""
	}
	return accessor.GetResourceVersion()
}
