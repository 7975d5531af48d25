package e2e

import (
	"fmt"
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

// A NetworkPolicy written in Calico's layout (as calicoctl would store worked example
// 14.2 of the storage contract, owned by its Tier and by a ConfigMap) is served through
// v3 exactly as Calico means it. The owners exist, or the garbage collector would
// delete the policy at once.
func TestPolicyWrittenByCalicoIsServed(t *testing.T) {
	kubectl(t, "create", "namespace", "e2e-shop")
	t.Cleanup(func() { _, _ = kubectlErr("delete", "namespace", "e2e-shop", "--wait=false") })
	kubectl(t, "create", "configmap", "shop-operator", "-n", "e2e-shop")
	tierManifest := "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: e2e-security}\nspec: {order: 200}\n"
	if _, err := kubectlIn(t, tierManifest, "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = kubectlErr("delete", "tiers.projectcalico.org", "e2e-security", "--ignore-not-found") })
	tierCRUID := kubectl(t, "get", "tiers.crd.projectcalico.org", "e2e-security", "-o", "jsonpath={.metadata.uid}")
	tierUID := kubectl(t, "get", "tiers.projectcalico.org", "e2e-security", "-o", "jsonpath={.metadata.uid}")
	configMapUID := kubectl(t, "get", "configmap", "shop-operator", "-n", "e2e-shop", "-o", "jsonpath={.metadata.uid}")

	written := fmt.Sprintf(`apiVersion: crd.projectcalico.org/v1
kind: NetworkPolicy
metadata:
  name: allow-frontend
  namespace: e2e-shop
  labels:
    projectcalico.org/tier: e2e-security
  annotations:
    projectcalico.org/metadata: '{"name":"allow-frontend","creationTimestamp":"2026-01-15T10:00:00Z","labels":{"app.kubernetes.io/managed-by":"shop-operator","projectcalico.org/tier":"e2e-security"},"annotations":{"description":"frontend ingress"},"ownerReferences":[{"apiVersion":"crd.projectcalico.org/v1","kind":"Tier","name":"e2e-security","uid":"%s"},{"apiVersion":"v1","kind":"ConfigMap","name":"shop-operator","uid":"%s","controller":true,"blockOwnerDeletion":true}]}'
spec:
  tier: e2e-security
  order: 100
  selector: app == 'frontend'
  types: [Ingress]
  ingress:
  - action: Allow
    protocol: TCP
    source: {selector: role == 'lb'}
    destination: {ports: [8080]}
`, tierCRUID, configMapUID)
	if _, err := kubectlIn(t, written, "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	served := getJSON(t, "get", "networkpolicies.projectcalico.org", "allow-frontend", "-n", "e2e-shop")
	crUID := kubectl(t, "get", "networkpolicies.crd.projectcalico.org", "allow-frontend", "-n", "e2e-shop", "-o", "jsonpath={.metadata.uid}")
	if uid, _ := field(served, "metadata", "uid").(string); uid == "" || uid == crUID {
		t.Errorf("served uid %q must be the custom resource's %q mapped", uid, crUID)
	}
	if got := field(served, "metadata", "creationTimestamp"); got != "2026-01-15T10:00:00Z" {
		t.Errorf("creationTimestamp = %v, want the one in the metadata annotation", got)
	}
	if field(served, "metadata", "labels", "app.kubernetes.io/managed-by") != "shop-operator" ||
		field(served, "metadata", "annotations", "description") != "frontend ingress" {
		t.Errorf("metadata = %v", field(served, "metadata"))
	}
	if _, leaked := field(served, "metadata", "annotations").(map[string]interface{})["projectcalico.org/metadata"]; leaked {
		t.Errorf("the storage annotation is served: %v", field(served, "metadata", "annotations"))
	}
	// The Tier owner points at the v3 Tier, with its v3 uid; the other owner is as written.
	owners, _ := field(served, "metadata", "ownerReferences").([]interface{})
	if len(owners) != 2 || field(owners[0], "apiVersion") != "projectcalico.org/v3" || field(owners[0], "uid") != tierUID ||
		field(owners[1], "apiVersion") != "v1" || field(owners[1], "uid") != configMapUID {
		t.Errorf("ownerReferences = %v, want the v3 Tier (uid %s) and the ConfigMap", owners, tierUID)
	}
	if got := field(served, "spec", "ingress"); !jsonEqual(got, []interface{}{map[string]interface{}{
		"action": "Allow", "protocol": "TCP", "source": map[string]interface{}{"selector": "role == 'lb'"},
		"destination": map[string]interface{}{"ports": []interface{}{8080}},
	}}) {
		t.Errorf("spec.ingress = %v", got)
	}
	// The tier holds a policy now, so it cannot be deleted.
	if _, err := kubectlErr("delete", "tiers.projectcalico.org", "e2e-security"); err == nil || !strings.Contains(err.Error(), "still holds policies (networkpolicies/e2e-shop/allow-frontend)") {
		t.Errorf("delete of a tier with a policy: %v, want a conflict naming the policy", err)
	}
}
