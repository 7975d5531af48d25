package v3

import (
	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
)

// This file holds the types shared by Calico's policy kinds (NetworkPolicy,
// GlobalNetworkPolicy, their staged variants and Profile): rules and their match
// criteria. JSON names, pointers and omitempty follow Calico v3.32.1 exactly, so that a
// policy written for Calico decodes and re-encodes without loss.

// PolicyType is a direction a policy applies to: Ingress or Egress.
// +kubebuilder:validation:Enum=Ingress;Egress
type PolicyType string

const (
	// PolicyTypeIngress is a policy that applies to traffic entering the selected
	// endpoints.
	PolicyTypeIngress PolicyType = "Ingress"
	// PolicyTypeEgress is a policy that applies to traffic leaving the selected
	// endpoints.
	PolicyTypeEgress PolicyType = "Egress"
)

// Action is what a rule does with a packet it matches: Allow, Deny, Log or Pass.
type Action string

const (
	// Allow accepts the packet; no further rules or policies are evaluated.
	Allow Action = "Allow"
	// Deny drops the packet; no further rules or policies are evaluated.
	Deny Action = "Deny"
	// Log logs the packet and continues with the next rule.
	Log Action = "Log"
	// Pass skips the remaining policies of the tier and continues with the next tier
	// (or the profiles, after the last tier).
	Pass Action = "Pass"
)

// StagedAction is what applying a staged policy would do to the enforced policy of
// the same name: Set (create or replace it), Delete (remove it), Learn or Ignore.
// +kubebuilder:validation:Enum=Set;Delete;Learn;Ignore
type StagedAction string

const (
	// StagedActionSet creates or replaces the enforced policy.
	StagedActionSet StagedAction = "Set"
	// StagedActionDelete deletes the enforced policy.
	StagedActionDelete StagedAction = "Delete"
	// StagedActionLearn is reserved for learning mode.
	StagedActionLearn StagedAction = "Learn"
	// StagedActionIgnore is reserved: the staged policy is ignored.
	StagedActionIgnore StagedAction = "Ignore"
)

// PolicyPerformanceHint is a hint to Calico's policy engine that never changes what a
// policy enforces.
// +kubebuilder:validation:Enum=AssumeNeededOnEveryNode
type PolicyPerformanceHint string

const (
	// PerfHintAssumeNeededOnEveryNode makes Felix program the policy on every node,
	// whether or not it selects a local endpoint (preloading large static policies).
	PerfHintAssumeNeededOnEveryNode PolicyPerformanceHint = "AssumeNeededOnEveryNode"
)

// Rule is a set of match criteria and an action. All criteria of a rule must match for
// the action to apply; each positive criterion has a negated "not" variant, and a rule
// may use both.
// +kubebuilder:validation:XValidation:rule="!has(self.http) || !has(self.protocol) || self.protocol == 'TCP' || self.protocol == 6",message="rules with HTTP match must have protocol TCP or unset",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="self.action == 'Allow' || !has(self.http)",message="HTTP match is only valid on Allow rules",reason=FieldValueForbidden
// +kubebuilder:validation:XValidation:rule="!has(self.destination) || !has(self.destination.services) || (!has(self.destination.ports) || size(self.destination.ports) == 0) && (!has(self.destination.notPorts) || size(self.destination.notPorts) == 0)",message="ports and notPorts cannot be specified with services",reason=FieldValueForbidden
type Rule struct {
	// Action is what to do with a matching packet: Allow, Deny, Log or Pass.
	// +kubebuilder:validation:Enum=Allow;Deny;Log;Pass
	Action Action `json:"action" protobuf:"bytes,1,opt,name=action,casttype=Action"`

	// IPVersion restricts the rule to IPv4 (4) or IPv6 (6) traffic.
	// +optional
	// +kubebuilder:validation:Enum=4;6
	IPVersion *int `json:"ipVersion,omitempty" protobuf:"varint,2,opt,name=ipVersion"`

	// Protocol restricts the rule to one IP protocol: "TCP", "UDP", "ICMP", "ICMPv6",
	// "SCTP", "UDPLite" or a number 1-255. Required when an entity rule has numeric
	// ports.
	// +optional
	Protocol *numorstring.Protocol `json:"protocol,omitempty" protobuf:"bytes,3,opt,name=protocol"`

	// ICMP restricts the rule to an ICMP type and code; only with protocol ICMP or
	// ICMPv6.
	// +optional
	ICMP *ICMPFields `json:"icmp,omitempty" protobuf:"bytes,4,opt,name=icmp"`

	// NotProtocol is the negated version of protocol.
	// +optional
	NotProtocol *numorstring.Protocol `json:"notProtocol,omitempty" protobuf:"bytes,5,opt,name=notProtocol"`

	// NotICMP is the negated version of icmp.
	// +optional
	NotICMP *ICMPFields `json:"notICMP,omitempty" protobuf:"bytes,6,opt,name=notICMP"`

	// Source is the match criteria for the source of the traffic. As in Calico, it is
	// left out of the JSON when empty.
	// +optional
	Source EntityRule `json:"source,omitzero" protobuf:"bytes,7,opt,name=source"`

	// Destination is the match criteria for the destination of the traffic. As in
	// Calico, it is left out of the JSON when empty.
	// +optional
	Destination EntityRule `json:"destination,omitzero" protobuf:"bytes,8,opt,name=destination"`

	// HTTP restricts the rule to HTTP requests with these methods or paths (application
	// layer policy); only on Allow rules.
	// +optional
	HTTP *HTTPMatch `json:"http,omitempty" protobuf:"bytes,9,opt,name=http"`

	// Metadata is extra information about the rule.
	// +optional
	Metadata *RuleMetadata `json:"metadata,omitempty" protobuf:"bytes,10,opt,name=metadata"`
}

// HTTPPath is an HTTP path to match, either exactly or by prefix; an entry sets one of
// the two.
type HTTPPath struct {
	// Exact matches the path exactly.
	// +optional
	Exact string `json:"exact,omitempty" protobuf:"bytes,1,opt,name=exact"`

	// Prefix matches paths that start with this prefix.
	// +optional
	Prefix string `json:"prefix,omitempty" protobuf:"bytes,2,opt,name=prefix"`
}

// HTTPMatch matches HTTP requests. Methods and paths are ANDed; the entries of each
// list are ORed.
type HTTPMatch struct {
	// Methods restricts the rule to requests with one of these HTTP methods (e.g. GET,
	// PUT).
	// +optional
	// +listType=atomic
	Methods []string `json:"methods,omitempty" protobuf:"bytes,1,rep,name=methods"`

	// Paths restricts the rule to requests for one of these paths.
	// +optional
	// +listType=atomic
	Paths []HTTPPath `json:"paths,omitempty" protobuf:"bytes,2,rep,name=paths"`
}

// ICMPFields matches an ICMP type and, optionally, code.
// +kubebuilder:validation:XValidation:rule="!has(self.code) || has(self.type)",message="ICMP code specified without an ICMP type",reason=FieldValueInvalid
type ICMPFields struct {
	// Type is the ICMP type to match (0-254), e.g. 8 for Echo Request.
	// +optional
	Type *int `json:"type,omitempty" protobuf:"varint,1,opt,name=type"`

	// Code is the ICMP code to match (0-255); only together with type.
	// +optional
	Code *int `json:"code,omitempty" protobuf:"varint,2,opt,name=code"`
}

// EntityRule is the part of a rule that matches one end of the traffic: the source or
// the destination endpoint.
type EntityRule struct {
	// Nets restricts the rule to traffic from (or to) addresses in one of these CIDRs.
	// +optional
	// +listType=set
	Nets []string `json:"nets,omitempty" protobuf:"bytes,1,rep,name=nets"`

	// Selector restricts the rule to traffic from (or to) endpoints matching this
	// selector expression. It negates differently from notSelector: "!has(a)" matches
	// Calico endpoints without label a, while notSelector "has(a)" also matches
	// non-Calico sources.
	// +optional
	Selector string `json:"selector,omitempty" protobuf:"bytes,2,opt,name=selector"`

	// NamespaceSelector restricts the rule to endpoints in namespaces matching this
	// selector. In a NetworkPolicy an empty value means the policy's own namespace and
	// "global()" means non-namespaced entities (GlobalNetworkSets, HostEndpoints); in a
	// GlobalNetworkPolicy an empty value means all namespaces.
	// +optional
	NamespaceSelector string `json:"namespaceSelector,omitempty" protobuf:"bytes,3,opt,name=namespaceSelector"`

	// Services restricts the rule to the endpoints (and their ports) of a Kubernetes
	// Service. Not combinable with selector, notSelector, namespaceSelector, nets,
	// notNets or serviceAccounts.
	// +optional
	Services *ServiceMatch `json:"services,omitempty" protobuf:"bytes,4,opt,name=services"`

	// Ports restricts the rule to these ports: numbers, "min:max" ranges or named
	// ports. Numeric ports need protocol TCP, UDP or SCTP.
	// +optional
	// +listType=atomic
	Ports []numorstring.Port `json:"ports,omitempty" protobuf:"bytes,5,rep,name=ports"`

	// NotNets is the negated version of nets.
	// +optional
	// +listType=atomic
	NotNets []string `json:"notNets,omitempty" protobuf:"bytes,6,rep,name=notNets"`

	// NotSelector is the negated version of selector.
	// +optional
	NotSelector string `json:"notSelector,omitempty" protobuf:"bytes,7,opt,name=notSelector"`

	// NotPorts is the negated version of ports.
	// +optional
	// +listType=atomic
	NotPorts []numorstring.Port `json:"notPorts,omitempty" protobuf:"bytes,8,rep,name=notPorts"`

	// ServiceAccounts restricts the rule to traffic from (or to) pods running as a
	// matching service account.
	// +optional
	ServiceAccounts *ServiceAccountMatch `json:"serviceAccounts,omitempty" protobuf:"bytes,9,opt,name=serviceAccounts"`
}

// ServiceMatch names a Kubernetes Service.
type ServiceMatch struct {
	// Name is the Service's name.
	// +optional
	Name string `json:"name,omitempty" protobuf:"bytes,1,opt,name=name"`

	// Namespace is the Service's namespace; empty means the policy's namespace.
	// +optional
	Namespace string `json:"namespace,omitempty" protobuf:"bytes,2,opt,name=namespace"`
}

// ServiceAccountMatch matches the service account a pod runs as, by name and/or by
// label selector (ANDed when both are set).
type ServiceAccountMatch struct {
	// Names restricts the match to service accounts with one of these names.
	// +optional
	// +listType=set
	Names []string `json:"names,omitempty" protobuf:"bytes,1,rep,name=names"`

	// Selector restricts the match to service accounts whose labels match this
	// selector expression.
	// +optional
	Selector string `json:"selector,omitempty" protobuf:"bytes,2,opt,name=selector"`
}

// RuleMetadata is extra information attached to a rule.
type RuleMetadata struct {
	// Annotations are key/value pairs describing the rule.
	// +optional
	Annotations map[string]string `json:"annotations,omitempty" protobuf:"bytes,1,rep,name=annotations"`
}
