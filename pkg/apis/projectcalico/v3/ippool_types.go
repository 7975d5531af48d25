package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// IPPool is a range of addresses from which Calico's IPAM assigns endpoint IPs.
type IPPool struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the IPPool.
	Spec IPPoolSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
	// Status is served for clients that read it (Calico's v3 CRDs have it), but the
	// crd.projectcalico.org/v1 schema has no status, so it is never stored.
	Status *IPPoolStatus `json:"status,omitempty" protobuf:"bytes,3,opt,name=status"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// IPPoolList is a list of IPPool resources.
type IPPoolList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the IPPool resources of the list.
	Items []IPPool `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// IPPoolSpec is the specification of an IPPool.
// +kubebuilder:validation:XValidation:rule="!has(self.ipipMode) || !has(self.vxlanMode) || self.ipipMode == 'Never' || self.vxlanMode == 'Never' || size(self.ipipMode) == 0 || size(self.vxlanMode) == 0",message="ipipMode and vxlanMode cannot both be enabled",reason=FieldValueForbidden
// +kubebuilder:validation:XValidation:rule="!has(self.allowedUses) || !self.allowedUses.exists(u, u == 'LoadBalancer') || (!has(self.ipipMode) || size(self.ipipMode) == 0 || self.ipipMode == 'Never') && (!has(self.vxlanMode) || size(self.vxlanMode) == 0 || self.vxlanMode == 'Never')",message="LoadBalancer IP pool cannot have IPIP or VXLAN enabled",reason=FieldValueForbidden
// +kubebuilder:validation:XValidation:rule="!has(self.allowedUses) || !self.allowedUses.exists(u, u == 'LoadBalancer') || !self.allowedUses.exists(u, u == 'Workload' || u == 'Tunnel')",message="LoadBalancer cannot be combined with Workload or Tunnel allowed uses",reason=FieldValueForbidden
// +kubebuilder:validation:XValidation:rule="!self.cidr.contains(':') || !has(self.ipipMode) || self.ipipMode == 'Never' || size(self.ipipMode) == 0",message="IPIP is not supported on IPv6 pools",reason=FieldValueForbidden
type IPPoolSpec struct {
	// The pool CIDR.
	// +kubebuilder:validation:XValidation:rule="self == oldSelf",message="CIDR cannot be changed; follow IP pool migration guide to avoid corruption.",reason=FieldValueInvalid
	// +kubebuilder:validation:Format=cidr
	// +kubebuilder:validation:MaxLength=48
	CIDR string `json:"cidr" protobuf:"bytes,1,opt,name=cidr"`

	// VXLANMode configures VXLAN tunneling for this pool. Defaults to Never.
	// +optional
	VXLANMode VXLANMode `json:"vxlanMode,omitempty" protobuf:"bytes,2,opt,name=vxlanMode,casttype=VXLANMode"`

	// IPIPMode configures IPIP tunneling for this pool. Defaults to Never.
	// +optional
	IPIPMode IPIPMode `json:"ipipMode,omitempty" protobuf:"bytes,3,opt,name=ipipMode,casttype=IPIPMode"`

	// When natOutgoing is true, packets sent from Calico networked containers in this
	// pool to destinations outside of this pool are masqueraded.
	// +optional
	NATOutgoing bool `json:"natOutgoing,omitempty" protobuf:"varint,4,opt,name=natOutgoing"`

	// When disabled is true, Calico IPAM does not assign addresses from this pool.
	// +optional
	Disabled bool `json:"disabled,omitempty" protobuf:"varint,5,opt,name=disabled"`

	// DisableBGPExport disables exporting routes from this pool's CIDR over BGP.
	// +optional
	DisableBGPExport bool `json:"disableBGPExport,omitempty" protobuf:"varint,6,opt,name=disableBGPExport"`

	// The block size to use for IP address assignments from this pool. Defaults to 26
	// for IPv4 and 122 for IPv6.
	// +optional
	// +kubebuilder:validation:XValidation:rule="self == oldSelf",message="Block size cannot be changed; follow IP pool migration guide to avoid corruption.",reason=FieldValueInvalid
	BlockSize int `json:"blockSize,omitempty" protobuf:"varint,7,opt,name=blockSize"`

	// NodeSelector selects the nodes that may allocate from this pool. Defaults to all().
	// +optional
	NodeSelector string `json:"nodeSelector,omitempty" protobuf:"bytes,8,opt,name=nodeSelector"`

	// NamespaceSelector selects the namespaces whose pods may allocate from this pool.
	// +optional
	NamespaceSelector string `json:"namespaceSelector,omitempty" protobuf:"bytes,9,opt,name=namespaceSelector"`

	// AllowedUses controls what the pool is used for. Defaults to [Workload, Tunnel].
	// +optional
	// +listType=set
	// +kubebuilder:validation:MaxItems=10
	AllowedUses []IPPoolAllowedUse `json:"allowedUses,omitempty" protobuf:"bytes,10,rep,name=allowedUses,casttype=IPPoolAllowedUse"`

	// AssignmentMode says whether addresses are assigned from this pool automatically
	// or only on explicit request. Defaults to Automatic.
	// +optional
	// +kubebuilder:default=Automatic
	AssignmentMode *AssignmentMode `json:"assignmentMode,omitempty" protobuf:"bytes,11,opt,name=assignmentMode,casttype=AssignmentMode"`
}

// IPPoolStatus is the observed state of an IPPool.
type IPPoolStatus struct {
	// Conditions are the latest observations of the pool's state, such as whether
	// addresses may be allocated from it (type Allocatable).
	// +optional
	// +listType=map
	// +listMapKey=type
	Conditions []metav1.Condition `json:"conditions,omitempty" protobuf:"bytes,1,rep,name=conditions"`
}

// IPPoolAllowedUse is one use an IPPool may be put to.
// +kubebuilder:validation:Enum=Workload;Tunnel;LoadBalancer
type IPPoolAllowedUse string

const (
	IPPoolAllowedUseWorkload     IPPoolAllowedUse = "Workload"
	IPPoolAllowedUseTunnel       IPPoolAllowedUse = "Tunnel"
	IPPoolAllowedUseLoadBalancer IPPoolAllowedUse = "LoadBalancer"
)

// VXLANMode is when VXLAN encapsulation is used.
// +kubebuilder:validation:Enum=Never;Always;CrossSubnet
type VXLANMode string

const (
	VXLANModeNever       VXLANMode = "Never"
	VXLANModeAlways      VXLANMode = "Always"
	VXLANModeCrossSubnet VXLANMode = "CrossSubnet"
)

// IPIPMode is when IPIP encapsulation is used.
// +kubebuilder:validation:Enum=Never;Always;CrossSubnet
type IPIPMode string

const (
	IPIPModeNever       IPIPMode = "Never"
	IPIPModeAlways      IPIPMode = "Always"
	IPIPModeCrossSubnet IPIPMode = "CrossSubnet"
)

// AssignmentMode is how addresses are assigned from a pool.
// +kubebuilder:validation:Enum=Automatic;Manual
type AssignmentMode string

const (
	AssignmentModeAutomatic AssignmentMode = "Automatic"
	AssignmentModeManual    AssignmentMode = "Manual"
)
