package profile

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/apiserver/pkg/storage/storagebackend/factory"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/component-base/metrics"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// The history's bounds: the kube-apiserver's watch cache keeps 75 s of events
// (cacher.DefaultEventFreshDuration); at most 100,000 (its largest capacity), at least
// 100 however old, so that a quiet cluster still resumes watches after a minute.
const (
	historyWindow    = 75 * time.Second
	historyMinEvents = 100
	historyMaxEvents = 100 * 1024
	// bookmarkInterval is how often an idle watch that allows bookmarks gets one, as
	// the kube-apiserver's watch cache sends them (about once a minute).
	bookmarkInterval = time.Minute
)

// Cache is the Profile storage served from memory: one list and watch of Namespaces and
// one of ServiceAccounts per server (client-go reflectors, feeding the history), shared
// by every Profile reader and watcher. It answers what a cache can answer soundly and
// hands the rest to the upstream Profile storage (docs/storage.md):
//
//   - WATCH from a composite revision "<n>/<s>": every event of either source after its
//     half, from the history; 410 Gone when either half is older than the history;
//     from "0", or with initial events: the state as ADDED events, then events.
//   - GET / LIST at "0", or not older than a revision the cache holds: from memory.
//   - consistent reads (resourceVersion ""), Exact reads, and everything until both
//     sources have been listed once: upstream.
//
// k8s.io/apiserver's cacher cannot do this: it orders a kind's events by one revision,
// and a profile's version joins two.
type Cache struct {
	upstream storage.Interface
	prefix   string
	// defaultAllow is the built-in profile as the upstream storage serves it, so that
	// both answer the same object.
	defaultAllow  *v3.Profile
	history       *history
	bookmarkEvery time.Duration

	stopped chan struct{}
	cancel  context.CancelFunc
	feeds   sync.WaitGroup
}

var _ storage.Interface = &Cache{}

// NewCache starts the Profile cache over the sources that core reaches; upstream is the
// Profile storage it falls back to (NewStore), keyPrefix the registry's key prefix and
// objects the gauge of the profiles it holds. The returned function stops it.
func NewCache(upstream storage.Interface, core corev1client.CoreV1Interface, keyPrefix string, objects metrics.GaugeMetric) (*Cache, factory.DestroyFunc, error) {
	prefix := strings.TrimSuffix(keyPrefix, "/") + "/"
	builtin := &v3.Profile{}
	if err := upstream.Get(context.Background(), prefix+DefaultAllowName, storage.GetOptions{}, builtin); err != nil {
		return nil, nil, fmt.Errorf("the built-in profile: %w", err)
	}
	c := newCache(upstream, prefix, builtin, newHistory(historyWindow, historyMinEvents, historyMaxEvents, objects), bookmarkInterval)
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	sources := [halves]*cache.ListWatch{
		namespaces: {
			ListWithContextFunc: func(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error) {
				return core.Namespaces().List(ctx, opts)
			},
			WatchFuncWithContext: func(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
				return core.Namespaces().Watch(ctx, opts)
			},
		},
		serviceAccounts: {
			ListWithContextFunc: func(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error) {
				return core.ServiceAccounts(metav1.NamespaceAll).List(ctx, opts)
			},
			WatchFuncWithContext: func(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
				return core.ServiceAccounts(metav1.NamespaceAll).Watch(ctx, opts)
			},
		},
	}
	types := [halves]runtime.Object{namespaces: &corev1.Namespace{}, serviceAccounts: &corev1.ServiceAccount{}}
	for source, lw := range sources {
		reflector := cache.NewReflectorWithOptions(lw, types[source], newFeed(c.history, half(source)),
			cache.ReflectorOptions{Name: "profiles/" + half(source).String()})
		c.feeds.Add(1)
		go func() {
			defer c.feeds.Done()
			reflector.RunWithContext(ctx)
		}()
	}
	var once sync.Once
	return c, func() {
		once.Do(func() {
			cancel()
			close(c.stopped)
			c.feeds.Wait()
		})
	}, nil
}

func newCache(upstream storage.Interface, prefix string, builtin *v3.Profile, h *history, bookmarkEvery time.Duration) *Cache {
	return &Cache{
		upstream: upstream, prefix: prefix, defaultAllow: builtin, history: h, bookmarkEvery: bookmarkEvery,
		stopped: make(chan struct{}),
	}
}

// name extracts the profile name from a registry key ("<prefix>/<name>").
func (c *Cache) name(key string) (string, error) {
	name, ok := strings.CutPrefix(key, c.prefix)
	if !ok || name == "" || strings.Contains(name, "/") {
		return "", fmt.Errorf("key %q does not address a profile", key)
	}
	return name, nil
}

// holds reports whether a read at resourceVersion rv with match may be served from
// memory: the cache is ready, and rv is "0" or both halves are revisions the feeds have
// delivered (an absent half asks for nothing). Parse errors are the upstream's to answer.
func (c *Cache) holds(rv string, match metav1.ResourceVersionMatch) bool {
	switch {
	case rv == "", match == metav1.ResourceVersionMatchExact, !c.history.ready():
		return false
	case rv == "0":
		return true
	}
	at, known, err := parseRevision(rv)
	if err != nil {
		return false
	}
	reached := c.history.reached()
	for source := range at {
		if known[source] && at[source] > reached[source] {
			return false
		}
	}
	return true
}

// lookup finds the profile named name in memory, and the revision of the read.
func (c *Cache) lookup(name string) (*v3.Profile, revision) {
	src, err := parseName(name)
	switch {
	case err != nil:
		return nil, c.history.reached()
	case src.defaultAllow:
		return c.defaultAllow, c.history.reached()
	case src.serviceAccount != "":
		return c.history.get(serviceAccounts, name)
	default:
		return c.history.get(namespaces, name)
	}
}

// Get implements storage.Interface; see Cache.
func (c *Cache) Get(ctx context.Context, key string, opts storage.GetOptions, out runtime.Object) error {
	if !c.holds(opts.ResourceVersion, "") {
		return c.upstream.Get(ctx, key, opts, out)
	}
	name, err := c.name(key)
	if err != nil {
		return err
	}
	p, _ := c.lookup(name)
	if p == nil {
		if opts.IgnoreNotFound {
			return runtime.SetZeroValue(out)
		}
		return storage.NewKeyNotFoundError(key, 0)
	}
	*out.(*v3.Profile) = *p
	return nil
}

// GetList implements storage.Interface; see Cache. A list from memory is the built-in
// profile, then every source's profile by name, at the composite revision both feeds
// had reached; a list of one profile (by name) carries that revision too.
func (c *Cache) GetList(ctx context.Context, key string, opts storage.ListOptions, listObj runtime.Object) error {
	if opts.Predicate.Continue != "" || !c.holds(opts.ResourceVersion, opts.ResourceVersionMatch) {
		return c.upstream.GetList(ctx, key, opts, listObj)
	}
	keep, err := c.selection(key, opts)
	if err != nil {
		return err
	}
	list := listObj.(*v3.ProfileList)
	profiles, at := c.history.snapshot(keep)
	list.Items = make([]v3.Profile, 0, len(profiles)+1)
	if keep(c.defaultAllow) {
		list.Items = append(list.Items, *c.defaultAllow)
	}
	for _, p := range profiles {
		list.Items = append(list.Items, *p)
	}
	list.ResourceVersion = at.at.String()
	return nil
}

// selection is what a list or watch of key with opts selects: its predicate, and for a
// key that names one profile, that profile only.
func (c *Cache) selection(key string, opts storage.ListOptions) (func(*v3.Profile) bool, error) {
	name := ""
	if !opts.Recursive {
		var err error
		if name, err = c.name(key); err != nil {
			return nil, err
		}
	}
	predicate := opts.Predicate
	return func(p *v3.Profile) bool {
		if name != "" && p.Name != name {
			return false
		}
		ok, err := predicate.Matches(p)
		return err == nil && ok
	}, nil
}

// Watch implements storage.Interface; see Cache. Until both sources are listed the
// upstream storage serves the watch (one upstream watch of each source per watch).
func (c *Cache) Watch(ctx context.Context, key string, opts storage.ListOptions) (watch.Interface, error) {
	if !c.history.ready() {
		return c.upstream.Watch(ctx, key, opts)
	}
	keep, err := c.selection(key, opts)
	if err != nil {
		return nil, err
	}
	initialEvents := opts.SendInitialEvents != nil && *opts.SendInitialEvents
	switch {
	case initialEvents || (opts.SendInitialEvents == nil && opts.ResourceVersion == ""):
		return c.listThenWatch(ctx, key, opts, keep)
	case opts.ResourceVersion == "0", opts.ResourceVersion == "":
		// The current state (as ADDED events unless sendInitialEvents=false), then
		// events; "" gets here only with sendInitialEvents=false: events from now on.
		profiles, at := c.history.snapshot(keep)
		if opts.SendInitialEvents != nil {
			profiles = nil
		} else if keep(c.defaultAllow) {
			profiles = append([]*v3.Profile{c.defaultAllow}, profiles...)
		}
		return c.start(opts, keep, at, profiles, false), nil
	}
	at, known, err := parseRevision(opts.ResourceVersion)
	if err != nil {
		return nil, apierrors.NewBadRequest(err.Error())
	}
	if err := c.complete(&at, known, key, opts); err != nil {
		return newErrWatch(watch.Event{Type: watch.Error, Object: &apierrors.NewResourceExpired(err.Error()).ErrStatus}), nil
	}
	from, err := c.history.from(at)
	if err != nil {
		var status apierrors.APIStatus
		if errors.As(err, &status) {
			s := status.Status()
			return newErrWatch(watch.Event{Type: watch.Error, Object: &s}), nil
		}
		return nil, err
	}
	return c.start(opts, keep, from, nil, false), nil
}

// complete fills the halves of a watch's revision that the client did not give. A list
// of one profile, or a read of it, carries only its own source's half: a watch of that
// profile needs no other. Any other watch missing a half cannot know which events the
// client has seen, and must list again (410 Gone, as for a revision too old).
func (c *Cache) complete(at *revision, known [halves]bool, key string, opts storage.ListOptions) error {
	if known[namespaces] && known[serviceAccounts] {
		return nil
	}
	var needed [halves]bool
	if opts.Recursive {
		needed = [halves]bool{true, true}
	} else if name, err := c.name(key); err == nil {
		if src, err := parseName(name); err == nil && !src.defaultAllow {
			if src.serviceAccount != "" {
				needed[serviceAccounts] = true
			} else {
				needed[namespaces] = true
			}
		}
	}
	reached := c.history.reached()
	for source := range at {
		switch {
		case known[source]:
		case needed[source]:
			return fmt.Errorf("resourceVersion %q has no %s revision; list again", opts.ResourceVersion, half(source))
		default:
			at[source] = reached[source]
		}
	}
	return nil
}

// listThenWatch serves a watch that starts with the current state, as the watch cache
// of every other kind does (watchcache.listThenWatch): a list routed as GetList routes
// it (consistent upstream for resourceVersion ""), sent as ADDED events, the bookmark
// that ends the initial events when the client asked for bookmarks, then the history's
// events after the list's revision.
func (c *Cache) listThenWatch(ctx context.Context, key string, opts storage.ListOptions, keep func(*v3.Profile) bool) (watch.Interface, error) {
	listOpts := storage.ListOptions{ResourceVersion: opts.ResourceVersion, Predicate: opts.Predicate, Recursive: opts.Recursive}
	listOpts.Predicate.Limit, listOpts.Predicate.Continue = 0, ""
	if opts.ResourceVersion != "" && opts.ResourceVersion != "0" {
		listOpts.ResourceVersionMatch = metav1.ResourceVersionMatchNotOlderThan
	}
	list := &v3.ProfileList{}
	if err := c.GetList(ctx, key, listOpts, list); err != nil {
		return nil, err
	}
	at := c.history.reached()
	if list.ResourceVersion != "" {
		// Only the list of one profile that does not exist has no version: it is then
		// watched from what the feeds reached.
		var known [halves]bool
		var err error
		if at, known, err = parseRevision(list.ResourceVersion); err != nil {
			return nil, apierrors.NewInternalError(err)
		}
		if err := c.complete(&at, known, key, opts); err != nil {
			return nil, apierrors.NewInternalError(err)
		}
	}
	from, err := c.history.from(at)
	if err != nil {
		// The list is older than the history (it cannot be, unless a source was just
		// listed again): the client retries.
		return nil, apierrors.NewTooManyRequests(fmt.Sprintf("profile cache: %v", err), 1)
	}
	initial := make([]*v3.Profile, len(list.Items))
	for i := range list.Items {
		initial[i] = &list.Items[i]
	}
	return c.start(opts, keep, from, initial, opts.Predicate.AllowWatchBookmarks), nil
}

func (c *Cache) start(opts storage.ListOptions, keep func(*v3.Profile) bool, from cursor, initial []*v3.Profile, endBookmark bool) watch.Interface {
	w := newCacheWatch(c.history, keep, opts, c.bookmarkEvery, c.stopped, from)
	go w.run(initial, endBookmark)
	return w
}

// Versioner implements storage.Interface, as the upstream storage.
func (c *Cache) Versioner() storage.Versioner { return c.upstream.Versioner() }

// Create implements storage.Interface; profiles cannot be written.
func (c *Cache) Create(context.Context, string, runtime.Object, runtime.Object, uint64) error {
	return errReadOnly
}

// Delete implements storage.Interface; profiles cannot be written.
func (c *Cache) Delete(context.Context, string, runtime.Object, *storage.Preconditions, storage.ValidateObjectFunc,
	runtime.Object, storage.DeleteOptions) error {
	return errReadOnly
}

// GuaranteedUpdate implements storage.Interface; profiles cannot be written.
func (c *Cache) GuaranteedUpdate(context.Context, string, runtime.Object, bool, *storage.Preconditions,
	storage.UpdateFunc, runtime.Object) error {
	return errReadOnly
}

// Stats implements storage.Interface: counted in memory once ready.
func (c *Cache) Stats(ctx context.Context) (storage.Stats, error) {
	if !c.history.ready() {
		return c.upstream.Stats(ctx)
	}
	return storage.Stats{ObjectCount: int64(c.history.count())}, nil
}

// ReadinessCheck implements storage.Interface: ready once both sources are listed.
func (c *Cache) ReadinessCheck() error {
	if !c.history.ready() {
		return errors.New("the profile cache has not yet listed namespaces and serviceaccounts")
	}
	return c.upstream.ReadinessCheck()
}

// GetCurrentResourceVersion implements storage.Interface, as the upstream storage.
func (c *Cache) GetCurrentResourceVersion(ctx context.Context) (uint64, error) {
	return c.upstream.GetCurrentResourceVersion(ctx)
}

// RequestWatchProgress implements storage.Interface, as the upstream storage.
func (c *Cache) RequestWatchProgress(ctx context.Context) error {
	return c.upstream.RequestWatchProgress(ctx)
}

// EnableResourceSizeEstimation implements storage.Interface; nothing to estimate.
func (c *Cache) EnableResourceSizeEstimation(storage.KeysFunc) error { return nil }

// CompactRevision implements storage.Interface: unknown.
func (c *Cache) CompactRevision() int64 { return 0 }
