// Package e2e drives the real kubectl against a local control plane (real etcd,
// kube-apiserver and kube-controller-manager, and this project's server behind its
// APIService). The control plane starts once for the whole run, in TestMain.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/calico-apiserver/calico-apiserver/test/controlplane"
)

// cp is the control plane every test of the run shares; serverBinary is the
// calico-apiserver it runs, built for this run.
var (
	cp           *controlplane.ControlPlane
	serverBinary string
)

func TestMain(m *testing.M) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(controlplane.RunTests(m, controlplane.TestMainOptions{
		RepoRoot: root,
		// E2E_CRD_DIR runs the suite on other CRDs, e.g. Calico's own.
		CRDDir: os.Getenv("E2E_CRD_DIR"),
		Setup:  func(c *controlplane.ControlPlane, binary string) { cp, serverBinary = c, binary },
	}))
}

// kubectl runs kubectl as the cluster admin and fails the test on error.
func kubectl(t *testing.T, args ...string) string {
	t.Helper()
	out, err := kubectlErr(args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// kubectlErr runs kubectl as the cluster admin.
func kubectlErr(args ...string) (string, error) {
	out, err := cp.Kubectl(context.Background(), nil, args...)
	return string(out), err
}

// kubectlApply pipes a manifest into kubectl (apply -f -, create -f -, ...).
func kubectlIn(t *testing.T, manifest string, args ...string) (string, error) {
	t.Helper()
	out, err := cp.Kubectl(context.Background(), strings.NewReader(manifest), args...)
	return string(out), err
}

// getJSON runs kubectl get ... -o json and decodes the result.
func getJSON(t *testing.T, args ...string) map[string]interface{} {
	t.Helper()
	out := kubectl(t, append(args, "-o", "json")...)
	var obj map[string]interface{}
	if err := json.Unmarshal([]byte(out), &obj); err != nil {
		t.Fatalf("decoding %q: %v", out, err)
	}
	return obj
}

// field walks a decoded JSON object along path.
func field(obj interface{}, path ...string) interface{} {
	for _, p := range path {
		m, ok := obj.(map[string]interface{})
		if !ok {
			return nil
		}
		obj = m[p]
	}
	return obj
}

// eventually retries check until it passes or timeout expires.
func eventually(t *testing.T, timeout time.Duration, check func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %v", timeout, err)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// readLines reads a file's lines, for the audit log.
func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	return strings.Split(string(bytes.TrimSpace(data)), "\n"), nil
}
