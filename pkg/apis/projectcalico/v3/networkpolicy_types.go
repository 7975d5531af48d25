package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// NetworkPolicy is a namespaced Calico security policy: ordered ingress and egress rules
// applied to the workload endpoints of its namespace that its selector picks, within a
// tier.
type NetworkPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the NetworkPolicy.
	Spec NetworkPolicySpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// NetworkPolicyList is a list of NetworkPolicy resources.
type NetworkPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the NetworkPolicy resources of the list.
	Items []NetworkPolicy `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// NetworkPolicySpec is the specification of a NetworkPolicy.
type NetworkPolicySpec struct {
	// Tier is the name of the tier the policy belongs to. Calico's schema defaults it
	// to "default"; the tier must exist when the policy is created.
	// +optional
	// +kubebuilder:default=default
	Tier string `json:"tier,omitempty" protobuf:"bytes,1,opt,name=tier"`

	// Order is the position of the policy within its tier: lower orders apply first,
	// ties are broken by name, and a policy without an order applies last.
	// +optional
	Order *float64 `json:"order,omitempty" protobuf:"fixed64,2,opt,name=order"`

	// Ingress is the ordered list of rules for traffic entering the selected endpoints.
	// +optional
	// +listType=atomic
	Ingress []Rule `json:"ingress,omitempty" protobuf:"bytes,3,rep,name=ingress"`

	// Egress is the ordered list of rules for traffic leaving the selected endpoints.
	// +optional
	// +listType=atomic
	Egress []Rule `json:"egress,omitempty" protobuf:"bytes,4,rep,name=egress"`

	// Selector is a selector expression picking the endpoints the policy applies to,
	// e.g. `role == "db" && has(env)`; empty or all() selects every endpoint.
	// +optional
	Selector string `json:"selector,omitempty" protobuf:"bytes,5,opt,name=selector"`

	// Types lists the directions the policy applies to (Ingress, Egress or both). When
	// empty on write, Calico sets it from the rules present: [Ingress] without egress
	// rules, [Egress] with only egress rules, both with both.
	// +optional
	// +listType=set
	Types []PolicyType `json:"types,omitempty" protobuf:"bytes,6,rep,name=types,casttype=PolicyType"`

	// ServiceAccountSelector restricts the policy to pods whose service account
	// matches this selector expression.
	// +optional
	ServiceAccountSelector string `json:"serviceAccountSelector,omitempty" protobuf:"bytes,7,opt,name=serviceAccountSelector"`

	// PerformanceHints are hints to Calico's policy engine; they never change what the
	// policy enforces. The only hint is AssumeNeededOnEveryNode.
	// +optional
	// +listType=set
	PerformanceHints []PolicyPerformanceHint `json:"performanceHints,omitempty" protobuf:"bytes,8,rep,name=performanceHints,casttype=PolicyPerformanceHint"`
}
