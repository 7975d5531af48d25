package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// StagedNetworkPolicy is a NetworkPolicy that is not enforced: it previews the effect
// of setting (or deleting) the NetworkPolicy of the same name.
type StagedNetworkPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the StagedNetworkPolicy.
	Spec StagedNetworkPolicySpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// StagedNetworkPolicyList is a list of StagedNetworkPolicy resources.
type StagedNetworkPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the StagedNetworkPolicy resources of the list.
	Items []StagedNetworkPolicy `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// StagedNetworkPolicySpec is the specification of a StagedNetworkPolicy: a staged
// action and the fields of a NetworkPolicySpec.
type StagedNetworkPolicySpec struct {
	// StagedAction is what enforcing the staged policy would do: Set (create or replace
	// the NetworkPolicy), Delete (remove it; every other field but tier must then be
	// empty), Learn or Ignore. Calico's schema defaults it to Set.
	// +optional
	// +kubebuilder:default=Set
	StagedAction StagedAction `json:"stagedAction,omitempty" protobuf:"bytes,1,opt,name=stagedAction,casttype=StagedAction"`

	// Tier is the name of the tier the policy belongs to. Calico's schema defaults it
	// to "default"; the tier must exist when the policy is created.
	// +optional
	// +kubebuilder:default=default
	Tier string `json:"tier,omitempty" protobuf:"bytes,2,opt,name=tier"`

	// Order is the position of the policy within its tier: lower orders apply first,
	// ties are broken by name, and a policy without an order applies last.
	// +optional
	Order *float64 `json:"order,omitempty" protobuf:"fixed64,3,opt,name=order"`

	// Ingress is the ordered list of rules for traffic entering the selected endpoints.
	// +optional
	// +listType=atomic
	Ingress []Rule `json:"ingress,omitempty" protobuf:"bytes,4,rep,name=ingress"`

	// Egress is the ordered list of rules for traffic leaving the selected endpoints.
	// +optional
	// +listType=atomic
	Egress []Rule `json:"egress,omitempty" protobuf:"bytes,5,rep,name=egress"`

	// Selector is a selector expression picking the endpoints the policy applies to;
	// empty or all() selects every endpoint.
	// +optional
	Selector string `json:"selector,omitempty" protobuf:"bytes,6,opt,name=selector"`

	// Types lists the directions the policy applies to (Ingress, Egress or both); set
	// from the rules present when empty on write, as for NetworkPolicy.
	// +optional
	// +listType=set
	Types []PolicyType `json:"types,omitempty" protobuf:"bytes,7,rep,name=types,casttype=PolicyType"`

	// ServiceAccountSelector restricts the policy to pods whose service account
	// matches this selector expression.
	// +optional
	ServiceAccountSelector string `json:"serviceAccountSelector,omitempty" protobuf:"bytes,8,opt,name=serviceAccountSelector"`

	// PerformanceHints are hints to Calico's policy engine; they never change what the
	// policy enforces. The only hint is AssumeNeededOnEveryNode.
	// +optional
	// +listType=set
	PerformanceHints []PolicyPerformanceHint `json:"performanceHints,omitempty" protobuf:"bytes,9,rep,name=performanceHints,casttype=PolicyPerformanceHint"`
}
