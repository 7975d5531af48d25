package server

import (
	"runtime/debug"
	"testing"

	"github.com/spf13/pflag"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apiserver/pkg/features"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
)

// --memory-limit takes what operators write and what the downward API gives, and sets
// the Go heap's soft limit to its share when the server starts.
func TestMemoryLimitFlag(t *testing.T) {
	for _, tc := range []struct {
		arg   string
		bytes int64
		fails bool
	}{
		{arg: "512Mi", bytes: 512 << 20},
		{arg: "536870912", bytes: 512 << 20}, // limits.memory through the downward API
		{arg: "1G", bytes: 1_000_000_000},
		{arg: "lots", fails: true},
	} {
		o := NewOptions()
		fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
		o.AddFlags(fs)
		err := fs.Parse([]string{"--memory-limit=" + tc.arg})
		if tc.fails {
			if err == nil {
				t.Errorf("--memory-limit=%s accepted", tc.arg)
			}
			continue
		}
		if err != nil || o.MemoryLimit != tc.bytes {
			t.Errorf("--memory-limit=%s: %d bytes, %v; want %d", tc.arg, o.MemoryLimit, err, tc.bytes)
		}
	}

	o := NewOptions()
	o.MemoryLimit = -1
	if errs := o.validateMemory(); len(errs) != 1 {
		t.Errorf("a negative limit: %v", errs)
	}

	previous := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(previous)
	o.MemoryLimit = 512 << 20
	o.applyMemoryLimit()
	if got, want := debug.SetMemoryLimit(-1), int64(float64(o.MemoryLimit)*gcShareOfMemoryLimit); got != want {
		t.Errorf("soft limit %d, want %d", got, want)
	}
}

// The cacher's list snapshots are off by default and --feature-gates turns them on.
func TestListFromCacheSnapshotIsOffByDefault(t *testing.T) {
	if utilfeature.DefaultFeatureGate.Enabled(features.ListFromCacheSnapshot) {
		t.Error("ListFromCacheSnapshot is on by default")
	}
	o := NewOptions()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	o.AddFlags(fs)
	if err := fs.Parse([]string{"--feature-gates=ListFromCacheSnapshot=true"}); err != nil {
		t.Fatal(err)
	}
	if err := o.ServerRun.ComponentGlobalsRegistry.Set(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		utilruntime.Must(utilfeature.DefaultMutableFeatureGate.SetFromMap(map[string]bool{string(features.ListFromCacheSnapshot): false}))
	}()
	if !utilfeature.DefaultFeatureGate.Enabled(features.ListFromCacheSnapshot) {
		t.Error("--feature-gates=ListFromCacheSnapshot=true did not turn it on")
	}
}
