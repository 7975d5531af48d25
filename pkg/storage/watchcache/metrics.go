package watchcache

import (
	"sync"

	"k8s.io/component-base/metrics"
	"k8s.io/component-base/metrics/legacyregistry"
)

// cachedObjects is the number of objects each kind's watch cache holds, for the bench
// and for operators sizing the server's memory. The cacher's own apiserver_watch_cache_*
// series cover events, capacity and revisions, not the object count.
var cachedObjects = metrics.NewGaugeVec(&metrics.GaugeOpts{
	Namespace:      "calico_apiserver",
	Subsystem:      "watch_cache",
	Name:           "objects",
	Help:           "Number of objects in the watch cache, by group and resource.",
	StabilityLevel: metrics.ALPHA,
}, []string{"group", "resource"})

var registerMetrics sync.Once

func init() {
	registerMetrics.Do(func() { legacyregistry.MustRegister(cachedObjects) })
}
