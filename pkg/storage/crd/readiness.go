package crd

import (
	"context"
	"sync"
	"time"
)

// readinessInterval is how old the last answer from the kube-apiserver may be before
// ReadinessCheck asks again.
const readinessInterval = 5 * time.Second

// readiness knows whether the kube-apiserver serves this store's custom resources:
// from every answer the store gets, and, when those are older than readinessInterval,
// from a probe of its own, run in the background so that ReadinessCheck never waits.
type readiness struct {
	probe func(context.Context) error

	mu      sync.Mutex
	err     error
	checked time.Time
	probing bool
}

func newReadiness(probe func(context.Context) error) *readiness {
	return &readiness{probe: probe}
}

// observe records an answer of the kube-apiserver: a missing resource makes the store
// unready, any other answer shows the resource is served.
func (r *readiness) observe(err error) {
	if err != nil && !isMissingResource(err) {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.err, r.checked = err, time.Now()
}

// check returns the last known state; the first call probes synchronously.
func (r *readiness) check() error {
	r.mu.Lock()
	if r.checked.IsZero() {
		r.mu.Unlock()
		r.run()
		r.mu.Lock()
	} else if time.Since(r.checked) > readinessInterval && !r.probing {
		r.probing = true
		go r.run()
	}
	defer r.mu.Unlock()
	return r.err
}

// resourceMissing reports whether the kube-apiserver lacks the resource, asking it
// first when the last answer is older than readinessInterval.
func (r *readiness) resourceMissing() bool {
	r.mu.Lock()
	stale := time.Since(r.checked) > readinessInterval
	r.mu.Unlock()
	if stale {
		r.run()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return isMissingResource(r.err)
}

func (r *readiness) run() {
	ctx, cancel := context.WithTimeout(context.Background(), readinessInterval)
	defer cancel()
	err := r.probe(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.probing = false
	// An unreachable kube-apiserver makes the store unready too.
	r.err, r.checked = err, time.Now()
}

// probe asks the kube-apiserver for (at most) one custom resource from its cache.
func (s *Store) probe(ctx context.Context) error {
	_, err := doRaw(ctx, s.client.Get().Resource(s.resource.CRDResource).Param("resourceVersion", "0").Param("limit", "1"))
	return err
}

// ReadinessCheck implements storage.Interface: the store is ready while the
// kube-apiserver serves its custom resources (their CRD is installed and established).
func (s *Store) ReadinessCheck() error {
	if err := s.readiness.check(); err != nil {
		return s.storageError(err, s.prefix)
	}
	return nil
}
