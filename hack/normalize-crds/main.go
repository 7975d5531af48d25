// Command normalize-crds rewrites controller-gen's CRD manifests for Calico's
// int-or-string types. controller-gen knows only intstr.IntOrString as a value that is
// either a number or a string; Calico's numorstring types (ports, protocols, AS
// numbers, ...) are structs with their own JSON forms, which it renders as objects.
// Every schema node marked x-kubernetes-int-or-string becomes what Calico's own CRDs
// have there: anyOf integer/string, with the node's pattern, and nothing else.
//
// Usage: normalize-crds <controller-gen output dir> <destination dir>
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"sigs.k8s.io/yaml"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: normalize-crds <from dir> <to dir>")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(from, to string) error {
	files, err := filepath.Glob(filepath.Join(from, "*.yaml"))
	if err != nil {
		return err
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		var crd map[string]interface{}
		if err := yaml.Unmarshal(data, &crd); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		normalize(crd)
		out, err := yaml.Marshal(crd)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, filepath.Base(file)), append([]byte("---\n"), out...), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// normalize walks any decoded YAML value and rewrites int-or-string schema nodes.
func normalize(v interface{}) {
	switch v := v.(type) {
	case map[string]interface{}:
		if v["x-kubernetes-int-or-string"] == true {
			pattern, hasPattern := v["pattern"]
			for k := range v {
				delete(v, k)
			}
			v["x-kubernetes-int-or-string"] = true
			v["anyOf"] = []interface{}{
				map[string]interface{}{"type": "integer"},
				map[string]interface{}{"type": "string"},
			}
			if hasPattern {
				v["pattern"] = pattern
			}
			return
		}
		for _, child := range v {
			normalize(child)
		}
	case []interface{}:
		for _, child := range v {
			normalize(child)
		}
	}
}
