package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
)

// +genclient
// +genclient:onlyVerbs=get,list,watch
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// WorkloadEndpoint is Calico's view of a Pod's network interface: the node and pod it
// belongs to, its host-side interface, IP networks and profiles. In Kubernetes-datastore
// mode Calico derives workload endpoints from Pods and has no CRD for them; they are
// read-only here. The schema is Calico v3.32.1's
// (libcalico-go/lib/apis/internalapi/workloadendpoint.go).
type WorkloadEndpoint struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	Spec WorkloadEndpointSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// WorkloadEndpointList is a list of WorkloadEndpoint resources.
type WorkloadEndpointList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	Items []WorkloadEndpoint `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// WorkloadEndpointSpec is the specification of a WorkloadEndpoint.
type WorkloadEndpointSpec struct {
	// Orchestrator is the orchestrator's name ("k8s").
	// +optional
	Orchestrator string `json:"orchestrator,omitempty" protobuf:"bytes,1,opt,name=orchestrator"`

	// Workload is the workload's name (not used by Kubernetes endpoints).
	// +optional
	Workload string `json:"workload,omitempty" protobuf:"bytes,2,opt,name=workload"`

	// Node is the name of the Calico node the endpoint is on.
	// +optional
	Node string `json:"node,omitempty" protobuf:"bytes,3,opt,name=node"`

	// ContainerID is the ID of the pod's sandbox container.
	// +optional
	ContainerID string `json:"containerID,omitempty" protobuf:"bytes,4,opt,name=containerID"`

	// Pod is the pod's name.
	// +optional
	Pod string `json:"pod,omitempty" protobuf:"bytes,5,opt,name=pod"`

	// Endpoint is the endpoint's name within the pod ("eth0").
	// +optional
	Endpoint string `json:"endpoint,omitempty" protobuf:"bytes,6,opt,name=endpoint"`

	// ServiceAccountName is the pod's ServiceAccount.
	// +optional
	ServiceAccountName string `json:"serviceAccountName,omitempty" protobuf:"bytes,7,opt,name=serviceAccountName"`

	// IPNetworks are the subnets allocated to the endpoint (/32 and /128).
	// +optional
	// +listType=atomic
	IPNetworks []string `json:"ipNetworks,omitempty" protobuf:"bytes,8,rep,name=ipNetworks"`

	// IPNATs are the endpoint's 1:1 NAT mappings (floating IPs).
	// +optional
	// +listType=atomic
	IPNATs []IPNAT `json:"ipNATs,omitempty" protobuf:"bytes,9,rep,name=ipNATs"`

	// IPv4Gateway is the gateway IPv4 address for traffic from the workload.
	// +optional
	IPv4Gateway string `json:"ipv4Gateway,omitempty" protobuf:"bytes,10,opt,name=ipv4Gateway"`

	// IPv6Gateway is the gateway IPv6 address for traffic from the workload.
	// +optional
	IPv6Gateway string `json:"ipv6Gateway,omitempty" protobuf:"bytes,11,opt,name=ipv6Gateway"`

	// Profiles are the profiles applied to the endpoint, in order.
	// +optional
	// +listType=atomic
	Profiles []string `json:"profiles,omitempty" protobuf:"bytes,12,rep,name=profiles"`

	// InterfaceName is the host-side interface of the endpoint, e.g. cali0123456789a.
	// +optional
	InterfaceName string `json:"interfaceName,omitempty" protobuf:"bytes,13,opt,name=interfaceName"`

	// MAC is the MAC address of the endpoint's interface.
	// +optional
	MAC string `json:"mac,omitempty" protobuf:"bytes,14,opt,name=mac"`

	// Ports are the endpoint's named ports and host ports.
	// +optional
	// +listType=atomic
	Ports []WorkloadEndpointPort `json:"ports,omitempty" protobuf:"bytes,15,rep,name=ports"`

	// AllowSpoofedSourcePrefixes are the CIDRs the endpoint may send from, bypassing
	// the reverse-path check.
	// +optional
	// +listType=atomic
	AllowSpoofedSourcePrefixes []string `json:"allowSpoofedSourcePrefixes,omitempty" protobuf:"bytes,16,rep,name=allowSpoofedSourcePrefixes"`

	// QoSControls are the endpoint's bandwidth, packet-rate and connection limits.
	// +optional
	QoSControls *QoSControls `json:"qosControls,omitempty" protobuf:"bytes,17,opt,name=qosControls"`
}

// WorkloadEndpointPort is one named or host-mapped port of an endpoint.
type WorkloadEndpointPort struct {
	Name     string               `json:"name" protobuf:"bytes,1,opt,name=name"`
	Protocol numorstring.Protocol `json:"protocol" protobuf:"bytes,2,opt,name=protocol"`
	Port     uint16               `json:"port" protobuf:"varint,3,opt,name=port"`
	HostPort uint16               `json:"hostPort" protobuf:"varint,4,opt,name=hostPort"`
	HostIP   string               `json:"hostIP" protobuf:"bytes,5,opt,name=hostIP"`
}

// IPNAT is one 1:1 NAT mapping of an endpoint.
type IPNAT struct {
	// InternalIP is one of the endpoint's own addresses.
	InternalIP string `json:"internalIP" protobuf:"bytes,1,opt,name=internalIP"`
	// ExternalIP is the address mapped to it.
	ExternalIP string `json:"externalIP" protobuf:"bytes,2,opt,name=externalIP"`
}

// QoSControls are an endpoint's QoS limits; zero means unlimited.
type QoSControls struct {
	// Ingress bandwidth limit, in bits per second.
	// +optional
	IngressBandwidth int64 `json:"ingressBandwidth,omitempty" protobuf:"varint,1,opt,name=ingressBandwidth"`
	// Ingress burst size, in bits.
	// +optional
	IngressBurst int64 `json:"ingressBurst,omitempty" protobuf:"varint,2,opt,name=ingressBurst"`
	// Ingress peak rate, in bits per second.
	// +optional
	IngressPeakrate int64 `json:"ingressPeakrate,omitempty" protobuf:"varint,3,opt,name=ingressPeakrate"`
	// Ingress minimum burst, in bytes.
	// +optional
	IngressMinburst int64 `json:"ingressMinburst,omitempty" protobuf:"varint,4,opt,name=ingressMinburst"`
	// Egress bandwidth limit, in bits per second.
	// +optional
	EgressBandwidth int64 `json:"egressBandwidth,omitempty" protobuf:"varint,5,opt,name=egressBandwidth"`
	// Egress burst size, in bits.
	// +optional
	EgressBurst int64 `json:"egressBurst,omitempty" protobuf:"varint,6,opt,name=egressBurst"`
	// Egress peak rate, in bits per second.
	// +optional
	EgressPeakrate int64 `json:"egressPeakrate,omitempty" protobuf:"varint,7,opt,name=egressPeakrate"`
	// Egress minimum burst, in bytes.
	// +optional
	EgressMinburst int64 `json:"egressMinburst,omitempty" protobuf:"varint,8,opt,name=egressMinburst"`
	// Ingress packet rate limit, in packets per second.
	// +optional
	IngressPacketRate int64 `json:"ingressPacketRate,omitempty" protobuf:"varint,9,opt,name=ingressPacketRate"`
	// Ingress packet burst, in packets.
	// +optional
	IngressPacketBurst int64 `json:"ingressPacketBurst,omitempty" protobuf:"varint,10,opt,name=ingressPacketBurst"`
	// Egress packet rate limit, in packets per second.
	// +optional
	EgressPacketRate int64 `json:"egressPacketRate,omitempty" protobuf:"varint,11,opt,name=egressPacketRate"`
	// Egress packet burst, in packets.
	// +optional
	EgressPacketBurst int64 `json:"egressPacketBurst,omitempty" protobuf:"varint,12,opt,name=egressPacketBurst"`
	// Ingress connection limit.
	// +optional
	IngressMaxConnections int64 `json:"ingressMaxConnections,omitempty" protobuf:"varint,13,opt,name=ingressMaxConnections"`
	// Egress connection limit.
	// +optional
	EgressMaxConnections int64 `json:"egressMaxConnections,omitempty" protobuf:"varint,14,opt,name=egressMaxConnections"`
	// DSCP marks the endpoint's egress traffic: 0-63 or a name such as "AF11".
	// +optional
	DSCP *numorstring.DSCP `json:"dscp,omitempty" protobuf:"bytes,15,opt,name=dscp"`
}
