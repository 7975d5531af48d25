package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// StagedGlobalNetworkPolicy is a GlobalNetworkPolicy that is not enforced: it previews
// the effect of setting (or deleting) the GlobalNetworkPolicy of the same name.
type StagedGlobalNetworkPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the StagedGlobalNetworkPolicy.
	Spec StagedGlobalNetworkPolicySpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// StagedGlobalNetworkPolicyList is a list of StagedGlobalNetworkPolicy resources.
type StagedGlobalNetworkPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the StagedGlobalNetworkPolicy resources of the list.
	Items []StagedGlobalNetworkPolicy `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// StagedGlobalNetworkPolicySpec is the specification of a StagedGlobalNetworkPolicy: a
// staged action and the fields of a GlobalNetworkPolicySpec.
// +kubebuilder:validation:XValidation:rule="!((has(self.doNotTrack) && self.doNotTrack) && (has(self.preDNAT) && self.preDNAT))",message="preDNAT and doNotTrack cannot both be true",reason=FieldValueForbidden
// +kubebuilder:validation:XValidation:rule="(!has(self.preDNAT) || !self.preDNAT) || !has(self.egress) || size(self.egress) == 0",message="preDNAT policy cannot have any egress rules",reason=FieldValueForbidden
// +kubebuilder:validation:XValidation:rule="(!has(self.preDNAT) || !self.preDNAT) || !has(self.types) || !self.types.exists(t, t == 'Egress')",message="preDNAT policy cannot have 'Egress' type",reason=FieldValueForbidden
// +kubebuilder:validation:XValidation:rule="(has(self.applyOnForward) && self.applyOnForward) || ((!has(self.doNotTrack) || !self.doNotTrack) && (!has(self.preDNAT) || !self.preDNAT))",message="applyOnForward must be true if either preDNAT or doNotTrack is true",reason=FieldValueInvalid
type StagedGlobalNetworkPolicySpec struct {
	// StagedAction is what enforcing the staged policy would do: Set (create or replace
	// the GlobalNetworkPolicy), Delete (remove it; every other field but tier must then
	// be empty), Learn or Ignore. Calico's schema defaults it to Set.
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
	// from the rules present when empty on write, as for GlobalNetworkPolicy.
	// +optional
	// +listType=set
	Types []PolicyType `json:"types,omitempty" protobuf:"bytes,7,rep,name=types,casttype=PolicyType"`

	// DoNotTrack applies the rules before connection tracking, and packets they allow
	// are not tracked. Requires applyOnForward.
	// +optional
	DoNotTrack bool `json:"doNotTrack,omitempty" protobuf:"varint,8,opt,name=doNotTrack"`

	// PreDNAT applies the rules before DNAT (ingress only). Requires applyOnForward.
	// +optional
	PreDNAT bool `json:"preDNAT,omitempty" protobuf:"varint,9,opt,name=preDNAT"`

	// ApplyOnForward applies the rules to traffic forwarded through host endpoints too.
	// +optional
	ApplyOnForward bool `json:"applyOnForward,omitempty" protobuf:"varint,10,opt,name=applyOnForward"`

	// ServiceAccountSelector restricts the policy to pods whose service account
	// matches this selector expression.
	// +optional
	ServiceAccountSelector string `json:"serviceAccountSelector,omitempty" protobuf:"bytes,11,opt,name=serviceAccountSelector"`

	// NamespaceSelector restricts the policy to endpoints in namespaces matching this
	// selector expression.
	// +optional
	NamespaceSelector string `json:"namespaceSelector,omitempty" protobuf:"bytes,12,opt,name=namespaceSelector"`

	// PerformanceHints are hints to Calico's policy engine; they never change what the
	// policy enforces. The only hint is AssumeNeededOnEveryNode.
	// +optional
	// +listType=set
	PerformanceHints []PolicyPerformanceHint `json:"performanceHints,omitempty" protobuf:"bytes,13,rep,name=performanceHints,casttype=PolicyPerformanceHint"`
}
