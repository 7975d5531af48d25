package v1

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

var (
	// ourCRDs are the manifests generated from this package (hack/update-crds.sh).
	ourCRDs = filepath.Join("..", "..", "..", "..", "artifacts", "crds")
	// calicoCRDs are Calico v3.32.1's own, beside the checkout (../shared).
	calicoCRDs = filepath.Join("..", "..", "..", "..", "..", "shared", "calico-v3.32.1", "crd.projectcalico.org-v1")
)

// notServed are Calico CRDs that back no projectcalico.org/v3 kind: IPAM's internal
// bookkeeping, written by Calico's IPAM code only.
var notServed = map[string]bool{"ipamblocks": true, "ipamhandles": true}

type crdFile struct {
	Spec struct {
		Group string `json:"group"`
		Names struct {
			Kind     string `json:"kind"`
			ListKind string `json:"listKind"`
			Plural   string `json:"plural"`
			Singular string `json:"singular"`
		} `json:"names"`
		Scope    string `json:"scope"`
		Versions []struct {
			Name         string                 `json:"name"`
			Served       bool                   `json:"served"`
			Storage      bool                   `json:"storage"`
			Subresources map[string]interface{} `json:"subresources"`
			Schema       struct {
				OpenAPIV3Schema *schema `json:"openAPIV3Schema"`
			} `json:"schema"`
		} `json:"versions"`
	} `json:"spec"`
}

type schema struct {
	Type                 string             `json:"type"`
	Properties           map[string]*schema `json:"properties"`
	Items                *schema            `json:"items"`
	AdditionalProperties *schema            `json:"additionalProperties"`
	IntOrString          bool               `json:"x-kubernetes-int-or-string"`
	PreserveUnknown      bool               `json:"x-kubernetes-preserve-unknown-fields"`
	Default              interface{}        `json:"default"`
	Enum                 []interface{}      `json:"enum"`
	Required             []string           `json:"required"`
	Validations          []validation       `json:"x-kubernetes-validations"`
}

// validation is one CEL rule of x-kubernetes-validations.
type validation struct {
	Rule              string `json:"rule"`
	Message           string `json:"message,omitempty"`
	MessageExpression string `json:"messageExpression,omitempty"`
	Reason            string `json:"reason,omitempty"`
	FieldPath         string `json:"fieldPath,omitempty"`
}

func readCRDs(t *testing.T, dir string) map[string]*crdFile {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no CRDs in %s: %v", dir, err)
	}
	out := map[string]*crdFile{}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		crd := &crdFile{}
		if err := yaml.Unmarshal(data, crd); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out[crd.Spec.Names.Plural] = crd
	}
	return out
}

// TestCRDsMatchCalico proves the project's CRDs can replace Calico's: the same names,
// scope, version and subresources, and every field path of Calico's schema exists in
// ours with the same JSON type, default, enum, required list and CEL rules
// (x-kubernetes-validations), so whatever Calico's components store validates and
// reads back the same under either, and a raw write is refused where Calico's CRDs
// refuse it.
func TestCRDsMatchCalico(t *testing.T) {
	ours, calico := readCRDs(t, ourCRDs), readCRDs(t, calicoCRDs)
	for plural := range ours {
		if calico[plural] == nil {
			t.Errorf("we ship a CRD for %s, which Calico does not have", plural)
		}
	}
	plurals := make([]string, 0, len(calico))
	for plural := range calico {
		plurals = append(plurals, plural)
	}
	sort.Strings(plurals)
	for _, plural := range plurals {
		if notServed[plural] {
			continue
		}
		theirs, mine := calico[plural], ours[plural]
		if mine == nil {
			t.Errorf("Calico's CRD %s is missing from %s", plural, ourCRDs)
			continue
		}
		if mine.Spec.Group != theirs.Spec.Group || mine.Spec.Names != theirs.Spec.Names || mine.Spec.Scope != theirs.Spec.Scope {
			t.Errorf("%s: group/names/scope %s %+v %s, Calico's %s %+v %s", plural, mine.Spec.Group, mine.Spec.Names,
				mine.Spec.Scope, theirs.Spec.Group, theirs.Spec.Names, theirs.Spec.Scope)
		}
		if len(mine.Spec.Versions) != 1 || len(theirs.Spec.Versions) != 1 {
			t.Errorf("%s: want one version each, have %d and Calico %d", plural, len(mine.Spec.Versions), len(theirs.Spec.Versions))
			continue
		}
		mv, tv := mine.Spec.Versions[0], theirs.Spec.Versions[0]
		if mv.Name != tv.Name || mv.Served != tv.Served || mv.Storage != tv.Storage || !reflect.DeepEqual(mv.Subresources, tv.Subresources) {
			t.Errorf("%s: version %s served=%v storage=%v subresources=%v, Calico's %s %v %v %v", plural,
				mv.Name, mv.Served, mv.Storage, mv.Subresources, tv.Name, tv.Served, tv.Storage, tv.Subresources)
		}
		for _, problem := range compareSchema("", tv.Schema.OpenAPIV3Schema, mv.Schema.OpenAPIV3Schema) {
			t.Errorf("%s: %s", plural, problem)
		}
	}
}

// compareSchema lists where ours fails to accept, refuse or store what theirs does.
// Enums and required lists compare as sets; CEL rules as ordered lists of
// {rule, message, messageExpression, reason, fieldPath} with whitespace collapsed.
func compareSchema(path string, theirs, ours *schema) []string {
	if theirs == nil {
		return nil
	}
	if ours == nil {
		return []string{fmt.Sprintf("%s: missing", pathOrRoot(path))}
	}
	var problems []string
	switch {
	case theirs.IntOrString || ours.IntOrString:
		if theirs.IntOrString != ours.IntOrString {
			problems = append(problems, fmt.Sprintf("%s: int-or-string %v, Calico's %v", pathOrRoot(path), ours.IntOrString, theirs.IntOrString))
		}
	case theirs.Type != ours.Type:
		problems = append(problems, fmt.Sprintf("%s: type %q, Calico's %q", pathOrRoot(path), ours.Type, theirs.Type))
	}
	if theirs.PreserveUnknown != ours.PreserveUnknown {
		problems = append(problems, fmt.Sprintf("%s: preserve-unknown-fields %v, Calico's %v", pathOrRoot(path), ours.PreserveUnknown, theirs.PreserveUnknown))
	}
	if !reflect.DeepEqual(theirs.Default, ours.Default) {
		problems = append(problems, fmt.Sprintf("%s: default %v, Calico's %v", pathOrRoot(path), ours.Default, theirs.Default))
	}
	if a, b := setOf(theirs.Enum), setOf(ours.Enum); !reflect.DeepEqual(a, b) {
		problems = append(problems, fmt.Sprintf("%s: enum %v, Calico's %v", pathOrRoot(path), b, a))
	}
	if a, b := setOf(theirs.Required), setOf(ours.Required); !reflect.DeepEqual(a, b) {
		problems = append(problems, fmt.Sprintf("%s: required %v, Calico's %v", pathOrRoot(path), b, a))
	}
	if !skipValidations[pathOrRoot(path)] {
		if a, b := normalizeValidations(theirs.Validations), normalizeValidations(ours.Validations); !reflect.DeepEqual(a, b) {
			problems = append(problems, fmt.Sprintf("%s: x-kubernetes-validations %+v, Calico's %+v", pathOrRoot(path), b, a))
		}
	}
	names := make([]string, 0, len(theirs.Properties))
	for name := range theirs.Properties {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		problems = append(problems, compareSchema(path+"."+name, theirs.Properties[name], ours.Properties[name])...)
	}
	problems = append(problems, compareSchema(path+"[]", theirs.Items, ours.Items)...)
	problems = append(problems, compareSchema(path+"{}", theirs.AdditionalProperties, ours.AdditionalProperties)...)
	return problems
}

func pathOrRoot(path string) string {
	if path == "" {
		return "(root)"
	}
	return strings.TrimPrefix(path, ".")
}

// skipValidations are schema paths (in pathOrRoot's form) whose CEL rules controller-gen
// cannot express on our types; each entry says why. Empty when every rule is carried.
var skipValidations = map[string]bool{}

// setOf renders a list as a sorted set of its JSON-ish values, nil when empty, so that
// order and duplicates do not matter and absent equals empty.
func setOf[T any](list []T) []string {
	if len(list) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, v := range list {
		k := fmt.Sprintf("%#v", v)
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// normalizeValidations collapses whitespace in rules and messages (YAML folding differs
// between the two generators) and returns nil for none.
func normalizeValidations(list []validation) []validation {
	if len(list) == 0 {
		return nil
	}
	out := make([]validation, len(list))
	for i, v := range list {
		v.Rule = strings.Join(strings.Fields(v.Rule), " ")
		v.Message = strings.Join(strings.Fields(v.Message), " ")
		v.MessageExpression = strings.Join(strings.Fields(v.MessageExpression), " ")
		out[i] = v
	}
	return out
}
