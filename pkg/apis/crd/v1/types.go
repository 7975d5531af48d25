package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// The kinds below are in the order of their plural names. Only CalicoNodeStatus and
// KubeControllersConfiguration store a status: Calico's v1 schemas of the others have
// none (storage contract §12).

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster,path=bgpconfigurations

// BGPConfiguration stores a projectcalico.org/v3 BGPConfiguration.
type BGPConfiguration struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec v3.BGPConfigurationSpec `json:"spec,omitempty"`
}

// +kubebuilder:object:root=true

// BGPConfigurationList is a list of BGPConfiguration resources.
type BGPConfigurationList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []BGPConfiguration `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster,path=bgpfilters

// BGPFilter stores a projectcalico.org/v3 BGPFilter.
type BGPFilter struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec v3.BGPFilterSpec `json:"spec,omitempty"`
}

// +kubebuilder:object:root=true

// BGPFilterList is a list of BGPFilter resources.
type BGPFilterList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []BGPFilter `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster,path=bgppeers

// BGPPeer stores a projectcalico.org/v3 BGPPeer.
type BGPPeer struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec v3.BGPPeerSpec `json:"spec,omitempty"`
}

// +kubebuilder:object:root=true

// BGPPeerList is a list of BGPPeer resources.
type BGPPeerList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []BGPPeer `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster,path=blockaffinities

// BlockAffinity stores a projectcalico.org/v3 BlockAffinity.
type BlockAffinity struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec BlockAffinitySpec `json:"spec,omitempty"`
}

// +kubebuilder:object:root=true

// BlockAffinityList is a list of BlockAffinity resources.
type BlockAffinityList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []BlockAffinity `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster,path=caliconodestatuses

// CalicoNodeStatus stores a projectcalico.org/v3 CalicoNodeStatus.
type CalicoNodeStatus struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   v3.CalicoNodeStatusSpec   `json:"spec,omitempty"`
	Status v3.CalicoNodeStatusStatus `json:"status,omitempty"`
}

// +kubebuilder:object:root=true

// CalicoNodeStatusList is a list of CalicoNodeStatus resources.
type CalicoNodeStatusList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []CalicoNodeStatus `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster,path=clusterinformations

// ClusterInformation stores a projectcalico.org/v3 ClusterInformation.
type ClusterInformation struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec v3.ClusterInformationSpec `json:"spec,omitempty"`
}

// +kubebuilder:object:root=true

// ClusterInformationList is a list of ClusterInformation resources.
type ClusterInformationList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []ClusterInformation `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster,path=felixconfigurations

// FelixConfiguration stores a projectcalico.org/v3 FelixConfiguration.
// +kubebuilder:validation:XValidation:rule="self.metadata.name == 'default' || self.metadata.name.startsWith('node.') ? !has(self.spec.nodeSelector) : true",message="nodeSelector must not be set on the 'default' or per-node ('node.*') FelixConfiguration",reason=FieldValueForbidden
type FelixConfiguration struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec v3.FelixConfigurationSpec `json:"spec,omitempty"`
}

// +kubebuilder:object:root=true

// FelixConfigurationList is a list of FelixConfiguration resources.
type FelixConfigurationList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []FelixConfiguration `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster,path=globalnetworkpolicies

// GlobalNetworkPolicy stores a projectcalico.org/v3 GlobalNetworkPolicy.
type GlobalNetworkPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec v3.GlobalNetworkPolicySpec `json:"spec,omitempty"`
}

// +kubebuilder:object:root=true

// GlobalNetworkPolicyList is a list of GlobalNetworkPolicy resources.
type GlobalNetworkPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []GlobalNetworkPolicy `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster,path=globalnetworksets

// GlobalNetworkSet stores a projectcalico.org/v3 GlobalNetworkSet.
type GlobalNetworkSet struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec v3.GlobalNetworkSetSpec `json:"spec,omitempty"`
}

// +kubebuilder:object:root=true

// GlobalNetworkSetList is a list of GlobalNetworkSet resources.
type GlobalNetworkSetList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []GlobalNetworkSet `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster,path=hostendpoints

// HostEndpoint stores a projectcalico.org/v3 HostEndpoint.
type HostEndpoint struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec v3.HostEndpointSpec `json:"spec,omitempty"`
}

// +kubebuilder:object:root=true

// HostEndpointList is a list of HostEndpoint resources.
type HostEndpointList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []HostEndpoint `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster,path=ipamconfigs

// IPAMConfig stores a projectcalico.org/v3 IPAMConfiguration.
type IPAMConfig struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec v3.IPAMConfigurationSpec `json:"spec,omitempty"`
}

// +kubebuilder:object:root=true

// IPAMConfigList is a list of IPAMConfig resources.
type IPAMConfigList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []IPAMConfig `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster,path=ippools

// IPPool stores a projectcalico.org/v3 IPPool.
type IPPool struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec v3.IPPoolSpec `json:"spec,omitempty"`
}

// +kubebuilder:object:root=true

// IPPoolList is a list of IPPool resources.
type IPPoolList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []IPPool `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster,path=ipreservations

// IPReservation stores a projectcalico.org/v3 IPReservation.
type IPReservation struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec v3.IPReservationSpec `json:"spec,omitempty"`
}

// +kubebuilder:object:root=true

// IPReservationList is a list of IPReservation resources.
type IPReservationList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []IPReservation `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster,path=kubecontrollersconfigurations
// +kubebuilder:subresource:status

// KubeControllersConfiguration stores a projectcalico.org/v3 KubeControllersConfiguration.
type KubeControllersConfiguration struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   v3.KubeControllersConfigurationSpec   `json:"spec,omitempty"`
	Status v3.KubeControllersConfigurationStatus `json:"status,omitempty"`
}

// +kubebuilder:object:root=true

// KubeControllersConfigurationList is a list of KubeControllersConfiguration resources.
type KubeControllersConfigurationList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []KubeControllersConfiguration `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Namespaced,path=networkpolicies

// NetworkPolicy stores a projectcalico.org/v3 NetworkPolicy.
type NetworkPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec v3.NetworkPolicySpec `json:"spec,omitempty"`
}

// +kubebuilder:object:root=true

// NetworkPolicyList is a list of NetworkPolicy resources.
type NetworkPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []NetworkPolicy `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Namespaced,path=networksets

// NetworkSet stores a projectcalico.org/v3 NetworkSet.
type NetworkSet struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec v3.NetworkSetSpec `json:"spec,omitempty"`
}

// +kubebuilder:object:root=true

// NetworkSetList is a list of NetworkSet resources.
type NetworkSetList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []NetworkSet `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster,path=stagedglobalnetworkpolicies

// StagedGlobalNetworkPolicy stores a projectcalico.org/v3 StagedGlobalNetworkPolicy.
type StagedGlobalNetworkPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec v3.StagedGlobalNetworkPolicySpec `json:"spec,omitempty"`
}

// +kubebuilder:object:root=true

// StagedGlobalNetworkPolicyList is a list of StagedGlobalNetworkPolicy resources.
type StagedGlobalNetworkPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []StagedGlobalNetworkPolicy `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Namespaced,path=stagedkubernetesnetworkpolicies

// StagedKubernetesNetworkPolicy stores a projectcalico.org/v3 StagedKubernetesNetworkPolicy.
type StagedKubernetesNetworkPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec v3.StagedKubernetesNetworkPolicySpec `json:"spec,omitempty"`
}

// +kubebuilder:object:root=true

// StagedKubernetesNetworkPolicyList is a list of StagedKubernetesNetworkPolicy resources.
type StagedKubernetesNetworkPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []StagedKubernetesNetworkPolicy `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Namespaced,path=stagednetworkpolicies

// StagedNetworkPolicy stores a projectcalico.org/v3 StagedNetworkPolicy.
type StagedNetworkPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec v3.StagedNetworkPolicySpec `json:"spec,omitempty"`
}

// +kubebuilder:object:root=true

// StagedNetworkPolicyList is a list of StagedNetworkPolicy resources.
type StagedNetworkPolicyList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []StagedNetworkPolicy `json:"items"`
}

// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster,path=tiers

// Tier stores a projectcalico.org/v3 Tier.
// +kubebuilder:validation:XValidation:rule="self.metadata.name == 'kube-admin' ? self.spec.defaultAction == 'Pass' : true",message="The 'kube-admin' tier must have default action 'Pass'"
// +kubebuilder:validation:XValidation:rule="self.metadata.name == 'kube-baseline' ? self.spec.defaultAction == 'Pass' : true",message="The 'kube-baseline' tier must have default action 'Pass'"
// +kubebuilder:validation:XValidation:rule="self.metadata.name == 'default' ? self.spec.defaultAction == 'Deny' : true",message="The 'default' tier must have default action 'Deny'"
type Tier struct {
	metav1.TypeMeta `json:",inline"`

	// +kubebuilder:validation:Required
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// +kubebuilder:validation:Required
	Spec v3.TierSpec `json:"spec,omitempty"`
}

// +kubebuilder:object:root=true

// TierList is a list of Tier resources.
type TierList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	Items []Tier `json:"items"`
}

// BlockAffinitySpec is v3's BlockAffinitySpec with "deleted" as the string "true" or
// "false", as Calico stores it (storage contract §10.2).
type BlockAffinitySpec struct {
	State string `json:"state"`
	Node  string `json:"node"`
	// +optional
	Type    string `json:"type,omitempty"`
	CIDR    string `json:"cidr"`
	Deleted string `json:"deleted"`
}
