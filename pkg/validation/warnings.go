package validation

import (
	"fmt"
	"net"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// Warnings: what Calico accepts but ignores, rewrites or treats otherwise than the
// object suggests. Each per-kind function returns messages in Kubernetes' style,
// "<field path>: <what happens>; <what to do>", which the registry sends as warning
// headers on create and update (kubectl prints them as "Warning: ..."). They run on
// the defaulted object that passed validation.

// Calico's configuration kinds are read by name: "default" for the whole cluster and
// "node.<node name>" for one node.
const (
	globalConfigName    = "default"
	perNodeConfigPrefix = "node."
	configNames         = `"default" or "node.<node name>"`
)

// WarnFelixConfiguration reports a configuration no Felix reads, and the deprecated
// fields Calico v3.32.1 still reads (api/pkg/apis/projectcalico/v3/felixconfig.go:
// "Deprecated").
func WarnFelixConfiguration(fc *v3.FelixConfiguration) []string {
	var warnings []string
	spec := fc.Spec
	// Felix reads other names as selector-scoped configurations and skips those
	// without a selector (felix/calc/config_batcher.go).
	if fc.Name != globalConfigName && !strings.HasPrefix(fc.Name, perNodeConfigPrefix) && spec.NodeSelector == "" {
		selector := specPath.Child("nodeSelector")
		warnings = append(warnings, fmt.Sprintf("%s: applies to no node: a FelixConfiguration named other than %s applies to the nodes its %s selects, and it has none",
			selector, configNames, selector))
	}
	if spec.BPFConnectTimeLoadBalancingEnabled != nil {
		// The defaults have already applied Calico's mapping: show its outcome.
		warnings = append(warnings, fmt.Sprintf("%s: deprecated; Calico sets %s to %s and %s to %s from it, replacing any value given; use %s instead",
			specPath.Child("bpfConnectTimeLoadBalancingEnabled"),
			specPath.Child("bpfConnectTimeLoadBalancing"), stringOf(spec.BPFConnectTimeLoadBalancing),
			specPath.Child("bpfHostNetworkedNATWithoutCTLB"), stringOf(spec.BPFHostNetworkedNATWithoutCTLB),
			specPath.Child("bpfConnectTimeLoadBalancing")))
	}
	if spec.DataplaneWatchdogTimeout != nil {
		warnings = append(warnings, deprecated(specPath.Child("dataplaneWatchdogTimeout"),
			fmt.Sprintf(`%s with the name "InternalDataplaneMainLoop"`, specPath.Child("healthTimeoutOverrides"))))
	}
	if spec.RouteTableRange != nil {
		warnings = append(warnings, deprecated(specPath.Child("routeTableRange"), specPath.Child("routeTableRanges").String()))
	}
	return warnings
}

// WarnBGPConfiguration reports what calico-node does not read: configurations named
// other than "default" or "node.<node name>", and in a per-node configuration the
// fields read only from "default" (confd/pkg/backends/calico/client.go,
// updateBGPConfigCache, and felix/calc/dataplane_passthru.go). The fields only
// "default" may set at all are refused by validation.
func WarnBGPConfiguration(bc *v3.BGPConfiguration) []string {
	if bc.Name == globalConfigName {
		return nil
	}
	if !strings.HasPrefix(bc.Name, perNodeConfigPrefix) {
		return []string{fmt.Sprintf(`metadata.name: %q is ignored: calico-node reads only the BGPConfigurations named %s`, bc.Name, configNames)}
	}
	spec := bc.Spec
	var warnings []string
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"bindMode", spec.BindMode != nil},
		{"ignoredInterfaces", len(spec.IgnoredInterfaces) > 0},
		{"localWorkloadPeeringIPV4", spec.LocalWorkloadPeeringIPV4 != ""},
		{"localWorkloadPeeringIPV6", spec.LocalWorkloadPeeringIPV6 != ""},
		{"programClusterRoutes", spec.ProgramClusterRoutes != nil},
		{"ipv4NormalRoutePriority", spec.IPv4NormalRoutePriority != nil},
		{"ipv6NormalRoutePriority", spec.IPv6NormalRoutePriority != nil},
		// Always set by the schema default; only another value is the user's.
		{"serviceLoadBalancerAggregation", spec.ServiceLoadBalancerAggregation != nil && *spec.ServiceLoadBalancerAggregation != v3.ServiceLoadBalancerAggregationEnabled},
	} {
		if f.set {
			warnings = append(warnings, fmt.Sprintf(`%s: ignored in a per-node BGPConfiguration: calico-node reads it only from the one named "default"`, specPath.Child(f.name)))
		}
	}
	return warnings
}

// WarnKubeControllersConfiguration reports settings that only Calico's etcd datastore
// uses: with this server every object is stored in Kubernetes, where kube-controllers
// neither compacts etcd nor needs the controllers that copy Kubernetes objects into it.
func WarnKubeControllersConfiguration(kcc *v3.KubeControllersConfiguration) []string {
	var warnings []string
	spec := kcc.Spec
	if spec.EtcdV3CompactionPeriod != nil {
		warnings = append(warnings, etcdOnly(specPath.Child("etcdV3CompactionPeriod")))
	}
	controllers := specPath.Child("controllers")
	for _, c := range []struct {
		name string
		set  bool
	}{
		{"policy", spec.Controllers.Policy != nil},
		{"workloadEndpoint", spec.Controllers.WorkloadEndpoint != nil},
		{"serviceAccount", spec.Controllers.ServiceAccount != nil},
		{"namespace", spec.Controllers.Namespace != nil},
	} {
		if c.set {
			warnings = append(warnings, etcdOnly(controllers.Child(c.name)))
		}
	}
	return warnings
}

// WarnBGPPeer reports the deprecated keepOriginalNextHop (Calico's bgppeer.go: "this
// field is deprecated. Users should use the NextHopMode field").
func WarnBGPPeer(peer *v3.BGPPeer) []string {
	if peer.Spec.KeepOriginalNextHop {
		return []string{deprecated(specPath.Child("keepOriginalNextHop"), fmt.Sprintf("%s: %s", specPath.Child("nextHopMode"), v3.NextHopModeKeep))}
	}
	return nil
}

// Address ranges an IP pool may name that never carry workload traffic off a node.
// Link-local ranges are refused by validation, as Calico does.
var unroutablePoolRanges = []struct {
	network *net.IPNet
	what    string
}{
	{mustCIDR("127.0.0.0/8"), "loopback"},
	{mustCIDR("::1/128"), "loopback"},
	{mustCIDR("0.0.0.0/8"), `"this network"`},
	{mustCIDR("224.0.0.0/4"), "multicast"},
	{mustCIDR("ff00::/8"), "multicast"},
}

// WarnIPPool reports a pool whose CIDR overlaps a range that is not unicast-routable:
// Calico accepts it and hands its addresses to pods, whose traffic then goes nowhere.
func WarnIPPool(pool *v3.IPPool) []string {
	_, network, err := net.ParseCIDR(pool.Spec.CIDR)
	if err != nil {
		return nil
	}
	for _, r := range unroutablePoolRanges {
		if network.Contains(r.network.IP) || r.network.Contains(network.IP) {
			return []string{fmt.Sprintf("%s: %s overlaps the %s range %s; pods given these addresses cannot be reached", specPath.Child("cidr"), pool.Spec.CIDR, r.what, r.network)}
		}
	}
	return nil
}

// WarnNetworkPolicy, WarnGlobalNetworkPolicy, WarnStagedNetworkPolicy and
// WarnStagedGlobalNetworkPolicy report rules that the policy's types switch off.
func WarnNetworkPolicy(p *v3.NetworkPolicy) []string {
	return warnPolicyTypes(p.Spec.Types, p.Spec.Ingress, p.Spec.Egress)
}

func WarnGlobalNetworkPolicy(p *v3.GlobalNetworkPolicy) []string {
	return warnPolicyTypes(p.Spec.Types, p.Spec.Ingress, p.Spec.Egress)
}

func WarnStagedNetworkPolicy(p *v3.StagedNetworkPolicy) []string {
	return warnPolicyTypes(p.Spec.Types, p.Spec.Ingress, p.Spec.Egress)
}

func WarnStagedGlobalNetworkPolicy(p *v3.StagedGlobalNetworkPolicy) []string {
	return warnPolicyTypes(p.Spec.Types, p.Spec.Ingress, p.Spec.Egress)
}

// warnPolicyTypes: Felix applies a policy's ingress rules only if its types include
// Ingress, and its egress rules only if they include Egress; other rules are kept but
// never used. (Types left empty are derived from the rules and never contradict them.)
func warnPolicyTypes(types []v3.PolicyType, ingress, egress []v3.Rule) []string {
	var warnings []string
	for _, d := range []struct {
		rules string
		n     int
		typ   v3.PolicyType
	}{{"ingress", len(ingress), v3.PolicyTypeIngress}, {"egress", len(egress), v3.PolicyTypeEgress}} {
		if d.n > 0 && !containsType(types, d.typ) {
			warnings = append(warnings, fmt.Sprintf("%s: %d rule(s) ignored: %s does not include %s; add %s to it, or remove these rules",
				specPath.Child(d.rules), d.n, specPath.Child("types"), d.typ, d.typ))
		}
	}
	return warnings
}

// WarnNetworkSet, WarnGlobalNetworkSet and WarnIPReservation report entries with host
// bits set: Calico accepts them and uses the whole network (10.0.0.1/8 is 10.0.0.0/8).
func WarnNetworkSet(set *v3.NetworkSet) []string {
	return warnHostBits(specPath.Child("nets"), set.Spec.Nets)
}

func WarnGlobalNetworkSet(set *v3.GlobalNetworkSet) []string {
	return warnHostBits(specPath.Child("nets"), set.Spec.Nets)
}

func WarnIPReservation(r *v3.IPReservation) []string {
	return warnHostBits(specPath.Child("reservedCIDRs"), r.Spec.ReservedCIDRs)
}

func warnHostBits(path *field.Path, nets []string) []string {
	var warnings []string
	for i, n := range nets {
		ip, network, err := net.ParseCIDR(n)
		if err == nil && !ip.Equal(network.IP) {
			warnings = append(warnings, fmt.Sprintf("%s: %s has host bits set; Calico uses the whole network %s", path.Index(i), n, network))
		}
	}
	return warnings
}

func deprecated(path *field.Path, replacement string) string {
	return fmt.Sprintf("%s: deprecated; use %s instead", path, replacement)
}

func etcdOnly(path *field.Path) string {
	return fmt.Sprintf("%s: used only with Calico's etcd datastore and ignored here, where Calico's objects are stored in Kubernetes", path)
}

func containsType(types []v3.PolicyType, t v3.PolicyType) bool {
	for _, x := range types {
		if x == t {
			return true
		}
	}
	return false
}

// stringOf prints an optional string-typed value.
func stringOf[T ~string](v *T) string {
	if v == nil {
		return "<unset>"
	}
	return string(*v)
}
