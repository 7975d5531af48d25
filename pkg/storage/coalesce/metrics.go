package coalesce

import (
	"sync"

	"k8s.io/component-base/metrics"
	"k8s.io/component-base/metrics/legacyregistry"
)

// sharedLists counts the lists answered by a read another request started: what
// coalescing saved.
var sharedLists = metrics.NewCounter(&metrics.CounterOpts{
	Namespace:      "calico_apiserver",
	Name:           "shared_lists_total",
	Help:           "LISTs answered by a read shared with an identical concurrent LIST (upstream for consistent LISTs, of the watch cache for resourceVersion=0), instead of one of their own.",
	StabilityLevel: metrics.ALPHA,
})

var registerMetrics sync.Once

func init() {
	registerMetrics.Do(func() { legacyregistry.MustRegister(sharedLists) })
}
