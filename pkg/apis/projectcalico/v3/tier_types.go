package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Orders of Calico's built-in tiers. Calico also gives every tier without an order
// DefaultTierOrder.
const (
	// KubeAdminTierOrder is the order of the kube-admin tier.
	KubeAdminTierOrder = float64(1_000)
	// DefaultTierOrder is the order of the default tier.
	DefaultTierOrder = float64(1_000_000)
	// KubeBaselineTierOrder is the order of the kube-baseline tier.
	KubeBaselineTierOrder = float64(10_000_000)
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Tier is an ordered group of policies. Tiers apply in order; within a tier policies
// apply in their own order, and a Pass action or the tier's default action decides what
// happens to traffic that no policy of the tier ends.
type Tier struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the Tier.
	Spec TierSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
	// Status reports the tier's conditions. As in Calico it is a struct, not a pointer,
	// so it is always serialized (as {} when empty). The crd.projectcalico.org/v1
	// schema has no status, so it is never stored.
	// +optional
	Status TierStatus `json:"status,omitempty" protobuf:"bytes,3,opt,name=status"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// TierList is a list of Tier resources.
type TierList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the Tier resources of the list.
	Items []Tier `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// TierSpec is the specification of a Tier.
type TierSpec struct {
	// Order is the position of the tier: lower orders apply first, ties are broken by
	// name. Calico defaults it to 1000000.
	// +optional
	Order *float64 `json:"order,omitempty" protobuf:"fixed64,1,opt,name=order"`

	// DefaultAction is applied to traffic of endpoints selected by a policy of the tier
	// that no rule of the tier matched: Deny or Pass. [Default: Deny]
	// +optional
	// +kubebuilder:default=Deny
	DefaultAction *Action `json:"defaultAction,omitempty" protobuf:"bytes,2,opt,name=defaultAction,casttype=Action"`
}

// TierStatus is the observed state of a Tier.
type TierStatus struct {
	// Conditions are the latest observations of the tier's state; a Ready condition
	// with status True means the tier works as intended.
	// +optional
	// +listType=map
	// +listMapKey=type
	Conditions []metav1.Condition `json:"conditions,omitempty" protobuf:"bytes,1,rep,name=conditions"`
}
