package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// BlockAffinity records that an IPAM block is affine to a host. Calico's IPAM writes
// these; through the API they are read-only.
type BlockAffinity struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the BlockAffinity.
	Spec BlockAffinitySpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// BlockAffinityList is a list of BlockAffinity resources.
type BlockAffinityList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the BlockAffinity resources of the list.
	Items []BlockAffinity `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// BlockAffinitySpec is the specification of a BlockAffinity.
type BlockAffinitySpec struct {
	// State is the affinity's lifecycle state.
	State BlockAffinityState `json:"state" protobuf:"bytes,1,opt,name=state,casttype=BlockAffinityState"`

	// Node is the name of the host the block is affine to.
	Node string `json:"node" protobuf:"bytes,2,opt,name=node"`

	// Type is the kind of affinity, for example "host".
	// +optional
	Type string `json:"type,omitempty" protobuf:"bytes,3,opt,name=type"`

	// CIDR is the block's CIDR.
	CIDR string `json:"cidr" protobuf:"bytes,4,opt,name=cidr"`

	// Deleted marks an affinity that is being removed. Always serialized.
	Deleted bool `json:"deleted" protobuf:"varint,5,opt,name=deleted"`
}

// BlockAffinityState is the lifecycle state of a BlockAffinity.
type BlockAffinityState string

const (
	BlockAffinityStateNone            BlockAffinityState = ""
	BlockAffinityStateConfirmed       BlockAffinityState = "confirmed"
	BlockAffinityStatePending         BlockAffinityState = "pending"
	BlockAffinityStatePendingDeletion BlockAffinityState = "pendingDeletion"
)
