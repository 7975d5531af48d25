package registry

import "fmt"

// BlockAffinity's "deleted" is a boolean in v3 and the string "true"/"false" in the
// stored v1 object (storage contract §10.2); only the exact string "true" is true.

func blockAffinityFromCRD(spec map[string]interface{}) error {
	switch deleted := spec["deleted"].(type) {
	case string:
		spec["deleted"] = deleted == "true"
	case nil, bool:
	default:
		return fmt.Errorf("spec.deleted is %T, want a string", deleted)
	}
	return nil
}

func blockAffinityToCRD(spec map[string]interface{}) error {
	deleted, _ := spec["deleted"].(bool)
	spec["deleted"] = fmt.Sprint(deleted)
	return nil
}
