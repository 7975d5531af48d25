package v3

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// One case per default. The expected values are Calico v3.32.1's: clientv3's
// felixconfig.go setDefaults (and libcalico-go/lib/clientv3/felixconfig_e2e_test.go,
// whose stored specs carry floatingIPs Disabled), and the v1 CRD's nftablesMode default.
func TestSetDefaultsFelixConfiguration(t *testing.T) {
	defaulted := func(edit func(*FelixConfigurationSpec)) FelixConfigurationSpec {
		spec := FelixConfigurationSpec{
			FloatingIPs:                    ptrTo(FloatingIPsDisabled),
			BPFConnectTimeLoadBalancing:    ptrTo(BPFConnectTimeLBTCP),
			BPFHostNetworkedNATWithoutCTLB: ptrTo(BPFHostNetworkedNATEnabled),
			NFTablesMode:                   ptrTo(NFTablesModeAuto),
		}
		edit(&spec)
		return spec
	}
	cases := []struct {
		name     string
		in, want FelixConfigurationSpec
	}{
		{
			name: "empty spec: floatingIPs, bpfConnectTimeLoadBalancing, bpfHostNetworkedNATWithoutCTLB, nftablesMode",
			in:   FelixConfigurationSpec{},
			want: defaulted(func(*FelixConfigurationSpec) {}),
		},
		{
			name: "values given are kept",
			in: FelixConfigurationSpec{
				FloatingIPs: ptrTo(FloatingIPsEnabled), BPFConnectTimeLoadBalancing: ptrTo(BPFConnectTimeLBDisabled),
				BPFHostNetworkedNATWithoutCTLB: ptrTo(BPFHostNetworkedNATDisabled), NFTablesMode: ptrTo(NFTablesModeEnabled),
			},
			want: FelixConfigurationSpec{
				FloatingIPs: ptrTo(FloatingIPsEnabled), BPFConnectTimeLoadBalancing: ptrTo(BPFConnectTimeLBDisabled),
				BPFHostNetworkedNATWithoutCTLB: ptrTo(BPFHostNetworkedNATDisabled), NFTablesMode: ptrTo(NFTablesModeEnabled),
			},
		},
		{
			name: "deprecated bpfConnectTimeLoadBalancingEnabled true: CTLB Enabled, host-networked NAT Disabled",
			in:   FelixConfigurationSpec{BPFConnectTimeLoadBalancingEnabled: ptrTo(true)},
			want: defaulted(func(s *FelixConfigurationSpec) {
				s.BPFConnectTimeLoadBalancingEnabled = ptrTo(true)
				s.BPFConnectTimeLoadBalancing = ptrTo(BPFConnectTimeLBEnabled)
				s.BPFHostNetworkedNATWithoutCTLB = ptrTo(BPFHostNetworkedNATDisabled)
			}),
		},
		{
			name: "deprecated bpfConnectTimeLoadBalancingEnabled false: CTLB Disabled, host-networked NAT Disabled",
			in:   FelixConfigurationSpec{BPFConnectTimeLoadBalancingEnabled: ptrTo(false)},
			want: defaulted(func(s *FelixConfigurationSpec) {
				s.BPFConnectTimeLoadBalancingEnabled = ptrTo(false)
				s.BPFConnectTimeLoadBalancing = ptrTo(BPFConnectTimeLBDisabled)
				s.BPFHostNetworkedNATWithoutCTLB = ptrTo(BPFHostNetworkedNATDisabled)
			}),
		},
		{
			name: "the deprecated field overrides explicit values, as in Calico",
			in: FelixConfigurationSpec{
				BPFConnectTimeLoadBalancingEnabled: ptrTo(false),
				BPFConnectTimeLoadBalancing:        ptrTo(BPFConnectTimeLBTCP),
				BPFHostNetworkedNATWithoutCTLB:     ptrTo(BPFHostNetworkedNATEnabled),
			},
			want: defaulted(func(s *FelixConfigurationSpec) {
				s.BPFConnectTimeLoadBalancingEnabled = ptrTo(false)
				s.BPFConnectTimeLoadBalancing = ptrTo(BPFConnectTimeLBDisabled)
				s.BPFHostNetworkedNATWithoutCTLB = ptrTo(BPFHostNetworkedNATDisabled)
			}),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fc := &FelixConfiguration{Spec: c.in}
			SetDefaultsFelixConfiguration(fc)
			if !reflect.DeepEqual(fc.Spec, c.want) {
				t.Errorf("got  %s\nwant %s", describe(fc.Spec), describe(c.want))
			}
		})
	}
}

// Expected values: clientv3's kubecontrollersconfig.go validateAndFillDefaults
// (libcalico-go/lib/clientv3/kubecontrollersconfig_e2e_test.go stores port 9094), and
// the v1 CRD's healthChecks and policyMigration.enabled defaults.
func TestSetDefaultsKubeControllersConfiguration(t *testing.T) {
	port := func(p int) *int { return &p }
	leak := func(d time.Duration) *metav1.Duration { return &metav1.Duration{Duration: d} }
	cases := []struct {
		name     string
		in, want KubeControllersConfigurationSpec
	}{
		{
			name: "no controllers: prometheusMetricsPort 9094, healthChecks Enabled",
			in:   KubeControllersConfigurationSpec{},
			want: KubeControllersConfigurationSpec{PrometheusMetricsPort: port(9094), HealthChecks: "Enabled"},
		},
		{
			name: "port 0 (metrics off) and healthChecks Disabled are kept",
			in:   KubeControllersConfigurationSpec{PrometheusMetricsPort: port(0), HealthChecks: "Disabled"},
			want: KubeControllersConfigurationSpec{PrometheusMetricsPort: port(0), HealthChecks: "Disabled"},
		},
		{
			name: "node controller: leakGracePeriod 15m",
			in:   KubeControllersConfigurationSpec{Controllers: ControllersConfig{Node: &NodeControllerConfig{}}},
			want: KubeControllersConfigurationSpec{PrometheusMetricsPort: port(9094), HealthChecks: "Enabled",
				Controllers: ControllersConfig{Node: &NodeControllerConfig{LeakGracePeriod: leak(15 * time.Minute)}}},
		},
		{
			name: "node controller: leakGracePeriod 0 (reclaim off) is kept",
			in:   KubeControllersConfigurationSpec{Controllers: ControllersConfig{Node: &NodeControllerConfig{LeakGracePeriod: leak(0)}}},
			want: KubeControllersConfigurationSpec{PrometheusMetricsPort: port(9094), HealthChecks: "Enabled",
				Controllers: ControllersConfig{Node: &NodeControllerConfig{LeakGracePeriod: leak(0)}}},
		},
		{
			name: "host-endpoint templates keep an empty node selector, as Calico stores them",
			in: KubeControllersConfigurationSpec{Controllers: ControllersConfig{Node: &NodeControllerConfig{
				LeakGracePeriod: leak(time.Minute),
				HostEndpoint:    &AutoHostEndpointConfig{Templates: []Template{{GenerateName: "t", InterfacePattern: "eth.*"}}},
			}}},
			want: KubeControllersConfigurationSpec{PrometheusMetricsPort: port(9094), HealthChecks: "Enabled",
				Controllers: ControllersConfig{Node: &NodeControllerConfig{
					LeakGracePeriod: leak(time.Minute),
					HostEndpoint:    &AutoHostEndpointConfig{Templates: []Template{{GenerateName: "t", InterfacePattern: "eth.*"}}},
				}}},
		},
		{
			name: "load-balancer controller: assignIPs AllServices",
			in:   KubeControllersConfigurationSpec{Controllers: ControllersConfig{LoadBalancer: &LoadBalancerControllerConfig{}}},
			want: KubeControllersConfigurationSpec{PrometheusMetricsPort: port(9094), HealthChecks: "Enabled",
				Controllers: ControllersConfig{LoadBalancer: &LoadBalancerControllerConfig{AssignIPs: AllServices}}},
		},
		{
			name: "load-balancer controller: RequestedServicesOnly is kept",
			in:   KubeControllersConfigurationSpec{Controllers: ControllersConfig{LoadBalancer: &LoadBalancerControllerConfig{AssignIPs: RequestedServicesOnly}}},
			want: KubeControllersConfigurationSpec{PrometheusMetricsPort: port(9094), HealthChecks: "Enabled",
				Controllers: ControllersConfig{LoadBalancer: &LoadBalancerControllerConfig{AssignIPs: RequestedServicesOnly}}},
		},
		{
			name: "policy migration: enabled Enabled",
			in:   KubeControllersConfigurationSpec{Controllers: ControllersConfig{Migration: &MigrationControllerConfig{}}},
			want: KubeControllersConfigurationSpec{PrometheusMetricsPort: port(9094), HealthChecks: "Enabled",
				Controllers: ControllersConfig{Migration: &MigrationControllerConfig{PolicyNameMigrator: ControllerEnabled}}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			kcc := &KubeControllersConfiguration{Spec: c.in}
			SetDefaultsKubeControllersConfiguration(kcc)
			if !reflect.DeepEqual(kcc.Spec, c.want) {
				t.Errorf("got  %s\nwant %s", describe(kcc.Spec), describe(c.want))
			}
		})
	}
}

// Expected values: the v1 bgpconfigurations CRD's defaults (Calico's client sets none).
func TestSetDefaultsBGPConfiguration(t *testing.T) {
	disabled := ServiceLoadBalancerAggregationDisabled
	cases := []struct {
		name     string
		in, want BGPConfigurationSpec
	}{
		{
			name: "empty: logSeverityScreen Info, serviceLoadBalancerAggregation Enabled",
			want: BGPConfigurationSpec{LogSeverityScreen: "Info", ServiceLoadBalancerAggregation: ptrTo(ServiceLoadBalancerAggregationEnabled)},
		},
		{
			name: "values given are kept",
			in:   BGPConfigurationSpec{LogSeverityScreen: "Debug", ServiceLoadBalancerAggregation: &disabled},
			want: BGPConfigurationSpec{LogSeverityScreen: "Debug", ServiceLoadBalancerAggregation: &disabled},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bc := &BGPConfiguration{Spec: c.in}
			SetDefaultsBGPConfiguration(bc)
			if !reflect.DeepEqual(bc.Spec, c.want) {
				t.Errorf("got  %s\nwant %s", describe(bc.Spec), describe(c.want))
			}
		})
	}
}

// Calico's API server sets autoAllocateBlocks to true on every write, whatever was sent.
func TestSetDefaultsIPAMConfiguration(t *testing.T) {
	for _, sent := range []bool{false, true} {
		c := &IPAMConfiguration{Spec: IPAMConfigurationSpec{StrictAffinity: true, AutoAllocateBlocks: sent, MaxBlocksPerHost: 4}}
		SetDefaultsIPAMConfiguration(c)
		want := IPAMConfigurationSpec{StrictAffinity: true, AutoAllocateBlocks: true, MaxBlocksPerHost: 4}
		if !reflect.DeepEqual(c.Spec, want) {
			t.Errorf("autoAllocateBlocks %v sent: got %s, want %s", sent, describe(c.Spec), describe(want))
		}
	}
}

// Reads fill what Calico's readers fill: Tier order and default action on every read
// (backend/k8s/resources/tiers.go), IPPool defaults on Get and List
// (clientv3/ippool.go, convertIpPoolFromStorage), without rewriting the stored CIDR.
func TestDefaultsOnRead(t *testing.T) {
	tier := &Tier{}
	DefaultStoredTier(tier)
	if tier.Spec.Order == nil || *tier.Spec.Order != DefaultTierOrder || tier.Spec.DefaultAction == nil || *tier.Spec.DefaultAction != Deny {
		t.Errorf("stored tier read as %s, want order %v and defaultAction Deny", describe(tier.Spec), DefaultTierOrder)
	}
	pass := Pass
	tier = &Tier{Spec: TierSpec{Order: ptrTo(5.0), DefaultAction: &pass}}
	DefaultStoredTier(tier)
	if *tier.Spec.Order != 5 || *tier.Spec.DefaultAction != Pass {
		t.Errorf("read defaults overwrote a stored tier: %s", describe(tier.Spec))
	}

	pool := &IPPool{Spec: IPPoolSpec{CIDR: "fd00:0010::/48"}}
	DefaultStoredIPPool(pool)
	want := IPPoolSpec{
		CIDR: "fd00:0010::/48", BlockSize: 122, NodeSelector: "all()",
		AllowedUses:    []IPPoolAllowedUse{IPPoolAllowedUseWorkload, IPPoolAllowedUseTunnel},
		AssignmentMode: ptrTo(AssignmentModeAutomatic), IPIPMode: IPIPModeNever, VXLANMode: VXLANModeNever,
	}
	if !reflect.DeepEqual(pool.Spec, want) {
		t.Errorf("stored pool read as %s, want %s", describe(pool.Spec), describe(want))
	}
	// Other kinds pass through untouched.
	DefaultStoredIPPool(tier)
	DefaultStoredTier(pool)
}

// describe prints a spec as JSON, so that a failure shows pointer values.
func describe(v interface{}) string {
	data, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(data)
}
