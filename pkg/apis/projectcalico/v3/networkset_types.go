package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// NetworkSet is a namespaced set of IP networks that policies can select by label.
type NetworkSet struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the NetworkSet.
	Spec NetworkSetSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// NetworkSetSpec is the specification of a NetworkSet or GlobalNetworkSet.
type NetworkSetSpec struct {
	// Nets are the IP addresses or CIDRs in the set.
	// +optional
	// +listType=set
	Nets []string `json:"nets,omitempty" protobuf:"bytes,1,rep,name=nets"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// NetworkSetList is a list of NetworkSet resources.
type NetworkSetList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the NetworkSet resources of the list.
	Items []NetworkSet `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// GlobalNetworkSet is a cluster-wide set of IP networks that policies can select by
// label.
type GlobalNetworkSet struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the GlobalNetworkSet.
	Spec GlobalNetworkSetSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// GlobalNetworkSetSpec is the specification of a GlobalNetworkSet.
type GlobalNetworkSetSpec struct {
	// Nets are the IP addresses or CIDRs in the set.
	// +optional
	// +listType=set
	Nets []string `json:"nets,omitempty" protobuf:"bytes,1,rep,name=nets"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// GlobalNetworkSetList is a list of GlobalNetworkSet resources.
type GlobalNetworkSetList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the GlobalNetworkSet resources of the list.
	Items []GlobalNetworkSet `json:"items" protobuf:"bytes,2,rep,name=items"`
}
