package tier

import (
	"sync"

	"k8s.io/component-base/metrics"
	"k8s.io/component-base/metrics/legacyregistry"
)

// Values of the result label: answered from the decision cache, or by a
// SubjectAccessReview through the delegated authorizer (which may itself answer from
// its own webhook cache).
const (
	resultCacheHit = "cache_hit"
	resultSAR      = "sar"
)

// checks counts the authorization decisions tier checks need, served at /metrics:
// `make bench` divides the sar count by the requests it made.
var checks = metrics.NewCounterVec(&metrics.CounterOpts{
	Namespace:      "calico_apiserver",
	Subsystem:      "tier_authorization",
	Name:           "checks_total",
	Help:           "Authorization decisions made for tiered policy access, by result: cache_hit (decision cache) or sar (asked the delegated authorizer, one SubjectAccessReview at most).",
	StabilityLevel: metrics.ALPHA,
}, []string{"result"})

var registerOnce sync.Once

func registerMetrics() {
	registerOnce.Do(func() { legacyregistry.MustRegister(checks) })
}
