package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// IPAMConfiguration holds cluster-wide settings of Calico's IPAM; the only object is
// named default.
type IPAMConfiguration struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the IPAMConfiguration.
	Spec IPAMConfigurationSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// IPAMConfigurationList is a list of IPAMConfiguration resources.
type IPAMConfigurationList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the IPAMConfiguration resources of the list.
	Items []IPAMConfiguration `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// IPAMConfigurationSpec is the specification of an IPAMConfiguration.
type IPAMConfigurationSpec struct {
	// StrictAffinity, when true, forbids borrowing addresses from blocks affine to
	// other hosts. Always serialized.
	StrictAffinity bool `json:"strictAffinity" protobuf:"varint,1,opt,name=strictAffinity"`

	// MaxBlocksPerHost, when non-zero, caps the number of blocks affine to one host.
	// +optional
	MaxBlocksPerHost int32 `json:"maxBlocksPerHost,omitempty" protobuf:"varint,2,opt,name=maxBlocksPerHost"`

	// AutoAllocateBlocks says whether IPAM may claim new blocks for a host on demand.
	// Always serialized.
	AutoAllocateBlocks bool `json:"autoAllocateBlocks" protobuf:"varint,3,opt,name=autoAllocateBlocks"`

	// KubeVirtVMAddressPersistence says whether KubeVirt VMs keep their addresses
	// across restarts and migrations.
	// +optional
	KubeVirtVMAddressPersistence *VMAddressPersistence `json:"kubeVirtVMAddressPersistence,omitempty" protobuf:"bytes,4,opt,name=kubeVirtVMAddressPersistence,casttype=VMAddressPersistence"`
}

// VMAddressPersistence is whether virtual machines keep their IP addresses.
// +kubebuilder:validation:Enum=Enabled;Disabled
type VMAddressPersistence string

const (
	VMAddressPersistenceEnabled  VMAddressPersistence = "Enabled"
	VMAddressPersistenceDisabled VMAddressPersistence = "Disabled"
)
