package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// GroupName is the API group served by this server.
const GroupName = "projectcalico.org"

// SchemeGroupVersion is the group and version of every type in this package.
var SchemeGroupVersion = schema.GroupVersion{Group: GroupName, Version: "v3"}

// InternalGroupVersion is the hub version the generic apiserver converts through. It
// holds the very same Go types as v3 (Calico's API has a single version).
var InternalGroupVersion = schema.GroupVersion{Group: GroupName, Version: runtime.APIVersionInternal}

var (
	localSchemeBuilder = runtime.NewSchemeBuilder(addKnownTypes)
	// AddToScheme registers the v3 types, for clients (the generated clientset uses it).
	AddToScheme = localSchemeBuilder.AddToScheme
)

// Resource takes an unqualified resource and returns a group-qualified GroupResource.
func Resource(resource string) schema.GroupResource {
	return SchemeGroupVersion.WithResource(resource).GroupResource()
}

// knownTypes lists every kind of the group, object and list. Adding a kind adds it here
// and to the registry's table of kinds.
func knownTypes() []runtime.Object {
	return []runtime.Object{
		&IPPool{}, &IPPoolList{},
		&IPReservation{}, &IPReservationList{},
		&NetworkSet{}, &NetworkSetList{},
		&GlobalNetworkSet{}, &GlobalNetworkSetList{},
		&BGPConfiguration{}, &BGPConfigurationList{},
		&BGPPeer{}, &BGPPeerList{},
		&BGPFilter{}, &BGPFilterList{},
		&CalicoNodeStatus{}, &CalicoNodeStatusList{},
		&ClusterInformation{}, &ClusterInformationList{},
		&IPAMConfiguration{}, &IPAMConfigurationList{},
		&BlockAffinity{}, &BlockAffinityList{},
		&FelixConfiguration{}, &FelixConfigurationList{},
		&KubeControllersConfiguration{}, &KubeControllersConfigurationList{},
		&Tier{}, &TierList{},
		&NetworkPolicy{}, &NetworkPolicyList{},
		&GlobalNetworkPolicy{}, &GlobalNetworkPolicyList{},
		&StagedNetworkPolicy{}, &StagedNetworkPolicyList{},
		&StagedGlobalNetworkPolicy{}, &StagedGlobalNetworkPolicyList{},
		&StagedKubernetesNetworkPolicy{}, &StagedKubernetesNetworkPolicyList{},
		&HostEndpoint{}, &HostEndpointList{},
		&Profile{}, &ProfileList{},
		&Node{}, &NodeList{},
		&WorkloadEndpoint{}, &WorkloadEndpointList{},
	}
}

func addKnownTypes(scheme *runtime.Scheme) error {
	scheme.AddKnownTypes(SchemeGroupVersion, knownTypes()...)
	metav1.AddToGroupVersion(scheme, SchemeGroupVersion)
	return nil
}

// AddToServerScheme registers the types for the API server: as v3 and as the internal
// version, so the generic apiserver's conversions are identity copies.
func AddToServerScheme(scheme *runtime.Scheme) error {
	if err := AddToScheme(scheme); err != nil {
		return err
	}
	scheme.AddKnownTypes(InternalGroupVersion, knownTypes()...)
	return nil
}
