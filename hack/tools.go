//go:build tools

// Package tools pins, in go.mod, the code generators that hack/update-codegen.sh runs.
package tools

import (
	_ "k8s.io/code-generator"
	_ "k8s.io/kube-openapi/cmd/openapi-gen"
)
