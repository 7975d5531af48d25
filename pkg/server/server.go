// Package server assembles the API server: options -> Config -> CompletedConfig ->
// Server, as k8s.io/sample-apiserver does.
package server

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/server/healthz"
	"k8s.io/klog/v2"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/authorization/tier"
	"github.com/calico-apiserver/calico-apiserver/pkg/lookup"
	"github.com/calico-apiserver/calico-apiserver/pkg/registry"
)

// Server is the running projectcalico.org API server.
type Server struct {
	GenericAPIServer *genericapiserver.GenericAPIServer
}

// New builds the server and installs the projectcalico.org/v3 group.
func (c CompletedConfig) New() (*Server, error) {
	generic, err := c.GenericConfig.New("calico-apiserver", genericapiserver.NewEmptyDelegate())
	if err != nil {
		return nil, err
	}
	clients, err := c.clients()
	if err != nil {
		return nil, err
	}
	lookups := lookup.New(clients.Dynamic, registry.TieredPolicyResources())
	if c.GenericConfig.Authorization.Authorizer == nil {
		return nil, fmt.Errorf("no authorizer: tiered policies need delegated authorization")
	}
	// Tier access is asked of the same delegated authorizer as every request's RBAC.
	tiers := tier.NewAuthorizer(c.GenericConfig.Authorization.Authorizer, c.ExtraConfig.TierAuthorizationCacheTTL)
	storage, err := registry.NewStorage(Scheme, Codecs.LegacyCodec(v3.SchemeGroupVersion), clients, lookups, tiers)
	if err != nil {
		return nil, err
	}
	group := genericapiserver.NewDefaultAPIGroupInfo(v3.GroupName, Scheme, metav1.ParameterCodec, Codecs)
	group.VersionedResourcesStorageMap[v3.SchemeGroupVersion.Version] = storage
	if err := generic.InstallAPIGroup(&group); err != nil {
		return nil, err
	}
	if err := generic.AddReadyzChecks(storageReadiness(storage)); err != nil {
		return nil, err
	}

	informers := c.GenericConfig.SharedInformerFactory
	generic.AddPostStartHookOrDie("start-informers", func(ctx genericapiserver.PostStartHookContext) error {
		informers.Start(ctx.Done())
		return nil
	})
	// Readiness waits for these hooks: the server is not ready before the caches of
	// its cross-object checks are filled and the objects Calico relies on exist.
	generic.AddPostStartHookOrDie("calico-lookups", func(ctx genericapiserver.PostStartHookContext) error {
		return lookups.Start(ctx.Done())
	})
	generic.AddPostStartHookOrDie("calico-ensure-initialized", func(ctx genericapiserver.PostStartHookContext) error {
		return wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
			if err := registry.EnsureInitialized(ctx, clients); err != nil {
				klog.Warningf("creating Calico's built-in objects (retrying): %v", err)
				return false, nil
			}
			return true, nil
		})
	})
	return &Server{GenericAPIServer: generic}, nil
}

// storageReadiness fails /readyz while the storage of any kind is not ready, e.g.
// while its watch cache (re)lists. The generic apiserver registers the same checks
// with its storage-readiness hook but runs that hook only in the kube-apiserver.
func storageReadiness(storage map[string]rest.Storage) healthz.HealthChecker {
	resources := slices.Sorted(maps.Keys(storage))
	return healthz.NamedCheck("calico-storage", func(*http.Request) error {
		for _, resource := range resources {
			if s, ok := storage[resource].(rest.StorageWithReadiness); ok {
				if err := s.ReadinessCheck(); err != nil {
					return fmt.Errorf("%s: %w", resource, err)
				}
			}
		}
		return nil
	})
}

// Run serves until ctx is done.
func (s *Server) Run(ctx context.Context) error {
	return s.GenericAPIServer.PrepareRun().RunWithContext(ctx)
}

// Run builds the server from validated options and serves until ctx is done.
func (o *Options) Run(ctx context.Context) error {
	o.applyMemoryLimit()
	config, err := o.Config()
	if err != nil {
		return err
	}
	server, err := config.Complete().New()
	if err != nil {
		return err
	}
	return server.Run(ctx)
}
