package node

import (
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// The expected values are those of Calico v3.32.1's own unit tests of K8sNodeToCalico
// (with usePodCIDR false, Calico IPAM), libcalico-go/lib/backend/k8s/resources/node_test.go,
// named in each case. calicoctl cannot be built here (its Go module is not served), so
// these are the reference for what `calicoctl get node -o yaml` shows.

var statusAddresses = corev1.NodeStatus{Addresses: []corev1.NodeAddress{
	{Type: corev1.NodeInternalIP, Address: "172.17.17.10"},
	{Type: corev1.NodeExternalIP, Address: "192.168.1.100"},
	{Type: corev1.NodeHostName, Address: "172-17-17-10"},
}}

func k8sNode(annotations map[string]string, podCIDR string, status corev1.NodeStatus) *corev1.Node {
	return &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: "TestNode", ResourceVersion: "1234", Annotations: annotations},
		Spec:       corev1.NodeSpec{PodCIDR: podCIDR},
		Status:     status,
	}
}

func asn(s string) *numorstring.ASNumber {
	a, err := numorstring.ASNumberFromString(s)
	if err != nil {
		panic(err)
	}
	return &a
}

func TestFromNode(t *testing.T) {
	cases := []struct {
		calicoTest string
		node       *corev1.Node
		check      func(t *testing.T, n *v3.Node)
	}{{
		calicoTest: "should parse a k8s Node to a Calico Node",
		node: k8sNode(map[string]string{
			"projectcalico.org/IPv4Address": "172.17.17.10",
			"projectcalico.org/ASNumber":    "2546",
			"projectcalico.org/Interfaces":  `[{"name":"eth1","addresses":["172.31.11.4"]},{"name":"eth0","addresses":["172.17.17.10","172.17.17.11"]}]`,
		}, "10.0.0.1/24", statusAddresses),
		check: func(t *testing.T, n *v3.Node) {
			equal(t, "bgp", n.Spec.BGP, &v3.NodeBGPSpec{IPv4Address: "172.17.17.10", ASNumber: asn("2546")})
			equal(t, "interfaces", n.Spec.Interfaces, []v3.NodeInterface{
				{Name: "eth1", Addresses: []string{"172.31.11.4"}},
				{Name: "eth0", Addresses: []string{"172.17.17.10", "172.17.17.11"}},
			})
			// fillAllAddresses: the BGP address, then InternalIP and ExternalIP.
			equal(t, "addresses", n.Spec.Addresses, []v3.NodeAddress{
				{Address: "172.17.17.10", Type: "CalicoNodeIP"},
				{Address: "172.17.17.10", Type: "InternalIP"},
				{Address: "192.168.1.100", Type: "ExternalIP"},
			})
		},
	}, {
		calicoTest: "should ignore RR cluster ID if its an invalid IPv4 address",
		node: k8sNode(map[string]string{
			"projectcalico.org/IPv4Address": "172.17.17.10", "projectcalico.org/RouteReflectorClusterID": "288.0.4.5",
		}, "10.0.0.1/24", statusAddresses),
		check: func(t *testing.T, n *v3.Node) {
			equal(t, "routeReflectorClusterID", n.Spec.BGP.RouteReflectorClusterID, "")
		},
	}, {
		calicoTest: "should ignore RR cluster ID if it an IPv6 address",
		node: k8sNode(map[string]string{
			"projectcalico.org/IPv4Address": "172.17.17.10", "projectcalico.org/RouteReflectorClusterID": "fd10::10",
		}, "10.0.0.1/24", statusAddresses),
		check: func(t *testing.T, n *v3.Node) {
			equal(t, "routeReflectorClusterID", n.Spec.BGP.RouteReflectorClusterID, "")
		},
	}, {
		calicoTest: "should parse a k8s Node to a Calico Node with RR cluster ID",
		node: k8sNode(map[string]string{
			"projectcalico.org/IPv4Address": "172.17.17.10", "projectcalico.org/ASNumber": "2546",
			"projectcalico.org/RouteReflectorClusterID": "248.0.4.5",
		}, "10.0.0.1/24", statusAddresses),
		check: func(t *testing.T, n *v3.Node) {
			equal(t, "bgp", n.Spec.BGP, &v3.NodeBGPSpec{IPv4Address: "172.17.17.10", ASNumber: asn("2546"), RouteReflectorClusterID: "248.0.4.5"})
		},
	}, {
		calicoTest: "should parse a k8s Node to a Calico Node with IPv6",
		node: k8sNode(map[string]string{
			"projectcalico.org/IPv6Address": "fd10::10", "projectcalico.org/ASNumber": "2546",
		}, "feee::/122", statusAddresses),
		check: func(t *testing.T, n *v3.Node) {
			equal(t, "bgp", n.Spec.BGP, &v3.NodeBGPSpec{IPv6Address: "fd10::10", ASNumber: asn("2546")})
		},
	}, {
		calicoTest: "should parse a k8s Node to a Calico Node with podCIDR but no BGP config",
		node:       k8sNode(nil, "10.0.0.0/24", corev1.NodeStatus{}),
		check:      func(t *testing.T, n *v3.Node) { equal(t, "bgp", n.Spec.BGP, (*v3.NodeBGPSpec)(nil)) },
	}, {
		calicoTest: "should parse a k8s Node to a Calico Node with an IPv4IPIPTunnelAddr",
		node: k8sNode(map[string]string{
			"projectcalico.org/IPv4Address": "172.17.17.10", "projectcalico.org/IPv4IPIPTunnelAddr": "10.0.0.24",
			"projectcalico.org/ASNumber": "2546",
		}, "10.0.0.1/24", statusAddresses),
		check: func(t *testing.T, n *v3.Node) {
			equal(t, "bgp", n.Spec.BGP, &v3.NodeBGPSpec{IPv4Address: "172.17.17.10", IPv4IPIPTunnelAddr: "10.0.0.24", ASNumber: asn("2546")})
		},
	}, {
		// "Should merge Calico Nodes into K8s Nodes": the Kubernetes Node as
		// mergeCalicoNodeIntoK8sNode wrote it, read back whole.
		calicoTest: "Should merge Calico Nodes into K8s Nodes",
		node: &corev1.Node{
			ObjectMeta: metav1.ObjectMeta{
				Name: "TestNode", ResourceVersion: "1234",
				Labels: map[string]string{"net.beta.kubernetes.io/role": "control-plane"},
				Annotations: map[string]string{
					"projectcalico.org/labels":                  `{"label1":"foo","label2":"bar"}`,
					"projectcalico.org/annotations":             `{"anno1":"foo","anno2":"bar"}`,
					"projectcalico.org/IPv4Address":             "172.17.17.10/24",
					"projectcalico.org/IPv6Address":             "aa:bb:cc::ffff/120",
					"projectcalico.org/ASNumber":                "2456",
					"projectcalico.org/RouteReflectorClusterID": "245.0.0.3",
					"projectcalico.org/Interfaces":              `[{"name":"eth1","addresses":["172.31.11.4"]},{"name":"eth0","addresses":["172.17.17.10","172.17.17.11"]}]`,
				},
			},
			Spec: corev1.NodeSpec{PodCIDR: "172.100.0.0/24"},
		},
		check: func(t *testing.T, n *v3.Node) {
			want := &v3.Node{
				TypeMeta: metav1.TypeMeta{Kind: "Node", APIVersion: "projectcalico.org/v3"},
				ObjectMeta: metav1.ObjectMeta{
					Name: "TestNode", ResourceVersion: "1234",
					Labels: map[string]string{"label1": "foo", "label2": "bar", "net.beta.kubernetes.io/role": "control-plane"},
					Annotations: map[string]string{
						"anno1": "foo", "anno2": "bar",
						"projectcalico.org/kube-labels": `{"net.beta.kubernetes.io/role":"control-plane"}`,
					},
				},
				Spec: v3.NodeSpec{
					BGP: &v3.NodeBGPSpec{
						IPv4Address: "172.17.17.10/24", IPv6Address: "aa:bb:cc::ffff/120",
						ASNumber: asn("2456"), RouteReflectorClusterID: "245.0.0.3",
					},
					OrchRefs: []v3.OrchRef{{NodeName: "TestNode", Orchestrator: "k8s"}},
					Interfaces: []v3.NodeInterface{
						{Name: "eth1", Addresses: []string{"172.31.11.4"}},
						{Name: "eth0", Addresses: []string{"172.17.17.10", "172.17.17.11"}},
					},
					Addresses: []v3.NodeAddress{
						{Address: "172.17.17.10/24", Type: "CalicoNodeIP"},
						{Address: "aa:bb:cc::ffff/120", Type: "CalicoNodeIP"},
					},
				},
			}
			equal(t, "node", n, want)
		},
	}, {
		calicoTest: "(tunnel, WireGuard and status annotations, as K8sNodeToCalico reads them)",
		node: &corev1.Node{
			ObjectMeta: metav1.ObjectMeta{Name: "TestNode", Annotations: map[string]string{
				"projectcalico.org/IPv4VXLANTunnelAddr":        "10.244.0.1",
				"projectcalico.org/VXLANTunnelMACAddr":         "66:cf:23:df:22:07",
				"projectcalico.org/IPv6VXLANTunnelAddr":        "fd00::1",
				"projectcalico.org/VXLANTunnelMACAddrV6":       "not-a-mac",
				"projectcalico.org/IPv4WireguardInterfaceAddr": "10.244.0.2",
				"projectcalico.org/WireguardPublicKey":         "jlkVyQYooZYzI2wFfNhSZez5eWh44yfq1wKVjLvSXgY=",
			}},
			Spec: corev1.NodeSpec{PodCIDRs: []string{"10.244.0.0/24", "fd00::/64"}},
		},
		check: func(t *testing.T, n *v3.Node) {
			equal(t, "ipv4VXLANTunnelAddr", n.Spec.IPv4VXLANTunnelAddr, "10.244.0.1")
			equal(t, "vxlanTunnelMACAddr", n.Spec.VXLANTunnelMACAddr, "66:cf:23:df:22:07")
			equal(t, "ipv6VXLANTunnelAddr", n.Spec.IPv6VXLANTunnelAddr, "fd00::1")
			equal(t, "vxlanTunnelMACAddrV6", n.Spec.VXLANTunnelMACAddrV6, "")
			equal(t, "wireguard", n.Spec.Wireguard, &v3.NodeWireguardSpec{InterfaceIPv4Address: "10.244.0.2"})
			equal(t, "status", n.Status, v3.NodeStatus{
				WireguardPublicKey: "jlkVyQYooZYzI2wFfNhSZez5eWh44yfq1wKVjLvSXgY=", PodCIDRs: []string{"10.244.0.0/24", "fd00::/64"},
			})
			equal(t, "bgp", n.Spec.BGP, (*v3.NodeBGPSpec)(nil))
		},
	}}
	for _, c := range cases {
		t.Run(c.calicoTest, func(t *testing.T) {
			n, err := FromNode(c.node)
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, n)
		})
	}
}

func equal(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}
