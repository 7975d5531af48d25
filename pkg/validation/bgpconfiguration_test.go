package validation

import (
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

func boolp(b bool) *bool                 { return &b }
func strPtr(s string) *string            { return &s }
func asn(n uint32) *numorstring.ASNumber { a := numorstring.ASNumber(n); return &a }

func secretRef(key string) *v3.BGPPassword {
	return &v3.BGPPassword{SecretKeyRef: &v3.SecretKeySelector{Name: "bgp-secrets", Key: key}}
}

func TestValidateBGPConfiguration(t *testing.T) {
	restart := &metav1.Duration{Duration: 2 * time.Minute}
	cases := []struct {
		name     string
		confName string // "default" unless set
		spec     v3.BGPConfigurationSpec
		want     []wantErr
	}{
		{name: "empty default is valid"},
		{name: "full default is valid", spec: v3.BGPConfigurationSpec{
			LogSeverityScreen:      "Warning",
			NodeToNodeMeshEnabled:  boolp(true),
			ASNumber:               asn(64512),
			ServiceLoadBalancerIPs: []v3.ServiceLoadBalancerIPBlock{{CIDR: "192.0.2.0/24"}},
			ServiceExternalIPs:     []v3.ServiceExternalIPBlock{{CIDR: "198.51.100.7"}, {CIDR: "fd00:1::/64"}},
			ServiceClusterIPs:      []v3.ServiceClusterIPBlock{{CIDR: "10.96.0.0/12"}},
			Communities:            []v3.Community{{Name: "bgp-large", Value: "4294967295:0:1"}, {Name: "std", Value: "65535:65535"}},
			PrefixAdvertisements: []v3.PrefixAdvertisement{
				{CIDR: "172.16.0.0/16", Communities: []string{"bgp-large", "64512:120"}},
				{CIDR: "fd00::/48", Communities: []string{}},
			},
			ListenPort:                     179,
			NodeMeshPassword:               secretRef("mesh"),
			NodeMeshMaxRestartTime:         restart,
			BindMode:                       (*v3.BindMode)(strPtr("NodeIP")),
			IgnoredInterfaces:              []string{"eth*", "kube-ipvs0", "cali.-_9"},
			LocalWorkloadPeeringIPV4:       "169.254.0.179",
			LocalWorkloadPeeringIPV6:       "fe80::179",
			ServiceLoadBalancerAggregation: (*v3.ServiceLoadBalancerAggregation)(strPtr("Disabled")),
			ProgramClusterRoutes:           strPtr("Enabled"),
			IPv4NormalRoutePriority:        intp(1),
			IPv6NormalRoutePriority:        intp(2147483646),
		}},
		{name: "per-node config with per-node fields is valid", confName: "node.worker-1", spec: v3.BGPConfigurationSpec{
			LogSeverityScreen: "Debug", ListenPort: 1179, IgnoredInterfaces: []string{"eth1"},
			ServiceClusterIPs: []v3.ServiceClusterIPBlock{},
		}},
		{name: "per-node config may not set the cluster-wide fields", confName: "node.worker-1", spec: v3.BGPConfigurationSpec{
			NodeToNodeMeshEnabled:  boolp(true),
			ASNumber:               asn(0),
			ServiceLoadBalancerIPs: []v3.ServiceLoadBalancerIPBlock{{CIDR: "192.0.2.0/24"}},
			ServiceExternalIPs:     []v3.ServiceExternalIPBlock{{CIDR: "192.0.3.0/24"}},
			ServiceClusterIPs:      []v3.ServiceClusterIPBlock{{CIDR: "10.96.0.0/12"}},
			NodeMeshPassword:       secretRef("mesh"),
			NodeMeshMaxRestartTime: restart,
		}, want: []wantErr{
			forbidden("spec.nodeToNodeMeshEnabled"), forbidden("spec.asNumber"), forbidden("spec.serviceLoadBalancerIPs"),
			forbidden("spec.serviceExternalIPs"), forbidden("spec.serviceClusterIPs"), forbidden("spec.nodeMeshPassword"),
			forbidden("spec.nodeMeshMaxRestartTime"),
		}},
		{name: "mesh settings with the mesh disabled", spec: v3.BGPConfigurationSpec{
			NodeToNodeMeshEnabled: boolp(false), NodeMeshPassword: secretRef("mesh"), NodeMeshMaxRestartTime: restart,
		}, want: []wantErr{forbidden("spec.nodeMeshPassword"), forbidden("spec.nodeMeshMaxRestartTime")}},
		{name: "mesh disabled alone is valid", spec: v3.BGPConfigurationSpec{NodeToNodeMeshEnabled: boolp(false)}},
		{name: "mesh password without a key", spec: v3.BGPConfigurationSpec{NodeMeshPassword: secretRef("")},
			want: []wantErr{required("spec.nodeMeshPassword.secretKeyRef.key")}},
		{name: "bad communities", spec: v3.BGPConfigurationSpec{
			Communities: []v3.Community{
				{},
				{Name: "Upper_Case", Value: "65536:1"},
				{Name: "ok", Value: "1:2:4294967296"},
				{Name: "ok2", Value: "1"},
				{Name: "ok3", Value: "1:2:3:4"},
				{Name: "ok4", Value: "+1:2"},
				{Name: "ok5", Value: "00000000000000000000000000001:2:3"},
			},
			PrefixAdvertisements: []v3.PrefixAdvertisement{{CIDR: "10.0.0.0/8", Communities: []string{"ok"}}},
		}, want: []wantErr{
			required("spec.communities[0].name"), required("spec.communities[0].value"),
			invalid("spec.communities[1].name"), invalid("spec.communities[1].value"),
			invalid("spec.communities[2].value"), invalid("spec.communities[3].value"), invalid("spec.communities[4].value"),
			invalid("spec.communities[5].value"), invalid("spec.communities[6].value"),
		}},
		{name: "communities defined but not used", spec: v3.BGPConfigurationSpec{
			Communities: []v3.Community{{Name: "a", Value: "1:1"}},
		}, want: []wantErr{forbidden("spec.communities")}},
		{name: "bad prefix advertisements", spec: v3.BGPConfigurationSpec{
			Communities: []v3.Community{{Name: "known", Value: "1:1"}},
			PrefixAdvertisements: []v3.PrefixAdvertisement{
				{Communities: []string{"known"}},
				{CIDR: "10.0.0.1/8", Communities: []string{"known"}},
				{CIDR: "10.0.0.0/33", Communities: []string{"known"}},
				{CIDR: "fd00::/64"},
				{CIDR: "10.0.0.0/8", Communities: []string{"unknown", "1:70000", "1:2"}},
			},
		}, want: []wantErr{
			required("spec.prefixAdvertisements[0].cidr"), invalid("spec.prefixAdvertisements[1].cidr"),
			invalid("spec.prefixAdvertisements[2].cidr"),
			invalid("spec.prefixAdvertisements[4].communities[0]"), invalid("spec.prefixAdvertisements[4].communities[1]"),
		}},
		{name: "log severity is case-sensitive", spec: v3.BGPConfigurationSpec{LogSeverityScreen: "info"},
			want: []wantErr{notSupported("spec.logSeverityScreen")}},
		{name: "bad ignored interfaces", spec: v3.BGPConfigurationSpec{
			IgnoredInterfaces: []string{"*", "", "sixteen-chars-xx", "eth 0", "eth0", "eth0"},
		}, want: []wantErr{
			invalid("spec.ignoredInterfaces[0]"), invalid("spec.ignoredInterfaces[1]"), invalid("spec.ignoredInterfaces[2]"),
			invalid("spec.ignoredInterfaces[3]"), duplicate("spec.ignoredInterfaces[5]"),
		}},
		{name: "local workload peering addresses of the wrong family", spec: v3.BGPConfigurationSpec{
			LocalWorkloadPeeringIPV4: "fe80::1", LocalWorkloadPeeringIPV6: "169.254.0.1",
		}, want: []wantErr{invalid("spec.localWorkloadPeeringIPV4"), invalid("spec.localWorkloadPeeringIPV6")}},
		{name: "local workload peering addresses that are not addresses", spec: v3.BGPConfigurationSpec{
			LocalWorkloadPeeringIPV4: "169.254.0.0/16", LocalWorkloadPeeringIPV6: "::ffff:1.2.3.4:1",
		}, want: []wantErr{invalid("spec.localWorkloadPeeringIPV4"), invalid("spec.localWorkloadPeeringIPV6")}},
		{name: "bad service CIDRs", spec: v3.BGPConfigurationSpec{
			ServiceLoadBalancerIPs: []v3.ServiceLoadBalancerIPBlock{{CIDR: "192.0.2.1/24"}, {}},
			ServiceExternalIPs:     []v3.ServiceExternalIPBlock{{CIDR: "example.com"}},
			ServiceClusterIPs:      []v3.ServiceClusterIPBlock{{CIDR: "fd00::1/64"}},
		}, want: []wantErr{
			invalid("spec.serviceLoadBalancerIPs[0].cidr"), required("spec.serviceLoadBalancerIPs[1].cidr"),
			invalid("spec.serviceExternalIPs[0].cidr"), invalid("spec.serviceClusterIPs[0].cidr"),
		}},
		{name: "route priorities out of range", spec: v3.BGPConfigurationSpec{
			IPv4NormalRoutePriority: intp(0), IPv6NormalRoutePriority: intp(2147483647),
		}, want: []wantErr{invalid("spec.ipv4NormalRoutePriority"), invalid("spec.ipv6NormalRoutePriority")}},
		{name: "unknown enum values", spec: v3.BGPConfigurationSpec{
			BindMode:                       (*v3.BindMode)(strPtr("nodeip")),
			ProgramClusterRoutes:           strPtr(""),
			ServiceLoadBalancerAggregation: (*v3.ServiceLoadBalancerAggregation)(strPtr("On")),
		}, want: []wantErr{
			notSupported("spec.bindMode"), notSupported("spec.programClusterRoutes"), notSupported("spec.serviceLoadBalancerAggregation"),
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			conf := &v3.BGPConfiguration{Spec: c.spec}
			conf.Name = c.confName
			if conf.Name == "" {
				conf.Name = "default"
			}
			checkErrs(t, ValidateBGPConfiguration(conf), c.want)
		})
	}
}
