package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Profile is a set of rules and labels applied to the endpoints that name it, after
// the selector-based policies. In Kubernetes-datastore mode Calico has no Profile CRD:
// profiles are derived from Namespaces and ServiceAccounts (plus the built-in
// projectcalico-default-allow) and are read-only.
type Profile struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the Profile.
	Spec ProfileSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// ProfileList is a list of Profile resources.
type ProfileList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the Profile resources of the list.
	Items []Profile `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// ProfileSpec is the specification of a Profile.
type ProfileSpec struct {
	// Ingress is the ordered list of rules for traffic entering the endpoints.
	// +optional
	// +listType=atomic
	Ingress []Rule `json:"ingress,omitempty" protobuf:"bytes,1,rep,name=ingress"`

	// Egress is the ordered list of rules for traffic leaving the endpoints.
	// +optional
	// +listType=atomic
	Egress []Rule `json:"egress,omitempty" protobuf:"bytes,2,rep,name=egress"`

	// LabelsToApply are labels added to every endpoint that uses the profile; the
	// endpoint's own labels win on a key collision.
	// +optional
	LabelsToApply map[string]string `json:"labelsToApply,omitempty" protobuf:"bytes,3,rep,name=labelsToApply"`
}
