package server

import (
	"runtime/debug"
	"testing"

	"github.com/spf13/pflag"
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
