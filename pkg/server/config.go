package server

import (
	"time"

	"k8s.io/apiserver/pkg/endpoints/openapi"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	generatedopenapi "github.com/calico-apiserver/calico-apiserver/openapi"
	"github.com/calico-apiserver/calico-apiserver/pkg/authorization/anyname"
	"github.com/calico-apiserver/calico-apiserver/pkg/registry"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/crd"
	"github.com/calico-apiserver/calico-apiserver/pkg/upstream"
)

// Config is the server's configuration: the generic apiserver's plus ours.
type Config struct {
	GenericConfig *genericapiserver.RecommendedConfig
	ExtraConfig   ExtraConfig
}

// ExtraConfig is what this server adds to the generic configuration.
type ExtraConfig struct {
	// KubeClientConfig reaches the kube-apiserver that stores the custom resources.
	KubeClientConfig *rest.Config
	// TierAuthorizationCacheTTL is how long tier access decisions are reused.
	TierAuthorizationCacheTTL time.Duration
}

// CompletedConfig is a Config whose defaults are filled; only it can make a Server.
type CompletedConfig struct {
	GenericConfig genericapiserver.CompletedConfig
	ExtraConfig   *ExtraConfig
}

// Config turns the options into a configuration.
func (o *Options) Config() (*Config, error) {
	serverConfig := genericapiserver.NewRecommendedConfig(Codecs)
	namer := openapi.NewDefinitionNamer(Scheme)
	serverConfig.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(generatedopenapi.GetOpenAPIDefinitions, namer)
	serverConfig.OpenAPIConfig.Info.Title = "Calico API (projectcalico.org)"
	serverConfig.OpenAPIConfig.Info.Version = "v3"
	serverConfig.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(generatedopenapi.GetOpenAPIDefinitions, namer)
	serverConfig.OpenAPIV3Config.Info.Title = "Calico API (projectcalico.org)"
	serverConfig.OpenAPIV3Config.Info.Version = "v3"
	// The feature gate and effective version come from ServerRun's component registry.

	// The kube-apiserver client first: admission and priority-and-fairness, applied by
	// the recommended options, read from it.
	clientConfig, err := o.Datastore.ClientConfig(o.Kubeconfig)
	if err != nil {
		return nil, err
	}
	coreClient, err := kubernetes.NewForConfig(clientConfig)
	if err != nil {
		return nil, err
	}
	serverConfig.ClientConfig = clientConfig
	serverConfig.SharedInformerFactory = informers.NewSharedInformerFactory(coreClient, 10*time.Minute)
	if err := o.ServerRun.ApplyTo(&serverConfig.Config); err != nil {
		return nil, err
	}
	if err := o.RecommendedOptions.ApplyTo(serverConfig); err != nil {
		return nil, err
	}
	if o.AuthorizeAnyNameFirst && serverConfig.Authorization.Authorizer != nil {
		// Every request and every tier check: one decision per user, verb, resource
		// and namespace where RBAC grants the resource, not one per object.
		serverConfig.Authorization.Authorizer = anyname.New(serverConfig.Authorization.Authorizer)
	}
	// One client configuration for everything that reaches the kube-apiserver.
	kubeConfig := rest.CopyConfig(serverConfig.ClientConfig)
	// The kube-apiserver's priority and fairness protects it; a client-side limit is
	// only what an operator asks for (zero or negative: none, which client-go spells -1).
	kubeConfig.QPS, kubeConfig.Burst = o.ClientQPS, o.ClientBurst
	if o.ClientQPS <= 0 {
		kubeConfig.QPS, kubeConfig.Burst = -1, 0
	}
	kubeConfig = rest.AddUserAgent(kubeConfig, "calico-apiserver")
	kubeConfig.Wrap(upstream.InstrumentTransport)
	return &Config{GenericConfig: serverConfig, ExtraConfig: ExtraConfig{
		KubeClientConfig:          kubeConfig,
		TierAuthorizationCacheTTL: o.TierAuthorizationCacheTTL,
	}}, nil
}

// Complete fills the configuration's defaults.
func (c *Config) Complete() CompletedConfig {
	return CompletedConfig{GenericConfig: c.GenericConfig.Complete(), ExtraConfig: &c.ExtraConfig}
}

// clients are what the storage layer reaches the kube-apiserver with.
func (c CompletedConfig) clients() (registry.Clients, error) {
	dynamicClient, err := dynamic.NewForConfig(c.ExtraConfig.KubeClientConfig)
	if err != nil {
		return registry.Clients{}, err
	}
	kubeClient, err := kubernetes.NewForConfig(c.ExtraConfig.KubeClientConfig)
	if err != nil {
		return registry.Clients{}, err
	}
	crdClient, err := crd.NewRESTClient(c.ExtraConfig.KubeClientConfig)
	if err != nil {
		return registry.Clients{}, err
	}
	return registry.Clients{CRD: crdClient, Dynamic: dynamicClient, Kube: kubeClient}, nil
}
