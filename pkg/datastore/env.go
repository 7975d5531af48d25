// Package datastore reads Calico's datastore environment: the variables with which every
// Calico component (calico-node, calicoctl, kube-controllers) is pointed at the
// Kubernetes API when it uses the Kubernetes datastore (libcalico-go's apiconfig), so
// that this server can be configured the same way as the components it sits beside.
//
// Precedence, highest first: the --kubeconfig flag, then $KUBECONFIG, then the
// in-cluster configuration of the pod; K8S_API_ENDPOINT, K8S_CERT_FILE, K8S_KEY_FILE,
// K8S_CA_FILE, K8S_API_TOKEN (or K8S_TOKEN) and K8S_INSECURE_SKIP_TLS_VERIFY override single fields of
// whichever of those applies, as in Calico, and K8S_API_ENDPOINT alone is enough for a
// configuration without a kubeconfig.
package datastore

import (
	"fmt"
	"strconv"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// Kubernetes is the only datastore type this server stores in.
const Kubernetes = "kubernetes"

// Env is Calico's datastore environment (libcalico-go apiconfig.KubeConfig's envconfig
// names).
type Env struct {
	// Type is DATASTORE_TYPE; empty means kubernetes here (this server has no other).
	Type                  string
	Kubeconfig            string // KUBECONFIG
	APIEndpoint           string // K8S_API_ENDPOINT
	CertFile              string // K8S_CERT_FILE
	KeyFile               string // K8S_KEY_FILE
	CAFile                string // K8S_CA_FILE
	Token                 string // K8S_API_TOKEN or K8S_TOKEN
	InsecureSkipTLSVerify bool   // K8S_INSECURE_SKIP_TLS_VERIFY
}

// FromEnvironment reads the variables through getenv (os.Getenv in the server).
func FromEnvironment(getenv func(string) string) (Env, error) {
	env := Env{
		Type:        getenv("DATASTORE_TYPE"),
		Kubeconfig:  getenv("KUBECONFIG"),
		APIEndpoint: getenv("K8S_API_ENDPOINT"),
		CertFile:    getenv("K8S_CERT_FILE"),
		KeyFile:     getenv("K8S_KEY_FILE"),
		CAFile:      getenv("K8S_CA_FILE"),
	}
	// Calico's CNI plugin hands its token to libcalico-go as K8S_API_TOKEN; K8S_TOKEN is
	// the shorter name operators write in manifests. Either works; two different tokens
	// are a mistake worth refusing rather than guessing which one was meant.
	apiToken, token := getenv("K8S_API_TOKEN"), getenv("K8S_TOKEN")
	if apiToken != "" && token != "" && apiToken != token {
		return Env{}, fmt.Errorf("K8S_API_TOKEN and K8S_TOKEN are both set, to different tokens: set one")
	}
	env.Token = apiToken
	if env.Token == "" {
		env.Token = token
	}
	if v := getenv("K8S_INSECURE_SKIP_TLS_VERIFY"); v != "" {
		insecure, err := strconv.ParseBool(v)
		if err != nil {
			return Env{}, fmt.Errorf("K8S_INSECURE_SKIP_TLS_VERIFY=%q: not a boolean", v)
		}
		env.InsecureSkipTLSVerify = insecure
	}
	if env.Type != "" && env.Type != Kubernetes {
		return Env{}, fmt.Errorf("DATASTORE_TYPE=%q is not supported: calico-apiserver stores Calico resources in the "+
			"Kubernetes API only (DATASTORE_TYPE=%s), as crd.projectcalico.org custom resources; a cluster on the "+
			"etcd datastore keeps using Calico's own API server", env.Type, Kubernetes)
	}
	return env, nil
}

// ClientConfig returns the configuration of the client that reaches the kube-apiserver.
// kubeconfigFlag is the --kubeconfig flag, which takes precedence over $KUBECONFIG.
func (e Env) ClientConfig(kubeconfigFlag string) (*rest.Config, error) {
	kubeconfig := kubeconfigFlag
	if kubeconfig == "" {
		kubeconfig = e.Kubeconfig
	}
	if kubeconfig == "" && e.APIEndpoint == "" {
		config, err := rest.InClusterConfig()
		if err != nil {
			return nil, fmt.Errorf("no kube-apiserver to store objects in: set --kubeconfig, KUBECONFIG or "+
				"K8S_API_ENDPOINT, or run in a cluster (%v)", err)
		}
		e.overrideInCluster(config)
		return config, nil
	}
	overrides := &clientcmd.ConfigOverrides{
		ClusterInfo: clientcmdapi.Cluster{
			Server:                e.APIEndpoint,
			CertificateAuthority:  e.CAFile,
			InsecureSkipTLSVerify: e.InsecureSkipTLSVerify,
		},
		AuthInfo: clientcmdapi.AuthInfo{
			ClientCertificate: e.CertFile,
			ClientKey:         e.KeyFile,
			Token:             e.Token,
		},
	}
	loader := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		&clientcmd.ClientConfigLoadingRules{ExplicitPath: kubeconfig}, overrides)
	config, err := loader.ClientConfig()
	if err != nil {
		if kubeconfig != "" {
			return nil, fmt.Errorf("kubeconfig %q: %w", kubeconfig, err)
		}
		return nil, fmt.Errorf("K8S_API_ENDPOINT=%q: %w", e.APIEndpoint, err)
	}
	return config, nil
}

// overrideInCluster applies the K8S_* fields to the pod's own configuration.
func (e Env) overrideInCluster(config *rest.Config) {
	if e.CAFile != "" {
		config.TLSClientConfig.CAFile, config.TLSClientConfig.CAData = e.CAFile, nil
	}
	if e.CertFile != "" || e.KeyFile != "" {
		config.TLSClientConfig.CertFile, config.TLSClientConfig.KeyFile = e.CertFile, e.KeyFile
		config.BearerToken, config.BearerTokenFile = "", ""
	}
	if e.Token != "" {
		config.BearerToken, config.BearerTokenFile = e.Token, ""
	}
	if e.InsecureSkipTLSVerify {
		config.TLSClientConfig.Insecure = true
		config.TLSClientConfig.CAFile, config.TLSClientConfig.CAData = "", nil
	}
}
