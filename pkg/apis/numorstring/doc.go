// Package numorstring holds Calico's values that are written either as a number or as
// a string: ports (80, "8000:8080", "http"), protocols (6, "TCP") and AS numbers
// (64512, "1.10"). They keep Calico's JSON forms exactly.
//
// +k8s:deepcopy-gen=package
// +k8s:openapi-gen=true
// +k8s:openapi-model-package=org.projectcalico.numorstring
package numorstring
