package registry

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/randfill"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/stored from the current conversion")

// goldenObject fills an object of the kind's v3 type with random but reproducible
// content: every field the type has, metadata as a client could send it.
func goldenObject(kind *Kind, seed int64) runtime.Object {
	obj := kind.Storage.NewFunc()
	f := randfill.NewWithSeed(seed).NilChance(0).NumElements(1, 2).MaxDepth(20).Funcs(
		func(m *metav1.ObjectMeta, c randfill.Continue) {
			m.Name = "golden-" + kind.Singular
			if kind.Storage.Namespaced {
				m.Namespace = "golden-ns"
			}
			m.UID = types.UID("0b8e3c52-7f1a-4d9e-a6c3-5e2f1d0c9b87")
			m.ResourceVersion = "4711"
			m.Generation = c.Int63()
			m.CreationTimestamp = metav1.NewTime(time.Unix(1767225600+c.Int63n(1e6), 0).UTC())
			m.Labels = map[string]string{"app": c.String(8), "projectcalico.org/golden": c.String(8)}
			m.Annotations = map[string]string{"note": c.String(8), "operator.tigera.io/golden": c.String(8)}
			m.Finalizers = []string{"example.com/golden"}
			m.OwnerReferences = []metav1.OwnerReference{{
				APIVersion: "projectcalico.org/v3", Kind: "Tier", Name: "owner",
				UID: types.UID("41cb1fde-57e7-42c1-a73b-0acaf38c7737"),
			}}
		},
		func(t *metav1.TypeMeta, _ randfill.Continue) {},
		// Ports and protocols are written as Calico writes them: a number, a range or a
		// name; a number or a name.
		func(p *numorstring.Port, c randfill.Continue) {
			switch c.Intn(3) {
			case 0:
				*p = numorstring.SinglePort(uint16(1 + c.Intn(65535)))
			case 1:
				low := uint16(1 + c.Intn(1000))
				*p, _ = numorstring.PortFromRange(low, low+uint16(c.Intn(1000)))
			default:
				*p = numorstring.NamedPort("http")
			}
		},
		func(p *numorstring.Protocol, c randfill.Continue) {
			if c.Bool() {
				*p = numorstring.ProtocolFromInt(uint8(c.Intn(256)))
			} else {
				*p = numorstring.ProtocolFromString("TCP")
			}
		},
		func(t *metav1.Time, c randfill.Continue) { *t = metav1.NewTime(time.Unix(c.Int63n(4e9), 0).UTC()) },
	)
	f.Fill(obj)
	return obj
}

// canonical re-renders JSON with sorted keys, so equal content compares equal.
func canonical(t *testing.T, data []byte) []byte {
	t.Helper()
	var v interface{}
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.UseNumber()
	if err := decoder.Decode(&v); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

// TestStoredLayoutGolden pins the custom resource every kind is stored as, for an
// object with every field set. The golden files were written by the unstructured
// conversion this server used before the typed path (commit bc7843c); the typed
// path must produce the same custom resources, and read them back to the same object.
func TestStoredLayoutGolden(t *testing.T) {
	for _, kind := range Kinds() {
		if kind.Synthesized != nil {
			continue
		}
		t.Run(kind.Resource, func(t *testing.T) {
			obj := goldenObject(kind, 11)
			cr, err := kind.Storage.ToCRD(obj)
			if err != nil {
				t.Fatal(err)
			}
			data, err := json.Marshal(cr.Object)
			if err != nil {
				t.Fatal(err)
			}
			got := canonical(t, data)
			path := filepath.Join("testdata", "stored", kind.Resource+".json")
			if *updateGolden {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("stored layout differs from %s:\n%s", path, got)
			}

			// Reading the golden custom resource gives the object back, with Calico's
			// read-side decorations (a policy's tier label).
			stored := &unstructured.Unstructured{}
			if err := stored.UnmarshalJSON(want); err != nil {
				t.Fatal(err)
			}
			back := kind.Storage.NewFunc()
			if err := kind.Storage.FromCRD(stored, back); err != nil {
				t.Fatal(err)
			}
			if kind.Storage.Decorate != nil {
				kind.Storage.Decorate(obj)
			}
			again, err := kind.Storage.ToCRD(back)
			if err != nil {
				t.Fatal(err)
			}
			decorated, err := kind.Storage.ToCRD(obj)
			if err != nil {
				t.Fatal(err)
			}
			if !apiequality.Semantic.DeepEqual(again.Object, decorated.Object) {
				t.Errorf("read and written again:\n got %v\nwant %v", again.Object, decorated.Object)
			}
		})
	}
}
