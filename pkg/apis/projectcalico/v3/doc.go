// Package v3 holds the projectcalico.org/v3 API types, with Calico v3.32.1's exact
// JSON field names, so that any manifest written for Calico applies unchanged.
//
// The server has no separate internal version: these types are registered under both
// projectcalico.org/v3 and the internal version (see register.go), as Calico's own API
// server does, so no conversion functions are needed.
//
// +k8s:deepcopy-gen=package
// +k8s:openapi-gen=true
// +k8s:openapi-model-package=org.projectcalico.v3
// +groupName=projectcalico.org
package v3
