package e2e

import (
	"strings"
	"testing"
)

// Tiered policies: the tier and its label are defaulted, types derived from the rules,
// lists select on spec.tier, and a policy stored by an older Calico under the legacy
// "default.<name>" name is served under its v3 name.
func TestTieredPolicyDefaultsAndSelectors(t *testing.T) {
	manifest := `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: e2e-no-tier, labels: {projectcalico.org/tier: wrong}}
spec:
  selector: all()
  egress: [{action: Allow}]
`
	if _, err := kubectlIn(t, manifest, "apply", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = kubectlErr("delete", "gnp", "e2e-no-tier", "--ignore-not-found") })
	served := getJSON(t, "get", "gnp", "e2e-no-tier")
	if field(served, "spec", "tier") != "default" || field(served, "metadata", "labels", "projectcalico.org/tier") != "default" {
		t.Errorf("tier %v, tier label %v; want default for both", field(served, "spec", "tier"), field(served, "metadata", "labels"))
	}
	if got := field(served, "spec", "types"); !jsonEqual(got, []interface{}{"Egress"}) {
		t.Errorf("types = %v, want [Egress] (only egress rules)", got)
	}
	stored := getJSON(t, "get", "globalnetworkpolicies.crd.projectcalico.org", "e2e-no-tier")
	if field(stored, "metadata", "labels", "projectcalico.org/tier") != "default" {
		t.Errorf("stored labels %v: the tier label belongs on the custom resource too", field(stored, "metadata", "labels"))
	}

	if got := kubectl(t, "get", "gnp", "--field-selector", "spec.tier=default", "-o", "name"); !strings.Contains(got, "e2e-no-tier") {
		t.Errorf("field selector spec.tier=default: %q", got)
	}
	if got := kubectl(t, "get", "gnp", "--field-selector", "spec.tier=security", "-o", "name"); strings.Contains(got, "e2e-no-tier") {
		t.Errorf("field selector spec.tier=security lists a default-tier policy: %q", got)
	}
	if got := kubectl(t, "get", "gnp", "-l", "projectcalico.org/tier=default", "-o", "name"); !strings.Contains(got, "e2e-no-tier") {
		t.Errorf("label selector on the tier: %q", got)
	}
	if _, err := kubectlErr("get", "gnp", "--field-selector", "spec.selector=all()"); err == nil || !strings.Contains(err.Error(), "not supported") {
		t.Errorf("unsupported field selector: %v, want a clear refusal", err)
	}

	// A legacy custom resource "default.e2e-legacy" without a name in its metadata.
	legacy := `apiVersion: crd.projectcalico.org/v1
kind: NetworkPolicy
metadata:
  name: default.e2e-legacy
  namespace: default
  annotations:
    projectcalico.org/metadata: '{"creationTimestamp":null}'
spec:
  tier: default
  selector: all()
  types: [Ingress]
`
	if _, err := kubectlIn(t, legacy, "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "networkpolicies.crd.projectcalico.org", "default.e2e-legacy", "-n", "default", "--ignore-not-found")
	})
	if got := kubectl(t, "get", "networkpolicies.projectcalico.org", "-n", "default", "-o", "name"); !strings.Contains(got, "networkpolicy.projectcalico.org/e2e-legacy") {
		t.Errorf("legacy policy listed as %q, want e2e-legacy", got)
	}
}
