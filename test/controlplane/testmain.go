package controlplane

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMainOptions say how RunTests starts the control plane of a test binary.
type TestMainOptions struct {
	// RepoRoot is the checkout, whose server is built and whose artifacts are used.
	RepoRoot string
	// CRDDir holds the CRDs to install; empty means RepoRoot/artifacts/crds.
	CRDDir string
	// Setup receives the running control plane and the server binary before the tests
	// run.
	Setup func(cp *ControlPlane, serverBinary string)
}

// RunTests is a TestMain of a test binary that shares one control plane among all its
// tests: it builds this checkout's server (hack/build.sh, as `make build` does), starts
// the control plane, runs the tests, prints the last lines of the server's and the
// kube-apiserver's logs when a test failed, and stops everything. It returns the exit
// code for os.Exit.
//
// A fuzzing worker (go test -fuzz runs the test binary again for each) attaches to the
// control plane of the process that started it, named in its environment
// (AttachEnv), instead of starting its own.
func RunTests(m *testing.M, opts TestMainOptions) int {
	if attach := os.Getenv(AttachEnv); attach != "" {
		cp, err := attachTo(attach)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		opts.Setup(cp, "")
		return m.Run()
	}
	root := opts.RepoRoot
	crdDir := opts.CRDDir
	if crdDir == "" {
		crdDir = filepath.Join(root, "artifacts", "crds")
	}
	binDir, err := os.MkdirTemp("", "calico-apiserver-test-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(binDir)
	serverBinary := filepath.Join(binDir, "calico-apiserver")
	build := exec.Command("bash", "hack/build.sh", serverBinary)
	build.Dir, build.Stdout, build.Stderr = root, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building calico-apiserver:", err)
		return 1
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	fmt.Fprintf(os.Stderr, "starting the control plane (CRDs from %s)\n", crdDir)
	cp, err := Start(ctx, Options{
		RepoRoot: root, CRDDir: crdDir, ServerBinary: serverBinary, Log: os.Stderr,
		ControllerRBAC: filepath.Join(root, "artifacts", "rbac", "calico-tier-controllers.yaml"),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer cp.Stop()
	opts.Setup(cp, serverBinary)
	// For fuzzing workers, which inherit this environment.
	if err := os.Setenv(AttachEnv, strings.Join([]string{cp.Dir, cp.KubeAPIServerURL, cp.CalicoServerURL}, " ")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	code := m.Run()
	if code != 0 {
		// Leave the logs of a failed run for whoever reads the output.
		for _, name := range []string{"calico-apiserver", "kube-apiserver"} {
			if data, err := os.ReadFile(filepath.Join(cp.Dir, name+".log")); err == nil {
				fmt.Fprintf(os.Stderr, "---- last lines of %s.log ----\n%s\n", name, tail(data, 40))
			}
		}
	}
	return code
}

func tail(data []byte, lines int) string {
	all := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// AttachEnv names the environment variable through which a test binary's fuzzing
// workers find the control plane of the process that started them: its folder, the
// kube-apiserver's URL and calico-apiserver's URL.
const AttachEnv = "CALICO_APISERVER_TEST_CONTROLPLANE"

// attachTo returns the running control plane that value (of AttachEnv) names. It can
// send requests as the admin (AdminHTTPClient, Kubectl) but starts, stops and issues
// nothing.
func attachTo(value string) (*ControlPlane, error) {
	fields := strings.Fields(value)
	if len(fields) != 3 {
		return nil, fmt.Errorf("%s=%q: want folder, kube-apiserver URL and calico-apiserver URL", AttachEnv, value)
	}
	dir := fields[0]
	return &ControlPlane{
		Dir: dir, KubeAPIServerURL: fields[1], CalicoServerURL: fields[2],
		Kubeconfig: filepath.Join(dir, "kubeconfig"),
		pki: &pki{
			clusterCA: &certAuthority{certFile: filepath.Join(dir, "cluster-ca.crt")},
			admin:     keyPair{certFile: filepath.Join(dir, "admin.crt"), keyFile: filepath.Join(dir, "admin.key")},
		},
		log: io.Discard,
	}, nil
}
