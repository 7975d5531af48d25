package e2e

import (
	"strings"
	"testing"
)

// Kinds that Calico's components write (ClusterInformation, BlockAffinity) are served
// read-only: objects written in Calico's layout are readable through v3, and every
// write through v3 is one clear 405 MethodNotSupported.
func TestReadOnlyKinds(t *testing.T) {
	written := `apiVersion: crd.projectcalico.org/v1
kind: BlockAffinity
metadata:
  name: worker-1-10-244-7-64-26
  labels:
    projectcalico.org/affinity-type: host
    projectcalico.org/ip-version: "4"
  annotations:
    projectcalico.org/metadata: '{"creationTimestamp":null,"labels":{"projectcalico.org/affinity-type":"host","projectcalico.org/ip-version":"4"}}'
spec:
  cidr: 10.244.7.64/26
  deleted: "false"
  node: worker-1
  state: confirmed
  type: host
---
apiVersion: crd.projectcalico.org/v1
kind: ClusterInformation
metadata:
  name: e2e-info
  annotations:
    projectcalico.org/metadata: '{"creationTimestamp":null}'
spec:
  clusterGUID: 0123456789abcdef0123456789abcdef
  clusterType: k8s,kdd
  datastoreReady: true
`
	if _, err := kubectlIn(t, written, "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "blockaffinities.crd.projectcalico.org", "worker-1-10-244-7-64-26", "--ignore-not-found")
		_, _ = kubectlErr("delete", "clusterinformations.crd.projectcalico.org", "e2e-info", "--ignore-not-found")
	})

	affinity := getJSON(t, "get", "blockaffinities.projectcalico.org", "worker-1-10-244-7-64-26")
	if field(affinity, "spec", "deleted") != false || field(affinity, "spec", "state") != "confirmed" || field(affinity, "spec", "cidr") != "10.244.7.64/26" {
		t.Errorf("BlockAffinity spec served as %v (deleted must be the boolean false)", field(affinity, "spec"))
	}
	if got := kubectl(t, "get", "affinity", "-l", "projectcalico.org/ip-version=4", "-o", "name"); !strings.Contains(got, "worker-1-10-244-7-64-26") {
		t.Errorf("kubectl get affinity -l ...: %q", got)
	}
	if got := kubectl(t, "get", "clusterinfo", "e2e-info", "-o", "jsonpath={.spec.clusterGUID}"); got != "0123456789abcdef0123456789abcdef" {
		t.Errorf("ClusterInformation clusterGUID = %q", got)
	}

	writes := [][]string{
		{"delete", "blockaffinities.projectcalico.org", "worker-1-10-244-7-64-26"},
		{"delete", "clusterinformations.projectcalico.org", "e2e-info"},
		{"label", "clusterinformations.projectcalico.org", "e2e-info", "x=y"},
	}
	for _, args := range writes {
		if _, err := kubectlErr(args...); err == nil || !strings.Contains(err.Error(), "MethodNotAllowed") && !strings.Contains(err.Error(), "not supported") {
			t.Errorf("kubectl %v: %v, want 405 MethodNotSupported", args, err)
		}
	}
	create := `apiVersion: projectcalico.org/v3
kind: ClusterInformation
metadata: {name: other}
spec: {clusterGUID: x}
`
	if _, err := kubectlIn(t, create, "create", "-f", "-"); err == nil || !strings.Contains(err.Error(), "not supported") && !strings.Contains(err.Error(), "MethodNotAllowed") {
		t.Errorf("create of a ClusterInformation: %v, want 405", err)
	}
	// Nothing changed in storage.
	if got := kubectl(t, "get", "blockaffinities.crd.projectcalico.org", "worker-1-10-244-7-64-26", "-o", "jsonpath={.spec.deleted}"); got != "false" {
		t.Errorf("stored deleted = %q", got)
	}
}
