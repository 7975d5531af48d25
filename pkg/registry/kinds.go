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
	Categories []string

	// Storage says how the kind is stored as a crd.projectcalico.org/v1 resource.
	Storage crd.Resource

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
			Default: func(obj runtime.Object) { v3.SetDefaultsIPPool(obj.(*v3.IPPool)) },
			Validate: func(obj runtime.Object) field.ErrorList {
				return validation.ValidateIPPool(obj.(*v3.IPPool))
			},
			ValidateUpdate: func(obj, old runtime.Object) field.ErrorList {
				return validation.ValidateIPPoolUpdate(obj.(*v3.IPPool), old.(*v3.IPPool))
			},
		},
	}
}
