package coalesce

import (
	"sync"

	"k8s.io/component-base/metrics"
	"k8s.io/component-base/metrics/legacyregistry"
)

// sharedLists counts the consistent lists answered by an upstream read another request
// started: what coalescing saved.
var sharedLists = metrics.NewCounter(&metrics.CounterOpts{
	Namespace:      "calico_apiserver",
	Name:           "shared_consistent_lists_total",
	Help:           "Consistent LISTs answered by an upstream read shared with an identical concurrent LIST, instead of one of their own.",
	StabilityLevel: metrics.ALPHA,
})

var registerMetrics sync.Once

func init() {
	registerMetrics.Do(func() { legacyregistry.MustRegister(sharedLists) })
}
