package registry

import (
	"fmt"
	"strings"
	"testing"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

func TestBlockAffinityDeleted(t *testing.T) {
	var kind *Kind
	for _, k := range Kinds() {
		if k.Resource == "blockaffinities" {
			kind = k
		}
	}
	storage := &kind.Storage
	storage.APIVersion = v3.SchemeGroupVersion.String()
	stored := func(deleted string) []byte {
		return []byte(fmt.Sprintf(`{"apiVersion":"crd.projectcalico.org/v1","kind":"BlockAffinity","metadata":{"name":"b"},`+
			`"spec":{"state":"confirmed","node":"n","cidr":"10.0.0.0/26","deleted":%s}}`, deleted))
	}
	for deleted, want := range map[string]bool{"true": true, "false": false, "True": false, "": false} {
		var affinity v3.BlockAffinity
		if unknown, err := storage.Decode(stored(fmt.Sprintf("%q", deleted)), &affinity); err != nil || len(unknown) > 0 || affinity.Spec.Deleted != want {
			t.Errorf("stored %q read as %v (%v, unknown %v), want %v", deleted, affinity.Spec.Deleted, err, unknown, want)
		}
		data, err := storage.Encode(&affinity, "")
		if wantJSON := fmt.Sprintf(`"deleted":"%t"`, want); err != nil || !strings.Contains(string(data), wantJSON) {
			t.Errorf("%v written as %s (%v), want %s", want, data, err, wantJSON)
		}
	}
	if _, err := storage.Decode(stored("1"), &v3.BlockAffinity{}); err == nil {
		t.Error("a number accepted as deleted")
	}
}
