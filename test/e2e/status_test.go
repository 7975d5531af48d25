package e2e

import (
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
spec: {logSeverityScreen: Info}
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
spec: {logSeverityScreen: Info}
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
