package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// BGPPeer configures a BGP session between Calico nodes and a remote BGP speaker (or
// other Calico nodes).
type BGPPeer struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the BGPPeer.
	Spec BGPPeerSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// BGPPeerList is a list of BGPPeer resources.
type BGPPeerList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the BGPPeer resources of the list.
	Items []BGPPeer `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// BGPPeerSpec is the specification of a BGPPeer.
// +kubebuilder:validation:XValidation:rule="(!has(self.node) || size(self.node) == 0) || (!has(self.nodeSelector) || size(self.nodeSelector) == 0)",message="node and nodeSelector cannot both be set",reason=FieldValueForbidden
// +kubebuilder:validation:XValidation:rule="(!has(self.peerIP) || size(self.peerIP) == 0) || (!has(self.peerSelector) || size(self.peerSelector) == 0)",message="peerIP and peerSelector cannot both be set",reason=FieldValueForbidden
// +kubebuilder:validation:XValidation:rule="(!has(self.peerSelector) || size(self.peerSelector) == 0) || !has(self.asNumber) || self.asNumber == 0",message="asNumber must be empty when peerSelector is set",reason=FieldValueForbidden
// +kubebuilder:validation:XValidation:rule="(!has(self.localWorkloadSelector) || size(self.localWorkloadSelector) == 0) || (!has(self.peerIP) || size(self.peerIP) == 0)",message="peerIP must be empty when localWorkloadSelector is set",reason=FieldValueForbidden
// +kubebuilder:validation:XValidation:rule="(!has(self.localWorkloadSelector) || size(self.localWorkloadSelector) == 0) || (!has(self.peerSelector) || size(self.peerSelector) == 0)",message="peerSelector must be empty when localWorkloadSelector is set",reason=FieldValueForbidden
// +kubebuilder:validation:XValidation:rule="(!has(self.localWorkloadSelector) || size(self.localWorkloadSelector) == 0) || (has(self.asNumber) && self.asNumber != 0)",message="asNumber is required when localWorkloadSelector is set",reason=FieldValueInvalid
type BGPPeerSpec struct {
	// Node limits the peering to the Calico node of this name. When neither node nor
	// nodeSelector is set, every node gets the peering.
	// +optional
	Node string `json:"node,omitempty" protobuf:"bytes,1,opt,name=node"`

	// NodeSelector selects the Calico nodes that get the peering. Exclusive with node.
	// +optional
	NodeSelector string `json:"nodeSelector,omitempty" protobuf:"bytes,2,opt,name=nodeSelector"`

	// PeerIP is the remote address, optionally with a port: "<ip>", "<ipv4>:<port>" or
	// "[<ipv6>]:<port>".
	// +optional
	PeerIP string `json:"peerIP,omitempty" protobuf:"bytes,3,opt,name=peerIP"`

	// ASNumber is the remote peer's AS number.
	// +optional
	ASNumber numorstring.ASNumber `json:"asNumber,omitempty" protobuf:"varint,4,opt,name=asNumber,casttype=github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring.ASNumber"`

	// LocalASNumber overrides the AS number the local node presents to this peer.
	// +optional
	LocalASNumber *numorstring.ASNumber `json:"localASNumber,omitempty" protobuf:"varint,5,opt,name=localASNumber,casttype=github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring.ASNumber"`

	// LocalWorkloadSelector selects local workloads to peer with; when set, asNumber is
	// required and peerIP and peerSelector must be empty.
	// +optional
	LocalWorkloadSelector string `json:"localWorkloadSelector,omitempty" protobuf:"bytes,6,opt,name=localWorkloadSelector"`

	// PeerSelector selects other Calico nodes to peer with. Exclusive with peerIP and
	// asNumber; the remote AS number comes from the selected node.
	// +optional
	PeerSelector string `json:"peerSelector,omitempty" protobuf:"bytes,7,opt,name=peerSelector"`

	// KeepOriginalNextHop keeps the original next hop on routes sent to the peer.
	// Deprecated in favour of nextHopMode.
	// +optional
	KeepOriginalNextHop bool `json:"keepOriginalNextHop,omitempty" protobuf:"varint,8,opt,name=keepOriginalNextHop"`

	// NextHopMode sets how the next hop of routes sent to the peer is chosen.
	// +optional
	NextHopMode *NextHopMode `json:"nextHopMode,omitempty" protobuf:"bytes,9,opt,name=nextHopMode,casttype=NextHopMode"`

	// Password is the BGP session password for the peerings of this resource.
	// +optional
	Password *BGPPassword `json:"password,omitempty" protobuf:"bytes,10,opt,name=password"`

	// SourceAddress says whether the node IP is configured as the session's source
	// address. Defaults to UseNodeIP.
	// +optional
	SourceAddress SourceAddress `json:"sourceAddress,omitempty" protobuf:"bytes,11,opt,name=sourceAddress,casttype=SourceAddress"`

	// MaxRestartTime is the graceful restart timeout. BIRD's default (120s) applies
	// when unset.
	// +optional
	MaxRestartTime *metav1.Duration `json:"maxRestartTime,omitempty" protobuf:"bytes,12,opt,name=maxRestartTime"`

	// NumAllowedLocalASNumbers is how many times the local AS number may appear in the
	// AS path of received routes (weakens loop prevention).
	// +optional
	NumAllowedLocalASNumbers *int32 `json:"numAllowedLocalASNumbers,omitempty" protobuf:"varint,13,opt,name=numAllowedLocalASNumbers"`

	// TTLSecurity enables the generalized TTL security mechanism with this hop count.
	// +optional
	TTLSecurity *uint8 `json:"ttlSecurity,omitempty" protobuf:"varint,14,opt,name=ttlSecurity"`

	// KeepaliveTime is the BGP keepalive interval. BIRD's default applies when unset.
	// +optional
	KeepaliveTime *metav1.Duration `json:"keepaliveTime,omitempty" protobuf:"bytes,15,opt,name=keepaliveTime"`

	// ReachableBy is a gateway address through which peerIP is reached; same family
	// as peerIP.
	// +optional
	ReachableBy string `json:"reachableBy,omitempty" protobuf:"bytes,16,opt,name=reachableBy"`

	// Filters are the names of BGPFilters applied to this peering, in order.
	// +optional
	// +listType=atomic
	Filters []string `json:"filters,omitempty" protobuf:"bytes,17,rep,name=filters"`

	// ReversePeering says whether the peering in the other direction is configured
	// automatically (Auto) or must be configured explicitly (Manual).
	// +optional
	ReversePeering *ReversePeering `json:"reversePeering,omitempty" protobuf:"bytes,18,opt,name=reversePeering,casttype=ReversePeering"`
}

// BGPPassword says where a BGP session password comes from.
type BGPPassword struct {
	// SecretKeyRef selects a key of a Secret in calico-node's namespace.
	// +optional
	SecretKeyRef *SecretKeySelector `json:"secretKeyRef,omitempty" protobuf:"bytes,1,opt,name=secretKeyRef"`
}

// SecretKeySelector selects one key of a Secret; its JSON form is that of Kubernetes'
// core/v1 SecretKeySelector.
// +structType=atomic
type SecretKeySelector struct {
	// Name is the Secret's name.
	// +optional
	// +kubebuilder:default=""
	Name string `json:"name,omitempty" protobuf:"bytes,1,opt,name=name"`

	// Key is the key within the Secret.
	Key string `json:"key" protobuf:"bytes,2,opt,name=key"`

	// Optional says whether the Secret or its key may be missing.
	// +optional
	Optional *bool `json:"optional,omitempty" protobuf:"varint,3,opt,name=optional"`
}

// SourceAddress is whether and how a BGP session's source address is configured.
// +kubebuilder:validation:Enum=UseNodeIP;None
type SourceAddress string

const (
	SourceAddressUseNodeIP SourceAddress = "UseNodeIP"
	SourceAddressNone      SourceAddress = "None"
)

// NextHopMode is how the next hop of routes sent to a peer is set.
// +kubebuilder:validation:Enum=Auto;Self;Keep
type NextHopMode string

const (
	NextHopModeAuto NextHopMode = "Auto"
	NextHopModeSelf NextHopMode = "Self"
	NextHopModeKeep NextHopMode = "Keep"
)

// ReversePeering is whether the reverse direction of a peering is configured
// automatically.
type ReversePeering string

const (
	ReversePeeringAuto   ReversePeering = "Auto"
	ReversePeeringManual ReversePeering = "Manual"
)
