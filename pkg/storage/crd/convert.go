package crd

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
)

// MetadataAnnotation holds the v3 object's metadata, as JSON, on the custom resource.
const MetadataAnnotation = "projectcalico.org/metadata"

// v3APIVersion is the apiVersion of owner references that point at v3 objects.
const v3APIVersion = "projectcalico.org/v3"

// isOurs reports whether a label or annotation key belongs to Calico. Such keys are kept
// on the custom resource itself (as well as in the metadata annotation), so that label
// selectors on the kube-apiserver side see them. Calico tests for a substring, not a
// prefix (contract §5.2).
func isOurs(key string) bool {
	return strings.Contains(key, "projectcalico.org/") || strings.Contains(key, "operator.tigera.io/")
}

// storedMeta is metav1.ObjectMeta with Calico's JSON layout for the metadata annotation:
// the same fields in the same order, but creationTimestamp is always written (null when
// zero), as Calico's json-iterator encoder does, while ObjectMeta's own tag omits it.
// The two struct types have identical fields, so they convert into each other directly.
type storedMeta struct {
	Name                       string                      `json:"name,omitempty"`
	GenerateName               string                      `json:"generateName,omitempty"`
	Namespace                  string                      `json:"namespace,omitempty"`
	SelfLink                   string                      `json:"selfLink,omitempty"`
	UID                        types.UID                   `json:"uid,omitempty"`
	ResourceVersion            string                      `json:"resourceVersion,omitempty"`
	Generation                 int64                       `json:"generation,omitempty"`
	CreationTimestamp          metav1.Time                 `json:"creationTimestamp"`
	DeletionTimestamp          *metav1.Time                `json:"deletionTimestamp,omitempty"`
	DeletionGracePeriodSeconds *int64                      `json:"deletionGracePeriodSeconds,omitempty"`
	Labels                     map[string]string           `json:"labels,omitempty"`
	Annotations                map[string]string           `json:"annotations,omitempty"`
	OwnerReferences            []metav1.OwnerReference     `json:"ownerReferences,omitempty"`
	Finalizers                 []string                    `json:"finalizers,omitempty"`
	ManagedFields              []metav1.ManagedFieldsEntry `json:"managedFields,omitempty"`
}

// ToCRD converts a v3 object into the custom resource that stores it (contract §4). The
// store itself writes Encode's JSON; this form serves tools and tests.
func (r *Resource) ToCRD(obj runtime.Object) (*unstructured.Unstructured, error) {
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return nil, err
	}
	data, err := r.Encode(obj, accessor.GetResourceVersion())
	if err != nil {
		return nil, err
	}
	cr := &unstructured.Unstructured{}
	if err := cr.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return cr, nil
}

// metadataAnnotation renders the v3 metadata as the JSON of the metadata annotation:
// everything but namespace, resourceVersion, uid and selfLink (and the name, except for
// policies), with owner references to v3 objects pointed at their custom resources.
func (r *Resource) metadataAnnotation(accessor metav1.Object) (string, error) {
	m := storedMeta{
		GenerateName:               accessor.GetGenerateName(),
		Generation:                 accessor.GetGeneration(),
		CreationTimestamp:          accessor.GetCreationTimestamp(),
		DeletionTimestamp:          accessor.GetDeletionTimestamp(),
		DeletionGracePeriodSeconds: accessor.GetDeletionGracePeriodSeconds(),
		Labels:                     accessor.GetLabels(),
		Finalizers:                 accessor.GetFinalizers(),
		ManagedFields:              accessor.GetManagedFields(),
	}
	if r.KeepNameInMetadata {
		m.Name = accessor.GetName()
	}
	if annotations := accessor.GetAnnotations(); len(annotations) > 0 {
		// A client-supplied annotation with this key would replace the stored metadata
		// (Calico does not guard against it, contract §4.1); it never reaches storage.
		m.Annotations = make(map[string]string, len(annotations))
		for k, v := range annotations {
			if k != MetadataAnnotation {
				m.Annotations[k] = v
			}
		}
		if len(m.Annotations) == 0 {
			m.Annotations = nil
		}
	}
	owners, err := convertOwnerReferences(accessor.GetOwnerReferences(), CRDGroupVersion.String(), v3APIVersion)
	if err != nil {
		return "", err
	}
	m.OwnerReferences = owners
	data, err := json.Marshal(&m)
	if err != nil {
		return "", err
	}
	return string(data), nil
}

// FromCRD converts a stored custom resource into the v3 object it holds (contract §8),
// decoding into out, which must be a new object of this resource's v3 type. The store
// itself decodes the kube-apiserver's JSON with Decode; this form serves tools and tests.
func (r *Resource) FromCRD(cr *unstructured.Unstructured, out runtime.Object) error {
	data, err := cr.MarshalJSON()
	if err != nil {
		return err
	}
	_, err = r.Decode(data, out)
	return err
}

// UnknownFields lists the fields of a stored custom resource that the v3 type cannot
// hold (e.g. written by a newer Calico), as paths.
func (r *Resource) UnknownFields(cr *unstructured.Unstructured) ([]string, error) {
	data, err := cr.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return r.Decode(data, r.NewFunc())
}

// v3Meta computes into out the v3 ObjectMeta of a custom resource with metadata cr
// whose v3 spec is spec.
func (r *Resource) v3Meta(cr *metav1.ObjectMeta, spec interface{}, out *metav1.ObjectMeta) error {
	var uid types.UID
	if cr.UID != "" {
		var err error
		if uid, err = ConvertUID(cr.UID); err != nil {
			return err
		}
	}
	annotationJSON, ok := cr.Annotations[MetadataAnnotation]
	if !ok {
		// Written without Calico's layout (e.g. kubectl on the v1 API): the v3 object
		// carries the custom resource's own metadata, with only the uid converted.
		*out = *cr
		out.UID = uid
		return nil
	}

	var stored storedMeta
	if err := json.Unmarshal([]byte(annotationJSON), &stored); err != nil {
		return fmt.Errorf("%s %q has an unreadable %s annotation: %w", r.Kind, cr.Name, MetadataAnnotation, err)
	}
	*out = metav1.ObjectMeta(stored)
	owners, err := convertOwnerReferences(out.OwnerReferences, v3APIVersion, CRDGroupVersion.String(), v3APIVersion)
	if err != nil {
		return err
	}
	out.OwnerReferences = owners
	out.Labels = merge(cr.Labels, out.Labels, "")
	out.Annotations = merge(cr.Annotations, out.Annotations, MetadataAnnotation)
	if out.Name == "" {
		out.Name = r.legacyName(cr.Name, spec)
	}
	out.Namespace = cr.Namespace
	out.ResourceVersion = cr.ResourceVersion
	out.UID = uid
	if out.CreationTimestamp.IsZero() {
		out.CreationTimestamp = cr.CreationTimestamp
	}
	return nil
}

// legacyName is the v3 name of a custom resource whose metadata annotation has no name.
// Before Calico v3.32 a policy in the default tier was stored as "default.<name>"; for
// policies in the default (or no) tier that prefix is not part of the v3 name.
func (r *Resource) legacyName(name string, spec interface{}) string {
	if !r.KeepNameInMetadata {
		return name
	}
	var tier string
	if f := reflect.ValueOf(spec).Elem().FieldByName("Tier"); f.IsValid() && f.Kind() == reflect.String {
		tier = f.String()
	}
	if tier == "" || tier == "default" {
		return strings.TrimPrefix(name, "default.")
	}
	return name
}

// convertOwnerReferences points owner references whose apiVersion is one of from at
// apiVersion to, mapping their UIDs; other owners are copied unchanged.
func convertOwnerReferences(refs []metav1.OwnerReference, to string, from ...string) ([]metav1.OwnerReference, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	out := make([]metav1.OwnerReference, len(refs))
	for i, ref := range refs {
		out[i] = ref
		for _, f := range from {
			if ref.APIVersion != f {
				continue
			}
			uid, err := ConvertUID(ref.UID)
			if err != nil {
				return nil, fmt.Errorf("owner reference %s %q: %w", ref.Kind, ref.Name, err)
			}
			out[i].APIVersion = to
			out[i].UID = uid
			break
		}
	}
	return out, nil
}

// oursOnly returns the entries of m whose key is Calico's; nil when there are none.
func oursOnly(m map[string]string) map[string]string {
	var out map[string]string
	for k, v := range m {
		if isOurs(k) {
			if out == nil {
				out = make(map[string]string, len(m))
			}
			out[k] = v
		}
	}
	return out
}

// merge overlays over onto base, leaving out the key skip; nil when empty.
func merge(base, over map[string]string, skip string) map[string]string {
	out := make(map[string]string, len(base)+len(over))
	for k, v := range base {
		if k != skip {
			out[k] = v
		}
	}
	for k, v := range over {
		out[k] = v
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
