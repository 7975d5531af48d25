// Package registry serves every projectcalico.org/v3 kind through one generic code
// path: a table of kinds (this file), one strategy (strategy.go) and one store builder
// (store.go). Adding a kind is its types (and its stored form in pkg/apis/crd/v1), one
// entry in Kinds, and its validation.
package registry

import (
	"context"

	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/apiserver/pkg/storage/storagebackend/factory"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/lookup"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/crd"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/node"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/profile"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/watchcache"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/workloadendpoint"
	"github.com/calico-apiserver/calico-apiserver/pkg/validation"
)

// Kind is one row of the table: everything that differs between kinds.
type Kind struct {
	// Resource and Singular are the v3 plural and singular names ("ippools", "ippool").
	Resource   string
	Singular   string
	ShortNames []string
	// Columns are the kind's table columns after NAME (tables.go, columns.go).
	Columns []Column

	// Storage says how the kind is stored as a crd.projectcalico.org/v1 resource.
	Storage crd.Resource
	// ReadOnly kinds are written by Calico's components only; clients may read them.
	ReadOnly bool
	// StatusSubresource serves status at <resource>/status, as Kubernetes does: writes
	// to the resource keep the stored status, writes to /status change only status.
	// Only kinds whose custom resource stores a status have one (Storage.StoresStatus):
	// IPPool and Tier have a status in v3, but Calico's v1 schema drops it.
	StatusSubresource bool
	// Synthesized, when set, serves the kind from other resources instead of custom
	// resources of its own (Profiles come from Namespaces and ServiceAccounts); Storage
	// then only names the kind and its Go types. Synthesized kinds are read-only.
	Synthesized func(clients Clients, keyPrefix string) storage.Interface
	// SourceResources are the core/v1 resources a synthesized kind is derived from: the
	// server's ClusterRole lets it get, list and watch them.
	SourceResources []string
	// Cache serves a synthesized kind from memory, so that N readers and watchers cost
	// one upstream list and watch of each source: built once per server over the
	// storage Synthesized returns (config.Upstream). viewCache for views whose objects
	// carry a single source's resourceVersions; profileCache for Profiles, whose
	// versions join two sources' and which k8s.io/apiserver's cacher cannot order.
	// nil: every read goes to the sources.
	Cache func(clients Clients, config watchcache.Config) (storage.Interface, factory.DestroyFunc, error)
	// SelectableFields returns the fields of an object, besides metadata.name and
	// metadata.namespace, that lists and watches can select on.
	SelectableFields func(obj runtime.Object) fields.Set

	// Tier returns the tier of an object of the four tiered policy kinds (nil for other
	// kinds): lists and watches can select on the field spec.tier.
	Tier func(obj runtime.Object) string

	// Default fills defaults on create and update; Validate and ValidateUpdate check
	// the defaulted object. Each is optional.
	Default        func(obj runtime.Object)
	Validate       func(obj runtime.Object) field.ErrorList
	ValidateUpdate func(obj, old runtime.Object) field.ErrorList
	// Warn returns the warnings of a defaulted, valid object on create and update:
	// what Calico accepts but ignores or rewrites (pkg/validation/warnings.go).
	Warn func(obj runtime.Object) []string
	// CheckCreate and CheckUpdate check an object against others (checks.go); tiered
	// policies are checked against their tier without an entry here. CheckDelete
	// refuses the deletion of an object others depend on.
	CheckCreate func(ctx context.Context, obj runtime.Object, l *lookup.Lookups) field.ErrorList
	CheckUpdate func(ctx context.Context, obj runtime.Object, l *lookup.Lookups) field.ErrorList
	CheckDelete func(ctx context.Context, obj runtime.Object, l *lookup.Lookups) error
}

// Kinds is the table of every kind this server serves.
func Kinds() []*Kind {
	return completed([]*Kind{
		{
			Resource: "tiers", Singular: "tier",
			Columns: tierColumns(),
			Storage: crd.Resource{
				Kind: "Tier", CRDResource: "tiers", CRDKind: "Tier",
				NewFunc:     func() runtime.Object { return &v3.Tier{} },
				NewListFunc: func() runtime.Object { return &v3.TierList{} },
				Decorate:    v3.DefaultStoredTier,
			},
			Default:     defaulter(v3.SetDefaultsTier),
			Validate:    validator(validation.ValidateTier),
			CheckDelete: checkTierDeletable,
		},
		{
			Resource: "networkpolicies", Singular: "networkpolicy", ShortNames: []string{"cnp", "caliconetworkpolicy", "caliconetworkpolicies"},
			Columns: networkPolicyColumns(),
			Storage: crd.Resource{
				Kind: "NetworkPolicy", CRDResource: "networkpolicies", CRDKind: "NetworkPolicy", Namespaced: true, KeepNameInMetadata: true,
				NewFunc:     func() runtime.Object { return &v3.NetworkPolicy{} },
				NewListFunc: func() runtime.Object { return &v3.NetworkPolicyList{} },
				Decorate:    v3.DefaultPolicyTier,
			},
			Tier:     tierOf(func(p *v3.NetworkPolicy) string { return p.Spec.Tier }),
			Default:  defaulter(v3.SetDefaultsNetworkPolicy),
			Validate: validator(validation.ValidateNetworkPolicy),
			Warn:     warner(validation.WarnNetworkPolicy),
		},
		{
			Resource: "globalnetworkpolicies", Singular: "globalnetworkpolicy", ShortNames: []string{"gnp", "cgnp", "calicoglobalnetworkpolicies"},
			Columns: globalNetworkPolicyColumns(),
			Storage: crd.Resource{
				Kind: "GlobalNetworkPolicy", CRDResource: "globalnetworkpolicies", CRDKind: "GlobalNetworkPolicy", KeepNameInMetadata: true,
				NewFunc:     func() runtime.Object { return &v3.GlobalNetworkPolicy{} },
				NewListFunc: func() runtime.Object { return &v3.GlobalNetworkPolicyList{} },
				Decorate:    v3.DefaultPolicyTier,
			},
			Tier:     tierOf(func(p *v3.GlobalNetworkPolicy) string { return p.Spec.Tier }),
			Default:  defaulter(v3.SetDefaultsGlobalNetworkPolicy),
			Validate: validator(validation.ValidateGlobalNetworkPolicy),
			Warn:     warner(validation.WarnGlobalNetworkPolicy),
		},
		{
			Resource: "stagednetworkpolicies", Singular: "stagednetworkpolicy", ShortNames: []string{"snp", "scnp"},
			Columns: stagedNetworkPolicyColumns(),
			Storage: crd.Resource{
				Kind: "StagedNetworkPolicy", CRDResource: "stagednetworkpolicies", CRDKind: "StagedNetworkPolicy", Namespaced: true, KeepNameInMetadata: true,
				NewFunc:     func() runtime.Object { return &v3.StagedNetworkPolicy{} },
				NewListFunc: func() runtime.Object { return &v3.StagedNetworkPolicyList{} },
				Decorate:    v3.DefaultPolicyTier,
			},
			Tier:     tierOf(func(p *v3.StagedNetworkPolicy) string { return p.Spec.Tier }),
			Default:  defaulter(v3.SetDefaultsStagedNetworkPolicy),
			Validate: validator(validation.ValidateStagedNetworkPolicy),
			Warn:     warner(validation.WarnStagedNetworkPolicy),
		},
		{
			Resource: "stagedglobalnetworkpolicies", Singular: "stagedglobalnetworkpolicy", ShortNames: []string{"sgnp"},
			Columns: stagedGlobalNetworkPolicyColumns(),
			Storage: crd.Resource{
				Kind: "StagedGlobalNetworkPolicy", CRDResource: "stagedglobalnetworkpolicies", CRDKind: "StagedGlobalNetworkPolicy", KeepNameInMetadata: true,
				NewFunc:     func() runtime.Object { return &v3.StagedGlobalNetworkPolicy{} },
				NewListFunc: func() runtime.Object { return &v3.StagedGlobalNetworkPolicyList{} },
				Decorate:    v3.DefaultPolicyTier,
			},
			Tier:     tierOf(func(p *v3.StagedGlobalNetworkPolicy) string { return p.Spec.Tier }),
			Default:  defaulter(v3.SetDefaultsStagedGlobalNetworkPolicy),
			Validate: validator(validation.ValidateStagedGlobalNetworkPolicy),
			Warn:     warner(validation.WarnStagedGlobalNetworkPolicy),
		},
		{
			Resource: "stagedkubernetesnetworkpolicies", Singular: "stagedkubernetesnetworkpolicy", ShortNames: []string{"sknp"},
			Columns: stagedKubernetesNetworkPolicyColumns(),
			Storage: crd.Resource{
				Kind: "StagedKubernetesNetworkPolicy", CRDResource: "stagedkubernetesnetworkpolicies", CRDKind: "StagedKubernetesNetworkPolicy", Namespaced: true,
				NewFunc:     func() runtime.Object { return &v3.StagedKubernetesNetworkPolicy{} },
				NewListFunc: func() runtime.Object { return &v3.StagedKubernetesNetworkPolicyList{} },
			},
			Default:  defaulter(v3.SetDefaultsStagedKubernetesNetworkPolicy),
			Validate: validator(validation.ValidateStagedKubernetesNetworkPolicy),
		},
		{
			Resource: "hostendpoints", Singular: "hostendpoint", ShortNames: []string{"hep", "heps"},
			Columns: hostEndpointColumns(),
			Storage: crd.Resource{
				Kind: "HostEndpoint", CRDResource: "hostendpoints", CRDKind: "HostEndpoint",
				NewFunc:     func() runtime.Object { return &v3.HostEndpoint{} },
				NewListFunc: func() runtime.Object { return &v3.HostEndpointList{} },
			},
			Validate: validator(validation.ValidateHostEndpoint),
		},
		{
			Resource: "ippools", Singular: "ippool",
			Columns: ipPoolColumns(),
			Storage: crd.Resource{
				Kind: "IPPool", CRDResource: "ippools", CRDKind: "IPPool",
				NewFunc:     func() runtime.Object { return &v3.IPPool{} },
				NewListFunc: func() runtime.Object { return &v3.IPPoolList{} },
				Decorate:    v3.DefaultStoredIPPool,
			},
			Default:        defaulter(v3.SetDefaultsIPPool),
			Validate:       validator(validation.ValidateIPPool),
			ValidateUpdate: updateValidator(validation.ValidateIPPoolUpdate),
			Warn:           warner(validation.WarnIPPool),
			CheckCreate:    checkIPPoolOverlap,
		},
		{
			Resource: "ipreservations", Singular: "ipreservation",
			Columns: ipReservationColumns(),
			Storage: crd.Resource{
				Kind: "IPReservation", CRDResource: "ipreservations", CRDKind: "IPReservation",
				NewFunc:     func() runtime.Object { return &v3.IPReservation{} },
				NewListFunc: func() runtime.Object { return &v3.IPReservationList{} },
			},
			Validate: validator(validation.ValidateIPReservation),
			Warn:     warner(validation.WarnIPReservation),
		},
		{
			Resource: "networksets", Singular: "networkset",
			Columns: networkSetColumns(),
			Storage: crd.Resource{
				Kind: "NetworkSet", CRDResource: "networksets", CRDKind: "NetworkSet", Namespaced: true,
				NewFunc:     func() runtime.Object { return &v3.NetworkSet{} },
				NewListFunc: func() runtime.Object { return &v3.NetworkSetList{} },
			},
			Validate: validator(validation.ValidateNetworkSet),
			Warn:     warner(validation.WarnNetworkSet),
		},
		{
			Resource: "globalnetworksets", Singular: "globalnetworkset", ShortNames: []string{"gns"},
			Columns: globalNetworkSetColumns(),
			Storage: crd.Resource{
				Kind: "GlobalNetworkSet", CRDResource: "globalnetworksets", CRDKind: "GlobalNetworkSet",
				NewFunc:     func() runtime.Object { return &v3.GlobalNetworkSet{} },
				NewListFunc: func() runtime.Object { return &v3.GlobalNetworkSetList{} },
			},
			Validate: validator(validation.ValidateGlobalNetworkSet),
			Warn:     warner(validation.WarnGlobalNetworkSet),
		},
		{
			Resource: "bgpconfigurations", Singular: "bgpconfiguration", ShortNames: []string{"bgpconfig", "bgpconfigs"},
			Columns: bgpConfigurationColumns(),
			Storage: crd.Resource{
				Kind: "BGPConfiguration", CRDResource: "bgpconfigurations", CRDKind: "BGPConfiguration",
				NewFunc:     func() runtime.Object { return &v3.BGPConfiguration{} },
				NewListFunc: func() runtime.Object { return &v3.BGPConfigurationList{} },
			},
			Default:  defaulter(v3.SetDefaultsBGPConfiguration),
			Validate: validator(validation.ValidateBGPConfiguration),
			Warn:     warner(validation.WarnBGPConfiguration),
		},
		{
			Resource: "bgppeers", Singular: "bgppeer",
			Columns: bgpPeerColumns(),
			Storage: crd.Resource{
				Kind: "BGPPeer", CRDResource: "bgppeers", CRDKind: "BGPPeer",
				NewFunc:     func() runtime.Object { return &v3.BGPPeer{} },
				NewListFunc: func() runtime.Object { return &v3.BGPPeerList{} },
			},
			Validate:    validator(validation.ValidateBGPPeer),
			Warn:        warner(validation.WarnBGPPeer),
			CheckCreate: checkBGPPeerFilters,
			CheckUpdate: checkBGPPeerFilters,
		},
		{
			Resource: "bgpfilters", Singular: "bgpfilter",
			Columns: bgpFilterColumns(),
			Storage: crd.Resource{
				Kind: "BGPFilter", CRDResource: "bgpfilters", CRDKind: "BGPFilter",
				NewFunc:     func() runtime.Object { return &v3.BGPFilter{} },
				NewListFunc: func() runtime.Object { return &v3.BGPFilterList{} },
			},
			Validate: validator(validation.ValidateBGPFilter),
		},
		{
			Resource: "caliconodestatuses", Singular: "caliconodestatus",
			Columns:           calicoNodeStatusColumns(),
			StatusSubresource: true,
			Storage: crd.Resource{
				Kind: "CalicoNodeStatus", CRDResource: "caliconodestatuses", CRDKind: "CalicoNodeStatus", StoresStatus: true,
				NewFunc:     func() runtime.Object { return &v3.CalicoNodeStatus{} },
				NewListFunc: func() runtime.Object { return &v3.CalicoNodeStatusList{} },
			},
			Validate: validator(validation.ValidateCalicoNodeStatus),
		},
		{
			Resource: "felixconfigurations", Singular: "felixconfiguration",
			Columns: felixConfigurationColumns(),
			Storage: crd.Resource{
				Kind: "FelixConfiguration", CRDResource: "felixconfigurations", CRDKind: "FelixConfiguration",
				NewFunc:     func() runtime.Object { return &v3.FelixConfiguration{} },
				NewListFunc: func() runtime.Object { return &v3.FelixConfigurationList{} },
			},
			Default:  defaulter(v3.SetDefaultsFelixConfiguration),
			Validate: validator(validation.ValidateFelixConfiguration),
			Warn:     warner(validation.WarnFelixConfiguration),
		},
		{
			Resource: "kubecontrollersconfigurations", Singular: "kubecontrollersconfiguration", ShortNames: []string{"kcc", "kccs"},
			Columns:           kubeControllersConfigurationColumns(),
			StatusSubresource: true,
			Storage: crd.Resource{
				Kind: "KubeControllersConfiguration", CRDResource: "kubecontrollersconfigurations", CRDKind: "KubeControllersConfiguration",
				StoresStatus: true, StatusSubresource: true,
				NewFunc:     func() runtime.Object { return &v3.KubeControllersConfiguration{} },
				NewListFunc: func() runtime.Object { return &v3.KubeControllersConfigurationList{} },
			},
			Default:  defaulter(v3.SetDefaultsKubeControllersConfiguration),
			Validate: validator(validation.ValidateKubeControllersConfiguration),
			Warn:     warner(validation.WarnKubeControllersConfiguration),
		},
		{
			// No short names: Calico's "ipamconfig(s)" are the names of the custom resource
			// (crd.projectcalico.org ipamconfigs), which kubectl must keep reaching.
			Resource: "ipamconfigurations", Singular: "ipamconfiguration",
			Columns: ipamConfigurationColumns(),
			Storage: crd.Resource{
				// Stored under Calico's IPAM name; the spec's JSON is the same.
				Kind: "IPAMConfiguration", CRDResource: "ipamconfigs", CRDKind: "IPAMConfig",
				NewFunc:     func() runtime.Object { return &v3.IPAMConfiguration{} },
				NewListFunc: func() runtime.Object { return &v3.IPAMConfigurationList{} },
			},
			Default:  defaulter(v3.SetDefaultsIPAMConfiguration),
			Validate: validator(validation.ValidateIPAMConfiguration),
		},
		{
			Resource: "clusterinformations", Singular: "clusterinformation", ShortNames: []string{"clusterinfo", "clusterinfos"},
			Columns:  clusterInformationColumns(),
			ReadOnly: true,
			Storage: crd.Resource{
				Kind: "ClusterInformation", CRDResource: "clusterinformations", CRDKind: "ClusterInformation",
				NewFunc:     func() runtime.Object { return &v3.ClusterInformation{} },
				NewListFunc: func() runtime.Object { return &v3.ClusterInformationList{} },
			},
			// Never run on writes (the kind is read-only); `calico-apiserver check` uses it.
			Validate: validator(validation.ValidateClusterInformation),
		},
		{
			Resource: "blockaffinities", Singular: "blockaffinity", ShortNames: []string{"affinity", "affinities"},
			Columns:  blockAffinityColumns(),
			ReadOnly: true,
			Storage: crd.Resource{
				Kind: "BlockAffinity", CRDResource: "blockaffinities", CRDKind: "BlockAffinity",
				NewFunc:        func() runtime.Object { return &v3.BlockAffinity{} },
				NewListFunc:    func() runtime.Object { return &v3.BlockAffinityList{} },
				SpecConversion: blockAffinitySpec,
			},
		},
		{
			Resource: "profiles", Singular: "profile",
			Columns:  profileColumns(),
			ReadOnly: true,
			Storage: crd.Resource{
				Kind:        "Profile",
				NewFunc:     func() runtime.Object { return &v3.Profile{} },
				NewListFunc: func() runtime.Object { return &v3.ProfileList{} },
			},
			Synthesized: func(clients Clients, keyPrefix string) storage.Interface {
				return profile.NewStore(clients.Kube.CoreV1(), keyPrefix)
			},
			SourceResources: []string{"namespaces", "serviceaccounts"},
			Cache:           profileCache,
		},
		{
			Resource: "nodes", Singular: "node",
			ReadOnly: true,
			Storage: crd.Resource{
				Kind:        "Node",
				NewFunc:     func() runtime.Object { return &v3.Node{} },
				NewListFunc: func() runtime.Object { return &v3.NodeList{} },
			},
			Synthesized: func(clients Clients, keyPrefix string) storage.Interface {
				return node.NewStore(clients.Kube.CoreV1(), keyPrefix)
			},
			SourceResources: []string{"nodes"},
			Cache:           viewCache,
			Columns:         nodeColumns(),
		},
		{
			// "wep" and "weps", as calicoctl; no crd.projectcalico.org resource has these names.
			Resource: "workloadendpoints", Singular: "workloadendpoint", ShortNames: []string{"wep", "weps"},
			ReadOnly: true,
			Storage: crd.Resource{
				Kind: "WorkloadEndpoint", Namespaced: true,
				NewFunc:     func() runtime.Object { return &v3.WorkloadEndpoint{} },
				NewListFunc: func() runtime.Object { return &v3.WorkloadEndpointList{} },
			},
			Synthesized: func(clients Clients, keyPrefix string) storage.Interface {
				return workloadendpoint.NewStore(clients.Kube.CoreV1(), keyPrefix)
			},
			SourceResources:  []string{"pods"},
			Cache:            viewCache,
			SelectableFields: selectable(workloadendpoint.SelectableFields),
			Columns:          workloadEndpointColumns(),
		},
	})
}

// completed fills what every row's storage shares with the row itself: the v3 API
// version, and the plural that storage names the kind by in errors. Done here, once,
// so that every row comes out of Kinds whole.
func completed(kinds []*Kind) []*Kind {
	for _, kind := range kinds {
		kind.Storage.APIVersion = v3.SchemeGroupVersion.String()
		kind.Storage.Resource = kind.Resource
	}
	return kinds
}

// TieredPolicyResources are the stored resources of the kinds that name a tier, for the
// lookups that ask which policies a tier holds.
func TieredPolicyResources() []schema.GroupVersionResource {
	var out []schema.GroupVersionResource
	for _, kind := range Kinds() {
		if kind.Tier != nil {
			out = append(out, kind.Storage.GVR())
		}
	}
	return out
}

// tierOf adapts a typed tier accessor to the table's signature.
func tierOf[T runtime.Object](f func(T) string) func(runtime.Object) string {
	return func(obj runtime.Object) string { return f(obj.(T)) }
}

// selectable adapts a typed field accessor to the table's signature.
func selectable[T runtime.Object](f func(T) map[string]string) func(runtime.Object) fields.Set {
	return func(obj runtime.Object) fields.Set { return f(obj.(T)) }
}

// defaulter, validator and updateValidator adapt typed per-kind functions to the
// table's runtime.Object signatures.
func defaulter[T runtime.Object](f func(T)) func(runtime.Object) {
	return func(obj runtime.Object) { f(obj.(T)) }
}

func warner[T runtime.Object](f func(T) []string) func(runtime.Object) []string {
	return func(obj runtime.Object) []string { return f(obj.(T)) }
}

func validator[T runtime.Object](f func(T) field.ErrorList) func(runtime.Object) field.ErrorList {
	return func(obj runtime.Object) field.ErrorList { return f(obj.(T)) }
}

func updateValidator[T runtime.Object](f func(T, T) field.ErrorList) func(runtime.Object, runtime.Object) field.ErrorList {
	return func(obj, old runtime.Object) field.ErrorList { return f(obj.(T), old.(T)) }
}
