package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// GlobalNetworkPolicy is a cluster-wide Calico security policy: ordered ingress and
// egress rules applied to the workload and host endpoints its selectors pick, within a
// tier.
type GlobalNetworkPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the GlobalNetworkPolicy.
	Spec GlobalNetworkPolicySpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// GlobalNetworkPolicyList is a list of GlobalNetworkPolicy resources.
type GlobalNetworkPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the GlobalNetworkPolicy resources of the list.
	Items []GlobalNetworkPolicy `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// GlobalNetworkPolicySpec is the specification of a GlobalNetworkPolicy.
// +kubebuilder:validation:XValidation:rule="!((has(self.doNotTrack) && self.doNotTrack) && (has(self.preDNAT) && self.preDNAT))",message="preDNAT and doNotTrack cannot both be true",reason=FieldValueForbidden
// +kubebuilder:validation:XValidation:rule="(!has(self.preDNAT) || !self.preDNAT) || !has(self.egress) || size(self.egress) == 0",message="preDNAT policy cannot have any egress rules",reason=FieldValueForbidden
// +kubebuilder:validation:XValidation:rule="(!has(self.preDNAT) || !self.preDNAT) || !has(self.types) || !self.types.exists(t, t == 'Egress')",message="preDNAT policy cannot have 'Egress' type",reason=FieldValueForbidden
// +kubebuilder:validation:XValidation:rule="(has(self.applyOnForward) && self.applyOnForward) || ((!has(self.doNotTrack) || !self.doNotTrack) && (!has(self.preDNAT) || !self.preDNAT))",message="applyOnForward must be true if either preDNAT or doNotTrack is true",reason=FieldValueInvalid
type GlobalNetworkPolicySpec struct {
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

	// DoNotTrack applies the rules before connection tracking, and packets they allow
	// are not tracked. Requires applyOnForward.
	// +optional
	DoNotTrack bool `json:"doNotTrack,omitempty" protobuf:"varint,7,opt,name=doNotTrack"`

	// PreDNAT applies the rules before DNAT (ingress only). Requires applyOnForward.
	// +optional
	PreDNAT bool `json:"preDNAT,omitempty" protobuf:"varint,8,opt,name=preDNAT"`

	// ApplyOnForward applies the rules to traffic forwarded through host endpoints too.
	// +optional
	ApplyOnForward bool `json:"applyOnForward,omitempty" protobuf:"varint,9,opt,name=applyOnForward"`

	// ServiceAccountSelector restricts the policy to pods whose service account
	// matches this selector expression.
	// +optional
	ServiceAccountSelector string `json:"serviceAccountSelector,omitempty" protobuf:"bytes,10,opt,name=serviceAccountSelector"`

	// NamespaceSelector restricts the policy to endpoints in namespaces matching this
	// selector expression.
	// +optional
	NamespaceSelector string `json:"namespaceSelector,omitempty" protobuf:"bytes,11,opt,name=namespaceSelector"`

	// PerformanceHints are hints to Calico's policy engine; they never change what the
	// policy enforces. The only hint is AssumeNeededOnEveryNode.
	// +optional
	// +listType=set
	PerformanceHints []PolicyPerformanceHint `json:"performanceHints,omitempty" protobuf:"bytes,12,rep,name=performanceHints,casttype=PolicyPerformanceHint"`
}
