package crd

import (
	"encoding/json"
	"reflect"
	"sort"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

var globalPolicies = &Resource{
	Kind: "GlobalNetworkPolicy", APIVersion: "projectcalico.org/v3", CRDResource: "globalnetworkpolicies", CRDKind: "GlobalNetworkPolicy",
	KeepNameInMetadata: true,
	NewFunc:            func() runtime.Object { return &v3.GlobalNetworkPolicy{} },
}

// An update keeps the fields a newer Calico wrote, at any depth, and changes the rest.
func TestUpdateKeepsUnknownFields(t *testing.T) {
	stored := []byte(`{"apiVersion":"crd.projectcalico.org/v1","kind":"GlobalNetworkPolicy",
"metadata":{"name":"p","resourceVersion":"5","uid":"5f0c7b3e-9a21-4d6e-8b4f-2c1a9e7d3b60","annotations":{"projectcalico.org/metadata":"{\"name\":\"p\",\"creationTimestamp\":null}"}},
"spec":{"order":1,"selector":"all()","futureKnob":{"depth":[1,2]},"ingress":[{"action":"Allow","futureRule":"x"},{"action":"Deny"}]}}`)
	var policy v3.GlobalNetworkPolicy
	unknown, err := globalPolicies.Decode(stored, &policy)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(unknown)
	if !reflect.DeepEqual(unknown, []string{"spec.futureKnob", "spec.ingress[0].futureRule"}) {
		t.Fatalf("unknown fields %v", unknown)
	}
	order := 2.0
	policy.Spec.Order = &order
	policy.Labels = map[string]string{"team": "blue"}
	body, err := globalPolicies.Encode(&policy, policy.ResourceVersion)
	if err != nil {
		t.Fatal(err)
	}
	kept, err := keepUnknownFields(stored, body, unknown)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Metadata metav1.ObjectMeta      `json:"metadata"`
		Spec     map[string]interface{} `json:"spec"`
	}
	if err := json.Unmarshal(kept, &got); err != nil {
		t.Fatal(err)
	}
	if got.Spec["order"] != 2.0 || got.Metadata.ResourceVersion != "5" ||
		!reflect.DeepEqual(got.Spec["futureKnob"], map[string]interface{}{"depth": []interface{}{1.0, 2.0}}) ||
		got.Spec["ingress"].([]interface{})[0].(map[string]interface{})["futureRule"] != "x" {
		t.Errorf("written %s", kept)
	}
	var back v3.GlobalNetworkPolicy
	if _, err := globalPolicies.Decode(kept, &back); err != nil || back.Labels["team"] != "blue" {
		t.Errorf("read back %v %v", back.ObjectMeta, err)
	}
}

func TestUnknownFieldsRemembered(t *testing.T) {
	u := newUnknownFields()
	k := objectKey{name: "p"}
	if u.has(k) {
		t.Fatal("empty set has a key")
	}
	u.observe(k, "5", []string{"spec.x"})
	if !u.has(k) || u.has(objectKey{name: "q"}) {
		t.Error("unknown fields not remembered for their object only")
	}
	u.observe(k, "6", nil)
	if u.has(k) {
		t.Error("a clean read did not clear the object")
	}
}
