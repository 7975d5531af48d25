package server

import (
	"fmt"
	"net"

	"github.com/spf13/pflag"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	netutils "k8s.io/utils/net"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// Options are the server's command-line options: the generic apiserver's recommended
// options (secure serving, delegated authentication and authorization, audit, features,
// admission, the kubeconfig of the kube-apiserver) without etcd, since every object is
// stored in the kube-apiserver as a custom resource.
type Options struct {
	RecommendedOptions *genericoptions.RecommendedOptions

	// ClientQPS and ClientBurst limit the one client every storage shares to reach
	// the kube-apiserver.
	ClientQPS   float32
	ClientBurst int
}

// NewOptions returns the default options.
func NewOptions() *Options {
	o := &Options{
		RecommendedOptions: genericoptions.NewRecommendedOptions("", Codecs.LegacyCodec(v3.SchemeGroupVersion)),
		ClientQPS:          100,
		ClientBurst:        200,
	}
	o.RecommendedOptions.Etcd = nil
	o.RecommendedOptions.SecureServing.BindPort = 6443
	return o
}

// AddFlags adds the options' flags to fs.
func (o *Options) AddFlags(fs *pflag.FlagSet) {
	o.RecommendedOptions.AddFlags(fs)
	utilfeature.DefaultMutableFeatureGate.AddFlag(fs)
	fs.Float32Var(&o.ClientQPS, "kube-api-qps", o.ClientQPS, "QPS of the client that stores objects in the kube-apiserver.")
	fs.IntVar(&o.ClientBurst, "kube-api-burst", o.ClientBurst, "Burst of the client that stores objects in the kube-apiserver.")
}

// Complete fills what the flags left open: self-signed serving certificates when none
// were given (for local runs; production mounts its own).
func (o *Options) Complete() error {
	return o.RecommendedOptions.SecureServing.MaybeDefaultWithSelfSignedCerts(
		"localhost", nil, []net.IP{netutils.ParseIPSloppy("127.0.0.1")})
}

// Validate reports every invalid option.
func (o *Options) Validate() error {
	errs := o.RecommendedOptions.Validate()
	if o.ClientQPS <= 0 || o.ClientBurst <= 0 {
		errs = append(errs, fmt.Errorf("--kube-api-qps and --kube-api-burst must be positive"))
	}
	return utilerrors.NewAggregate(errs)
}
