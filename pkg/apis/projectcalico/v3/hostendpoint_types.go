package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// HostEndpoint is a network interface (or all interfaces) of a host that Calico
// applies policy to.
type HostEndpoint struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the HostEndpoint.
	Spec HostEndpointSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// HostEndpointList is a list of HostEndpoint resources.
type HostEndpointList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the HostEndpoint resources of the list.
	Items []HostEndpoint `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// HostEndpointSpec is the specification of a HostEndpoint.
// +kubebuilder:validation:XValidation:rule="(has(self.interfaceName) && size(self.interfaceName) > 0) || (has(self.expectedIPs) && size(self.expectedIPs) > 0)",message="at least one of interfaceName or expectedIPs must be specified",reason=FieldValueInvalid
// +kubebuilder:validation:XValidation:rule="has(self.node) && size(self.node) > 0",message="node must be specified",reason=FieldValueInvalid
type HostEndpointSpec struct {
	// Node is the name of the Calico node the endpoint belongs to.
	// +optional
	Node string `json:"node,omitempty" protobuf:"bytes,1,opt,name=node"`

	// InterfaceName is the host interface the endpoint governs; "*" means all traffic
	// of the host's default network namespace, through any interface. When empty, the
	// interface is the one holding one of expectedIPs.
	// +optional
	InterfaceName string `json:"interfaceName,omitempty" protobuf:"bytes,2,opt,name=interfaceName"`

	// ExpectedIPs are the endpoint's IPv4 and IPv6 addresses. They are the addresses
	// that selectors matching the endpoint stand for in policy rules, and find the
	// interface when interfaceName is empty.
	// +optional
	// +listType=set
	ExpectedIPs []string `json:"expectedIPs,omitempty" protobuf:"bytes,3,rep,name=expectedIPs"`

	// Profiles are the names of the Profiles applied to the endpoint, in order, after
	// the selector-based policies.
	// +optional
	// +listType=set
	Profiles []string `json:"profiles,omitempty" protobuf:"bytes,4,rep,name=profiles"`

	// Ports are the endpoint's named ports, which policy rules may refer to.
	// +optional
	// +listType=atomic
	Ports []EndpointPort `json:"ports,omitempty" protobuf:"bytes,5,rep,name=ports"`
}

// EndpointPort is a named port of an endpoint.
type EndpointPort struct {
	// Name is the port's name, as referred to by policy rules.
	Name string `json:"name" protobuf:"bytes,1,opt,name=name"`

	// Protocol is the port's protocol: a name ("TCP", "UDP", "SCTP", ...) or a number.
	Protocol numorstring.Protocol `json:"protocol" protobuf:"bytes,2,opt,name=protocol"`

	// Port is the port number (1-65535).
	Port uint16 `json:"port" protobuf:"varint,3,opt,name=port"`
}
