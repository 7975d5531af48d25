package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// IPReservation holds addresses that Calico IPAM must not assign.
type IPReservation struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the IPReservation.
	Spec IPReservationSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// IPReservationSpec is the specification of an IPReservation.
type IPReservationSpec struct {
	// ReservedCIDRs are the IP addresses or CIDRs that are never assigned.
	// +optional
	// +listType=set
	ReservedCIDRs []string `json:"reservedCIDRs,omitempty" protobuf:"bytes,1,rep,name=reservedCIDRs"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// IPReservationList is a list of IPReservation resources.
type IPReservationList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the IPReservation resources of the list.
	Items []IPReservation `json:"items" protobuf:"bytes,2,rep,name=items"`
}
