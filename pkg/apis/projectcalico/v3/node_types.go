package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
)

// +genclient
// +genclient:nonNamespaced
// +genclient:onlyVerbs=get,list,watch
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Node is Calico's view of a Kubernetes Node: its BGP addresses, AS number and tunnel
// addresses, read from the annotations calico-node writes on the Node. In
// Kubernetes-datastore mode Calico has no Node CRD; Nodes are read-only here and follow
// the Kubernetes Node they are derived from. The schema is Calico v3.32.1's
// (libcalico-go/lib/apis/internalapi/node.go).
type Node struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	Spec   NodeSpec   `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
	Status NodeStatus `json:"status,omitempty" protobuf:"bytes,3,opt,name=status"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// NodeList is a list of Node resources.
type NodeList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	Items []Node `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// NodeSpec is the specification of a Node.
type NodeSpec struct {
	// BGP is the node's BGP configuration.
	// +optional
	BGP *NodeBGPSpec `json:"bgp,omitempty" protobuf:"bytes,1,opt,name=bgp"`

	// IPv4VXLANTunnelAddr is the IPv4 address of the VXLAN tunnel.
	// +optional
	IPv4VXLANTunnelAddr string `json:"ipv4VXLANTunnelAddr,omitempty" protobuf:"bytes,2,opt,name=ipv4VXLANTunnelAddr"`

	// VXLANTunnelMACAddr is the MAC address of the VXLAN tunnel.
	// +optional
	VXLANTunnelMACAddr string `json:"vxlanTunnelMACAddr,omitempty" protobuf:"bytes,3,opt,name=vxlanTunnelMACAddr"`

	// IPv6VXLANTunnelAddr is the address of the IPv6 VXLAN tunnel.
	// +optional
	IPv6VXLANTunnelAddr string `json:"ipv6VXLANTunnelAddr,omitempty" protobuf:"bytes,4,opt,name=ipv6VXLANTunnelAddr"`

	// VXLANTunnelMACAddrV6 is the MAC address of the IPv6 VXLAN tunnel.
	// +optional
	VXLANTunnelMACAddrV6 string `json:"vxlanTunnelMACAddrV6,omitempty" protobuf:"bytes,5,opt,name=vxlanTunnelMACAddrV6"`

	// OrchRefs correlate the node with its representation in an orchestrator.
	// +optional
	// +listType=atomic
	OrchRefs []OrchRef `json:"orchRefs,omitempty" protobuf:"bytes,6,rep,name=orchRefs"`

	// Wireguard is the node's WireGuard configuration.
	// +optional
	Wireguard *NodeWireguardSpec `json:"wireguard,omitempty" protobuf:"bytes,7,opt,name=wireguard"`

	// Addresses are the addresses a client can reach the node at.
	// +optional
	// +listType=atomic
	Addresses []NodeAddress `json:"addresses,omitempty" protobuf:"bytes,8,rep,name=addresses"`

	// Interfaces are the node's interfaces, as calico-node detected them.
	// +optional
	// +listType=atomic
	Interfaces []NodeInterface `json:"interfaces,omitempty" protobuf:"bytes,9,rep,name=interfaces"`
}

// NodeAddress is an address assigned to a node.
type NodeAddress struct {
	// Address is the address, as a string.
	Address string `json:"address" protobuf:"bytes,1,opt,name=address"`

	// Type is the kind of address: CalicoNodeIP, InternalIP or ExternalIP.
	// +optional
	Type string `json:"type,omitempty" protobuf:"bytes,2,opt,name=type"`
}

// The types of NodeAddress.
const (
	NodeAddressCalicoNodeIP = "CalicoNodeIP"
	NodeAddressInternalIP   = "InternalIP"
	NodeAddressExternalIP   = "ExternalIP"
)

// NodeInterface is one interface of a node.
type NodeInterface struct {
	// Name is the interface's name.
	// +optional
	Name string `json:"name,omitempty" protobuf:"bytes,1,opt,name=name"`

	// Addresses are the interface's IP addresses.
	// +optional
	// +listType=atomic
	Addresses []string `json:"addresses,omitempty" protobuf:"bytes,2,rep,name=addresses"`
}

// NodeStatus is the observed state of a Node.
type NodeStatus struct {
	// WireguardPublicKey is the node's IPv4 WireGuard public key.
	// +optional
	WireguardPublicKey string `json:"wireguardPublicKey,omitempty" protobuf:"bytes,1,opt,name=wireguardPublicKey"`

	// WireguardPublicKeyV6 is the node's IPv6 WireGuard public key.
	// +optional
	WireguardPublicKeyV6 string `json:"wireguardPublicKeyV6,omitempty" protobuf:"bytes,2,opt,name=wireguardPublicKeyV6"`

	// PodCIDRs reflects the Kubernetes Node's spec.podCIDRs.
	// +optional
	// +listType=atomic
	PodCIDRs []string `json:"podCIDRs,omitempty" protobuf:"bytes,3,rep,name=podCIDRs"`
}

// OrchRef correlates a Calico node with its representation in an orchestrator.
type OrchRef struct {
	// NodeName is the node's name in the orchestrator.
	// +optional
	NodeName string `json:"nodeName,omitempty" protobuf:"bytes,1,opt,name=nodeName"`

	// Orchestrator is the orchestrator's name ("k8s").
	Orchestrator string `json:"orchestrator" protobuf:"bytes,2,opt,name=orchestrator"`
}

// NodeBGPSpec is a node's BGP configuration.
type NodeBGPSpec struct {
	// ASNumber is the node's AS number; unset means the global default.
	// +optional
	ASNumber *numorstring.ASNumber `json:"asNumber,omitempty" protobuf:"varint,1,opt,name=asNumber,casttype=github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring.ASNumber"`

	// IPv4Address is the node's IPv4 address and network.
	// +optional
	IPv4Address string `json:"ipv4Address,omitempty" protobuf:"bytes,2,opt,name=ipv4Address"`

	// IPv6Address is the node's IPv6 address and network.
	// +optional
	IPv6Address string `json:"ipv6Address,omitempty" protobuf:"bytes,3,opt,name=ipv6Address"`

	// IPv4IPIPTunnelAddr is the IPv4 address of the IP-in-IP tunnel.
	// +optional
	IPv4IPIPTunnelAddr string `json:"ipv4IPIPTunnelAddr,omitempty" protobuf:"bytes,4,opt,name=ipv4IPIPTunnelAddr"`

	// RouteReflectorClusterID makes the node a route reflector of this cluster.
	// +optional
	RouteReflectorClusterID string `json:"routeReflectorClusterID,omitempty" protobuf:"bytes,5,opt,name=routeReflectorClusterID"`
}

// NodeWireguardSpec is a node's WireGuard configuration.
type NodeWireguardSpec struct {
	// InterfaceIPv4Address is the address of the IPv4 WireGuard interface.
	// +optional
	InterfaceIPv4Address string `json:"interfaceIPv4Address,omitempty" protobuf:"bytes,1,opt,name=interfaceIPv4Address"`

	// InterfaceIPv6Address is the address of the IPv6 WireGuard interface.
	// +optional
	InterfaceIPv6Address string `json:"interfaceIPv6Address,omitempty" protobuf:"bytes,2,opt,name=interfaceIPv6Address"`
}
