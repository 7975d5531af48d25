package validation

import (
	"reflect"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// Each case is one warning (or its absence); objects are defaulted first, as in the
// strategy, so that the warnings describe what is stored.
func TestWarnings(t *testing.T) {
	yes, no := true, false
	ingressRule := []v3.Rule{{Action: v3.Allow}}
	egressRules := []v3.Rule{{Action: v3.Allow}, {Action: v3.Deny}}
	felix := func(spec v3.FelixConfigurationSpec) []string {
		fc := &v3.FelixConfiguration{ObjectMeta: metav1.ObjectMeta{Name: "default"}, Spec: spec}
		v3.SetDefaultsFelixConfiguration(fc)
		return WarnFelixConfiguration(fc)
	}
	felixNamed := func(name string, spec v3.FelixConfigurationSpec) []string {
		fc := &v3.FelixConfiguration{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: spec}
		v3.SetDefaultsFelixConfiguration(fc)
		return WarnFelixConfiguration(fc)
	}
	bgpNode := func(spec v3.BGPConfigurationSpec) []string {
		bc := &v3.BGPConfiguration{ObjectMeta: metav1.ObjectMeta{Name: "node.worker-1"}, Spec: spec}
		v3.SetDefaultsBGPConfiguration(bc)
		return WarnBGPConfiguration(bc)
	}
	kcc := func(spec v3.KubeControllersConfigurationSpec) []string {
		c := &v3.KubeControllersConfiguration{Spec: spec}
		v3.SetDefaultsKubeControllersConfiguration(c)
		return WarnKubeControllersConfiguration(c)
	}
	pool := func(cidr string) []string {
		p := &v3.IPPool{Spec: v3.IPPoolSpec{CIDR: cidr}}
		v3.SetDefaultsIPPool(p)
		return WarnIPPool(p)
	}
	gnp := func(spec v3.GlobalNetworkPolicySpec) []string {
		p := &v3.GlobalNetworkPolicy{Spec: spec}
		v3.SetDefaultsGlobalNetworkPolicy(p)
		return WarnGlobalNetworkPolicy(p)
	}
	cases := []struct {
		name string
		got  []string
		want []string
	}{
		{"felix: nothing deprecated", felix(v3.FelixConfigurationSpec{}), nil},
		{"felix: selector-scoped without a selector", felixNamed("edge-nodes", v3.FelixConfigurationSpec{}), []string{
			`spec.nodeSelector: applies to no node: a FelixConfiguration named other than "default" or "node.<node name>" applies to the nodes its spec.nodeSelector selects, and it has none`,
		}},
		{"felix: selector-scoped with a selector", felixNamed("edge-nodes", v3.FelixConfigurationSpec{NodeSelector: "role == 'edge'"}), nil},
		{"felix: per-node", felixNamed("node.worker-1", v3.FelixConfigurationSpec{}), nil},

		{"bgp configuration: default", WarnBGPConfiguration(&v3.BGPConfiguration{ObjectMeta: metav1.ObjectMeta{Name: "default"},
			Spec: v3.BGPConfigurationSpec{BindMode: ptr(v3.BindModeNodeIP), IgnoredInterfaces: []string{"eth9"}}}), nil},
		{"bgp configuration: another name", WarnBGPConfiguration(&v3.BGPConfiguration{ObjectMeta: metav1.ObjectMeta{Name: "rack-1"}}), []string{
			`metadata.name: "rack-1" is ignored: calico-node reads only the BGPConfigurations named "default" or "node.<node name>"`,
		}},
		{"bgp configuration: per-node fields of a node", bgpNode(v3.BGPConfigurationSpec{LogSeverityScreen: "Debug", ListenPort: 1790,
			PrefixAdvertisements: []v3.PrefixAdvertisement{{CIDR: "10.0.0.0/24", Communities: []string{"65000:1"}}}}), nil},
		{"bgp configuration: global-only fields of a node", bgpNode(v3.BGPConfigurationSpec{
			BindMode: ptr(v3.BindModeNodeIP), IgnoredInterfaces: []string{"eth9"}, LocalWorkloadPeeringIPV4: "169.254.0.1",
			LocalWorkloadPeeringIPV6: "fe80::1", ProgramClusterRoutes: ptr("Disabled"), IPv4NormalRoutePriority: ptr(10),
			IPv6NormalRoutePriority: ptr(10), ServiceLoadBalancerAggregation: ptr(v3.ServiceLoadBalancerAggregationDisabled),
		}), []string{
			`spec.bindMode: ignored in a per-node BGPConfiguration: calico-node reads it only from the one named "default"`,
			`spec.ignoredInterfaces: ignored in a per-node BGPConfiguration: calico-node reads it only from the one named "default"`,
			`spec.localWorkloadPeeringIPV4: ignored in a per-node BGPConfiguration: calico-node reads it only from the one named "default"`,
			`spec.localWorkloadPeeringIPV6: ignored in a per-node BGPConfiguration: calico-node reads it only from the one named "default"`,
			`spec.programClusterRoutes: ignored in a per-node BGPConfiguration: calico-node reads it only from the one named "default"`,
			`spec.ipv4NormalRoutePriority: ignored in a per-node BGPConfiguration: calico-node reads it only from the one named "default"`,
			`spec.ipv6NormalRoutePriority: ignored in a per-node BGPConfiguration: calico-node reads it only from the one named "default"`,
			`spec.serviceLoadBalancerAggregation: ignored in a per-node BGPConfiguration: calico-node reads it only from the one named "default"`,
		}},
		{"felix: bpfConnectTimeLoadBalancingEnabled true", felix(v3.FelixConfigurationSpec{BPFConnectTimeLoadBalancingEnabled: &yes}), []string{
			"spec.bpfConnectTimeLoadBalancingEnabled: deprecated; Calico sets spec.bpfConnectTimeLoadBalancing to Enabled and spec.bpfHostNetworkedNATWithoutCTLB to Disabled from it, replacing any value given; use spec.bpfConnectTimeLoadBalancing instead",
		}},
		{"felix: bpfConnectTimeLoadBalancingEnabled false", felix(v3.FelixConfigurationSpec{BPFConnectTimeLoadBalancingEnabled: &no}), []string{
			"spec.bpfConnectTimeLoadBalancingEnabled: deprecated; Calico sets spec.bpfConnectTimeLoadBalancing to Disabled and spec.bpfHostNetworkedNATWithoutCTLB to Disabled from it, replacing any value given; use spec.bpfConnectTimeLoadBalancing instead",
		}},
		{"felix: dataplaneWatchdogTimeout", felix(v3.FelixConfigurationSpec{DataplaneWatchdogTimeout: &metav1.Duration{Duration: time.Minute}}), []string{
			`spec.dataplaneWatchdogTimeout: deprecated; use spec.healthTimeoutOverrides with the name "InternalDataplaneMainLoop" instead`,
		}},
		{"felix: routeTableRange", felix(v3.FelixConfigurationSpec{RouteTableRange: &v3.RouteTableRange{Min: 1, Max: 250}}), []string{
			"spec.routeTableRange: deprecated; use spec.routeTableRanges instead",
		}},
		{"felix: routeTableRanges alone", felix(v3.FelixConfigurationSpec{RouteTableRanges: &v3.RouteTableRanges{{Min: 1, Max: 250}}}), nil},

		{"kube-controllers: node controller only", kcc(v3.KubeControllersConfigurationSpec{Controllers: v3.ControllersConfig{Node: &v3.NodeControllerConfig{}}}), nil},
		{"kube-controllers: etcd compaction", kcc(v3.KubeControllersConfigurationSpec{EtcdV3CompactionPeriod: &metav1.Duration{Duration: time.Minute}}), []string{
			"spec.etcdV3CompactionPeriod: used only with Calico's etcd datastore and ignored here, where Calico's objects are stored in Kubernetes",
		}},
		{"kube-controllers: etcd-only controllers", kcc(v3.KubeControllersConfigurationSpec{Controllers: v3.ControllersConfig{
			Policy: &v3.PolicyControllerConfig{}, WorkloadEndpoint: &v3.WorkloadEndpointControllerConfig{},
			ServiceAccount: &v3.ServiceAccountControllerConfig{}, Namespace: &v3.NamespaceControllerConfig{},
		}}), []string{
			"spec.controllers.policy: used only with Calico's etcd datastore and ignored here, where Calico's objects are stored in Kubernetes",
			"spec.controllers.workloadEndpoint: used only with Calico's etcd datastore and ignored here, where Calico's objects are stored in Kubernetes",
			"spec.controllers.serviceAccount: used only with Calico's etcd datastore and ignored here, where Calico's objects are stored in Kubernetes",
			"spec.controllers.namespace: used only with Calico's etcd datastore and ignored here, where Calico's objects are stored in Kubernetes",
		}},

		{"bgp peer: keepOriginalNextHop", WarnBGPPeer(&v3.BGPPeer{Spec: v3.BGPPeerSpec{KeepOriginalNextHop: true}}), []string{
			"spec.keepOriginalNextHop: deprecated; use spec.nextHopMode: Keep instead",
		}},
		{"bgp peer: nextHopMode", WarnBGPPeer(&v3.BGPPeer{Spec: v3.BGPPeerSpec{NextHopMode: ptr(v3.NextHopModeKeep)}}), nil},

		{"pool: private range", pool("10.244.0.0/16"), nil},
		{"pool: IPv6 ULA", pool("fd00:10:244::/48"), nil},
		{"pool: loopback", pool("127.0.0.0/16"), []string{"spec.cidr: 127.0.0.0/16 overlaps the loopback range 127.0.0.0/8; pods given these addresses cannot be reached"}},
		{"pool: IPv6 loopback inside", pool("::/120"), []string{"spec.cidr: ::/120 overlaps the loopback range ::1/128; pods given these addresses cannot be reached"}},
		{"pool: this network", pool("0.0.0.0/16"), []string{`spec.cidr: 0.0.0.0/16 overlaps the "this network" range 0.0.0.0/8; pods given these addresses cannot be reached`}},
		{"pool: multicast", pool("239.1.0.0/16"), []string{"spec.cidr: 239.1.0.0/16 overlaps the multicast range 224.0.0.0/4; pods given these addresses cannot be reached"}},
		{"pool: IPv6 multicast", pool("ff05::/64"), []string{"spec.cidr: ff05::/64 overlaps the multicast range ff00::/8; pods given these addresses cannot be reached"}},

		{"policy: types derived from rules", gnp(v3.GlobalNetworkPolicySpec{Ingress: ingressRule, Egress: egressRules}), nil},
		{"policy: types match rules", gnp(v3.GlobalNetworkPolicySpec{Types: []v3.PolicyType{v3.PolicyTypeIngress, v3.PolicyTypeEgress}, Ingress: ingressRule}), nil},
		{"policy: Ingress only, egress rules", gnp(v3.GlobalNetworkPolicySpec{Types: []v3.PolicyType{v3.PolicyTypeIngress}, Ingress: ingressRule, Egress: egressRules}), []string{
			"spec.egress: 2 rule(s) ignored: spec.types does not include Egress; add Egress to it, or remove these rules",
		}},
		{"policy: Egress only, ingress rules", WarnNetworkPolicy(&v3.NetworkPolicy{Spec: v3.NetworkPolicySpec{Types: []v3.PolicyType{v3.PolicyTypeEgress}, Ingress: ingressRule}}), []string{
			"spec.ingress: 1 rule(s) ignored: spec.types does not include Ingress; add Ingress to it, or remove these rules",
		}},
		{"staged policy: Egress only, ingress rules", WarnStagedNetworkPolicy(&v3.StagedNetworkPolicy{Spec: v3.StagedNetworkPolicySpec{Types: []v3.PolicyType{v3.PolicyTypeEgress}, Ingress: ingressRule}}), []string{
			"spec.ingress: 1 rule(s) ignored: spec.types does not include Ingress; add Ingress to it, or remove these rules",
		}},
		{"staged global policy: Ingress only, egress rules", WarnStagedGlobalNetworkPolicy(&v3.StagedGlobalNetworkPolicy{Spec: v3.StagedGlobalNetworkPolicySpec{Types: []v3.PolicyType{v3.PolicyTypeIngress}, Egress: egressRules}}), []string{
			"spec.egress: 2 rule(s) ignored: spec.types does not include Egress; add Egress to it, or remove these rules",
		}},

		{"network set: addresses and networks", WarnNetworkSet(&v3.NetworkSet{Spec: v3.NetworkSetSpec{Nets: []string{"10.0.0.0/8", "192.168.1.1", "fd00::/64"}}}), nil},
		{"network set: host bits", WarnNetworkSet(&v3.NetworkSet{Spec: v3.NetworkSetSpec{Nets: []string{"10.0.0.0/8", "10.1.2.3/16"}}}), []string{
			"spec.nets[1]: 10.1.2.3/16 has host bits set; Calico uses the whole network 10.1.0.0/16",
		}},
		{"global network set: host bits", WarnGlobalNetworkSet(&v3.GlobalNetworkSet{Spec: v3.GlobalNetworkSetSpec{Nets: []string{"fd00::1/64"}}}), []string{
			"spec.nets[0]: fd00::1/64 has host bits set; Calico uses the whole network fd00::/64",
		}},
		{"IP reservation: host bits", WarnIPReservation(&v3.IPReservation{Spec: v3.IPReservationSpec{ReservedCIDRs: []string{"10.0.0.5/24", "10.0.1.7"}}}), []string{
			"spec.reservedCIDRs[0]: 10.0.0.5/24 has host bits set; Calico uses the whole network 10.0.0.0/24",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !reflect.DeepEqual(c.got, c.want) {
				t.Errorf("warnings:\n got  %q\n want %q", c.got, c.want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
