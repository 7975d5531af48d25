package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// CalicoNodeStatus asks calico-node on one node to report selected parts of its state,
// which it writes into status.
type CalicoNodeStatus struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the CalicoNodeStatus.
	Spec CalicoNodeStatusSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
	// Status is the state reported by calico-node. It is an ordinary field: there is
	// no status subresource.
	// +optional
	Status CalicoNodeStatusStatus `json:"status,omitempty" protobuf:"bytes,3,opt,name=status"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// CalicoNodeStatusList is a list of CalicoNodeStatus resources.
type CalicoNodeStatusList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the CalicoNodeStatus resources of the list.
	Items []CalicoNodeStatus `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// CalicoNodeStatusSpec is the specification of a CalicoNodeStatus.
type CalicoNodeStatusSpec struct {
	// Node is the name of the node whose calico-node reports.
	// +optional
	Node string `json:"node,omitempty" protobuf:"bytes,1,opt,name=node"`

	// Classes are the kinds of information to report.
	// +optional
	// +listType=atomic
	Classes []NodeStatusClassType `json:"classes,omitempty" protobuf:"bytes,2,rep,name=classes,casttype=NodeStatusClassType"`

	// UpdatePeriodSeconds is how often the status is refreshed (0 stops refreshing;
	// at most 86400).
	// +optional
	UpdatePeriodSeconds *uint32 `json:"updatePeriodSeconds,omitempty" protobuf:"varint,3,opt,name=updatePeriodSeconds"`
}

// CalicoNodeStatusStatus is the state calico-node reports.
type CalicoNodeStatusStatus struct {
	// LastUpdated is when calico-node last wrote the status (null before that).
	// +nullable
	// +optional
	LastUpdated metav1.Time `json:"lastUpdated" protobuf:"bytes,1,opt,name=lastUpdated"`

	// Agent is the state of the node's BGP daemons.
	// +optional
	Agent CalicoNodeAgentStatus `json:"agent" protobuf:"bytes,2,opt,name=agent"`

	// BGP is the state of the node's BGP sessions.
	// +optional
	BGP CalicoNodeBGPStatus `json:"bgp" protobuf:"bytes,3,opt,name=bgp"`

	// Routes are the routes the node's BGP daemons know.
	// +optional
	Routes CalicoNodeBGPRouteStatus `json:"routes" protobuf:"bytes,4,opt,name=routes"`
}

// CalicoNodeAgentStatus is the state of the BGP daemons on a node.
type CalicoNodeAgentStatus struct {
	// BIRDV4 is the state of the IPv4 BIRD daemon.
	// +optional
	BIRDV4 BGPDaemonStatus `json:"birdV4" protobuf:"bytes,1,opt,name=birdV4"`

	// BIRDV6 is the state of the IPv6 BIRD daemon.
	// +optional
	BIRDV6 BGPDaemonStatus `json:"birdV6" protobuf:"bytes,2,opt,name=birdV6"`
}

// CalicoNodeBGPStatus is the state of the BGP sessions on a node.
type CalicoNodeBGPStatus struct {
	// NumberEstablishedV4 counts established IPv4 sessions.
	NumberEstablishedV4 int `json:"numberEstablishedV4" protobuf:"varint,1,opt,name=numberEstablishedV4"`

	// NumberNotEstablishedV4 counts IPv4 sessions that are not established.
	NumberNotEstablishedV4 int `json:"numberNotEstablishedV4" protobuf:"varint,2,opt,name=numberNotEstablishedV4"`

	// NumberEstablishedV6 counts established IPv6 sessions.
	NumberEstablishedV6 int `json:"numberEstablishedV6" protobuf:"varint,3,opt,name=numberEstablishedV6"`

	// NumberNotEstablishedV6 counts IPv6 sessions that are not established.
	NumberNotEstablishedV6 int `json:"numberNotEstablishedV6" protobuf:"varint,4,opt,name=numberNotEstablishedV6"`

	// PeersV4 are the IPv4 peers and their session states.
	// +optional
	// +listType=atomic
	PeersV4 []CalicoNodePeer `json:"peersV4,omitempty" protobuf:"bytes,5,rep,name=peersV4"`

	// PeersV6 are the IPv6 peers and their session states.
	// +optional
	// +listType=atomic
	PeersV6 []CalicoNodePeer `json:"peersV6,omitempty" protobuf:"bytes,6,rep,name=peersV6"`
}

// CalicoNodeBGPRouteStatus is the routes known to a node's BGP daemons.
type CalicoNodeBGPRouteStatus struct {
	// RoutesV4 are the IPv4 routes.
	// +optional
	// +listType=atomic
	RoutesV4 []CalicoNodeRoute `json:"routesV4,omitempty" protobuf:"bytes,1,rep,name=routesV4"`

	// RoutesV6 are the IPv6 routes.
	// +optional
	// +listType=atomic
	RoutesV6 []CalicoNodeRoute `json:"routesV6,omitempty" protobuf:"bytes,2,rep,name=routesV6"`
}

// BGPDaemonStatus is the state of one BGP daemon.
type BGPDaemonStatus struct {
	// State is whether the daemon is ready.
	// +optional
	State BGPDaemonState `json:"state,omitempty" protobuf:"bytes,1,opt,name=state,casttype=BGPDaemonState"`

	// Version is the daemon's version.
	// +optional
	Version string `json:"version,omitempty" protobuf:"bytes,2,opt,name=version"`

	// RouterID is the daemon's BGP router ID.
	// +optional
	RouterID string `json:"routerID,omitempty" protobuf:"bytes,3,opt,name=routerID"`

	// LastBootTime is when the daemon started, as the daemon reports it.
	// +optional
	LastBootTime string `json:"lastBootTime,omitempty" protobuf:"bytes,4,opt,name=lastBootTime"`

	// LastReconfigurationTime is when the daemon last reloaded its configuration, as
	// the daemon reports it.
	// +optional
	LastReconfigurationTime string `json:"lastReconfigurationTime,omitempty" protobuf:"bytes,5,opt,name=lastReconfigurationTime"`
}

// CalicoNodePeer is one BGP peer of a node and the state of its session.
type CalicoNodePeer struct {
	// PeerIP is the peer's address.
	// +optional
	PeerIP string `json:"peerIP,omitempty" protobuf:"bytes,1,opt,name=peerIP"`

	// Type is how the peering is configured: node-to-node mesh, or a per-node or
	// global BGPPeer.
	// +optional
	Type BGPPeerType `json:"type,omitempty" protobuf:"bytes,2,opt,name=type,casttype=BGPPeerType"`

	// State is the BGP session state.
	// +optional
	State BGPSessionState `json:"state,omitempty" protobuf:"bytes,3,opt,name=state,casttype=BGPSessionState"`

	// Since is when the state last changed, as the daemon reports it.
	// +optional
	Since string `json:"since,omitempty" protobuf:"bytes,4,opt,name=since"`
}

// CalicoNodeRoute is one route known to a node's BGP daemon.
type CalicoNodeRoute struct {
	// Type is whether the route is in the forwarding table (FIB) or only in the
	// routing table (RIB).
	// +optional
	Type CalicoNodeRouteType `json:"type,omitempty" protobuf:"bytes,1,opt,name=type,casttype=CalicoNodeRouteType"`

	// Destination is the route's destination prefix.
	// +optional
	Destination string `json:"destination,omitempty" protobuf:"bytes,2,opt,name=destination"`

	// Gateway is the route's next hop.
	// +optional
	Gateway string `json:"gateway,omitempty" protobuf:"bytes,3,opt,name=gateway"`

	// Interface is the route's outgoing interface.
	// +optional
	Interface string `json:"interface,omitempty" protobuf:"bytes,4,opt,name=interface"`

	// LearnedFrom is where the route came from.
	// +optional
	LearnedFrom CalicoNodeRouteLearnedFrom `json:"learnedFrom,omitempty" protobuf:"bytes,5,opt,name=learnedFrom"`
}

// CalicoNodeRouteLearnedFrom is the origin of a route.
type CalicoNodeRouteLearnedFrom struct {
	// SourceType is the kind of origin.
	// +optional
	SourceType CalicoNodeRouteSourceType `json:"sourceType,omitempty" protobuf:"bytes,1,opt,name=sourceType,casttype=CalicoNodeRouteSourceType"`

	// PeerIP is the address of the router that sent the route, for sourceType
	// NodeMesh or BGPPeer.
	// +optional
	PeerIP string `json:"peerIP,omitempty" protobuf:"bytes,2,opt,name=peerIP"`
}

// NodeStatusClassType is a kind of information a CalicoNodeStatus reports.
// +kubebuilder:validation:Enum=Agent;BGP;Routes
type NodeStatusClassType string

const (
	NodeStatusClassTypeAgent  NodeStatusClassType = "Agent"
	NodeStatusClassTypeBGP    NodeStatusClassType = "BGP"
	NodeStatusClassTypeRoutes NodeStatusClassType = "Routes"
)

// CalicoNodeRouteType is whether a route is used for forwarding.
// +kubebuilder:validation:Enum=FIB;RIB
type CalicoNodeRouteType string

const (
	RouteTypeFIB CalicoNodeRouteType = "FIB"
	RouteTypeRIB CalicoNodeRouteType = "RIB"
)

// CalicoNodeRouteSourceType is the kind of origin of a route.
// +kubebuilder:validation:Enum=Kernel;Static;Direct;NodeMesh;BGPPeer
type CalicoNodeRouteSourceType string

const (
	RouteSourceTypeKernel   CalicoNodeRouteSourceType = "Kernel"
	RouteSourceTypeStatic   CalicoNodeRouteSourceType = "Static"
	RouteSourceTypeDirect   CalicoNodeRouteSourceType = "Direct"
	RouteSourceTypeNodeMesh CalicoNodeRouteSourceType = "NodeMesh"
	RouteSourceTypeBGPPeer  CalicoNodeRouteSourceType = "BGPPeer"
)

// BGPPeerType is how a BGP peering is configured.
// +kubebuilder:validation:Enum=NodeMesh;NodePeer;GlobalPeer
type BGPPeerType string

const (
	BGPPeerTypeNodeMesh   BGPPeerType = "NodeMesh"
	BGPPeerTypeNodePeer   BGPPeerType = "NodePeer"
	BGPPeerTypeGlobalPeer BGPPeerType = "GlobalPeer"
)

// BGPDaemonState is whether a BGP daemon is ready.
// +kubebuilder:validation:Enum=Ready;NotReady
type BGPDaemonState string

const (
	BGPDaemonStateReady    BGPDaemonState = "Ready"
	BGPDaemonStateNotReady BGPDaemonState = "NotReady"
)

// BGPSessionState is the state of a BGP session's finite state machine.
// +kubebuilder:validation:Enum=Idle;Connect;Active;OpenSent;OpenConfirm;Established;Close
type BGPSessionState string

const (
	BGPSessionStateIdle        BGPSessionState = "Idle"
	BGPSessionStateConnect     BGPSessionState = "Connect"
	BGPSessionStateActive      BGPSessionState = "Active"
	BGPSessionStateOpenSent    BGPSessionState = "OpenSent"
	BGPSessionStateOpenConfirm BGPSessionState = "OpenConfirm"
	BGPSessionStateEstablished BGPSessionState = "Established"
	BGPSessionStateClose       BGPSessionState = "Close"
)
