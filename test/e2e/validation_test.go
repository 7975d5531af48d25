package e2e

import (
	"encoding/json"
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// A manifest that breaks several rules is refused with one 422 naming every field, the
// selector error with its position; dry-run reports the same and writes nothing.
func TestInvalidPolicyIsRefusedFieldByField(t *testing.T) {
	manifest := `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: e2e-invalid}
spec:
  selector: app == 'web' &&
  ingress:
  - action: Allow
    protocol: TCP
    destination: {ports: [0]}
  - action: Accept
`
	for _, args := range [][]string{{"apply", "--dry-run=server", "-f", "-"}, {"apply", "-f", "-"}} {
		_, err := kubectlIn(t, manifest, args...)
		if err == nil {
			t.Fatalf("kubectl %v accepted an invalid policy", args)
		}
		msg := err.Error()
		for _, want := range []string{
			`The GlobalNetworkPolicy "e2e-invalid" is invalid`,
			`spec.selector: Invalid value: "app == 'web' &&"`, "at position 15",
			"spec.ingress[0].destination.ports[0]",
			`spec.ingress[1].action: Unsupported value: "Accept"`,
		} {
			if !strings.Contains(msg, want) {
				t.Errorf("kubectl %v: error lacks %q:\n%s", args, want, msg)
			}
		}
	}
	if _, err := kubectlErr("get", "globalnetworkpolicies.crd.projectcalico.org", "e2e-invalid"); err == nil {
		t.Errorf("an invalid policy was stored")
	}
}

// `calico-apiserver check` finds the stored objects that break Calico's rules (written
// straight to the CRDs, whose schemas cannot express them: selector syntax, masked
// CIDRs) and exits 1.
func TestCheckReportsInvalidStoredObjects(t *testing.T) {
	written := `apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata:
  name: e2e-check-bad-selector
  annotations:
    projectcalico.org/metadata: '{"name":"e2e-check-bad-selector","creationTimestamp":null}'
spec:
  tier: default
  selector: "has(app"
---
apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata:
  name: e2e-check-bad-pool
spec:
  cidr: 10.130.0.1/16
  blockSize: 26
  ipipMode: Always
  vxlanMode: Never
  nodeSelector: has(rack
`
	if _, err := kubectlIn(t, written, "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "globalnetworkpolicies.crd.projectcalico.org", "e2e-check-bad-selector", "--ignore-not-found")
		_, _ = kubectlErr("delete", "ippools.crd.projectcalico.org", "e2e-check-bad-pool", "--ignore-not-found")
	})

	run := func(args ...string) (string, int) {
		cmd := exec.Command(serverBinary, append([]string{"check", "--kubeconfig", cp.Kubeconfig}, args...)...)
		out, err := cmd.Output()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return string(out), exit.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return string(out), 0
	}
	table, code := run()
	if code != 1 {
		t.Errorf("check exited %d, want 1 (objects found)\n%s", code, table)
	}
	for _, want := range []string{"GlobalNetworkPolicy", "e2e-check-bad-selector", "spec.selector", "IPPool", "e2e-check-bad-pool", "spec.cidr", "spec.nodeSelector"} {
		if !strings.Contains(table, want) {
			t.Errorf("check table lacks %q:\n%s", want, table)
		}
	}

	out, code := run("-o", "json")
	var findings []struct {
		Kind, Name string
		Problems   []struct{ Field, Type, Detail string }
	}
	if err := json.Unmarshal([]byte(out), &findings); err != nil || code != 1 {
		t.Fatalf("check -o json: exit %d, %v:\n%s", code, err, out)
	}
	found := map[string][]string{}
	for _, f := range findings {
		for _, p := range f.Problems {
			found[f.Kind+"/"+f.Name] = append(found[f.Kind+"/"+f.Name], p.Field)
		}
	}
	if got := found["GlobalNetworkPolicy/e2e-check-bad-selector"]; len(got) != 1 || got[0] != "spec.selector" {
		t.Errorf("findings for the bad policy: %v", got)
	}
	if got := strings.Join(found["IPPool/e2e-check-bad-pool"], ","); !strings.Contains(got, "spec.cidr") || !strings.Contains(got, "spec.nodeSelector") {
		t.Errorf("findings for the bad pool: %v", got)
	}
}
