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

// suiteNamespaces are the namespaces the suites put Pods in: the kube-apiserver stores a
// namespaced custom resource only in a namespace that exists.
func suiteNamespaces() []string {
	names := []string{"default", "test", "test-ns", "test-ns2", "first", "second", "third", "ns", "ns1", "ns2", "ns-foo",
		"other-ns-foo", "paging", "namespace", "1", "2", "3", "4"}
	for i := 1; i <= 5; i++ { // RunTestWatch: test-ns-<i>-<recursive>, and a "-bad" neighbour
		for _, recursive := range []string{"true", "false"} {
			ns := fmt.Sprintf("test-ns-%d-%s", i, recursive)
			names = append(names, ns, ns+"-bad")
		}
	}
	for i := 0; i <= 20; i++ { // RunTestNamespaceScoped{List,Watch}: t<i>-ns<j>
		for j := 1; j <= 3; j++ {
			names = append(names, fmt.Sprintf("t%d-ns%d", i, j))
		}
	}
	for i := 0; i < 30; i++ { // RunWatchSemantics: ns-<scenario>; RunTestWatchDispatchBookmarkEvents: other-ns-<case>
		names = append(names, fmt.Sprintf("ns-%d", i), fmt.Sprintf("other-ns-%d", i))
	}
	return names
}

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
	var manifest strings.Builder
	for _, ns := range suiteNamespaces() {
		fmt.Fprintf(&manifest, "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: %q\n", ns)
	}
	_, err := cp.Kubectl(ctx, strings.NewReader(manifest.String()), "apply", "-f", "-")
	return err
}
