package e2e

import (
	"bytes"
	osexec "os/exec"
	"sync"
	"testing"

	"github.com/calico-apiserver/calico-apiserver/test/controlplane"
)

// background is a kubectl command running alongside a test (e.g. a watch).
type background struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *background) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *background) output() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startKubectl starts kubectl in the background; it is stopped when the test ends.
func startKubectl(t *testing.T, args ...string) *background {
	t.Helper()
	b := &background{}
	cmd := osexec.Command(controlplane.Kubectl, append([]string{"--kubeconfig=" + cp.Kubeconfig}, args...)...)
	cmd.Stdout = b
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	return b
}
