package e2e

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/calico-apiserver/calico-apiserver/test/controlplane"
)

// kubectlStderr pipes manifest into kubectl and returns what it printed on stdout and
// on stderr, where kubectl prints the server's warnings ("Warning: ...").
func kubectlStderr(t *testing.T, manifest string, args ...string) (stdout, stderr string) {
	t.Helper()
	cmd := exec.CommandContext(context.Background(), controlplane.Kubectl, append([]string{"--kubeconfig=" + cp.Kubeconfig}, args...)...)
	cmd.Stdin = strings.NewReader(manifest)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("kubectl %s: %v: %s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String(), errOut.String()
}

const felixWarningManifest = `apiVersion: projectcalico.org/v3
kind: FelixConfiguration
metadata:
  name: e2e-warnings
  labels: {step: "%s"}
spec:
  bpfConnectTimeLoadBalancingEnabled: false
  bpfConnectTimeLoadBalancing: TCP
  routeTableRange: {min: 1, max: 250}
`

// kubectl prints the server's warnings on create and update, and Calico's rewrite of
// the deprecated field is what is served and stored.
func TestWarningsOnApply(t *testing.T) {
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "felixconfigurations.projectcalico.org", "e2e-warnings", "--ignore-not-found")
	})
	const ctlbWarning = "Warning: spec.bpfConnectTimeLoadBalancingEnabled: deprecated; Calico sets spec.bpfConnectTimeLoadBalancing to Disabled and spec.bpfHostNetworkedNATWithoutCTLB to Disabled from it"
	const rangeWarning = "Warning: spec.routeTableRange: deprecated; use spec.routeTableRanges instead"
	const noNodeWarning = "Warning: spec.nodeSelector: applies to no node"

	// A server-side dry run warns and shows the defaults a real write stores.
	out, stderr := kubectlStderr(t, strings.Replace(felixWarningManifest, "%s", "dry-run", 1), "apply", "--dry-run=server", "-o", "json", "-f", "-")
	for _, want := range []string{ctlbWarning, rangeWarning, noNodeWarning} {
		if !strings.Contains(stderr, want) {
			t.Errorf("dry run: stderr lacks %q:\n%s", want, stderr)
		}
	}
	for _, want := range []string{`"bpfConnectTimeLoadBalancing": "Disabled"`, `"bpfHostNetworkedNATWithoutCTLB": "Disabled"`, `"floatingIPs": "Disabled"`, `"nftablesMode": "Auto"`} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run: output lacks %s:\n%s", want, out)
		}
	}

	for _, step := range []string{"create", "update"} {
		out, stderr := kubectlStderr(t, strings.Replace(felixWarningManifest, "%s", step, 1), "apply", "-f", "-")
		wantOut := map[string]string{"create": "created", "update": "configured"}[step]
		if !strings.Contains(out, wantOut) {
			t.Errorf("%s: apply said %q", step, out)
		}
		for _, want := range []string{ctlbWarning, rangeWarning, noNodeWarning} {
			if !strings.Contains(stderr, want) {
				t.Errorf("%s: stderr lacks %q:\n%s", step, want, stderr)
			}
		}
	}
	for _, resource := range []string{"felixconfigurations.projectcalico.org", "felixconfigurations.crd.projectcalico.org"} {
		obj := getJSON(t, "get", resource, "e2e-warnings")
		for key, want := range map[string]interface{}{
			"bpfConnectTimeLoadBalancingEnabled": false, "bpfConnectTimeLoadBalancing": "Disabled",
			"bpfHostNetworkedNATWithoutCTLB": "Disabled", "floatingIPs": "Disabled", "nftablesMode": "Auto",
		} {
			if got := field(obj, "spec", key); got != want {
				t.Errorf("%s: spec.%s = %v, want %v", resource, key, got, want)
			}
		}
	}

	// A policy whose types switch off its egress rules, and a loopback pool.
	const policy = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: e2e-warnings}
spec:
  selector: app == 'web'
  types: [Ingress]
  ingress: [{action: Allow}]
  egress: [{action: Deny}]
`
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "globalnetworkpolicies.projectcalico.org", "e2e-warnings", "--ignore-not-found")
	})
	if _, stderr := kubectlStderr(t, policy, "apply", "-f", "-"); !strings.Contains(stderr,
		"Warning: spec.egress: 1 rule(s) ignored: spec.types does not include Egress") {
		t.Errorf("policy: stderr lacks the types warning:\n%s", stderr)
	}
	const pool = `apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: e2e-warnings-loopback}
spec: {cidr: 127.100.0.0/16}
`
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "ippools.projectcalico.org", "e2e-warnings-loopback", "--ignore-not-found")
	})
	if _, stderr := kubectlStderr(t, pool, "apply", "-f", "-"); !strings.Contains(stderr,
		"Warning: spec.cidr: 127.100.0.0/16 overlaps the loopback range 127.0.0.0/8") {
		t.Errorf("pool: stderr lacks the loopback warning:\n%s", stderr)
	}
	// An object Calico takes as written draws no warning.
	if _, stderr := kubectlStderr(t, strings.Replace(policy, "types: [Ingress]", "types: [Ingress, Egress]", 1), "apply", "-f", "-"); strings.Contains(stderr, "Warning") {
		t.Errorf("policy without contradictions warned:\n%s", stderr)
	}
}
