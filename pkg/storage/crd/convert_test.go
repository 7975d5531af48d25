package crd

import (
	"encoding/json"
	"reflect"
	"sort"
	"testing"
	"time"

	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

var ipPools = &Resource{
	Kind: "IPPool", APIVersion: "projectcalico.org/v3",
	CRDResource: "ippools", CRDKind: "IPPool",
	NewFunc: func() runtime.Object { return &v3.IPPool{} },
}

func mustYAML(t *testing.T, doc string) map[string]interface{} {
	t.Helper()
	var out map[string]interface{}
	if err := yaml.Unmarshal([]byte(doc), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func toJSON(t *testing.T, v interface{}) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// Worked example 14.1 of the storage contract: an IPPool with labels, written and read.
func TestIPPoolWorkedExample(t *testing.T) {
	automatic := v3.AssignmentModeAutomatic
	pool := &v3.IPPool{
		ObjectMeta: metav1.ObjectMeta{
			Name:              "pool-blue",
			UID:               "0b8e3c52-7f1a-4d9e-a6c3-5e2f1d0c9b87",
			CreationTimestamp: metav1.NewTime(time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)),
			Labels:            map[string]string{"environment": "production", "projectcalico.org/pool-group": "blue"},
		},
		Spec: v3.IPPoolSpec{
			AllowedUses:    []v3.IPPoolAllowedUse{v3.IPPoolAllowedUseWorkload, v3.IPPoolAllowedUseTunnel},
			AssignmentMode: &automatic,
			BlockSize:      26,
			CIDR:           "10.244.0.0/16",
			IPIPMode:       v3.IPIPModeNever,
			NATOutgoing:    true,
			NodeSelector:   "all()",
			VXLANMode:      v3.VXLANModeAlways,
		},
	}
	cr, err := ipPools.ToCRD(pool)
	if err != nil {
		t.Fatal(err)
	}
	wantCR := mustYAML(t, `
apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata:
  name: pool-blue
  uid: d0713c4a-fe58-4d79-a6c3-7af4b830d9e1
  labels:
    projectcalico.org/pool-group: blue
  annotations:
    projectcalico.org/metadata: '{"creationTimestamp":"2026-01-15T10:00:00Z","labels":{"environment":"production","projectcalico.org/pool-group":"blue"}}'
spec:
  allowedUses: [Workload, Tunnel]
  assignmentMode: Automatic
  blockSize: 26
  cidr: 10.244.0.0/16
  ipipMode: Never
  natOutgoing: true
  nodeSelector: all()
  vxlanMode: Always
`)
	// JSON encoding sorts keys, so equal JSON means the same body byte for byte.
	if got, want := toJSON(t, cr.Object), toJSON(t, wantCR); got != want {
		t.Errorf("custom resource:\n got %s\nwant %s", got, want)
	}

	stored := cr.DeepCopy()
	stored.SetUID("5f0c7b3e-9a21-4d6e-8b4f-2c1a9e7d3b60")
	stored.SetResourceVersion("48213")
	stored.SetGeneration(1)
	stored.SetCreationTimestamp(metav1.NewTime(time.Date(2026, 1, 15, 10, 0, 1, 0, time.UTC)))

	var back v3.IPPool
	if err := ipPools.FromCRD(stored, &back); err != nil {
		t.Fatal(err)
	}
	want := pool.DeepCopy()
	want.APIVersion, want.Kind = "projectcalico.org/v3", "IPPool"
	want.UID = "fa30de7c-5984-4d76-8bf2-345879bedc06"
	want.ResourceVersion = "48213"
	if !apiequality.Semantic.DeepEqual(&back, want) {
		t.Errorf("read back:\n got %s\nwant %s", toJSON(t, &back), toJSON(t, want))
	}
}

// A custom resource that IPAM or kubectl wrote: no annotation, or a minimal one.
func TestReadWithoutCalicoMetadata(t *testing.T) {
	created := metav1.NewTime(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
	cr := &unstructured.Unstructured{Object: mustYAML(t, `
apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata:
  name: raw
  uid: 41cb1fde-57e7-42c1-a73b-0acaf38c7737
  resourceVersion: "7"
  generation: 3
  labels: {app: x}
  annotations: {note: kept}
spec:
  cidr: 10.1.0.0/16
`)}
	cr.SetCreationTimestamp(created)
	var pool v3.IPPool
	if err := ipPools.FromCRD(cr, &pool); err != nil {
		t.Fatal(err)
	}
	if pool.UID != "82d3f87b-eae7-4283-a7dc-5053cf31eeec" || pool.Generation != 3 ||
		pool.Labels["app"] != "x" || pool.Annotations["note"] != "kept" || !pool.CreationTimestamp.Equal(&created) ||
		pool.Spec.CIDR != "10.1.0.0/16" {
		t.Errorf("unexpected v3 object %s", toJSON(t, &pool))
	}

	// Annotation present but minimal: labels and annotations merge, the annotation wins,
	// and the creation timestamp falls back to the custom resource's (contract §8.1).
	cr.SetAnnotations(map[string]string{MetadataAnnotation: `{"creationTimestamp":null,"labels":{"app":"ann"},"annotations":{"note":"ann"}}`, "k2": "cr"})
	cr.SetLabels(map[string]string{"app": "cr", "b": "cr"})
	pool = v3.IPPool{}
	if err := ipPools.FromCRD(cr, &pool); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pool.Labels, map[string]string{"app": "ann", "b": "cr"}) ||
		!reflect.DeepEqual(pool.Annotations, map[string]string{"note": "ann", "k2": "cr"}) ||
		pool.Generation != 0 || !pool.CreationTimestamp.Equal(&created) {
		t.Errorf("unexpected merge result %s", toJSON(t, &pool.ObjectMeta))
	}
}

func TestClientMetadataAnnotationNeverStored(t *testing.T) {
	pool := &v3.IPPool{ObjectMeta: metav1.ObjectMeta{
		Name:        "p",
		Annotations: map[string]string{MetadataAnnotation: `{"labels":{"evil":"yes"}}`},
	}, Spec: v3.IPPoolSpec{CIDR: "10.0.0.0/8"}}
	cr, err := ipPools.ToCRD(pool)
	if err != nil {
		t.Fatal(err)
	}
	if got := cr.GetAnnotations()[MetadataAnnotation]; got != `{"creationTimestamp":null}` {
		t.Errorf("metadata annotation = %s", got)
	}
}

func TestUnknownFields(t *testing.T) {
	cr := &unstructured.Unstructured{Object: mustYAML(t, `
apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata: {name: newer}
spec:
  cidr: 10.1.0.0/16
  natOutgoing: false
  blockSize: 0
  allowedUses: [Workload]
`)}
	if lost, err := ipPools.UnknownFields(cr); err != nil || len(lost) != 0 {
		t.Errorf("known fields (and zero values) reported as unknown: %v %v", lost, err)
	}
	cr.Object["spec"].(map[string]interface{})["futureKnob"] = "on"
	cr.Object["spec"].(map[string]interface{})["futureBlock"] = map[string]interface{}{"a": int64(1), "b": false}
	lost, err := ipPools.UnknownFields(cr)
	sort.Strings(lost)
	if err != nil || !reflect.DeepEqual(lost, []string{"spec.futureBlock", "spec.futureKnob"}) {
		t.Errorf("UnknownFields = %v, %v", lost, err)
	}
}

func TestSpecConversionRunsBothWays(t *testing.T) {
	type storedSpec struct {
		CIDR string `json:"storedCIDR"`
	}
	r := *ipPools
	r.SpecConversion = ConvertSpec(
		func(stored *storedSpec, spec *v3.IPPoolSpec) error { spec.CIDR = "read:" + stored.CIDR; return nil },
		func(spec *v3.IPPoolSpec) (*storedSpec, error) { return &storedSpec{CIDR: "stored:" + spec.CIDR}, nil },
	)
	cr, err := r.ToCRD(&v3.IPPool{ObjectMeta: metav1.ObjectMeta{Name: "p"}, Spec: v3.IPPoolSpec{CIDR: "10.0.0.0/8"}})
	if err != nil || !reflect.DeepEqual(cr.Object["spec"], map[string]interface{}{"storedCIDR": "stored:10.0.0.0/8"}) {
		t.Fatalf("stored spec: %v %v", cr, err)
	}
	var back v3.IPPool
	if err := r.FromCRD(cr, &back); err != nil || back.Spec.CIDR != "read:stored:10.0.0.0/8" {
		t.Fatalf("read spec: %+v %v", back.Spec, err)
	}
}
