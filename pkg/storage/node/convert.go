// Package node serves Calico's Nodes, which in Kubernetes-datastore mode have no custom
// resource: calico-node keeps its BGP, tunnel and WireGuard settings in annotations of
// the Kubernetes Node. This package reads them exactly as Calico v3.32.1 does
// (K8sNodeToCalico in libcalico-go/lib/backend/k8s/resources/node.go) and serves the
// result read-only through pkg/storage/view.
package node

import (
	"encoding/json"
	"net"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/klog/v2"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// Annotations calico-node writes on Kubernetes Nodes.
const (
	annotationIPv4Address             = "projectcalico.org/IPv4Address"
	annotationIPv6Address             = "projectcalico.org/IPv6Address"
	annotationASNumber                = "projectcalico.org/ASNumber"
	annotationRouteReflectorClusterID = "projectcalico.org/RouteReflectorClusterID"
	annotationIPv4IPIPTunnelAddr      = "projectcalico.org/IPv4IPIPTunnelAddr"
	annotationIPv4VXLANTunnelAddr     = "projectcalico.org/IPv4VXLANTunnelAddr"
	annotationVXLANTunnelMACAddr      = "projectcalico.org/VXLANTunnelMACAddr"
	annotationIPv6VXLANTunnelAddr     = "projectcalico.org/IPv6VXLANTunnelAddr"
	annotationVXLANTunnelMACAddrV6    = "projectcalico.org/VXLANTunnelMACAddrV6"
	annotationWireguardIPv4Addr       = "projectcalico.org/IPv4WireguardInterfaceAddr"
	annotationWireguardIPv6Addr       = "projectcalico.org/IPv6WireguardInterfaceAddr"
	annotationWireguardPublicKey      = "projectcalico.org/WireguardPublicKey"
	annotationWireguardPublicKeyV6    = "projectcalico.org/WireguardPublicKeyV6"
	annotationInterfaces              = "projectcalico.org/Interfaces"
	// The Calico node's own labels and annotations, as JSON maps (calicoctl writes
	// them); the Kubernetes labels it inherits are recorded in annotationKubeLabels.
	annotationLabels      = "projectcalico.org/labels"
	annotationAnnotations = "projectcalico.org/annotations"
	annotationKubeLabels  = "projectcalico.org/kube-labels"

	orchestrator = "k8s"
)

// FromNode is Calico's Node of a Kubernetes Node. Annotations with values Calico would
// not accept are ignored, as Calico ignores them. Tunnel addresses come from the
// annotations, as with Calico IPAM (Calico derives them from spec.podCIDR only with
// host-local IPAM, USE_POD_CIDR=true, which this server does not offer).
func FromNode(node *corev1.Node) (*v3.Node, error) {
	out := &v3.Node{
		TypeMeta: metav1.TypeMeta{Kind: "Node", APIVersion: v3.SchemeGroupVersion.String()},
		ObjectMeta: metav1.ObjectMeta{
			Name: node.Name, UID: node.UID, ResourceVersion: node.ResourceVersion,
			CreationTimestamp: node.CreationTimestamp,
		},
	}
	annotations := node.Annotations
	if s, ok := annotations[annotationLabels]; ok {
		if err := json.Unmarshal([]byte(s), &out.Labels); err != nil {
			klog.V(2).InfoS("Ignoring the Calico labels of a node", "node", node.Name, "err", err)
		}
	}
	if s, ok := annotations[annotationAnnotations]; ok {
		if err := json.Unmarshal([]byte(s), &out.Annotations); err != nil {
			klog.V(2).InfoS("Ignoring the Calico annotations of a node", "node", node.Name, "err", err)
		}
	}
	// Kubernetes labels win over Calico's of the same key, and are recorded so that
	// Calico can tell them apart.
	for k, v := range node.Labels {
		if out.Labels == nil {
			out.Labels = map[string]string{}
		}
		out.Labels[k] = v
	}
	kubeLabels, err := json.Marshal(node.Labels)
	if err != nil {
		return nil, err
	}
	if out.Annotations == nil {
		out.Annotations = map[string]string{}
	}
	out.Annotations[annotationKubeLabels] = string(kubeLabels)

	valid := func(key string, check func(string) bool) string {
		value := annotations[key]
		if value == "" || !check(value) {
			return ""
		}
		return value
	}
	bgp := v3.NodeBGPSpec{
		IPv4Address:             valid(annotationIPv4Address, isIPv4),
		IPv6Address:             valid(annotationIPv6Address, isIPv6),
		RouteReflectorClusterID: valid(annotationRouteReflectorClusterID, isIPv4Network),
		IPv4IPIPTunnelAddr:      valid(annotationIPv4IPIPTunnelAddr, isIPv4Network),
	}
	if s, ok := annotations[annotationASNumber]; ok {
		if asn, err := numorstring.ASNumberFromString(s); err == nil {
			bgp.ASNumber = &asn
		}
	}
	if bgp != (v3.NodeBGPSpec{}) {
		out.Spec.BGP = &bgp
	}
	wireguard := v3.NodeWireguardSpec{
		InterfaceIPv4Address: valid(annotationWireguardIPv4Addr, isIPv4Network),
		InterfaceIPv6Address: valid(annotationWireguardIPv6Addr, isIPv6Network),
	}
	if wireguard != (v3.NodeWireguardSpec{}) {
		out.Spec.Wireguard = &wireguard
	}
	out.Spec.OrchRefs = []v3.OrchRef{{NodeName: node.Name, Orchestrator: orchestrator}}
	out.Spec.IPv4VXLANTunnelAddr = valid(annotationIPv4VXLANTunnelAddr, isIPv4Network)
	out.Spec.VXLANTunnelMACAddr = valid(annotationVXLANTunnelMACAddr, isMAC)
	out.Spec.IPv6VXLANTunnelAddr = valid(annotationIPv6VXLANTunnelAddr, isIPv6Network)
	out.Spec.VXLANTunnelMACAddrV6 = valid(annotationVXLANTunnelMACAddrV6, isMAC)

	out.Status.WireguardPublicKey = annotations[annotationWireguardPublicKey]
	out.Status.WireguardPublicKeyV6 = annotations[annotationWireguardPublicKeyV6]
	if len(node.Spec.PodCIDRs) > 0 {
		out.Status.PodCIDRs = append([]string(nil), node.Spec.PodCIDRs...)
	}

	// Addresses: the BGP addresses first, then the Kubernetes internal and external ones.
	for _, a := range []string{bgp.IPv4Address, bgp.IPv6Address} {
		if a != "" {
			out.Spec.Addresses = append(out.Spec.Addresses, v3.NodeAddress{Address: a, Type: v3.NodeAddressCalicoNodeIP})
		}
	}
	for _, a := range node.Status.Addresses {
		switch a.Type {
		case corev1.NodeInternalIP:
			out.Spec.Addresses = append(out.Spec.Addresses, v3.NodeAddress{Address: a.Address, Type: v3.NodeAddressInternalIP})
		case corev1.NodeExternalIP:
			out.Spec.Addresses = append(out.Spec.Addresses, v3.NodeAddress{Address: a.Address, Type: v3.NodeAddressExternalIP})
		}
	}
	out.Spec.Interfaces = interfaces(node)
	return out, nil
}

// interfaces reads the interfaces calico-node detected; addresses that are not IPs are
// dropped, and an annotation that is not JSON is ignored.
func interfaces(node *corev1.Node) []v3.NodeInterface {
	s, ok := node.Annotations[annotationInterfaces]
	if !ok {
		return nil
	}
	var ifaces []v3.NodeInterface
	if err := json.Unmarshal([]byte(s), &ifaces); err != nil {
		klog.V(2).InfoS("Ignoring the interfaces of a node", "node", node.Name, "err", err)
		return nil
	}
	for i := range ifaces {
		addresses := ifaces[i].Addresses[:0]
		for _, a := range ifaces[i].Addresses {
			if net.ParseIP(a) != nil {
				addresses = append(addresses, a)
			}
		}
		ifaces[i].Addresses = addresses
	}
	return ifaces
}

// The checks Calico applies to each annotation (libcalico-go/lib/validator/v3): an IP
// or CIDR of the family ("CIDRv4"), or an IP or CIDR whose address is its network's
// ("IPv4Network"), or a MAC address.

func ipAndNet(s string) (net.IP, *net.IPNet, bool) {
	if ip, n, err := net.ParseCIDR(s); err == nil {
		return ip, n, true
	}
	ip := net.ParseIP(s)
	if ip == nil {
		return nil, nil, false
	}
	bits := 128
	if ip.To4() != nil {
		bits = 32
	}
	return ip, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)}, true
}

func isIPv4(s string) bool {
	ip, _, ok := ipAndNet(s)
	return ok && ip.To4() != nil
}

func isIPv6(s string) bool {
	ip, _, ok := ipAndNet(s)
	return ok && ip.To4() == nil
}

func isIPv4Network(s string) bool {
	ip, n, ok := ipAndNet(s)
	return ok && ip.To4() != nil && n.IP.Equal(ip)
}

func isIPv6Network(s string) bool {
	ip, n, ok := ipAndNet(s)
	return ok && ip.To4() == nil && n.IP.Equal(ip)
}

func isMAC(s string) bool {
	_, err := net.ParseMAC(s)
	return err == nil
}
