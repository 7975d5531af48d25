package crd

import (
	"encoding/json"
	"fmt"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// BenchmarkDecodeGlobalNetworkPolicy measures Decode of one GlobalNetworkPolicy as the
// kube-apiserver answers it in a list (`make bench`'s policy: two rules, the metadata
// annotation with the v3 managed fields, and the custom resource's own managed fields),
// the work a consistent LIST does per item.
//
//	go test ./pkg/storage/crd/ -run '^$' -bench DecodeGlobalNetworkPolicy -benchmem
func BenchmarkDecodeGlobalNetworkPolicy(b *testing.B) {
	data := storedPolicyJSON(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var out v3.GlobalNetworkPolicy
		if _, err := globalNetworkPolicies.Decode(data, &out); err != nil {
			b.Fatal(err)
		}
	}
}

// storedPolicyJSON is a policy written by this server, as the kube-apiserver serves it.
func storedPolicyJSON(tb testing.TB) []byte {
	tb.Helper()
	order := 100.0
	fields := func(raw string) *metav1.FieldsV1 { return &metav1.FieldsV1{Raw: []byte(raw)} }
	policy := &v3.GlobalNetworkPolicy{
		ObjectMeta: metav1.ObjectMeta{
			Name: "bench-000042", UID: "3d7f9a10-2c4b-4e8f-9a1d-6b5c4e3f2a19", CreationTimestamp: created,
			ManagedFields: []metav1.ManagedFieldsEntry{{
				Manager: "bench", Operation: metav1.ManagedFieldsOperationUpdate, APIVersion: "projectcalico.org/v3",
				Time: &created, FieldsType: "FieldsV1",
				FieldsV1: fields(`{"f:spec":{".":{},"f:egress":{},"f:ingress":{},"f:order":{},"f:selector":{},"f:tier":{},"f:types":{}}}`),
			}},
		},
		Spec: v3.GlobalNetworkPolicySpec{
			Tier: "default", Order: &order, Selector: "app == 'bench-000042'",
			Types: []v3.PolicyType{v3.PolicyTypeIngress, v3.PolicyTypeEgress},
			Ingress: []v3.Rule{{
				Action: v3.Allow, Protocol: protocol("TCP"),
				Source:      v3.EntityRule{Selector: "role == 'frontend'"},
				Destination: v3.EntityRule{Ports: []numorstring.Port{numorstring.SinglePort(80), numorstring.SinglePort(443)}},
			}},
			Egress: []v3.Rule{{Action: v3.Allow}},
		},
	}
	written, err := globalNetworkPolicies.Encode(policy, "")
	if err != nil {
		tb.Fatal(err)
	}
	var cr map[string]interface{}
	if err := json.Unmarshal(written, &cr); err != nil {
		tb.Fatal(err)
	}
	metadata := cr["metadata"].(map[string]interface{})
	metadata["resourceVersion"] = "123456"
	metadata["generation"] = 1
	metadata["creationTimestamp"] = created.UTC().Format("2006-01-02T15:04:05Z")
	metadata["managedFields"] = []interface{}{map[string]interface{}{
		"manager": "calico-apiserver", "operation": "Update", "apiVersion": "crd.projectcalico.org/v1",
		"time": "2026-01-15T10:00:00Z", "fieldsType": "FieldsV1",
		"fieldsV1": json.RawMessage(`{"f:metadata":{"f:annotations":{".":{},"f:projectcalico.org/metadata":{}},"f:labels":{".":{},"f:projectcalico.org/tier":{}}},"f:spec":{".":{},"f:egress":{},"f:ingress":{},"f:order":{},"f:selector":{},"f:tier":{},"f:types":{}}}`),
	}}
	data, err := json.Marshal(cr)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// The benchmark's input decodes to the policy it was made from.
func TestStoredPolicyJSONDecodes(t *testing.T) {
	var out v3.GlobalNetworkPolicy
	unknown, err := globalNetworkPolicies.Decode(storedPolicyJSON(t), &out)
	if err != nil || len(unknown) != 0 {
		t.Fatalf("unknown %v, err %v", unknown, err)
	}
	if out.Name != "bench-000042" || out.ResourceVersion != "123456" || len(out.ManagedFields) != 1 || len(out.Spec.Ingress) != 1 {
		t.Errorf("decoded %s", fmt.Sprint(out))
	}
}
