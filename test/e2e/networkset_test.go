package e2e

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// A namespaced kind: NetworkSets live in namespaces, on both the v3 and v1 side.
func TestNetworkSetInNamespaces(t *testing.T) {
	for _, ns := range []string{"shop", "billing"} {
		kubectl(t, "create", "namespace", ns)
		t.Cleanup(func() { _, _ = kubectlErr("delete", "namespace", ns, "--wait=false") })
	}
	manifest := `apiVersion: projectcalico.org/v3
kind: NetworkSet
metadata:
  name: partners
  namespace: %s
  labels: {role: partners}
spec:
  nets: [198.51.100.0/24, 203.0.113.7]
`
	for _, ns := range []string{"shop", "billing"} {
		if _, err := kubectlIn(t, strings.Replace(manifest, "%s", ns, 1), "apply", "-f", "-"); err != nil {
			t.Fatal(err)
		}
	}
	set := getJSON(t, "get", "networksets.projectcalico.org", "partners", "-n", "shop")
	if got := field(set, "spec", "nets"); !reflect.DeepEqual(got, []interface{}{"198.51.100.0/24", "203.0.113.7"}) {
		t.Errorf("nets = %v", got)
	}
	if field(set, "metadata", "namespace") != "shop" {
		t.Errorf("namespace = %v", field(set, "metadata", "namespace"))
	}
	// Stored in the same namespace; the namespace is not in the metadata annotation.
	stored := getJSON(t, "get", "networksets.crd.projectcalico.org", "partners", "-n", "shop")
	annotation, _ := field(stored, "metadata", "annotations", "projectcalico.org/metadata").(string)
	var storedMeta map[string]interface{}
	if err := json.Unmarshal([]byte(annotation), &storedMeta); err != nil {
		t.Fatal(err)
	}
	if _, ok := storedMeta["namespace"]; ok || field(stored, "metadata", "namespace") != "shop" ||
		!reflect.DeepEqual(storedMeta["labels"], map[string]interface{}{"role": "partners"}) {
		t.Errorf("stored layout: namespace %v, annotation %s", field(stored, "metadata", "namespace"), annotation)
	}

	// Listing one namespace, every namespace, and by label.
	if out := kubectl(t, "get", "networksets.projectcalico.org", "-n", "billing", "-o", "name"); strings.TrimSpace(out) != "networkset.projectcalico.org/partners" {
		t.Errorf("list in billing: %q", out)
	}
	if out := kubectl(t, "get", "networksets.projectcalico.org", "-A", "-l", "role=partners", "-o", "jsonpath={.items[*].metadata.namespace}"); out != "billing shop" {
		t.Errorf("list across namespaces by label: %q", out)
	}
	if out := kubectl(t, "get", "networksets.projectcalico.org", "-A", "-l", "role=other", "-o", "name"); strings.TrimSpace(out) != "" {
		t.Errorf("label selector matched %q", out)
	}

	kubectl(t, "delete", "networksets.projectcalico.org", "partners", "-n", "shop")
	if _, err := kubectlErr("get", "networksets.projectcalico.org", "partners", "-n", "shop"); err == nil {
		t.Error("still there after delete")
	}
	if _, err := kubectlErr("get", "networksets.projectcalico.org", "partners", "-n", "billing"); err != nil {
		t.Errorf("deleting in shop touched billing: %v", err)
	}
}

// Cluster-scoped sets and reservations, by short name, with field-level errors.
func TestGlobalNetworkSetAndIPReservation(t *testing.T) {
	manifest := `apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata: {name: blocklist}
spec:
  nets: [192.0.2.0/24]
---
apiVersion: projectcalico.org/v3
kind: IPReservation
metadata: {name: reserved}
spec:
  reservedCIDRs: [10.244.0.0/28, 10.244.0.100]
`
	if _, err := kubectlIn(t, manifest, "apply", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "globalnetworksets.projectcalico.org", "blocklist", "--ignore-not-found")
		_, _ = kubectlErr("delete", "ipreservations.projectcalico.org", "reserved", "--ignore-not-found")
	})
	if out := kubectl(t, "get", "gns", "-o", "name"); !strings.Contains(out, "globalnetworkset.projectcalico.org/blocklist") {
		t.Errorf("kubectl get gns: %q", out)
	}
	// Every kind is in the category "calico".
	if out := kubectl(t, "get", "calico", "-o", "name"); !strings.Contains(out, "globalnetworkset.projectcalico.org/blocklist") ||
		!strings.Contains(out, "ipreservation.projectcalico.org/reserved") {
		t.Errorf("kubectl get calico: %q", out)
	}
	if out := kubectl(t, "get", "ipreservations.crd.projectcalico.org", "reserved", "-o", "jsonpath={.spec.reservedCIDRs}"); out != `["10.244.0.0/28","10.244.0.100"]` {
		t.Errorf("stored reservedCIDRs: %s", out)
	}

	bad := `apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata:
  name: bad
  labels: {projectcalico.org/namespace: x}
spec:
  nets: [not-a-net]
`
	_, err := kubectlIn(t, bad, "apply", "-f", "-")
	if err == nil {
		t.Fatal("an invalid GlobalNetworkSet was accepted")
	}
	for _, want := range []string{"spec.nets[0]", "not-a-net", "metadata.labels[projectcalico.org/namespace]"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
}
