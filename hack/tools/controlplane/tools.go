//go:build tools

// Package controlplane only records, for `go mod tidy`, which commands this module builds
// (kubectl only where a machine lacks /usr/bin/kubectl).
package controlplane

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
