package crd

import (
	"testing"
	"time"

	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

var (
	networkPolicies = &Resource{
		Kind: "NetworkPolicy", APIVersion: "projectcalico.org/v3",
		CRDResource: "networkpolicies", CRDKind: "NetworkPolicy", Namespaced: true, KeepNameInMetadata: true,
		NewFunc: func() runtime.Object { return &v3.NetworkPolicy{} },
	}
	globalNetworkPolicies = &Resource{
		Kind: "GlobalNetworkPolicy", APIVersion: "projectcalico.org/v3",
		CRDResource: "globalnetworkpolicies", CRDKind: "GlobalNetworkPolicy", KeepNameInMetadata: true,
		NewFunc: func() runtime.Object { return &v3.GlobalNetworkPolicy{} },
	}
	created = metav1.NewTime(time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC))
)

func protocol(name string) *numorstring.Protocol {
	p := numorstring.ProtocolFromString(name)
	return &p
}

// Worked example 14.2 of the storage contract: a NetworkPolicy in a custom tier, owned by
// its Tier (a v3 owner, rewritten to the Tier's custom resource) and by a Deployment.
func TestNetworkPolicyWorkedExample(t *testing.T) {
	order := 100.0
	truth := true
	policy := &v3.NetworkPolicy{
		ObjectMeta: metav1.ObjectMeta{
			Name: "allow-frontend", Namespace: "shop",
			UID:               "3d7f9a10-2c4b-4e8f-9a1d-6b5c4e3f2a19",
			CreationTimestamp: created,
			Labels:            map[string]string{"app.kubernetes.io/managed-by": "shop-operator", "projectcalico.org/tier": "security"},
			Annotations:       map[string]string{"description": "frontend ingress"},
			OwnerReferences: []metav1.OwnerReference{
				{APIVersion: "projectcalico.org/v3", Kind: "Tier", Name: "security", UID: "79b834dc-52fa-461e-8a3d-7b0f482c6a1e"},
				{APIVersion: "apps/v1", Kind: "Deployment", Name: "shop-operator", UID: "c0ffee00-1111-4222-8333-444455556666", Controller: &truth, BlockOwnerDeletion: &truth},
			},
		},
		Spec: v3.NetworkPolicySpec{
			Tier: "security", Order: &order, Selector: "app == 'frontend'",
			Types: []v3.PolicyType{v3.PolicyTypeIngress},
			Ingress: []v3.Rule{{
				Action: v3.Allow, Protocol: protocol("TCP"),
				Source:      v3.EntityRule{Selector: "role == 'lb'"},
				Destination: v3.EntityRule{Ports: []numorstring.Port{numorstring.SinglePort(8080)}},
			}},
		},
	}
	cr, err := networkPolicies.ToCRD(policy)
	if err != nil {
		t.Fatal(err)
	}
	wantCR := mustYAML(t, `
apiVersion: crd.projectcalico.org/v1
kind: NetworkPolicy
metadata:
  name: allow-frontend
  namespace: shop
  uid: bcfe5908-34d2-4ef1-9ab8-d63a72fc5498
  labels:
    projectcalico.org/tier: security
  annotations:
    projectcalico.org/metadata: '{"name":"allow-frontend","creationTimestamp":"2026-01-15T10:00:00Z","labels":{"app.kubernetes.io/managed-by":"shop-operator","projectcalico.org/tier":"security"},"annotations":{"description":"frontend ingress"},"ownerReferences":[{"apiVersion":"crd.projectcalico.org/v1","kind":"Tier","name":"security","uid":"9e1d2c3b-4a5f-4678-8abc-def012345678"},{"apiVersion":"apps/v1","kind":"Deployment","name":"shop-operator","uid":"c0ffee00-1111-4222-8333-444455556666","controller":true,"blockOwnerDeletion":true}]}'
spec:
  tier: security
  order: 100
  selector: app == 'frontend'
  types: [Ingress]
  ingress:
  - action: Allow
    protocol: TCP
    source:
      selector: role == 'lb'
    destination:
      ports: [8080]
`)
	if got, want := toJSON(t, cr.Object), toJSON(t, wantCR); got != want {
		t.Errorf("custom resource:\n got %s\nwant %s", got, want)
	}

	stored := cr.DeepCopy()
	stored.SetUID("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")
	stored.SetResourceVersion("48240")
	stored.SetGeneration(1)
	stored.SetCreationTimestamp(metav1.NewTime(created.Add(time.Second)))
	var back v3.NetworkPolicy
	if err := networkPolicies.FromCRD(stored, &back); err != nil {
		t.Fatal(err)
	}
	want := policy.DeepCopy()
	want.APIVersion, want.Kind = "projectcalico.org/v3", "NetworkPolicy"
	want.UID, want.ResourceVersion = "854dc32b-a76f-4ade-8cb9-70f854dc32ba", "48240"
	if !apiequality.Semantic.DeepEqual(&back, want) {
		t.Errorf("read back:\n got %s\nwant %s", toJSON(t, &back), toJSON(t, want))
	}
}

// Worked example 14.3: a GlobalNetworkPolicy that names no tier, and its legacy form.
func TestGlobalNetworkPolicyWorkedExample(t *testing.T) {
	policy := &v3.GlobalNetworkPolicy{
		ObjectMeta: metav1.ObjectMeta{
			Name: "allow-cluster-dns", UID: "7c6b5a49-3827-4165-9f0e-d1c2b3a49586", CreationTimestamp: created,
			Labels: map[string]string{"projectcalico.org/tier": "default"},
		},
		Spec: v3.GlobalNetworkPolicySpec{
			Selector: "all()", Types: []v3.PolicyType{v3.PolicyTypeEgress},
			Egress: []v3.Rule{{
				Action: v3.Allow, Protocol: protocol("UDP"),
				Destination: v3.EntityRule{
					Selector: "k8s-app == 'kube-dns'", NamespaceSelector: "projectcalico.org/name == 'kube-system'",
					Ports: []numorstring.Port{numorstring.SinglePort(53)},
				},
			}},
		},
	}
	cr, err := globalNetworkPolicies.ToCRD(policy)
	if err != nil {
		t.Fatal(err)
	}
	wantCR := mustYAML(t, `
apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata:
  name: allow-cluster-dns
  uid: 3ed65a92-1ce4-41a6-9f70-8b43cd25a961
  labels:
    projectcalico.org/tier: default
  annotations:
    projectcalico.org/metadata: '{"name":"allow-cluster-dns","creationTimestamp":"2026-01-15T10:00:00Z","labels":{"projectcalico.org/tier":"default"}}'
spec:
  selector: all()
  types: [Egress]
  egress:
  - action: Allow
    protocol: UDP
    destination:
      namespaceSelector: projectcalico.org/name == 'kube-system'
      ports: [53]
      selector: k8s-app == 'kube-dns'
`)
	if got, want := toJSON(t, cr.Object), toJSON(t, wantCR); got != want {
		t.Errorf("custom resource:\n got %s\nwant %s", got, want)
	}

	// Stored: the CRD's default fills spec.tier; read back with the mapped uid.
	stored := cr.DeepCopy()
	stored.SetUID("d4c3b2a1-0f9e-4d8c-b7a6-958473625140")
	stored.SetResourceVersion("48301")
	stored.Object["spec"].(map[string]interface{})["tier"] = "default"
	var back v3.GlobalNetworkPolicy
	if err := globalNetworkPolicies.FromCRD(stored, &back); err != nil {
		t.Fatal(err)
	}
	if back.Name != "allow-cluster-dns" || back.UID != "2bc34d85-f079-4d31-b765-a921ce468a02" || back.Spec.Tier != "default" ||
		!back.CreationTimestamp.Equal(&created) || back.Labels["projectcalico.org/tier"] != "default" {
		t.Errorf("read back: %s", toJSON(t, &back))
	}

	// The legacy form: named "default.<name>", no name in the annotation.
	legacy := stored.DeepCopy()
	legacy.SetName("default.allow-cluster-dns")
	legacy.SetAnnotations(map[string]string{MetadataAnnotation: `{"creationTimestamp":null}`})
	var fromLegacy v3.GlobalNetworkPolicy
	if err := globalNetworkPolicies.FromCRD(legacy, &fromLegacy); err != nil {
		t.Fatal(err)
	}
	if fromLegacy.Name != "allow-cluster-dns" {
		t.Errorf("legacy custom resource read as %q, want allow-cluster-dns", fromLegacy.Name)
	}
	// In another tier the prefix is part of the name.
	legacy.Object["spec"].(map[string]interface{})["tier"] = "security"
	if err := globalNetworkPolicies.FromCRD(legacy, &fromLegacy); err != nil || fromLegacy.Name != "default.allow-cluster-dns" {
		t.Errorf("legacy custom resource in tier security read as %q, %v", fromLegacy.Name, err)
	}
}
