package server

import (
	"fmt"
	"net"
	"os"
	"time"

	"github.com/spf13/pflag"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apiserver/pkg/features"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	logsapi "k8s.io/component-base/logs/api/v1"
	// The JSON log format, for --logging-format=json.
	_ "k8s.io/component-base/logs/json/register"
	netutils "k8s.io/utils/net"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/datastore"
	"github.com/calico-apiserver/calico-apiserver/pkg/validation"
)

// Options are the server's command-line options: the generic apiserver's recommended
// options (secure serving, delegated authentication and authorization, audit, features,
// admission, the kubeconfig of the kube-apiserver) without etcd, since every object is
// stored in the kube-apiserver as a custom resource.
type Options struct {
	RecommendedOptions *genericoptions.RecommendedOptions
	// ServerRun are the generic serving limits and shutdown behaviour (request timeout,
	// in-flight limits, --shutdown-delay-duration, feature gates), as the kube-apiserver
	// has them.
	ServerRun *genericoptions.ServerRunOptions

	// Logs are the logging flags (-v, --vmodule, --logging-format=text|json), as in every
	// Kubernetes component.
	Logs *logsapi.LoggingConfiguration

	// Kubeconfig is the --kubeconfig flag: the kube-apiserver that stores the objects.
	// Datastore, Calico's datastore environment, is read by Complete; the flag takes
	// precedence over its KUBECONFIG.
	Kubeconfig string
	Datastore  datastore.Env

	// ClientQPS and ClientBurst limit the one client every storage shares to reach
	// the kube-apiserver. By default there is no client-side limit: the
	// kube-apiserver's priority and fairness protects it, and a limit here would bound
	// this server's throughput.
	ClientQPS   float32
	ClientBurst int

	// TierAuthorizationCacheTTL is how long a tier access decision (a SubjectAccessReview
	// answer) is reused for the same user, verb and tier.
	TierAuthorizationCacheTTL time.Duration

	// Limits bound the selectors and rule lists a write may carry (limits.go).
	Limits validation.Limits
	// AuthorizeAnyNameFirst asks whether a request for a named object would be allowed
	// for any name before asking with the name (pkg/authorization/anyname).
	AuthorizeAnyNameFirst bool
	// MemoryLimit is the container's memory limit in bytes (--memory-limit, memory.go);
	// 0: none given.
	MemoryLimit int64
}

func init() {
	// The logging flags' features (e.g. LoggingBetaOptions) live in the process's feature
	// gate, as in every Kubernetes component.
	utilruntime.Must(logsapi.AddFeatureGates(utilfeature.DefaultMutableFeatureGate))
	// Off unless --feature-gates turns it on. The cacher's list snapshots (one
	// copy-on-write B-tree per event in its history) serve Exact and continued lists
	// from memory; here such lists go to the kube-apiserver, which has snapshots of its
	// own, and a burst of writes then costs this server no snapshot memory (some 70 MiB
	// after loading 10,000 policies, docs/storage.md) and no clone per event.
	utilruntime.Must(utilfeature.DefaultMutableFeatureGate.SetFromMap(map[string]bool{
		string(features.ListFromCacheSnapshot): false,
	}))
}

// NewOptions returns the default options.
func NewOptions() *Options {
	o := &Options{
		RecommendedOptions: genericoptions.NewRecommendedOptions("", Codecs.LegacyCodec(v3.SchemeGroupVersion)),
		ServerRun:          genericoptions.NewServerRunOptions(),
		Logs:               logsapi.NewLoggingConfiguration(),
		ClientQPS:          0,
		ClientBurst:        0,
		// Short: a revoked grant stops applying within seconds; long enough that a
		// busy client costs a couple of reviews per tier every few seconds.
		TierAuthorizationCacheTTL: 5 * time.Second,
		Limits:                    validation.DefaultLimits,
		AuthorizeAnyNameFirst:     true,
	}
	o.RecommendedOptions.Etcd = nil
	// The client to the kube-apiserver is built from --kubeconfig and Calico's datastore
	// environment (pkg/datastore), not by the generic CoreAPI options.
	o.RecommendedOptions.CoreAPI = nil
	o.RecommendedOptions.SecureServing.BindPort = 6443
	// On shutdown, end open watches (clients re-establish them elsewhere) instead of
	// holding the process until the request timeout; 0 would keep them open.
	o.ServerRun.ShutdownWatchTerminationGracePeriod = 10 * time.Second
	o.registerLimitsPlugin()
	return o
}

// AddFlags adds the options' flags to fs.
func (o *Options) AddFlags(fs *pflag.FlagSet) {
	o.RecommendedOptions.AddFlags(fs)
	logsapi.AddFlags(o.Logs, fs)
	fs.StringVar(&o.Kubeconfig, "kubeconfig", o.Kubeconfig, "kubeconfig file of the kube-apiserver that stores "+
		"Calico's resources. Without it: $KUBECONFIG, then the in-cluster configuration; K8S_API_ENDPOINT, "+
		"K8S_CA_FILE, K8S_CERT_FILE, K8S_KEY_FILE, K8S_API_TOKEN (or K8S_TOKEN) and K8S_INSECURE_SKIP_TLS_VERIFY override "+
		"parts of it, as for every Calico component. DATASTORE_TYPE must be unset or kubernetes.")
	// Also --feature-gates and --emulated-version, from the component registry.
	o.ServerRun.AddUniversalFlags(fs)
	fs.Float32Var(&o.ClientQPS, "kube-api-qps", o.ClientQPS, "QPS limit of the client that stores objects in the kube-apiserver; zero or negative: no client-side limit (the kube-apiserver's priority and fairness applies).")
	fs.IntVar(&o.ClientBurst, "kube-api-burst", o.ClientBurst, "Burst of the client that stores objects in the kube-apiserver; used only with a positive --kube-api-qps, and must then be positive.")
	fs.DurationVar(&o.TierAuthorizationCacheTTL, "tier-authorization-cache-ttl", o.TierAuthorizationCacheTTL,
		"How long a tier access decision for tiered policies (per user, verb, resource, namespace and tier) is reused before it is asked again; 0 asks on every check.")
	o.addLimitFlags(fs)
	o.addMemoryFlags(fs)
	fs.BoolVar(&o.AuthorizeAnyNameFirst, "authorize-any-name-first", o.AuthorizeAnyNameFirst,
		"Ask the kube-apiserver whether a request for a named object is allowed without the name first (one cached review per user, verb, resource and namespace instead of one per object); sound for RBAC, where a grant without resourceNames covers every name. Turn off when an authorization webhook denies specific names while allowing the resource.")
}

// Complete fills what the flags left open: Calico's datastore environment, and
// self-signed serving certificates when none were given (for local runs; production
// mounts its own).
func (o *Options) Complete() error {
	env, err := datastore.FromEnvironment(os.Getenv)
	if err != nil {
		return err
	}
	o.Datastore = env
	// Applies --feature-gates and --emulated-version to the process's feature gate.
	if err := o.ServerRun.ComponentGlobalsRegistry.Set(); err != nil {
		return err
	}
	// Logging first, so that everything after logs in the chosen format.
	if err := logsapi.ValidateAndApply(o.Logs, utilfeature.DefaultFeatureGate); err != nil {
		return err
	}
	return o.RecommendedOptions.SecureServing.MaybeDefaultWithSelfSignedCerts(
		"localhost", nil, []net.IP{netutils.ParseIPSloppy("127.0.0.1")})
}

// Validate reports every invalid option.
func (o *Options) Validate() error {
	errs := append(o.RecommendedOptions.Validate(), o.ServerRun.Validate()...)
	errs = append(errs, o.validateLimits()...)
	errs = append(errs, o.validateMemory()...)
	if o.ClientQPS > 0 && o.ClientBurst <= 0 {
		errs = append(errs, fmt.Errorf("--kube-api-burst must be positive with a positive --kube-api-qps"))
	}
	if o.TierAuthorizationCacheTTL < 0 {
		errs = append(errs, fmt.Errorf("--tier-authorization-cache-ttl must not be negative"))
	}
	return utilerrors.NewAggregate(errs)
}
