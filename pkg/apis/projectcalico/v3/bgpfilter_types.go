package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// BGPFilter is a set of ordered rules that accept, reject or modify routes imported
// from or exported to the BGP peers that refer to it.
type BGPFilter struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the BGPFilter.
	Spec BGPFilterSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// BGPFilterList is a list of BGPFilter resources.
type BGPFilterList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the BGPFilter resources of the list.
	Items []BGPFilter `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// BGPFilterSpec is the specification of a BGPFilter: ordered rules per direction and
// address family.
type BGPFilterSpec struct {
	// ExportV4 are the rules for IPv4 routes sent to a peer, in order.
	// +optional
	// +listType=atomic
	ExportV4 []BGPFilterRuleV4 `json:"exportV4,omitempty" protobuf:"bytes,1,rep,name=exportV4"`

	// ImportV4 are the rules for IPv4 routes received from a peer, in order.
	// +optional
	// +listType=atomic
	ImportV4 []BGPFilterRuleV4 `json:"importV4,omitempty" protobuf:"bytes,2,rep,name=importV4"`

	// ExportV6 are the rules for IPv6 routes sent to a peer, in order.
	// +optional
	// +listType=atomic
	ExportV6 []BGPFilterRuleV6 `json:"exportV6,omitempty" protobuf:"bytes,3,rep,name=exportV6"`

	// ImportV6 are the rules for IPv6 routes received from a peer, in order.
	// +optional
	// +listType=atomic
	ImportV6 []BGPFilterRuleV6 `json:"importV6,omitempty" protobuf:"bytes,4,rep,name=importV6"`
}

// BGPFilterRuleV4 matches IPv4 routes and says what to do with them.
// +structType=atomic
// +kubebuilder:validation:XValidation:rule="(has(self.cidr) && size(self.cidr) > 0) == (has(self.matchOperator) && size(self.matchOperator) > 0)",message="cidr and matchOperator must both be set or both be empty",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="!has(self.prefixLength) || (has(self.cidr) && size(self.cidr) > 0)",message="cidr is required when prefixLength is set",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="!has(self.operations) || size(self.operations) == 0 || self.action == 'Accept'",message="operations may only be used with action Accept"
type BGPFilterRuleV4 struct {
	// CIDR restricts the rule to routes matching this IPv4 CIDR, as matchOperator and
	// prefixLength define. Set together with matchOperator.
	// +optional
	CIDR string `json:"cidr,omitempty" protobuf:"bytes,1,opt,name=cidr"`

	// PrefixLength narrows the CIDR match to routes with prefix lengths in this range
	// (0-32). Requires cidr.
	// +optional
	PrefixLength *BGPFilterPrefixLengthV4 `json:"prefixLength,omitempty" protobuf:"bytes,2,opt,name=prefixLength"`

	// Source, when RemotePeers, restricts the rule to routes learned from BGP peers.
	// +optional
	Source BGPFilterMatchSource `json:"source,omitempty" protobuf:"bytes,3,opt,name=source,casttype=BGPFilterMatchSource"`

	// Interface restricts the rule to routes whose outgoing interface matches this
	// name pattern.
	// +optional
	Interface string `json:"interface,omitempty" protobuf:"bytes,4,opt,name=interface"`

	// MatchOperator is how a route's prefix is compared with cidr. Set together with
	// cidr.
	// +optional
	MatchOperator BGPFilterMatchOperator `json:"matchOperator,omitempty" protobuf:"bytes,5,opt,name=matchOperator,casttype=BGPFilterMatchOperator"`

	// PeerType restricts the rule to eBGP or iBGP peers.
	// +optional
	PeerType BGPFilterPeerType `json:"peerType,omitempty" protobuf:"bytes,6,opt,name=peerType,casttype=BGPFilterPeerType"`

	// Communities restricts the rule to routes carrying the given community.
	// +optional
	Communities *BGPFilterCommunityMatch `json:"communities,omitempty" protobuf:"bytes,7,opt,name=communities"`

	// ASPathPrefix restricts the rule to routes whose AS path starts with these AS
	// numbers.
	// +optional
	// +listType=atomic
	ASPathPrefix []numorstring.ASNumber `json:"asPathPrefix,omitempty" protobuf:"varint,8,rep,name=asPathPrefix,casttype=github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring.ASNumber"`

	// Priority restricts the rule to routes of this priority (1-2147483646).
	// +optional
	Priority *int `json:"priority,omitempty" protobuf:"varint,9,opt,name=priority"`

	// Action is what happens to a matching route.
	Action BGPFilterAction `json:"action" protobuf:"bytes,10,opt,name=action,casttype=BGPFilterAction"`

	// Operations modify a matching route before it is accepted; only with action
	// Accept.
	// +optional
	// +listType=atomic
	Operations []BGPFilterOperation `json:"operations,omitempty" protobuf:"bytes,11,rep,name=operations"`
}

// BGPFilterRuleV6 matches IPv6 routes and says what to do with them.
// +structType=atomic
// +kubebuilder:validation:XValidation:rule="(has(self.cidr) && size(self.cidr) > 0) == (has(self.matchOperator) && size(self.matchOperator) > 0)",message="cidr and matchOperator must both be set or both be empty",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="!has(self.prefixLength) || (has(self.cidr) && size(self.cidr) > 0)",message="cidr is required when prefixLength is set",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="!has(self.operations) || size(self.operations) == 0 || self.action == 'Accept'",message="operations may only be used with action Accept"
type BGPFilterRuleV6 struct {
	// CIDR restricts the rule to routes matching this IPv6 CIDR, as matchOperator and
	// prefixLength define. Set together with matchOperator.
	// +optional
	CIDR string `json:"cidr,omitempty" protobuf:"bytes,1,opt,name=cidr"`

	// PrefixLength narrows the CIDR match to routes with prefix lengths in this range
	// (0-128). Requires cidr.
	// +optional
	PrefixLength *BGPFilterPrefixLengthV6 `json:"prefixLength,omitempty" protobuf:"bytes,2,opt,name=prefixLength"`

	// Source, when RemotePeers, restricts the rule to routes learned from BGP peers.
	// +optional
	Source BGPFilterMatchSource `json:"source,omitempty" protobuf:"bytes,3,opt,name=source,casttype=BGPFilterMatchSource"`

	// Interface restricts the rule to routes whose outgoing interface matches this
	// name pattern.
	// +optional
	Interface string `json:"interface,omitempty" protobuf:"bytes,4,opt,name=interface"`

	// MatchOperator is how a route's prefix is compared with cidr. Set together with
	// cidr.
	// +optional
	MatchOperator BGPFilterMatchOperator `json:"matchOperator,omitempty" protobuf:"bytes,5,opt,name=matchOperator,casttype=BGPFilterMatchOperator"`

	// PeerType restricts the rule to eBGP or iBGP peers.
	// +optional
	PeerType BGPFilterPeerType `json:"peerType,omitempty" protobuf:"bytes,6,opt,name=peerType,casttype=BGPFilterPeerType"`

	// Communities restricts the rule to routes carrying the given community.
	// +optional
	Communities *BGPFilterCommunityMatch `json:"communities,omitempty" protobuf:"bytes,7,opt,name=communities"`

	// ASPathPrefix restricts the rule to routes whose AS path starts with these AS
	// numbers.
	// +optional
	// +listType=atomic
	ASPathPrefix []numorstring.ASNumber `json:"asPathPrefix,omitempty" protobuf:"varint,8,rep,name=asPathPrefix,casttype=github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring.ASNumber"`

	// Priority restricts the rule to routes of this priority (1-2147483646).
	// +optional
	Priority *int `json:"priority,omitempty" protobuf:"varint,9,opt,name=priority"`

	// Action is what happens to a matching route.
	Action BGPFilterAction `json:"action" protobuf:"bytes,10,opt,name=action,casttype=BGPFilterAction"`

	// Operations modify a matching route before it is accepted; only with action
	// Accept.
	// +optional
	// +listType=atomic
	Operations []BGPFilterOperation `json:"operations,omitempty" protobuf:"bytes,11,rep,name=operations"`
}

// BGPFilterPrefixLengthV4 is a range of IPv4 prefix lengths.
// +structType=atomic
type BGPFilterPrefixLengthV4 struct {
	// Min is the shortest prefix length matched (0-32).
	// +optional
	Min *int32 `json:"min,omitempty" protobuf:"varint,1,opt,name=min"`

	// Max is the longest prefix length matched (0-32).
	// +optional
	Max *int32 `json:"max,omitempty" protobuf:"varint,2,opt,name=max"`
}

// BGPFilterPrefixLengthV6 is a range of IPv6 prefix lengths.
// +structType=atomic
type BGPFilterPrefixLengthV6 struct {
	// Min is the shortest prefix length matched (0-128).
	// +optional
	Min *int32 `json:"min,omitempty" protobuf:"varint,1,opt,name=min"`

	// Max is the longest prefix length matched (0-128).
	// +optional
	Max *int32 `json:"max,omitempty" protobuf:"varint,2,opt,name=max"`
}

// BGPCommunityValue is a standard ("aa:nn", 16-bit parts) or large ("aa:nn:mm",
// 32-bit parts) BGP community.
type BGPCommunityValue string

// BGPFilterCommunityMatch matches routes by community.
// +structType=atomic
type BGPFilterCommunityMatch struct {
	// Values are the communities to match; exactly one is allowed.
	// +listType=atomic
	Values []BGPCommunityValue `json:"values" protobuf:"bytes,1,rep,name=values,casttype=BGPCommunityValue"`
}

// BGPFilterOperation is one modification of a route; exactly one field is set.
// +structType=atomic
type BGPFilterOperation struct {
	// AddCommunity adds a community to the route.
	// +optional
	AddCommunity *BGPFilterAddCommunity `json:"addCommunity,omitempty" protobuf:"bytes,1,opt,name=addCommunity"`

	// PrependASPath puts AS numbers in front of the route's AS path.
	// +optional
	PrependASPath *BGPFilterPrependASPath `json:"prependASPath,omitempty" protobuf:"bytes,2,opt,name=prependASPath"`

	// SetPriority sets the route's priority.
	// +optional
	SetPriority *BGPFilterSetPriority `json:"setPriority,omitempty" protobuf:"bytes,3,opt,name=setPriority"`
}

// BGPFilterAddCommunity is a community to add to a route.
// +structType=atomic
type BGPFilterAddCommunity struct {
	// Value is the community.
	Value BGPCommunityValue `json:"value" protobuf:"bytes,1,opt,name=value,casttype=BGPCommunityValue"`
}

// BGPFilterPrependASPath is the AS numbers to prepend to a route's AS path.
// +structType=atomic
type BGPFilterPrependASPath struct {
	// Prefix is the AS numbers, in the order they will appear in the path (1-10).
	// +listType=atomic
	Prefix []numorstring.ASNumber `json:"prefix" protobuf:"varint,1,rep,name=prefix,casttype=github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring.ASNumber"`
}

// BGPFilterSetPriority is the priority to give a route.
// +structType=atomic
type BGPFilterSetPriority struct {
	// Value is the priority (1-2147483646).
	Value int `json:"value" protobuf:"varint,1,opt,name=value"`
}

// BGPFilterMatchSource is where a route was learned.
// +kubebuilder:validation:Enum=RemotePeers
type BGPFilterMatchSource string

const (
	BGPFilterSourceRemotePeers BGPFilterMatchSource = "RemotePeers"
)

// BGPFilterMatchOperator is how a route's prefix is compared with a rule's CIDR.
// +kubebuilder:validation:Enum=Equal;NotEqual;In;NotIn
type BGPFilterMatchOperator string

const (
	BGPFilterMatchOperatorEqual    BGPFilterMatchOperator = "Equal"
	BGPFilterMatchOperatorNotEqual BGPFilterMatchOperator = "NotEqual"
	BGPFilterMatchOperatorIn       BGPFilterMatchOperator = "In"
	BGPFilterMatchOperatorNotIn    BGPFilterMatchOperator = "NotIn"
)

// BGPFilterAction is what a rule does with a matching route.
// +kubebuilder:validation:Enum=Accept;Reject
type BGPFilterAction string

const (
	BGPFilterActionAccept BGPFilterAction = "Accept"
	BGPFilterActionReject BGPFilterAction = "Reject"
)

// BGPFilterPeerType is the kind of BGP peer a rule applies to.
// +kubebuilder:validation:Enum=eBGP;iBGP
type BGPFilterPeerType string

const (
	BGPFilterPeerTypeEBGP BGPFilterPeerType = "eBGP"
	BGPFilterPeerTypeIBGP BGPFilterPeerType = "iBGP"
)
