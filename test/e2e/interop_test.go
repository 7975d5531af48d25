package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// A field written by a newer Calico (one that the CRD schema has but this server's
// types lack) is never dropped and never makes a write fail: reads work, spec and
// metadata-only updates through v3 succeed (a 409 would make kubectl and the garbage
// collector retry forever), and the stored object keeps the field unchanged.
func TestUnknownFieldsAreNotDropped(t *testing.T) {
	const crdName = "ippools.crd.projectcalico.org"
	addField := `[{"op":"add","path":"/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/futureKnob","value":{"type":"string"}}]`
	kubectl(t, "patch", "crd", crdName, "--type=json", "-p", addField)
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "ippools.crd.projectcalico.org", "pool-from-the-future", "--ignore-not-found")
		_, _ = kubectlErr("patch", "crd", crdName, "--type=json", "-p",
			`[{"op":"remove","path":"/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/futureKnob"}]`)
	})
	manifest := `apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata:
  name: pool-from-the-future
  annotations:
    projectcalico.org/metadata: '{"creationTimestamp":null}'
spec:
  cidr: 10.130.0.0/16
  blockSize: 26
  futureKnob: turned-on
`
	// The CRD's schema change takes a moment to reach the kube-apiserver's pruning.
	eventually(t, 20*time.Second, func() error {
		_, _ = kubectlErr("delete", "ippools.crd.projectcalico.org", "pool-from-the-future", "--ignore-not-found")
		if _, err := kubectlIn(t, manifest, "create", "-f", "-"); err != nil {
			return err
		}
		if knob := kubectl(t, "get", "ippools.crd.projectcalico.org", "pool-from-the-future", "-o", "jsonpath={.spec.futureKnob}"); knob != "turned-on" {
			return fmt.Errorf("the kube-apiserver still prunes futureKnob")
		}
		return nil
	})

	if cidr := kubectl(t, "get", "ippools.projectcalico.org", "pool-from-the-future", "-o", "jsonpath={.spec.cidr}"); cidr != "10.130.0.0/16" {
		t.Errorf("read through v3: cidr %q", cidr)
	}
	knob := func() string {
		return kubectl(t, "get", "ippools.crd.projectcalico.org", "pool-from-the-future", "-o", "jsonpath={.spec.futureKnob}")
	}
	kubectl(t, "patch", "ippools.projectcalico.org", "pool-from-the-future", "--type=merge", "-p", `{"spec":{"natOutgoing":true}}`)
	if got := knob(); got != "turned-on" {
		t.Errorf("futureKnob after a spec update through v3 = %q", got)
	}
	if nat := kubectl(t, "get", "ippools.crd.projectcalico.org", "pool-from-the-future", "-o", "jsonpath={.spec.natOutgoing}"); nat != "true" {
		t.Errorf("the spec update through v3 was not stored: natOutgoing %q", nat)
	}
	// Metadata-only changes: a label, a finalizer added and removed.
	kubectl(t, "label", "ippools.projectcalico.org", "pool-from-the-future", "team=blue")
	kubectl(t, "patch", "ippools.projectcalico.org", "pool-from-the-future", "--type=merge", "-p", `{"metadata":{"finalizers":["example.com/hold"]}}`)
	kubectl(t, "patch", "ippools.projectcalico.org", "pool-from-the-future", "--type=merge", "-p", `{"metadata":{"finalizers":null}}`)
	if got := knob(); got != "turned-on" {
		t.Errorf("futureKnob after metadata updates through v3 = %q", got)
	}
	if label := kubectl(t, "get", "ippools.projectcalico.org", "pool-from-the-future", "-o", "jsonpath={.metadata.labels.team}"); label != "blue" {
		t.Errorf("label after the update = %q", label)
	}
	// Deleting is not a write of the object and still works.
	kubectl(t, "delete", "ippools.projectcalico.org", "pool-from-the-future")
}

// Garbage collection works on v3 objects: the kube-controller-manager deletes a pool
// whose owner (another v3 object, referenced by its v3 UID) is gone. This holds only if
// owner references and UIDs survive the v3 ⇄ v1 mapping.
func TestOwnerReferencesGarbageCollected(t *testing.T) {
	if _, err := kubectlIn(t, fmt.Sprintf(poolManifest, "pool-owner", "10.140.0.0/16", true), "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "ippools.projectcalico.org", "pool-owner", "pool-owned", "--ignore-not-found")
	})
	ownerUID := kubectl(t, "get", "ippools.projectcalico.org", "pool-owner", "-o", "jsonpath={.metadata.uid}")
	owned := fmt.Sprintf(`apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: pool-owned
  ownerReferences:
  - apiVersion: projectcalico.org/v3
    kind: IPPool
    name: pool-owner
    uid: %s
spec:
  cidr: 10.141.0.0/16
`, ownerUID)
	if _, err := kubectlIn(t, owned, "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	// Stored as Calico stores it: pointing at the owner's custom resource.
	annotation := kubectl(t, "get", "ippools.crd.projectcalico.org", "pool-owned", "-o", `jsonpath={.metadata.annotations.projectcalico\.org/metadata}`)
	ownerCRUID := kubectl(t, "get", "ippools.crd.projectcalico.org", "pool-owner", "-o", "jsonpath={.metadata.uid}")
	if !strings.Contains(annotation, `"apiVersion":"crd.projectcalico.org/v1","kind":"IPPool","name":"pool-owner","uid":"`+ownerCRUID+`"`) {
		t.Errorf("stored owner reference does not point at the owner's custom resource %s: %s", ownerCRUID, annotation)
	}
	if got := kubectl(t, "get", "ippools.projectcalico.org", "pool-owned", "-o", "jsonpath={.metadata.ownerReferences[0].uid}"); got != ownerUID {
		t.Errorf("owner uid read back as %q, want %q", got, ownerUID)
	}

	kubectl(t, "delete", "ippools.projectcalico.org", "pool-owner")
	eventually(t, 90*time.Second, func() error {
		if _, err := kubectlErr("get", "ippools.projectcalico.org", "pool-owned"); err == nil {
			return fmt.Errorf("pool-owned still exists after its owner was deleted")
		} else if !strings.Contains(err.Error(), "NotFound") {
			return err
		}
		return nil
	})
}

// A NetworkPolicy owned by a Tier (kept in another tier, since a tier that holds
// policies cannot be deleted) is garbage collected when the Tier is deleted.
func TestPolicyOwnedByTierGarbageCollected(t *testing.T) {
	kubectl(t, "create", "namespace", "e2e-gc")
	t.Cleanup(func() { _, _ = kubectlErr("delete", "namespace", "e2e-gc", "--wait=false") })
	if _, err := kubectlIn(t, "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: e2e-owner}\nspec: {order: 300}\n", "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = kubectlErr("delete", "tiers.projectcalico.org", "e2e-owner", "--ignore-not-found") })
	tierUID := kubectl(t, "get", "tiers.projectcalico.org", "e2e-owner", "-o", "jsonpath={.metadata.uid}")
	policy := fmt.Sprintf(`apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata:
  name: owned-by-tier
  namespace: e2e-gc
  ownerReferences:
  - {apiVersion: projectcalico.org/v3, kind: Tier, name: e2e-owner, uid: %s}
spec:
  selector: all()
`, tierUID)
	if _, err := kubectlIn(t, policy, "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	kubectl(t, "delete", "tiers.projectcalico.org", "e2e-owner")
	eventually(t, 90*time.Second, func() error {
		if _, err := kubectlErr("get", "networkpolicies.projectcalico.org", "owned-by-tier", "-n", "e2e-gc"); err == nil {
			return fmt.Errorf("owned-by-tier still exists after its Tier was deleted")
		} else if !strings.Contains(err.Error(), "NotFound") {
			return err
		}
		return nil
	})
}
