package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// KubeControllersConfiguration has a status subresource, as in Calico: status is
// written through /status only (and stored through the custom resource's own
// /status), while writes to the resource keep it.
func TestStatusSubresource(t *testing.T) {
	manifest := `apiVersion: projectcalico.org/v3
kind: KubeControllersConfiguration
metadata: {name: default}
spec: {logSeverityScreen: Info, controllers: {}}
status: {environmentVars: {IGNORED: "on create"}}
`
	if _, err := kubectlIn(t, manifest, "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = kubectlErr("delete", "kcc", "default", "--ignore-not-found") })
	if got := kubectl(t, "get", "kcc", "default", "-o", "jsonpath={.status}"); strings.Contains(got, "IGNORED") {
		t.Errorf("status set on create: %s", got)
	}

	kubectl(t, "patch", "kubecontrollersconfigurations.projectcalico.org", "default", "--subresource=status", "--type=merge",
		"-p", `{"status":{"environmentVars":{"DATASTORE_TYPE":"kubernetes"}},"spec":{"logSeverityScreen":"Debug"}}`)
	served := getJSON(t, "get", "kcc", "default")
	if got := field(served, "status", "environmentVars", "DATASTORE_TYPE"); got != "kubernetes" {
		t.Errorf("status after a /status patch = %v", field(served, "status"))
	}
	if got := field(served, "spec", "logSeverityScreen"); got != "Info" {
		t.Errorf("a /status patch changed spec.logSeverityScreen to %v", got)
	}
	stored := getJSON(t, "get", "kubecontrollersconfigurations.crd.projectcalico.org", "default")
	if got := field(stored, "status", "environmentVars", "DATASTORE_TYPE"); got != "kubernetes" {
		t.Errorf("stored status = %v", field(stored, "status"))
	}

	// A write to the resource keeps the stored status and ignores the one it sends.
	kubectl(t, "patch", "kcc", "default", "--type=merge",
		"-p", `{"spec":{"logSeverityScreen":"Warning"},"status":{"environmentVars":{"DATASTORE_TYPE":"etcdv3"}}}`)
	served = getJSON(t, "get", "kcc", "default")
	if field(served, "spec", "logSeverityScreen") != "Warning" || field(served, "status", "environmentVars", "DATASTORE_TYPE") != "kubernetes" {
		t.Errorf("after a main patch: spec %v, status %v", field(served, "spec"), field(served, "status"))
	}
}

// A write that changes only one part of a kind with a status subresource is one
// upstream write: to the custom resource for spec and metadata, to its /status for
// status.
func TestStatusSubresourceOneWriteWhereOneSuffices(t *testing.T) {
	manifest := `apiVersion: projectcalico.org/v3
kind: KubeControllersConfiguration
metadata: {name: default}
spec: {logSeverityScreen: Info, controllers: {}}
`
	if _, err := kubectlIn(t, manifest, "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = kubectlErr("delete", "kcc", "default", "--ignore-not-found") })
	const main, status = "kubecontrollersconfigurations.crd.projectcalico.org", "kubecontrollersconfigurations.crd.projectcalico.org/status"

	before := upstreamRequests(t)
	kubectl(t, "patch", "kcc", "default", "--type=merge", "-p", `{"spec":{"logSeverityScreen":"Debug"}}`)
	after := upstreamRequests(t)
	if got := after["update "+main] - before["update "+main]; got != 1 {
		t.Errorf("a spec update wrote the custom resource %v times, want 1", got)
	}
	if got := after["update "+status] - before["update "+status]; got != 0 {
		t.Errorf("a spec update wrote the custom resource's status %v times, want 0", got)
	}
}

// upstreamRequests reads the server's count of requests to the kube-apiserver, by
// "<verb> <resource>".
func upstreamRequests(t *testing.T) map[string]float64 {
	t.Helper()
	body, _ := getDirect(t, "/metrics")
	out := map[string]float64{}
	for _, line := range strings.Split(body, "\n") {
		labels, ok := strings.CutPrefix(line, "calico_apiserver_upstream_requests_total{")
		if !ok {
			continue
		}
		labels, value, _ := strings.Cut(labels, "} ")
		var resource, verb string
		for _, pair := range strings.Split(labels, ",") {
			name, quoted, _ := strings.Cut(pair, "=")
			v, _ := strconv.Unquote(quoted)
			switch name {
			case "resource":
				resource = v
			case "verb":
				verb = v
			}
		}
		n, _ := strconv.ParseFloat(value, 64)
		out[verb+" "+resource] += n
	}
	return out
}

// A status write of a kind with a status subresource is two upstream writes when the
// metadata changes too (the managed fields of every write live in the metadata
// annotation, which the custom resource's /status cannot change). When the second
// write fails, the first is undone: the client's 422 leaves nothing of its change
// behind.
func TestStatusSubresourceFailedWriteLeavesNothingBehind(t *testing.T) {
	manifest := `apiVersion: projectcalico.org/v3
kind: KubeControllersConfiguration
metadata: {name: default}
spec: {logSeverityScreen: Info, controllers: {}}
`
	if _, err := kubectlIn(t, manifest, "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = kubectlErr("delete", "kcc", "default", "--ignore-not-found") })
	const stored = "kubecontrollersconfigurations.crd.projectcalico.org"
	before := getJSON(t, "get", stored, "default")

	// The v1 CRD's schema refuses this status; nothing in v3 checks a status value.
	out, err := kubectlErr("patch", "kcc", "default", "--subresource=status", "--type=merge",
		"-p", `{"status":{"environmentVars":{"DATASTORE_TYPE":"kubernetes"},"runningConfig":{"controllers":{"node":{"syncLabels":"Sometimes"}}}}}`)
	if err == nil || !strings.Contains(err.Error()+out, `KubeControllersConfiguration "default" is invalid`) {
		t.Fatalf("a status the CRD schema refuses: err %v, %s; want a 422 on the v3 kind", err, out)
	}
	after := getJSON(t, "get", stored, "default")
	metadataAnnotation := func(obj map[string]interface{}) interface{} {
		return field(obj, "metadata", "annotations", "projectcalico.org/metadata")
	}
	if b, a := metadataAnnotation(before), metadataAnnotation(after); b != a {
		t.Errorf("the failed status write changed the stored metadata:\nbefore %v\nafter  %v", b, a)
	}
	if got := field(after, "status"); got != nil {
		t.Errorf("the failed status write stored status %v", got)
	}
	if got := field(getJSON(t, "get", "kcc", "default", "--show-managed-fields"), "metadata", "managedFields"); strings.Contains(fmt.Sprint(got), "status") {
		t.Errorf("managed fields claim a status no write stored: %v", got)
	}

	// The same write with a valid status succeeds: the undo left a writable object.
	kubectl(t, "patch", "kcc", "default", "--subresource=status", "--type=merge",
		"-p", `{"status":{"runningConfig":{"controllers":{"node":{"syncLabels":"Enabled"}}}}}`)
	if got := field(getJSON(t, "get", stored, "default"), "status", "runningConfig", "controllers", "node", "syncLabels"); got != "Enabled" {
		t.Errorf("stored status after a valid write: %v", got)
	}
}
