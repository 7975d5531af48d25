package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// BGPConfiguration holds BGP settings: cluster-wide in the object named default, per
// node in objects named node.<nodename>.
type BGPConfiguration struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the BGPConfiguration.
	Spec BGPConfigurationSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// BGPConfigurationList is a list of BGPConfiguration resources.
type BGPConfigurationList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the BGPConfiguration resources of the list.
	Items []BGPConfiguration `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// BGPConfigurationSpec is the specification of a BGPConfiguration.
// +kubebuilder:validation:XValidation:rule="!has(self.nodeMeshPassword) || !has(self.nodeToNodeMeshEnabled) || self.nodeToNodeMeshEnabled == true",message="nodeMeshPassword cannot be set when nodeToNodeMeshEnabled is false",reason=FieldValueForbidden
// +kubebuilder:validation:XValidation:rule="!has(self.nodeMeshMaxRestartTime) || !has(self.nodeToNodeMeshEnabled) || self.nodeToNodeMeshEnabled == true",message="nodeMeshMaxRestartTime cannot be set when nodeToNodeMeshEnabled is false",reason=FieldValueForbidden
type BGPConfigurationSpec struct {
	// LogSeverityScreen is the lowest severity of BGP daemon logs sent to stdout.
	// Defaults to Info.
	// +optional
	// +kubebuilder:default=Info
	LogSeverityScreen string `json:"logSeverityScreen,omitempty" protobuf:"bytes,1,opt,name=logSeverityScreen"`

	// NodeToNodeMeshEnabled turns the full node-to-node BGP mesh on or off. Calico's
	// default is on.
	// +optional
	NodeToNodeMeshEnabled *bool `json:"nodeToNodeMeshEnabled,omitempty" protobuf:"varint,2,opt,name=nodeToNodeMeshEnabled"`

	// ASNumber is the AS number nodes use by default. Calico's default is 64512.
	// +optional
	ASNumber *numorstring.ASNumber `json:"asNumber,omitempty" protobuf:"varint,3,opt,name=asNumber,casttype=github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring.ASNumber"`

	// ServiceLoadBalancerIPs are the CIDRs of Service LoadBalancer ingress IPs to
	// advertise; only addresses inside them are advertised.
	// +optional
	// +listType=atomic
	ServiceLoadBalancerIPs []ServiceLoadBalancerIPBlock `json:"serviceLoadBalancerIPs,omitempty" protobuf:"bytes,4,rep,name=serviceLoadBalancerIPs"`

	// ServiceExternalIPs are the CIDRs of Service external IPs to advertise; only
	// addresses inside them are advertised.
	// +optional
	// +listType=atomic
	ServiceExternalIPs []ServiceExternalIPBlock `json:"serviceExternalIPs,omitempty" protobuf:"bytes,5,rep,name=serviceExternalIPs"`

	// ServiceClusterIPs are the Service cluster IP ranges; they are advertised, and so
	// are the cluster IPs inside them.
	// +optional
	// +listType=atomic
	ServiceClusterIPs []ServiceClusterIPBlock `json:"serviceClusterIPs,omitempty" protobuf:"bytes,6,rep,name=serviceClusterIPs"`

	// Communities names BGP community values so that prefixAdvertisements can refer to
	// them.
	// +optional
	// +listType=atomic
	Communities []Community `json:"communities,omitempty" protobuf:"bytes,7,rep,name=communities"`

	// PrefixAdvertisements attaches communities to the advertisement of given CIDRs.
	// +optional
	// +listType=atomic
	PrefixAdvertisements []PrefixAdvertisement `json:"prefixAdvertisements,omitempty" protobuf:"bytes,8,rep,name=prefixAdvertisements"`

	// ListenPort is the TCP port BGP listens on. BIRD's default is 179.
	// +optional
	ListenPort uint16 `json:"listenPort,omitempty" protobuf:"varint,9,opt,name=listenPort"`

	// NodeMeshPassword is the BGP password of the node-to-node mesh sessions. Only
	// in the default object, and not with the mesh disabled.
	// +optional
	NodeMeshPassword *BGPPassword `json:"nodeMeshPassword,omitempty" protobuf:"bytes,10,opt,name=nodeMeshPassword"`

	// NodeMeshMaxRestartTime is the graceful restart timeout of the node-to-node mesh
	// sessions (BIRD's default, 120s, when unset). Only in the default object, and not
	// with the mesh disabled.
	// +optional
	NodeMeshMaxRestartTime *metav1.Duration `json:"nodeMeshMaxRestartTime,omitempty" protobuf:"bytes,11,opt,name=nodeMeshMaxRestartTime"`

	// BindMode sets the addresses BGP listens on: None (all addresses) or NodeIP
	// (the node's own addresses only).
	// +optional
	BindMode *BindMode `json:"bindMode,omitempty" protobuf:"bytes,12,opt,name=bindMode,casttype=BindMode"`

	// IgnoredInterfaces are interface name patterns whose addresses BIRD ignores.
	// +optional
	// +listType=set
	IgnoredInterfaces []string `json:"ignoredInterfaces,omitempty" protobuf:"bytes,13,rep,name=ignoredInterfaces"`

	// LocalWorkloadPeeringIPV4 is the IPv4 address the node uses to peer with local
	// workloads.
	// +optional
	LocalWorkloadPeeringIPV4 string `json:"localWorkloadPeeringIPV4,omitempty" protobuf:"bytes,14,opt,name=localWorkloadPeeringIPV4"`

	// LocalWorkloadPeeringIPV6 is the IPv6 address the node uses to peer with local
	// workloads.
	// +optional
	LocalWorkloadPeeringIPV6 string `json:"localWorkloadPeeringIPV6,omitempty" protobuf:"bytes,15,opt,name=localWorkloadPeeringIPV6"`

	// ServiceLoadBalancerAggregation says whether LoadBalancer IPs are advertised as
	// their aggregate CIDRs (Enabled) or one by one (Disabled). Defaults to Enabled.
	// +optional
	// +kubebuilder:default=Enabled
	ServiceLoadBalancerAggregation *ServiceLoadBalancerAggregation `json:"serviceLoadBalancerAggregation,omitempty" protobuf:"bytes,16,opt,name=serviceLoadBalancerAggregation,casttype=ServiceLoadBalancerAggregation"`

	// ProgramClusterRoutes says whether BIRD programs the cluster's routes (Enabled) or
	// leaves that to Felix (Disabled).
	// +optional
	// +kubebuilder:validation:Enum=Enabled;Disabled
	ProgramClusterRoutes *string `json:"programClusterRoutes,omitempty" protobuf:"bytes,17,opt,name=programClusterRoutes"`

	// IPv4NormalRoutePriority is the kernel priority (metric) of IPv4 routes learned
	// over BGP.
	// +optional
	IPv4NormalRoutePriority *int `json:"ipv4NormalRoutePriority,omitempty" protobuf:"varint,18,opt,name=ipv4NormalRoutePriority"`

	// IPv6NormalRoutePriority is the kernel priority (metric) of IPv6 routes learned
	// over BGP.
	// +optional
	IPv6NormalRoutePriority *int `json:"ipv6NormalRoutePriority,omitempty" protobuf:"varint,19,opt,name=ipv6NormalRoutePriority"`
}

// ServiceLoadBalancerIPBlock is one CIDR of Service LoadBalancer IPs.
// +structType=atomic
type ServiceLoadBalancerIPBlock struct {
	// CIDR is the block.
	// +optional
	CIDR string `json:"cidr,omitempty" protobuf:"bytes,1,opt,name=cidr"`
}

// ServiceExternalIPBlock is one CIDR of Service external IPs.
// +structType=atomic
type ServiceExternalIPBlock struct {
	// CIDR is the block.
	// +optional
	CIDR string `json:"cidr,omitempty" protobuf:"bytes,1,opt,name=cidr"`
}

// ServiceClusterIPBlock is one CIDR of Service cluster IPs.
// +structType=atomic
type ServiceClusterIPBlock struct {
	// CIDR is the block.
	// +optional
	CIDR string `json:"cidr,omitempty" protobuf:"bytes,1,opt,name=cidr"`
}

// Community gives a name to a BGP community value.
// +structType=atomic
type Community struct {
	// Name is the name prefixAdvertisements use to refer to the value.
	// +optional
	Name string `json:"name,omitempty" protobuf:"bytes,1,opt,name=name"`

	// Value is a standard community "aa:nn" (16-bit parts) or a large community
	// "aa:nn:mm" (32-bit parts).
	// +optional
	Value string `json:"value,omitempty" protobuf:"bytes,2,opt,name=value"`
}

// PrefixAdvertisement lists the communities advertised with a CIDR.
// +structType=atomic
type PrefixAdvertisement struct {
	// CIDR is the advertised prefix.
	// +optional
	CIDR string `json:"cidr,omitempty" protobuf:"bytes,1,opt,name=cidr"`

	// Communities are community values, or names from spec.communities, to attach.
	// +optional
	// +listType=atomic
	Communities []string `json:"communities,omitempty" protobuf:"bytes,2,rep,name=communities"`
}

// BindMode is which addresses BGP listens on.
// +kubebuilder:validation:Enum=None;NodeIP
type BindMode string

const (
	BindModeNone   BindMode = "None"
	BindModeNodeIP BindMode = "NodeIP"
)

// ServiceLoadBalancerAggregation is whether LoadBalancer IPs are advertised aggregated.
// +kubebuilder:validation:Enum=Enabled;Disabled
type ServiceLoadBalancerAggregation string

const (
	ServiceLoadBalancerAggregationEnabled  ServiceLoadBalancerAggregation = "Enabled"
	ServiceLoadBalancerAggregationDisabled ServiceLoadBalancerAggregation = "Disabled"
)
