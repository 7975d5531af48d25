package v3

import (
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// StagedKubernetesNetworkPolicy is a Kubernetes NetworkPolicy that is not enforced: it
// previews the effect of setting (or deleting) the networking.k8s.io/v1 NetworkPolicy
// of the same name. It has no tier.
type StagedKubernetesNetworkPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the StagedKubernetesNetworkPolicy.
	Spec StagedKubernetesNetworkPolicySpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// StagedKubernetesNetworkPolicyList is a list of StagedKubernetesNetworkPolicy
// resources.
type StagedKubernetesNetworkPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the StagedKubernetesNetworkPolicy resources of the list.
	Items []StagedKubernetesNetworkPolicy `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// StagedKubernetesNetworkPolicySpec is a staged action plus the fields of a Kubernetes
// networking.k8s.io/v1 NetworkPolicySpec, with Kubernetes' own types and JSON.
type StagedKubernetesNetworkPolicySpec struct {
	// StagedAction is what enforcing the staged policy would do: Set (create or replace
	// the Kubernetes NetworkPolicy), Delete (remove it; the rest of the spec must then
	// be empty), Learn or Ignore. Calico's schema defaults it to Set.
	// +optional
	// +kubebuilder:default=Set
	StagedAction StagedAction `json:"stagedAction,omitempty" protobuf:"bytes,1,opt,name=stagedAction,casttype=StagedAction"`

	// PodSelector selects the pods of the namespace the policy applies to; an empty
	// selector selects every pod. As in Kubernetes it is always serialized.
	// +optional
	PodSelector metav1.LabelSelector `json:"podSelector" protobuf:"bytes,2,opt,name=podSelector"`

	// Ingress lists the rules for traffic to the selected pods; traffic matching any
	// rule of any policy selecting a pod is allowed.
	// +optional
	// +listType=atomic
	Ingress []networkingv1.NetworkPolicyIngressRule `json:"ingress,omitempty" protobuf:"bytes,3,rep,name=ingress"`

	// Egress lists the rules for traffic from the selected pods.
	// +optional
	// +listType=atomic
	Egress []networkingv1.NetworkPolicyEgressRule `json:"egress,omitempty" protobuf:"bytes,4,rep,name=egress"`

	// PolicyTypes lists the directions the policy applies to: Ingress, Egress or both.
	// When absent, Kubernetes assumes Ingress, plus Egress if there are egress rules.
	// +optional
	// +listType=set
	PolicyTypes []networkingv1.PolicyType `json:"policyTypes,omitempty" protobuf:"bytes,5,rep,name=policyTypes,casttype=k8s.io/api/networking/v1.PolicyType"`
}
