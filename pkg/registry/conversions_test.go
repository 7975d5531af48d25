package registry

import "testing"

func TestBlockAffinityDeleted(t *testing.T) {
	for stored, want := range map[string]bool{"true": true, "false": false, "True": false, "": false} {
		spec := map[string]interface{}{"deleted": stored}
		if err := blockAffinityFromCRD(spec); err != nil || spec["deleted"] != want {
			t.Errorf("stored %q read as %v (%v), want %v", stored, spec["deleted"], err, want)
		}
		if err := blockAffinityToCRD(spec); err != nil || spec["deleted"] != map[bool]string{true: "true", false: "false"}[want] {
			t.Errorf("%v written as %v", want, spec["deleted"])
		}
	}
	if err := blockAffinityFromCRD(map[string]interface{}{"deleted": int64(1)}); err == nil {
		t.Error("a number accepted as deleted")
	}
}
