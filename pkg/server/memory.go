package server

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/pflag"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/klog/v2"
)

// gcShareOfMemoryLimit is the part of --memory-limit given to the Go heap as its soft
// limit; the rest is for what the collector does not count toward it (stacks of
// thousands of watch goroutines, fragmentation) and headroom.
const gcShareOfMemoryLimit = 0.85

// memoryLimit is the --memory-limit flag: a Kubernetes quantity ("512Mi", or the plain
// bytes the downward API gives for limits.memory).
type memoryLimit struct{ bytes *int64 }

func (m memoryLimit) String() string {
	if m.bytes == nil || *m.bytes == 0 {
		return ""
	}
	return resource.NewQuantity(*m.bytes, resource.BinarySI).String()
}

func (m memoryLimit) Set(value string) error {
	q, err := resource.ParseQuantity(value)
	if err != nil {
		return fmt.Errorf("a quantity such as 512Mi: %w", err)
	}
	*m.bytes = q.Value()
	return nil
}

func (memoryLimit) Type() string { return "quantity" }

// addMemoryFlags adds --memory-limit.
func (o *Options) addMemoryFlags(fs *pflag.FlagSet) {
	fs.Var(memoryLimit{&o.MemoryLimit}, "memory-limit", fmt.Sprintf(
		"The memory limit of this server's container (e.g. 512Mi; the deployment passes limits.memory). "+
			"The Go garbage collector then keeps the heap under %.0f%% of it, collecting more often as it nears it, "+
			"instead of letting it grow to twice the live data before a collection: a burst of large LISTs then "+
			"costs CPU rather than an out-of-memory kill. Unset: the Go runtime's default (GOMEMLIMIT, if set).",
		gcShareOfMemoryLimit*100))
}

func (o *Options) validateMemory() []error {
	if o.MemoryLimit < 0 {
		return []error{fmt.Errorf("--memory-limit must not be negative")}
	}
	return nil
}

// applyMemoryLimit sets the Go runtime's soft memory limit from --memory-limit; it is
// process-wide, so it is set once, when the server starts.
func (o *Options) applyMemoryLimit() {
	if o.MemoryLimit <= 0 {
		return
	}
	soft := int64(float64(o.MemoryLimit) * gcShareOfMemoryLimit)
	debug.SetMemoryLimit(soft)
	klog.InfoS("Go heap soft limit set", "memoryLimit", o.MemoryLimit, "heapSoftLimit", soft)
}
