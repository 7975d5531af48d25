package v3

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// referenceDir holds Calico v3.32.1's own projectcalico.org/v3 CRD schemas, beside the
// checkout (../shared, provided to developers and CI).
var referenceDir = filepath.Join("..", "..", "..", "..", "..", "shared", "calico-v3.32.1", "projectcalico.org-v3-reference")

// schemaTypes maps a kind to its Go type, for kinds whose types exist but are not yet
// registered; registered kinds are checked anyway (see TestTypesMatchCalicoSchema).
var schemaTypes = map[string]interface{}{}

type schemaNode struct {
	Type                 string                 `json:"type"`
	Properties           map[string]*schemaNode `json:"properties"`
	Items                *schemaNode            `json:"items"`
	AdditionalProperties *schemaNode            `json:"additionalProperties"`
	IntOrString          bool                   `json:"x-kubernetes-int-or-string"`
	PreserveUnknown      bool                   `json:"x-kubernetes-preserve-unknown-fields"`
}

// referenceSchemas reads Calico's v3 CRDs: kind -> openAPIV3Schema.
func referenceSchemas(t *testing.T) map[string]*schemaNode {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(referenceDir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("Calico's reference CRDs are missing from %s: %v", referenceDir, err)
	}
	out := map[string]*schemaNode{}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var crd struct {
			Spec struct {
				Names    struct{ Kind string }
				Versions []struct {
					Schema struct {
						OpenAPIV3Schema *schemaNode `json:"openAPIV3Schema"`
					}
				}
			}
		}
		if err := yaml.Unmarshal(data, &crd); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out[crd.Spec.Names.Kind] = crd.Spec.Versions[0].Schema.OpenAPIV3Schema
	}
	return out
}

// TestTypesMatchCalicoSchema proves every field path of Calico's v3 schema exists in
// our type, under the same JSON name, with a compatible JSON type, so that any
// manifest written for Calico decodes without loss.
func TestTypesMatchCalicoSchema(t *testing.T) {
	reference := referenceSchemas(t)
	types := map[string]reflect.Type{}
	for _, obj := range knownTypes() {
		typ := reflect.TypeOf(obj).Elem()
		if !strings.HasSuffix(typ.Name(), "List") {
			types[typ.Name()] = typ
		}
	}
	for kind, v := range schemaTypes {
		types[kind] = reflect.TypeOf(v)
	}
	kinds := make([]string, 0, len(types))
	for kind := range types {
		kinds = append(kinds, kind)
	}
	sort.Strings(kinds)
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			schema, ok := reference[kind]
			if !ok {
				t.Logf("Calico has no v3 CRD for %s (served by its API server only): nothing to compare", kind)
				return
			}
			var problems []string
			for _, top := range []string{"spec", "status"} {
				if node := schema.Properties[top]; node != nil {
					field, ok := jsonField(types[kind], top)
					if !ok {
						problems = append(problems, top+": missing")
						continue
					}
					problems = append(problems, compare(top, node, field.Type)...)
				}
			}
			for _, p := range problems {
				t.Error(p)
			}
		})
	}
}

// intOrStringTypes may stand where Calico's schema says int-or-string.
type intOrString interface{ OpenAPISchemaFormat() string }

func compare(path string, node *schemaNode, typ reflect.Type) []string {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if node.IntOrString {
		if v, ok := reflect.New(typ).Elem().Interface().(intOrString); ok && v.OpenAPISchemaFormat() == "int-or-string" {
			return nil
		}
		return []string{path + ": Calico has int-or-string, ours is " + typ.String()}
	}
	// Kubernetes' own types (Time, Duration, Condition, Quantity, ...) are trusted.
	if strings.HasPrefix(typ.PkgPath(), "k8s.io/") {
		return nil
	}
	if _, custom := reflect.New(typ).Interface().(json.Unmarshaler); custom && node.Type != "object" && node.Type != "array" {
		return nil
	}
	mismatch := func() []string {
		return []string{path + ": Calico has " + node.Type + ", ours is " + typ.String()}
	}
	switch node.Type {
	case "string":
		if typ.Kind() != reflect.String {
			return mismatch()
		}
	case "boolean":
		if typ.Kind() != reflect.Bool {
			return mismatch()
		}
	case "integer":
		switch typ.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		default:
			return mismatch()
		}
	case "number":
		if typ.Kind() != reflect.Float32 && typ.Kind() != reflect.Float64 {
			return mismatch()
		}
	case "array":
		if typ.Kind() != reflect.Slice {
			return mismatch()
		}
		if node.Items != nil {
			return compare(path+"[]", node.Items, typ.Elem())
		}
	case "object", "":
		if node.PreserveUnknown && len(node.Properties) == 0 {
			return nil
		}
		if node.AdditionalProperties != nil {
			if typ.Kind() != reflect.Map {
				return mismatch()
			}
			return compare(path+"{}", node.AdditionalProperties, typ.Elem())
		}
		if typ.Kind() != reflect.Struct {
			return mismatch()
		}
		var problems []string
		names := make([]string, 0, len(node.Properties))
		for name := range node.Properties {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			field, ok := jsonField(typ, name)
			if !ok {
				problems = append(problems, path+"."+name+": missing")
				continue
			}
			problems = append(problems, compare(path+"."+name, node.Properties[name], field.Type)...)
		}
		return problems
	}
	return nil
}

// jsonField finds the field of struct typ serialized under name, looking into inlined
// and embedded structs.
func jsonField(typ reflect.Type, name string) (reflect.StructField, bool) {
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		tag := f.Tag.Get("json")
		tagName, opts, _ := strings.Cut(tag, ",")
		if tagName == "-" {
			continue
		}
		if (f.Anonymous && tagName == "") || strings.Contains(opts, "inline") {
			inner := f.Type
			for inner.Kind() == reflect.Pointer {
				inner = inner.Elem()
			}
			if inner.Kind() == reflect.Struct {
				if found, ok := jsonField(inner, name); ok {
					return found, true
				}
			}
			continue
		}
		if tagName == "" {
			tagName = f.Name
		}
		if tagName == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}
