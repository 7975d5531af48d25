package registry

import (
	"context"
	"fmt"

	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/apiserver/pkg/storage/storagebackend"
	"k8s.io/apiserver/pkg/storage/storagebackend/factory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	restclient "k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/authorization/tier"
	"github.com/calico-apiserver/calico-apiserver/pkg/lookup"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/coalesce"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/crd"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/profile"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/watchcache"
)

// REST is the REST storage of one kind: the generic registry store plus what kubectl
// discovers about the kind (short names, categories).
type REST struct {
	*genericregistry.Store
	kind     *Kind
	strategy *strategy
}

var (
	_ rest.ShortNamesProvider = &REST{}
	_ rest.CategoriesProvider = &REST{}
)

// ShortNames implements rest.ShortNamesProvider.
func (r *REST) ShortNames() []string { return r.kind.ShortNames }

// Categories implements rest.CategoriesProvider: every kind is in the category
// "calico", so `kubectl get calico` lists them all.
func (r *REST) Categories() []string { return []string{"calico"} }

// Clients reach the kube-apiserver that holds what this server serves.
type Clients struct {
	// CRD reads and writes the crd.projectcalico.org/v1 custom resources that store
	// the kinds (crd.NewRESTClient).
	CRD restclient.Interface
	// Dynamic reads custom resources for the cross-object checks.
	Dynamic dynamic.Interface
	// Kube reads the built-in resources that synthesized kinds derive from.
	Kube kubernetes.Interface
}

// NewStorage builds the REST storage of every kind in the table, keyed by resource.
// lookups serve the checks against other objects; tiers, when set, guards the tiered
// policy kinds with Calico's tier access (tiered.go).
func NewStorage(scheme *runtime.Scheme, codec runtime.Codec, clients Clients, lookups *lookup.Lookups,
	tiers *tier.Authorizer) (map[string]rest.Storage, error) {
	out := map[string]rest.Storage{}
	for _, kind := range Kinds() {
		store, err := newREST(kind, scheme, codec, clients, lookups)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", kind.Resource, err)
		}
		if kind.ReadOnly {
			out[kind.Resource] = newReadOnlyREST(store)
			continue
		}
		if kind.Tier != nil && tiers != nil {
			out[kind.Resource] = newTieredREST(store, tiers)
			continue
		}
		out[kind.Resource] = store
		if kind.StatusSubresource {
			out[kind.Resource+"/status"] = newStatusREST(store)
		}
	}
	return out, nil
}

func newREST(kind *Kind, scheme *runtime.Scheme, codec runtime.Codec, clients Clients, lookups *lookup.Lookups) (*REST, error) {
	s := newStrategy(kind, scheme, lookups)
	store := &genericregistry.Store{
		NewFunc:                   kind.Storage.NewFunc,
		NewListFunc:               kind.Storage.NewListFunc,
		PredicateFunc:             s.matcher,
		DefaultQualifiedResource:  v3.Resource(kind.Resource),
		SingularQualifiedResource: v3.Resource(kind.Singular),
		CreateStrategy:            s,
		UpdateStrategy:            s,
		DeleteStrategy:            s,
		ResetFieldsStrategy:       s,
		TableConvertor:            newTableConvertor(v3.Resource(kind.Resource), kind.Columns),
	}
	options := &generic.StoreOptions{
		RESTOptions: restOptions(kind, codec, clients),
		AttrFunc:    s.getAttrs,
	}
	if kind.Tier != nil {
		// The watch cache indexes tiered policies by tier: a watch or list with
		// spec.tier=<tier> looks at that tier's policies only.
		options.TriggerFunc = storage.IndexerFuncs{tierField: func(obj runtime.Object) string { return kind.Tier(obj) }}
		options.Indexers = &cache.Indexers{storage.FieldIndex(tierField): func(obj interface{}) ([]string, error) {
			return []string{kind.Tier(obj.(runtime.Object))}, nil
		}}
	}
	if err := store.CompleteWithOptions(options); err != nil {
		return nil, err
	}
	return &REST{Store: store, kind: kind, strategy: s}, nil
}

// Delete implements rest.GracefulDeleter, refusing what the kind's CheckDelete refuses.
func (r *REST) Delete(ctx context.Context, name string, deleteValidation rest.ValidateObjectFunc,
	options *metav1.DeleteOptions) (runtime.Object, bool, error) {
	return r.Store.Delete(ctx, name, r.withDeleteCheck(deleteValidation), options)
}

// DeleteCollection implements rest.CollectionDeleter, checking each object as Delete does.
func (r *REST) DeleteCollection(ctx context.Context, deleteValidation rest.ValidateObjectFunc,
	options *metav1.DeleteOptions, listOptions *metainternalversion.ListOptions) (runtime.Object, error) {
	return r.Store.DeleteCollection(ctx, r.withDeleteCheck(deleteValidation), options, listOptions)
}

// withDeleteCheck runs the kind's CheckDelete on the object about to be deleted, after
// the admission checks; storage calls it with the object as read for the delete.
func (r *REST) withDeleteCheck(next rest.ValidateObjectFunc) rest.ValidateObjectFunc {
	check, lookups := r.kind.CheckDelete, r.strategy.lookups
	if check == nil || lookups == nil {
		return next
	}
	return func(ctx context.Context, obj runtime.Object) error {
		if next != nil {
			if err := next(ctx, obj); err != nil {
				return err
			}
		}
		return check(ctx, obj, lookups)
	}
}

// restOptions points the generic registry at this kind's storage: its custom resources,
// or what it is synthesized from. Custom resources are read through a watch cache
// (pkg/storage/watchcache), so that every watcher of a kind shares one upstream watch.
func restOptions(kind *Kind, codec runtime.Codec, clients Clients) generic.RESTOptions {
	resource := v3.Resource(kind.Resource)
	return generic.RESTOptions{
		StorageConfig: &storagebackend.ConfigForResource{
			// The codec serves the generic registry's dry-run copies and the watch
			// cache's codec check; nothing is encoded with it on the way to the
			// kube-apiserver.
			Config:        storagebackend.Config{Codec: codec},
			GroupResource: resource,
		},
		Decorator: func(config *storagebackend.ConfigForResource, resourcePrefix string, keyFunc func(runtime.Object) (string, error),
			newFunc func() runtime.Object, newListFunc func() runtime.Object, getAttrs storage.AttrFunc,
			triggers storage.IndexerFuncs, indexers *cache.Indexers) (storage.Interface, factory.DestroyFunc, error) {
			var upstream storage.Interface
			if kind.Synthesized != nil {
				upstream = kind.Synthesized(clients, resourcePrefix)
			} else {
				upstream = crd.NewStore(&kind.Storage, clients.CRD, resourcePrefix)
			}
			// Consistent lists are read upstream; concurrent identical ones share a read.
			upstream = coalesce.Lists(upstream, newListFunc)
			if kind.Synthesized != nil && kind.Cache == nil {
				return upstream, func() {}, nil
			}
			cacheConfig := watchcache.Config{
				Upstream:       upstream,
				GroupResource:  config.GroupResource,
				ResourcePrefix: resourcePrefix,
				KeyFunc:        keyFunc,
				NewFunc:        newFunc,
				NewListFunc:    newListFunc,
				GetAttrsFunc:   getAttrs,
				IndexerFuncs:   triggers,
				Indexers:       indexers,
				Codec:          config.Codec,
			}
			if kind.Cache != nil {
				return kind.Cache(clients, cacheConfig)
			}
			return watchcache.New(cacheConfig)
		},
		// Owner references and finalizers are v3 metadata (stored in the metadata
		// annotation), so foreground and orphan deletion work as for built-in kinds.
		EnableGarbageCollection: true,
		DeleteCollectionWorkers: 1,
		ResourcePrefix:          "/" + resource.Group + "/" + resource.Resource,
	}
}

// viewCache is the Cache of a view (pkg/storage/view): the watch cache, serving
// consistent reads from memory too (watchcache.Config.ConsistentReadsFromCache), since
// a consistent read upstream would list the whole source (every Pod) per request.
func viewCache(_ Clients, config watchcache.Config) (storage.Interface, factory.DestroyFunc, error) {
	config.ConsistentReadsFromCache = true
	return watchcache.New(config)
}

// profileCache is the Cache of Profiles (pkg/storage/profile): one list and watch of
// Namespaces and of ServiceAccounts per server, counted in the watch caches' gauge of
// cached objects.
func profileCache(clients Clients, config watchcache.Config) (storage.Interface, factory.DestroyFunc, error) {
	return profile.NewCache(config.Upstream, clients.Kube.CoreV1(), config.ResourcePrefix,
		watchcache.CachedObjects(config.GroupResource))
}
