package registry

import (
	"k8s.io/apiserver/pkg/registry/rest"
)

// readOnlyREST serves a kind that Calico's own components write and clients only read
// (ClusterInformation, BlockAffinity). It offers get, list and watch and nothing else,
// so the generic apiserver answers every write with one consistent
// 405 MethodNotSupported, and discovery advertises only the read verbs.
type readOnlyREST struct {
	rest.Storage
	rest.Scoper
	rest.Getter
	rest.Lister
	rest.Watcher
	rest.SingularNameProvider
	store *REST
}

var (
	_ rest.ShortNamesProvider = &readOnlyREST{}
	_ rest.CategoriesProvider = &readOnlyREST{}
)

func newReadOnlyREST(store *REST) *readOnlyREST {
	return &readOnlyREST{
		Storage: store, Scoper: store, Getter: store, Lister: store, Watcher: store,
		SingularNameProvider: store, store: store,
	}
}

// ShortNames implements rest.ShortNamesProvider.
func (r *readOnlyREST) ShortNames() []string { return r.store.ShortNames() }

// Categories implements rest.CategoriesProvider.
func (r *readOnlyREST) Categories() []string { return r.store.Categories() }

// ReadinessCheck implements rest.StorageWithReadiness.
func (r *readOnlyREST) ReadinessCheck() error { return r.store.ReadinessCheck() }
