package workloadendpoint

import (
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// The expected values below are those of Calico v3.32.1's own unit tests of the same
// conversion, libcalico-go/lib/backend/k8s/conversion/conversion_test.go (the test
// named in each case), and libcalico-go/lib/names/workloadendpoint_test.go for names.
// calicoctl itself cannot be built here (its Go module is not served), so these are the
// reference for "what calicoctl shows".

func pod(name string, annotations map[string]string, mutate func(*corev1.Pod)) *corev1.Pod {
	p := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name: name, Namespace: "default", ResourceVersion: "1234",
			Annotations: annotations,
		},
		Spec: corev1.PodSpec{NodeName: "nodeA"},
	}
	if mutate != nil {
		mutate(p)
	}
	return p
}

func TestFromPod(t *testing.T) {
	tcp, udp, sctp := numorstring.ProtocolFromString("tcp"), numorstring.ProtocolFromString("udp"), numorstring.ProtocolFromString("sctp")
	now := metav1.Now()
	cs5 := numorstring.DSCPFromString("cs5")
	cases := []struct {
		calicoTest string
		pod        *corev1.Pod
		check      func(t *testing.T, wep *v3.WorkloadEndpoint)
	}{{
		calicoTest: "should parse a Pod with an IP to a WorkloadEndpoint",
		pod: pod("podA", map[string]string{"arbitrary": "annotation"}, func(p *corev1.Pod) {
			p.Labels = map[string]string{"labelA": "valueA", "labelB": "valueB"}
			p.Spec.InitContainers = []corev1.Container{{Ports: []corev1.ContainerPort{{Name: "init-port", ContainerPort: 3000}}}}
			p.Spec.Containers = []corev1.Container{
				{Ports: []corev1.ContainerPort{{ContainerPort: 5678}, {Name: "no-proto", ContainerPort: 1234}}},
				{Ports: []corev1.ContainerPort{
					{Name: "tcp-proto", Protocol: corev1.ProtocolTCP, ContainerPort: 1024},
					{Name: "tcp-proto-with-host-port", Protocol: corev1.ProtocolTCP, ContainerPort: 8080, HostPort: 5678},
					{Name: "tcp-proto-with-host-port-and-ip", Protocol: corev1.ProtocolTCP, ContainerPort: 8081, HostPort: 6789, HostIP: "1.2.3.4"},
					{Protocol: corev1.ProtocolTCP, ContainerPort: 500, HostPort: 5000},
					{Name: "udp-proto", Protocol: corev1.ProtocolUDP, ContainerPort: 432},
					{Name: "sctp-proto", Protocol: corev1.ProtocolSCTP, ContainerPort: 891},
					{Name: "unkn-proto", Protocol: corev1.Protocol("unknown"), ContainerPort: 567},
				}},
			}
			p.Status.PodIP = "192.168.0.1"
		}),
		check: func(t *testing.T, wep *v3.WorkloadEndpoint) {
			want := &v3.WorkloadEndpoint{
				TypeMeta: metav1.TypeMeta{Kind: "WorkloadEndpoint", APIVersion: "projectcalico.org/v3"},
				ObjectMeta: metav1.ObjectMeta{
					Name: "nodeA-k8s-podA-eth0", Namespace: "default", ResourceVersion: "1234",
					Labels: map[string]string{
						"labelA": "valueA", "labelB": "valueB",
						"projectcalico.org/namespace": "default", "projectcalico.org/orchestrator": "k8s",
					},
				},
				Spec: v3.WorkloadEndpointSpec{
					Orchestrator: "k8s", Node: "nodeA", Pod: "podA", Endpoint: "eth0",
					// "If this fails, fix the code not this expect!" (Calico's test)
					InterfaceName: "cali7f94ce7c295",
					IPNetworks:    []string{"192.168.0.1/32"},
					Profiles:      []string{"kns.default"},
					// Containers first, then init containers; a port with no name and no
					// host port, or an unknown protocol, is left out.
					Ports: []v3.WorkloadEndpointPort{
						{Name: "no-proto", Port: 1234, Protocol: tcp},
						{Name: "tcp-proto", Port: 1024, Protocol: tcp},
						{Name: "tcp-proto-with-host-port", Port: 8080, Protocol: tcp, HostPort: 5678},
						{Name: "tcp-proto-with-host-port-and-ip", Port: 8081, Protocol: tcp, HostPort: 6789, HostIP: "1.2.3.4"},
						{Port: 500, Protocol: tcp, HostPort: 5000},
						{Name: "udp-proto", Port: 432, Protocol: udp},
						{Name: "sctp-proto", Port: 891, Protocol: sctp},
						{Name: "init-port", Port: 3000, Protocol: tcp},
					},
				},
			}
			if !reflect.DeepEqual(wep, want) {
				t.Errorf("got\n%#v\nwant\n%#v", wep, want)
			}
		},
	}, {
		calicoTest: "should parse a Pod with dual stack IPs to a WorkloadEndpoint",
		pod: pod("podA", nil, func(p *corev1.Pod) {
			p.Status.PodIP = "192.168.0.1"
			p.Status.PodIPs = []corev1.PodIP{{IP: "192.168.0.1"}, {IP: "fd5f:8067::1"}}
		}),
		check: networks("192.168.0.1/32", "fd5f:8067::1/128"),
	}, {
		calicoTest: "should look in the calico annotation for the IP",
		pod:        pod("podA", map[string]string{"cni.projectcalico.org/podIP": "192.168.0.1"}, nil),
		check:      networks("192.168.0.1/32"),
	}, {
		calicoTest: "should look in the dual stack calico annotation for the IPs",
		pod: pod("podA", map[string]string{
			"cni.projectcalico.org/podIP": "192.168.0.1", "cni.projectcalico.org/podIPs": "192.168.0.1,fd5f:8067::1",
		}, nil),
		check: networks("192.168.0.1/32", "fd5f:8067::1/128"),
	}, {
		calicoTest: "should look for the AWS VPC CNI annotation for pod IPs",
		pod:        pod("podA", map[string]string{"vpc.amazonaws.com/pod-ips": "192.168.0.1"}, nil),
		check:      networks("192.168.0.1/32"),
	}, {
		calicoTest: "should handle IP annotations with /32 and /128",
		pod: pod("podA", map[string]string{
			"cni.projectcalico.org/podIP": "192.168.0.1/32", "cni.projectcalico.org/podIPs": "192.168.0.1/32,fd5f:8067::1/128",
		}, nil),
		check: networks("192.168.0.1/32", "fd5f:8067::1/128"),
	}, {
		calicoTest: "should look in the calico annotation for a floating IP",
		pod: pod("podA", map[string]string{
			"cni.projectcalico.org/podIP": "192.168.0.1", "cni.projectcalico.org/floatingIPs": `["1.1.1.1"]`,
		}, nil),
		check: func(t *testing.T, wep *v3.WorkloadEndpoint) {
			equal(t, "ipNATs", wep.Spec.IPNATs, []v3.IPNAT{{InternalIP: "192.168.0.1", ExternalIP: "1.1.1.1"}})
		},
	}, {
		calicoTest: "should find the right address family target for dual stack floating IPs",
		pod: pod("podA", map[string]string{
			"cni.projectcalico.org/podIP": "192.168.0.1", "cni.projectcalico.org/podIPs": "192.168.0.1,fd5f:8067::1",
			"cni.projectcalico.org/floatingIPs": `["1.1.1.1","fd80:100:100::10"]`,
		}, nil),
		check: func(t *testing.T, wep *v3.WorkloadEndpoint) {
			equal(t, "ipNATs", wep.Spec.IPNATs, []v3.IPNAT{
				{InternalIP: "192.168.0.1", ExternalIP: "1.1.1.1"}, {InternalIP: "fd5f:8067::1", ExternalIP: "fd80:100:100::10"},
			})
		},
	}, {
		calicoTest: "should look at the source spoofing disabling annotation",
		pod: pod("podA", map[string]string{
			"cni.projectcalico.org/podIP": "192.168.0.1", "cni.projectcalico.org/allowedSourcePrefixes": `["8.8.8.8/32","1.1.1.0/24"]`,
		}, nil),
		check: func(t *testing.T, wep *v3.WorkloadEndpoint) {
			equal(t, "allowSpoofedSourcePrefixes", wep.Spec.AllowSpoofedSourcePrefixes, []string{"8.8.8.8/32", "1.1.1.0/24"})
		},
	}, {
		calicoTest: "should normalize CIDRs in the source spoofing disabling annotation",
		pod: pod("podA", map[string]string{
			"cni.projectcalico.org/podIP": "192.168.0.1", "cni.projectcalico.org/allowedSourcePrefixes": `["1.1.1.1/16"]`,
		}, nil),
		check: func(t *testing.T, wep *v3.WorkloadEndpoint) {
			equal(t, "allowSpoofedSourcePrefixes", wep.Spec.AllowSpoofedSourcePrefixes, []string{"1.1.0.0/16"})
		},
	}, {
		calicoTest: "should return a value for a missing pod IP",
		pod:        pod("podA", nil, nil),
		check:      networks(),
	}, {
		calicoTest: "should prioritise PodIP over the calico annotation for the IP",
		pod:        pod("podA", map[string]string{"cni.projectcalico.org/podIP": "192.168.0.1"}, func(p *corev1.Pod) { p.Status.PodIP = "192.168.0.2" }),
		check:      networks("192.168.0.2/32"),
	}, {
		calicoTest: "should treat running pod with empty podIP annotation and no deletion timestamp as Running",
		pod: pod("podA", map[string]string{"cni.projectcalico.org/podIP": ""}, func(p *corev1.Pod) {
			p.Status.PodIP, p.Status.Phase = "192.168.0.1", corev1.PodRunning
		}),
		check: networks("192.168.0.1/32"),
	}, {
		calicoTest: "should treat running pod with empty podIP with a deletion timestamp as finished",
		pod: pod("podA", map[string]string{"cni.projectcalico.org/podIP": ""}, func(p *corev1.Pod) {
			p.DeletionTimestamp = &now
			p.Status.PodIP, p.Status.Phase = "192.168.0.1", corev1.PodRunning
		}),
		check: networks(),
	}, {
		calicoTest: "should treat running pod with no podIP annotation with a deletion timestamp as running",
		pod: pod("podA", nil, func(p *corev1.Pod) {
			p.DeletionTimestamp = &now
			p.Status.PodIP, p.Status.Phase = "192.168.0.1", corev1.PodRunning
		}),
		check: networks("192.168.0.1/32"),
	}, {
		calicoTest: "should treat finished pod with no podIP annotation with a deletion timestamp as finished",
		pod: pod("podA", nil, func(p *corev1.Pod) {
			p.DeletionTimestamp = &now
			p.Status.PodIP, p.Status.Phase = "192.168.0.1", corev1.PodSucceeded
		}),
		check: networks(),
	}, {
		calicoTest: "(pod phase table) Completed",
		pod: pod("podA", map[string]string{"cni.projectcalico.org/podIP": "192.168.0.1"}, func(p *corev1.Pod) {
			p.Status.PodIP, p.Status.Phase = "192.168.0.1", corev1.PodPhase("Completed")
		}),
		check: networks(),
	}, {
		calicoTest: "(pod phase table) Failed",
		pod: pod("podA", map[string]string{"cni.projectcalico.org/podIP": "192.168.0.1"}, func(p *corev1.Pod) {
			p.Status.PodIP, p.Status.Phase = "192.168.0.1", corev1.PodFailed
		}),
		check: networks(),
	}, {
		calicoTest: "(pod phase table) Pending",
		pod: pod("podA", map[string]string{"cni.projectcalico.org/podIP": "192.168.0.1"}, func(p *corev1.Pod) {
			p.Status.PodIP, p.Status.Phase = "192.168.0.1", corev1.PodPending
		}),
		check: networks("192.168.0.1/32"),
	}, {
		calicoTest: "should parse a Pod with no labels",
		pod:        pod("podB", nil, func(p *corev1.Pod) { p.Status.PodIP = "192.168.0.1" }),
		check: func(t *testing.T, wep *v3.WorkloadEndpoint) {
			equal(t, "name", wep.Name, "nodeA-k8s-podB-eth0")
			equal(t, "labels", wep.Labels, map[string]string{"projectcalico.org/namespace": "default", "projectcalico.org/orchestrator": "k8s"})
			equal(t, "interfaceName", wep.Spec.InterfaceName, "cali92cf1f5e9f6")
		},
	}, {
		calicoTest: "should parse a Pod with serviceaccount",
		pod: pod("podA", nil, func(p *corev1.Pod) {
			p.Spec.ServiceAccountName = "sa-test"
			p.Status.PodIP = "192.168.0.1"
		}),
		check: func(t *testing.T, wep *v3.WorkloadEndpoint) {
			equal(t, "profiles", wep.Spec.Profiles, []string{"kns.default", "ksa.default.sa-test"})
			equal(t, "labels", wep.Labels, map[string]string{
				"projectcalico.org/namespace": "default", "projectcalico.org/orchestrator": "k8s",
				"projectcalico.org/serviceaccount": "sa-test",
			})
			equal(t, "serviceAccountName", wep.Spec.ServiceAccountName, "sa-test")
		},
	}, {
		calicoTest: "should parse a Pod with long serviceaccount",
		pod: pod("podA", nil, func(p *corev1.Pod) {
			p.Spec.ServiceAccountName = "serviceaccount-name-that-is-longer-than-sixty-three-characters-long"
		}),
		check: func(t *testing.T, wep *v3.WorkloadEndpoint) {
			equal(t, "profiles", wep.Spec.Profiles, []string{"kns.default", "ksa.default.serviceaccount-name-that-is-longer-than-sixty-three-characters-long"})
			equal(t, "labels", wep.Labels, map[string]string{"projectcalico.org/namespace": "default", "projectcalico.org/orchestrator": "k8s"})
		},
	}, {
		calicoTest: "should parse a Pod with GenerateName set in metadata",
		pod:        pod("podA", nil, func(p *corev1.Pod) { p.GenerateName = "generatedname" }),
		check: func(t *testing.T, wep *v3.WorkloadEndpoint) {
			equal(t, "generateName", wep.GenerateName, "generatedname")
		},
	}, {
		calicoTest: "should pass network-status annotations from pod to workloadendpoint",
		pod:        pod("pod", map[string]string{"k8s.v1.cni.cncf.io/network-status": `[{"name": "k8s-pod-network"}]`, "other": "x"}, nil),
		check: func(t *testing.T, wep *v3.WorkloadEndpoint) {
			equal(t, "annotations", wep.Annotations, map[string]string{"k8s.v1.cni.cncf.io/network-status": `[{"name": "k8s-pod-network"}]`})
		},
	}, {
		calicoTest: "should parse valid QoSControl annotations",
		pod: pod("podA", map[string]string{
			"qos.projectcalico.org/ingressBandwidth": "1M", "qos.projectcalico.org/egressBandwidth": "2M",
			"qos.projectcalico.org/ingressBurst": "3M", "qos.projectcalico.org/egressBurst": "4M",
			"qos.projectcalico.org/ingressPeakrate": "5M", "qos.projectcalico.org/egressPeakrate": "6M",
			"qos.projectcalico.org/ingressMinburst": "7M", "qos.projectcalico.org/egressMinburst": "8M",
			"qos.projectcalico.org/ingressPacketRate": "2k", "qos.projectcalico.org/egressPacketRate": "9k",
			"qos.projectcalico.org/ingressPacketBurst": "1k", "qos.projectcalico.org/egressPacketBurst": "10k",
			"qos.projectcalico.org/ingressMaxConnections": "13M", "qos.projectcalico.org/egressMaxConnections": "14M",
			"qos.projectcalico.org/dscp": "cs5",
		}, nil),
		check: func(t *testing.T, wep *v3.WorkloadEndpoint) {
			equal(t, "qosControls", wep.Spec.QoSControls, &v3.QoSControls{
				IngressBandwidth: 1000000, EgressBandwidth: 2000000, IngressBurst: 3000000, EgressBurst: 4000000,
				IngressPeakrate: 5000000, EgressPeakrate: 6000000, IngressMinburst: 7000000, EgressMinburst: 8000000,
				IngressPacketRate: 2000, EgressPacketRate: 9000, IngressPacketBurst: 1000, EgressPacketBurst: 10000,
				IngressMaxConnections: 13000000, EgressMaxConnections: 14000000, DSCP: &cs5,
			})
		},
	}, {
		calicoTest: "should cap invalid QoSControl annotations to min/max values",
		pod: pod("podA", map[string]string{
			"qos.projectcalico.org/ingressBandwidth": "1", "qos.projectcalico.org/egressBandwidth": "20P",
			"qos.projectcalico.org/ingressBurst": "3", "qos.projectcalico.org/egressBurst": "40P",
			"qos.projectcalico.org/ingressPeakrate": "5", "qos.projectcalico.org/egressPeakrate": "50P",
			"qos.projectcalico.org/ingressMinburst": "7", "qos.projectcalico.org/egressMinburst": "8Gi",
			"qos.projectcalico.org/ingressPacketRate": "0", "qos.projectcalico.org/egressPacketRate": "60P",
			"qos.projectcalico.org/ingressPacketBurst": "0", "qos.projectcalico.org/egressPacketBurst": "70P",
			"qos.projectcalico.org/ingressMaxConnections": "0", "qos.projectcalico.org/egressMaxConnections": "80P",
		}, nil),
		check: func(t *testing.T, wep *v3.WorkloadEndpoint) {
			equal(t, "qosControls", wep.Spec.QoSControls, &v3.QoSControls{
				IngressBandwidth: 1000, EgressBandwidth: 1000000000000000, IngressBurst: 1000, EgressBurst: 34359738360,
				IngressPeakrate: 1010, EgressPeakrate: 1010000000000000, IngressMinburst: 1000, EgressMinburst: 100000000,
				IngressPacketRate: 1, EgressPacketRate: 10000, IngressPacketBurst: 1, EgressPacketBurst: 10000,
				IngressMaxConnections: 1, EgressMaxConnections: 4294967295,
			})
		},
	}, {
		calicoTest: "should ignore burst QoSControl annotation if bandwidth is not present",
		pod:        pod("podA", map[string]string{"qos.projectcalico.org/ingressBurst": "3M", "qos.projectcalico.org/egressBurst": "4M"}, nil),
		check:      noQoS,
	}, {
		calicoTest: "should ignore peakrate QoSControl annotation if bandwidth is not present",
		pod:        pod("podA", map[string]string{"qos.projectcalico.org/ingressPeakrate": "3M", "qos.projectcalico.org/egressPeakrate": "4M"}, nil),
		check:      noQoS,
	}, {
		calicoTest: "should ignore minburst QoSControl annotation if peakrate is not present",
		pod:        pod("podA", map[string]string{"qos.projectcalico.org/ingressMinburst": "3M", "qos.projectcalico.org/egressMinburst": "4M"}, nil),
		check:      noQoS,
	}, {
		calicoTest: "should ignore packet burst QoSControl annotation if packet rate is not present",
		pod:        pod("podA", map[string]string{"qos.projectcalico.org/ingressPacketBurst": "3M", "qos.projectcalico.org/egressPacketBurst": "4M"}, nil),
		check:      noQoS,
	}}
	for _, c := range cases {
		t.Run(c.calicoTest, func(t *testing.T) {
			before := c.pod.DeepCopy()
			wep, err := FromPod(c.pod)
			if err != nil {
				t.Fatal(err)
			}
			if wep == nil {
				t.Fatal("no workload endpoint")
			}
			c.check(t, wep)
			if !reflect.DeepEqual(before, c.pod) {
				t.Error("the pod was modified")
			}
		})
	}
}

// Pods Calico refuses to convert (errors), and pods it does not show at all.
func TestFromPodRefusesAndSkips(t *testing.T) {
	errors := map[string]*corev1.Pod{
		"should error on empty string in the source spoofing disabling annotation": pod("podA", map[string]string{
			"cni.projectcalico.org/podIP": "192.168.0.1", "cni.projectcalico.org/allowedSourcePrefixes": `[""]`}, nil),
		"should error on invalid CIDR in the source spoofing disabling annotation": pod("podA", map[string]string{
			"cni.projectcalico.org/podIP": "192.168.0.1", "cni.projectcalico.org/allowedSourcePrefixes": `["gumbo"]`}, nil),
		"should return an error for a bad pod IP":            pod("podA", map[string]string{"cni.projectcalico.org/podIP": "foobar"}, nil),
		"should return an error for a bad podIPs annotation": pod("podA", map[string]string{"cni.projectcalico.org/podIPs": "foobar"}, nil),
	}
	for name, p := range errors {
		if wep, err := FromPod(p); err == nil {
			t.Errorf("%s: no error, got %+v", name, wep)
		}
	}
	skipped := map[string]*corev1.Pod{
		// "should not parse a Pod with no NodeName"; IsValidCalicoWorkloadEndpoint.
		"not scheduled":  pod("podA", nil, func(p *corev1.Pod) { p.Spec.NodeName = "" }),
		"host-networked": pod("podA", nil, func(p *corev1.Pod) { p.Spec.HostNetwork = true }),
	}
	for name, p := range skipped {
		if wep, err := FromPod(p); err != nil || wep != nil {
			t.Errorf("%s: got %+v, %v; want no endpoint", name, wep, err)
		}
	}
}

func TestNames(t *testing.T) {
	// libcalico-go/lib/names/workloadendpoint_test.go: "Valid k8s endpoint".
	name, err := Name("node-1", "pod-name", "eth0")
	if err != nil || name != "node--1-k8s-pod--name-eth0" {
		t.Errorf("Name = %q, %v; want node--1-k8s-pod--name-eth0", name, err)
	}
	for _, bad := range [][3]string{{"-node", "pod", "eth0"}, {"node-", "pod", "eth0"}, {"node", "", "eth0"}} {
		if _, err := Name(bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("Name%v: no error", bad)
		}
	}
	// conversion_test.go: "should parse WorkloadEndpoint name".
	cases := map[string]identifiers{
		"node-k8s-pod--name-eth0":    {node: "node", pod: "pod-name", endpoint: "eth0"},
		"node--1-k8s-pod--name-eth0": {node: "node-1", pod: "pod-name", endpoint: "eth0"},
	}
	for name, want := range cases {
		if got, ok := parseName(name); !ok || got != want {
			t.Errorf("parseName(%q) = %+v, %v; want %+v", name, got, ok, want)
		}
	}
	for _, bad := range []string{"node--1-k8s-", "node--1-k8s-pod-eth0-extra", "node-cni-abc-eth0", "nodeA"} {
		if got, ok := parseName(bad); ok {
			t.Errorf("parseName(%q) = %+v; want no Kubernetes endpoint", bad, got)
		}
	}
}

func networks(want ...string) func(*testing.T, *v3.WorkloadEndpoint) {
	return func(t *testing.T, wep *v3.WorkloadEndpoint) {
		if want == nil {
			want = []string{}
		}
		equal(t, "ipNetworks", wep.Spec.IPNetworks, want)
	}
}

func noQoS(t *testing.T, wep *v3.WorkloadEndpoint) {
	if wep.Spec.QoSControls != nil {
		t.Errorf("qosControls = %+v, want none", wep.Spec.QoSControls)
	}
}

func equal(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}
