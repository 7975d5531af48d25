// Package storage runs the storage conformance tests of k8s.io/apiserver
// (k8s.io/apiserver/pkg/storage/testing) against the CRD store on a real control plane,
// started once for this test binary. The suites store example Pods: here they are
// custom resources pods.crd.projectcalico.org, installed for the run.
package storage

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/calico-apiserver/calico-apiserver/test/controlplane"
)

var cp *controlplane.ControlPlane

// podsCRD stores the suites' example Pods, whatever their content.
const podsCRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: pods.crd.projectcalico.org
spec:
  group: crd.projectcalico.org
  names: {kind: Pod, listKind: PodList, plural: pods, singular: pod}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`

// namespaces are the ones the suites put Pods in.
var namespaces = []string{"test-ns", "test-ns2", "first", "second", "third", "ns", "ns1", "ns2", "paging", "1", "2", "3", "4"}

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	binDir, err := os.MkdirTemp("", "calico-apiserver-storage-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(binDir)
	serverBinary := filepath.Join(binDir, "calico-apiserver")
	build := exec.Command("go", "build", "-o", serverBinary, "./cmd/calico-apiserver")
	build.Dir, build.Stdout, build.Stderr = root, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building calico-apiserver:", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	cp, err = controlplane.Start(ctx, controlplane.Options{
		RepoRoot: root, CRDDir: filepath.Join(root, "artifacts", "crds"), ServerBinary: serverBinary, Log: os.Stderr,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer cp.Stop()
	if err := setUp(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

func setUp(ctx context.Context) error {
	if _, err := cp.Kubectl(ctx, strings.NewReader(podsCRD), "apply", "-f", "-"); err != nil {
		return err
	}
	if _, err := cp.Kubectl(ctx, nil, "wait", "--for=condition=Established", "--timeout=60s", "crd/pods.crd.projectcalico.org"); err != nil {
		return err
	}
	for _, ns := range namespaces {
		if _, err := cp.Kubectl(ctx, nil, "create", "namespace", ns); err != nil && !strings.Contains(err.Error(), "AlreadyExists") {
			return err
		}
	}
	return nil
}
