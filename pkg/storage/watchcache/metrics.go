package watchcache

import (
	"sync"

	"k8s.io/apimachinery/pkg/runtime/schema"

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

// CachedObjects is the gauge of the objects cached for one resource, for a cache of
// another kind than this package's (pkg/storage/profile) to report in the same series.
func CachedObjects(resource schema.GroupResource) metrics.GaugeMetric {
	return cachedObjects.WithLabelValues(resource.Group, resource.Resource)
}

var registerMetrics sync.Once

func init() {
	registerMetrics.Do(func() { legacyregistry.MustRegister(cachedObjects) })
}
