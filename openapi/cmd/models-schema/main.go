// Command models-schema prints the generated OpenAPI definitions as one OpenAPI v2
// document. hack/update-codegen.sh feeds it to applyconfiguration-gen, which needs the
// schemas to generate structured-merge-diff aware apply configurations.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"k8s.io/kube-openapi/pkg/common"
	"k8s.io/kube-openapi/pkg/validation/spec"

	"github.com/calico-apiserver/calico-apiserver/openapi"
)

func main() {
	if err := printSchema(); err != nil {
		fmt.Fprintf(os.Stderr, "models-schema: %v\n", err)
		os.Exit(1)
	}
}

func printSchema() error {
	refFunc := func(name string) spec.Ref { return spec.MustCreateRef("#/definitions/" + name) }
	defs := openapi.GetOpenAPIDefinitions(refFunc)
	schemas := make(map[string]spec.Schema, len(defs))
	for name, def := range defs {
		// Types that carry a hand-written v2 schema (e.g. IntOrString) embed it in an
		// extension; applyconfiguration-gen reads OpenAPI v2, so prefer it.
		if embedded, ok := def.Schema.Extensions[common.ExtensionV2Schema]; ok {
			if v2, ok := embedded.(spec.Schema); ok {
				schemas[name] = v2
				continue
			}
		}
		schemas[name] = def.Schema
	}
	data, err := json.Marshal(&spec.Swagger{SwaggerProps: spec.SwaggerProps{
		Swagger:     "2.0",
		Definitions: schemas,
		Info:        &spec.Info{InfoProps: spec.InfoProps{Title: "projectcalico.org", Version: "v3"}},
	}})
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(data)
	return err
}
