package crd

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	sigsjson "sigs.k8s.io/json"
)

// The typed path between a v3 object and the JSON of the custom resource that stores
// it: no map[string]interface{} and no unstructured conversion. A custom resource is
// the v3 object with other metadata (contract §4): its spec (and, for kinds whose v1
// CRD has one, its status) have the same JSON, so they are encoded from and decoded
// into the v3 object's own Spec and Status fields.

// storedObject is the JSON of a custom resource, as written to and read from the
// kube-apiserver. Spec and Status point at the v3 object's fields (or at a stored form
// of the spec, for kinds with a SpecConversion).
type storedObject struct {
	APIVersion string      `json:"apiVersion"`
	Kind       string      `json:"kind"`
	Metadata   interface{} `json:"metadata"`
	Spec       interface{} `json:"spec,omitempty"`
	Status     interface{} `json:"status,omitempty"`
}

// writtenMeta is the metadata of a custom resource this server writes: the name, the
// namespace, the resourceVersion and uid that make the write conditional, Calico's own
// labels and annotations, and the v3 metadata in the metadata annotation.
type writtenMeta struct {
	Name            string            `json:"name"`
	Namespace       string            `json:"namespace,omitempty"`
	UID             types.UID         `json:"uid,omitempty"`
	ResourceVersion string            `json:"resourceVersion,omitempty"`
	Labels          map[string]string `json:"labels,omitempty"`
	Annotations     map[string]string `json:"annotations"`
}

// SpecConversion converts a kind's spec where its stored form differs from the v3
// form (BlockAffinity's "deleted" is a string in v1). ConvertSpec builds one.
type SpecConversion struct {
	newStored  func() interface{}
	fromStored func(stored, spec interface{}) error
	toStored   func(spec interface{}) (interface{}, error)
}

// ConvertSpec is the SpecConversion between the stored spec type S and the v3 spec
// type V.
func ConvertSpec[S, V any](fromStored func(*S, *V) error, toStored func(*V) (*S, error)) *SpecConversion {
	return &SpecConversion{
		newStored:  func() interface{} { return new(S) },
		fromStored: func(stored, spec interface{}) error { return fromStored(stored.(*S), spec.(*V)) },
		toStored:   func(spec interface{}) (interface{}, error) { return toStored(spec.(*V)) },
	}
}

// objectParts are the addresses of a v3 object's parts. Every kind's Go type has the
// fields TypeMeta, ObjectMeta and Spec, and Status where v3 has one.
type objectParts struct {
	typeMeta *metav1.TypeMeta
	meta     *metav1.ObjectMeta
	spec     interface{}
	status   interface{}
}

func parts(obj runtime.Object) (objectParts, error) {
	v := reflect.ValueOf(obj)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return objectParts{}, fmt.Errorf("%T is not a pointer to a struct", obj)
	}
	v = v.Elem()
	typeMeta, _ := fieldAddr(v, "TypeMeta").(*metav1.TypeMeta)
	meta, _ := fieldAddr(v, "ObjectMeta").(*metav1.ObjectMeta)
	spec := fieldAddr(v, "Spec")
	if typeMeta == nil || meta == nil || spec == nil {
		return objectParts{}, fmt.Errorf("%T lacks TypeMeta, ObjectMeta or Spec", obj)
	}
	return objectParts{typeMeta: typeMeta, meta: meta, spec: spec, status: fieldAddr(v, "Status")}, nil
}

func fieldAddr(v reflect.Value, name string) interface{} {
	f := v.FieldByName(name)
	if !f.IsValid() {
		return nil
	}
	return f.Addr().Interface()
}

// readMeta is a custom resource's metadata as Decode reads it: without its managed
// fields, which record this server's writes to the custom resource, not the v3 object's
// (those live in the metadata annotation). Skipping them saves a good part of reading
// the metadata, for every item of every list.
// (The embedded storedMeta's own ManagedFields is shadowed by the shallower field.)
type readMeta struct {
	storedMeta
	ManagedFields skipped `json:"managedFields,omitempty"`
}

// skipped is a JSON value read over and dropped.
type skipped struct{}

func (*skipped) UnmarshalJSON([]byte) error { return nil }

// Encode renders obj as the JSON of the custom resource that stores it (contract §4),
// with the given resourceVersion ("" for none).
func (r *Resource) Encode(obj runtime.Object, resourceVersion string) ([]byte, error) {
	return r.encode(obj, resourceVersion, r.StoresStatus)
}

// encode is Encode, with the status only when withStatus is set.
func (r *Resource) encode(obj runtime.Object, resourceVersion string, withStatus bool) ([]byte, error) {
	p, err := parts(obj)
	if err != nil {
		return nil, err
	}
	annotationJSON, err := r.metadataAnnotation(p.meta)
	if err != nil {
		return nil, err
	}
	m := writtenMeta{Name: p.meta.Name, ResourceVersion: resourceVersion, Labels: oursOnly(p.meta.Labels)}
	if r.Namespaced {
		m.Namespace = p.meta.Namespace
	}
	if p.meta.UID != "" {
		if m.UID, err = ConvertUID(p.meta.UID); err != nil {
			return nil, err
		}
	}
	m.Annotations = oursOnly(p.meta.Annotations)
	if m.Annotations == nil {
		m.Annotations = make(map[string]string, 1)
	}
	m.Annotations[MetadataAnnotation] = annotationJSON

	out := storedObject{APIVersion: CRDGroupVersion.String(), Kind: r.CRDKind, Metadata: &m, Spec: p.spec}
	if withStatus && r.StoresStatus {
		out.Status = p.status
	}
	if r.SpecConversion != nil {
		if out.Spec, err = r.SpecConversion.toStored(p.spec); err != nil {
			return nil, fmt.Errorf("converting %s spec for storage: %w", r.Kind, err)
		}
	}
	return json.Marshal(&out)
}

// Decode reads the JSON of a stored custom resource into out, an object of this
// resource's v3 type, which it resets first (contract §8). It returns the fields of the custom
// resource that the v3 type cannot hold, as paths ("spec.futureKnob"), e.g. written by
// a newer Calico: reading leaves them out, and writing back must keep them.
func (r *Resource) Decode(data []byte, out runtime.Object) (unknown []string, err error) {
	p, err := parts(out)
	if err != nil {
		return nil, err
	}
	reflect.ValueOf(out).Elem().SetZero()
	var crMeta readMeta
	in := storedObject{Metadata: &crMeta, Spec: p.spec}
	if r.StoresStatus && p.status != nil {
		in.Status = p.status
	} else {
		// Status the v1 CRD does not store is not this server's to read.
		in.Status = &json.RawMessage{}
	}
	if r.SpecConversion != nil {
		in.Spec = r.SpecConversion.newStored()
	}
	strict, err := sigsjson.UnmarshalStrict(data, &in, sigsjson.DisallowUnknownFields)
	if err != nil {
		return nil, r.unreadable(crMeta.Name, err)
	}
	for _, e := range strict {
		unknown = append(unknown, unknownFieldPath(e))
	}
	if r.SpecConversion != nil {
		if err := r.SpecConversion.fromStored(in.Spec, p.spec); err != nil {
			return nil, r.unreadable(crMeta.Name, err)
		}
	}
	cr := metav1.ObjectMeta(crMeta.storedMeta)
	if _, ok := cr.Annotations[MetadataAnnotation]; !ok {
		// The v3 object will carry the custom resource's own metadata: read it whole.
		var whole struct {
			Metadata metav1.ObjectMeta `json:"metadata"`
		}
		if err := json.Unmarshal(data, &whole); err != nil {
			return nil, r.unreadable(cr.Name, err)
		}
		cr = whole.Metadata
	}
	if err := r.v3Meta(&cr, p.spec, p.meta); err != nil {
		return nil, err
	}
	p.typeMeta.APIVersion, p.typeMeta.Kind = r.APIVersion, r.Kind
	if r.Decorate != nil {
		r.Decorate(out)
	}
	return unknown, nil
}

func (r *Resource) unreadable(name string, err error) error {
	return fmt.Errorf("%s %q stored as %s cannot be read: %w", r.Kind, name, r.CRDResource, err)
}

// unknownFieldPath is the path in a strict decoding error: `unknown field "spec.x"`.
func unknownFieldPath(err error) string {
	msg := err.Error()
	if i := strings.IndexByte(msg, '"'); i >= 0 && strings.HasSuffix(msg, `"`) && len(msg) > i+1 {
		return msg[i+1 : len(msg)-1]
	}
	return msg
}
