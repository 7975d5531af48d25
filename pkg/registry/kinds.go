// Package registry serves every projectcalico.org/v3 kind through one generic code
// path: a table of kinds (this file), one strategy (strategy.go) and one store builder
// (store.go). Adding a kind is its types, one entry in Kinds, and its validation.
package registry

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/crd"
	"github.com/calico-apiserver/calico-apiserver/pkg/validation"
)

// Kind is one row of the table: everything that differs between kinds.
type Kind struct {
	// Resource and Singular are the v3 plural and singular names ("ippools", "ippool").
	Resource   string
	Singular   string
	ShortNames []string

	// Storage says how the kind is stored as a crd.projectcalico.org/v1 resource.
	Storage crd.Resource
	// ReadOnly kinds are written by Calico's components only; clients may read them.
	ReadOnly bool

	// Default fills defaults on create and update; Validate and ValidateUpdate check
	// the defaulted object. Each is optional.
	Default        func(obj runtime.Object)
	Validate       func(obj runtime.Object) field.ErrorList
	ValidateUpdate func(obj, old runtime.Object) field.ErrorList
}

// Kinds is the table of every kind this server serves.
func Kinds() []*Kind {
	return []*Kind{
		{
			Resource: "ippools", Singular: "ippool",
			Storage: crd.Resource{
				Kind: "IPPool", CRDResource: "ippools", CRDKind: "IPPool",
				NewFunc:     func() runtime.Object { return &v3.IPPool{} },
				NewListFunc: func() runtime.Object { return &v3.IPPoolList{} },
			},
			Default:        defaulter(v3.SetDefaultsIPPool),
			Validate:       validator(validation.ValidateIPPool),
			ValidateUpdate: updateValidator(validation.ValidateIPPoolUpdate),
		},
		{
			Resource: "ipreservations", Singular: "ipreservation",
			Storage: crd.Resource{
				Kind: "IPReservation", CRDResource: "ipreservations", CRDKind: "IPReservation",
				NewFunc:     func() runtime.Object { return &v3.IPReservation{} },
				NewListFunc: func() runtime.Object { return &v3.IPReservationList{} },
			},
			Validate: validator(validation.ValidateIPReservation),
		},
		{
			Resource: "networksets", Singular: "networkset",
			Storage: crd.Resource{
				Kind: "NetworkSet", CRDResource: "networksets", CRDKind: "NetworkSet", Namespaced: true,
				NewFunc:     func() runtime.Object { return &v3.NetworkSet{} },
				NewListFunc: func() runtime.Object { return &v3.NetworkSetList{} },
			},
			Validate: validator(validation.ValidateNetworkSet),
		},
		{
			Resource: "globalnetworksets", Singular: "globalnetworkset", ShortNames: []string{"gns"},
			Storage: crd.Resource{
				Kind: "GlobalNetworkSet", CRDResource: "globalnetworksets", CRDKind: "GlobalNetworkSet",
				NewFunc:     func() runtime.Object { return &v3.GlobalNetworkSet{} },
				NewListFunc: func() runtime.Object { return &v3.GlobalNetworkSetList{} },
			},
			Validate: validator(validation.ValidateGlobalNetworkSet),
		},
		{
			Resource: "bgpconfigurations", Singular: "bgpconfiguration", ShortNames: []string{"bgpconfig", "bgpconfigs"},
			Storage: crd.Resource{
				Kind: "BGPConfiguration", CRDResource: "bgpconfigurations", CRDKind: "BGPConfiguration",
				NewFunc:     func() runtime.Object { return &v3.BGPConfiguration{} },
				NewListFunc: func() runtime.Object { return &v3.BGPConfigurationList{} },
			},
		},
		{
			Resource: "bgppeers", Singular: "bgppeer",
			Storage: crd.Resource{
				Kind: "BGPPeer", CRDResource: "bgppeers", CRDKind: "BGPPeer",
				NewFunc:     func() runtime.Object { return &v3.BGPPeer{} },
				NewListFunc: func() runtime.Object { return &v3.BGPPeerList{} },
			},
		},
		{
			Resource: "bgpfilters", Singular: "bgpfilter",
			Storage: crd.Resource{
				Kind: "BGPFilter", CRDResource: "bgpfilters", CRDKind: "BGPFilter",
				NewFunc:     func() runtime.Object { return &v3.BGPFilter{} },
				NewListFunc: func() runtime.Object { return &v3.BGPFilterList{} },
			},
		},
		{
			Resource: "caliconodestatuses", Singular: "caliconodestatus",
			Storage: crd.Resource{
				Kind: "CalicoNodeStatus", CRDResource: "caliconodestatuses", CRDKind: "CalicoNodeStatus", StoresStatus: true,
				NewFunc:     func() runtime.Object { return &v3.CalicoNodeStatus{} },
				NewListFunc: func() runtime.Object { return &v3.CalicoNodeStatusList{} },
			},
		},
		{
			Resource: "felixconfigurations", Singular: "felixconfiguration",
			Storage: crd.Resource{
				Kind: "FelixConfiguration", CRDResource: "felixconfigurations", CRDKind: "FelixConfiguration",
				NewFunc:     func() runtime.Object { return &v3.FelixConfiguration{} },
				NewListFunc: func() runtime.Object { return &v3.FelixConfigurationList{} },
			},
		},
		{
			Resource: "kubecontrollersconfigurations", Singular: "kubecontrollersconfiguration", ShortNames: []string{"kcc", "kccs"},
			Storage: crd.Resource{
				Kind: "KubeControllersConfiguration", CRDResource: "kubecontrollersconfigurations", CRDKind: "KubeControllersConfiguration", StoresStatus: true,
				NewFunc:     func() runtime.Object { return &v3.KubeControllersConfiguration{} },
				NewListFunc: func() runtime.Object { return &v3.KubeControllersConfigurationList{} },
			},
		},
		{
			Resource: "ipamconfigurations", Singular: "ipamconfiguration", ShortNames: []string{"ipamconfig", "ipamconfigs"},
			Storage: crd.Resource{
				// Stored under Calico's IPAM name; the spec's JSON is the same.
				Kind: "IPAMConfiguration", CRDResource: "ipamconfigs", CRDKind: "IPAMConfig",
				NewFunc:     func() runtime.Object { return &v3.IPAMConfiguration{} },
				NewListFunc: func() runtime.Object { return &v3.IPAMConfigurationList{} },
			},
			Validate: validator(validation.ValidateIPAMConfiguration),
		},
		{
			Resource: "clusterinformations", Singular: "clusterinformation", ShortNames: []string{"clusterinfo", "clusterinfos"},
			ReadOnly: true,
			Storage: crd.Resource{
				Kind: "ClusterInformation", CRDResource: "clusterinformations", CRDKind: "ClusterInformation",
				NewFunc:     func() runtime.Object { return &v3.ClusterInformation{} },
				NewListFunc: func() runtime.Object { return &v3.ClusterInformationList{} },
			},
		},
		{
			Resource: "blockaffinities", Singular: "blockaffinity", ShortNames: []string{"affinity", "affinities"},
			ReadOnly: true,
			Storage: crd.Resource{
				Kind: "BlockAffinity", CRDResource: "blockaffinities", CRDKind: "BlockAffinity",
				NewFunc:     func() runtime.Object { return &v3.BlockAffinity{} },
				NewListFunc: func() runtime.Object { return &v3.BlockAffinityList{} },
				SpecFromCRD: blockAffinityFromCRD,
				SpecToCRD:   blockAffinityToCRD,
			},
		},
	}
}

// defaulter, validator and updateValidator adapt typed per-kind functions to the
// table's runtime.Object signatures.
func defaulter[T runtime.Object](f func(T)) func(runtime.Object) {
	return func(obj runtime.Object) { f(obj.(T)) }
}

func validator[T runtime.Object](f func(T) field.ErrorList) func(runtime.Object) field.ErrorList {
	return func(obj runtime.Object) field.ErrorList { return f(obj.(T)) }
}

func updateValidator[T runtime.Object](f func(T, T) field.ErrorList) func(runtime.Object, runtime.Object) field.ErrorList {
	return func(obj, old runtime.Object) field.ErrorList { return f(obj.(T), old.(T)) }
}
