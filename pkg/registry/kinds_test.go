package registry

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// Every row of the table must be complete and consistent with the scheme, so that a
// new kind cannot be half-added.
func TestKindsTable(t *testing.T) {
	scheme := runtime.NewScheme()
	if err := v3.AddToServerScheme(scheme); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, kind := range Kinds() {
		if kind.Resource == "" || kind.Singular == "" || seen[kind.Resource] {
			t.Errorf("kind %+v: empty or duplicate resource name", kind)
		}
		seen[kind.Resource] = true
		s := kind.Storage
		if kind.Synthesized != nil && !kind.ReadOnly {
			t.Errorf("%s: synthesized kinds must be read-only", kind.Resource)
		}
		if (kind.Synthesized != nil) != (len(kind.SourceResources) > 0) {
			t.Errorf("%s: a synthesized kind names its source resources (for the server's ClusterRole), and only it", kind.Resource)
		}
		if kind.Cache != nil && kind.Synthesized == nil {
			t.Errorf("%s: Cache is for synthesized kinds; stored kinds are always cached", kind.Resource)
		}
		if kind.SelectableFields != nil {
			for field := range kind.SelectableFields(kind.Storage.NewFunc()) {
				if field == "metadata.name" || field == "metadata.namespace" || field == tierField {
					t.Errorf("%s: selectable field %s is already selectable", kind.Resource, field)
				}
			}
		}
		if kind.StatusSubresource && !s.StoresStatus {
			t.Errorf("%s: a status subresource needs a custom resource that stores status", kind.Resource)
		}
		stored := kind.Synthesized == nil
		if s.Kind == "" || (stored && (s.CRDResource == "" || s.CRDKind == "")) || s.NewFunc == nil || s.NewListFunc == nil {
			t.Errorf("%s: incomplete storage description %+v", kind.Resource, s)
			continue
		}
		gvks, _, err := scheme.ObjectKinds(s.NewFunc())
		if err != nil {
			t.Errorf("%s: %v", kind.Resource, err)
			continue
		}
		found := false
		for _, gvk := range gvks {
			found = found || (gvk.GroupVersion() == v3.SchemeGroupVersion && gvk.Kind == s.Kind)
		}
		if !found {
			t.Errorf("%s: NewFunc's type is not registered as %s %s (got %v)", kind.Resource, v3.SchemeGroupVersion, s.Kind, gvks)
		}
		if _, _, err := scheme.ObjectKinds(s.NewListFunc()); err != nil {
			t.Errorf("%s: list type: %v", kind.Resource, err)
		}
	}
}

// Every stored kind has its custom resource definition among the project's CRDs
// (generated from pkg/apis/crd/v1), so adding a kind cannot forget its storage.
func TestEveryStoredKindHasACRD(t *testing.T) {
	for _, kind := range Kinds() {
		if kind.Synthesized != nil {
			continue
		}
		file := filepath.Join("..", "..", "artifacts", "crds", "crd.projectcalico.org_"+kind.Storage.CRDResource+".yaml")
		if _, err := os.Stat(file); err != nil {
			t.Errorf("%s: no CRD for its storage %s: %v (add its type to pkg/apis/crd/v1 and run make codegen)", kind.Resource, kind.Storage.CRDResource, err)
		}
	}
}

// The lookups learn which stored resources hold tiered policies from the table.
func TestTieredPolicyResources(t *testing.T) {
	var got []string
	for _, gvr := range TieredPolicyResources() {
		got = append(got, gvr.Resource)
	}
	want := []string{"networkpolicies", "globalnetworkpolicies", "stagednetworkpolicies", "stagedglobalnetworkpolicies"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("tiered policy resources %v, want %v", got, want)
	}
}

// calicoIPAMCRDs are the crd.projectcalico.org resources of Calico v3.32.1 that this
// project neither serves nor installs (Calico's manifests
// crd.projectcalico.org_ipamblocks.yaml and _ipamhandles.yaml): their names are taken
// all the same.
var calicoIPAMCRDs = []string{"ipamblocks", "ipamblock", "ipamhandles", "ipamhandle"}

// No short name of a v3 kind may equal a name of a crd.projectcalico.org resource, nor
// another kind's name: kubectl expands short names before it looks at the group, so
// `kubectl get ipamconfigs.crd.projectcalico.org` would otherwise reach the v3 kind.
func TestShortNamesCollideWithNoResourceName(t *testing.T) {
	taken := map[string]string{}
	for _, name := range calicoIPAMCRDs {
		taken[name] = "Calico's crd.projectcalico.org IPAM resources"
	}
	files, err := filepath.Glob(filepath.Join("..", "..", "artifacts", "crds", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no CRDs in artifacts/crds: %v", err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		// The fields of a CustomResourceDefinition that hold its names.
		var crd struct {
			Metadata struct{ Name string }
			Spec     struct {
				Names struct {
					Plural, Singular string
					ShortNames       []string `json:"shortNames"`
				}
			}
		}
		if err := yaml.Unmarshal(data, &crd); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		names := crd.Spec.Names
		if names.Plural == "" || names.Singular == "" {
			t.Fatalf("%s: no plural or singular name", file)
		}
		for _, name := range append([]string{names.Plural, names.Singular}, names.ShortNames...) {
			taken[name] = crd.Metadata.Name
		}
	}
	for _, kind := range Kinds() {
		taken[kind.Resource] = kind.Resource + ".projectcalico.org"
		taken[kind.Singular] = kind.Resource + ".projectcalico.org"
	}
	for _, kind := range Kinds() {
		for _, short := range kind.ShortNames {
			if owner, ok := taken[short]; ok {
				t.Errorf("%s: short name %q is also a name of %s", kind.Resource, short, owner)
			}
		}
	}
}
