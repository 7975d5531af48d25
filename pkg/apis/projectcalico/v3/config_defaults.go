package v3

import (
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Defaults of the configuration kinds. Two sources, both of which end up in what
// Calico stores and returns: Calico's client library fills some on every create and
// update (libcalico-go/lib/clientv3, marked [client]), and the v1 CRDs' schema defaults
// fill others when the kube-apiserver stores the custom resource ([schema]). Both are
// applied here, in the strategy, so that a dry run shows what a real write stores.

const (
	// DefaultKubeControllersMetricsPort is kube-controllers' Prometheus port.
	DefaultKubeControllersMetricsPort = 9094
	// DefaultLeakGracePeriod is how long the node controller waits before reclaiming
	// an IP address that looks leaked.
	DefaultLeakGracePeriod = 15 * time.Minute
	// DefaultBGPLogSeverity is BIRD's log level on stdout.
	DefaultBGPLogSeverity = "Info"
)

// SetDefaultsFelixConfiguration fills what clientv3's felixconfig.go (setDefaults)
// fills, and nftablesMode [schema]. The deprecated bpfConnectTimeLoadBalancingEnabled
// is kept but, when present, decides bpfConnectTimeLoadBalancing (Enabled or Disabled)
// and turns bpfHostNetworkedNATWithoutCTLB off, whatever they said: Calico maps it so,
// and the warning on the write says so.
func SetDefaultsFelixConfiguration(fc *FelixConfiguration) {
	spec := &fc.Spec
	if spec.FloatingIPs == nil {
		spec.FloatingIPs = ptrTo(FloatingIPsDisabled)
	}
	if spec.BPFConnectTimeLoadBalancing == nil {
		spec.BPFConnectTimeLoadBalancing = ptrTo(BPFConnectTimeLBTCP)
	}
	if spec.BPFHostNetworkedNATWithoutCTLB == nil {
		spec.BPFHostNetworkedNATWithoutCTLB = ptrTo(BPFHostNetworkedNATEnabled)
	}
	if enabled := spec.BPFConnectTimeLoadBalancingEnabled; enabled != nil {
		spec.BPFHostNetworkedNATWithoutCTLB = ptrTo(BPFHostNetworkedNATDisabled)
		if *enabled {
			spec.BPFConnectTimeLoadBalancing = ptrTo(BPFConnectTimeLBEnabled)
		} else {
			spec.BPFConnectTimeLoadBalancing = ptrTo(BPFConnectTimeLBDisabled)
		}
	}
	if spec.NFTablesMode == nil {
		spec.NFTablesMode = ptrTo(NFTablesModeAuto)
	}
}

// SetDefaultsKubeControllersConfiguration fills what clientv3's kubecontrollersconfig.go
// (validateAndFillDefaults) fills, and healthChecks and policyMigration.enabled
// [schema]. Calico's loop that would give host-endpoint templates the node selector
// all() ranges over copies of the templates and so stores nothing; neither does this
// (kube-controllers reads an empty selector as all nodes).
func SetDefaultsKubeControllersConfiguration(kcc *KubeControllersConfiguration) {
	spec := &kcc.Spec
	if spec.PrometheusMetricsPort == nil {
		spec.PrometheusMetricsPort = ptrTo(DefaultKubeControllersMetricsPort)
	}
	if spec.HealthChecks == "" {
		spec.HealthChecks = string(ControllerEnabled)
	}
	controllers := &spec.Controllers
	if controllers.Node != nil && controllers.Node.LeakGracePeriod == nil {
		controllers.Node.LeakGracePeriod = &metav1.Duration{Duration: DefaultLeakGracePeriod}
	}
	if controllers.LoadBalancer != nil && controllers.LoadBalancer.AssignIPs == "" {
		controllers.LoadBalancer.AssignIPs = AllServices
	}
	if controllers.Migration != nil && controllers.Migration.PolicyNameMigrator == "" {
		controllers.Migration.PolicyNameMigrator = ControllerEnabled
	}
}

// SetDefaultsBGPConfiguration fills logSeverityScreen and serviceLoadBalancerAggregation
// [schema]; Calico's client defaults nothing here.
func SetDefaultsBGPConfiguration(bc *BGPConfiguration) {
	if bc.Spec.LogSeverityScreen == "" {
		bc.Spec.LogSeverityScreen = DefaultBGPLogSeverity
	}
	if bc.Spec.ServiceLoadBalancerAggregation == nil {
		bc.Spec.ServiceLoadBalancerAggregation = ptrTo(ServiceLoadBalancerAggregationEnabled)
	}
}

// SetDefaultsIPAMConfiguration sets autoAllocateBlocks, which Calico's API server
// treats as internal and sets to true on every write
// (apiserver/pkg/storage/calico/ipamconfig_storage.go, convertToLibcalico): IPAM
// configured through the API always claims blocks on demand.
func SetDefaultsIPAMConfiguration(c *IPAMConfiguration) {
	c.Spec.AutoAllocateBlocks = true
}

func ptrTo[T any](v T) *T { return &v }
