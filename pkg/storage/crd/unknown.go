package crd

import (
	"fmt"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
)

// UnknownFields lists the fields of a stored custom resource that the v3 type cannot
// hold (e.g. written by a newer Calico), as dotted paths. Reading such an object just
// does not show them, but writing it back through this server would drop them, so
// updates refuse instead (never silent data loss). Zero values do not count: a stored
// `false` or `0` means the same as an absent field.
func (r *Resource) UnknownFields(cr *unstructured.Unstructured) ([]string, error) {
	obj := r.NewFunc()
	if err := r.FromCRD(cr, obj); err != nil {
		return nil, err
	}
	roundTrip, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return nil, err
	}
	var lost []string
	for _, top := range []string{"spec", "status"} {
		if top == "status" && !r.StoresStatus {
			continue
		}
		lost = appendLost(lost, top, cr.Object[top], roundTrip[top])
	}
	sort.Strings(lost)
	return lost, nil
}

// appendLost adds to lost every non-zero path of stored that kept lacks.
func appendLost(lost []string, path string, stored, kept interface{}) []string {
	if isZero(stored) {
		return lost
	}
	switch s := stored.(type) {
	case map[string]interface{}:
		k, _ := kept.(map[string]interface{})
		for key, value := range s {
			lost = appendLost(lost, path+"."+key, value, k[key])
		}
	case []interface{}:
		k, _ := kept.([]interface{})
		for i, value := range s {
			var keptValue interface{}
			if i < len(k) {
				keptValue = k[i]
			}
			lost = appendLost(lost, fmt.Sprintf("%s[%d]", path, i), value, keptValue)
		}
	default:
		if kept == nil {
			lost = append(lost, path)
		}
	}
	return lost
}

func isZero(v interface{}) bool {
	switch v := v.(type) {
	case nil:
		return true
	case bool:
		return !v
	case string:
		return v == ""
	case int64:
		return v == 0
	case float64:
		return v == 0
	case map[string]interface{}:
		for _, value := range v {
			if !isZero(value) {
				return false
			}
		}
		return true
	case []interface{}:
		return len(v) == 0
	}
	return false
}

// unknownFieldsError is the refusal of an update that would drop unknown fields.
func (r *Resource) unknownFieldsError(name string, fields []string) error {
	return fmt.Errorf("%s %q holds fields this server does not know (%s), probably written by a newer Calico; "+
		"updating it through projectcalico.org/v3 would drop them, so the update is refused: upgrade this server, "+
		"or edit the %s.%s object directly", r.Kind, name, strings.Join(fields, ", "), r.CRDResource, CRDGroupVersion.Group)
}
