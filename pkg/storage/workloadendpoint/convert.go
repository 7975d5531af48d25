// Package workloadendpoint serves Calico's WorkloadEndpoints, which in
// Kubernetes-datastore mode have no custom resource: Calico derives one endpoint, eth0,
// from every Pod that has a pod network (not host-networked) and a node. This package
// converts Pods exactly as Calico v3.32.1 does
// (libcalico-go/lib/backend/k8s/conversion/workload_endpoint_default.go) and serves the
// result read-only through pkg/storage/view.
package workloadendpoint

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/profile"
)

const (
	orchestrator = "k8s"
	// endpoint is the only endpoint Calico's default converter derives from a pod.
	endpoint = "eth0"
	// interfacePrefix is Felix's default FELIX_INTERFACEPREFIX, the first segment of the
	// host-side interface name the CNI plugin gives each pod.
	interfacePrefix = "cali"

	// Labels Calico adds to every endpoint, besides the pod's own.
	labelNamespace      = "projectcalico.org/namespace"
	labelOrchestrator   = "projectcalico.org/orchestrator"
	labelServiceAccount = "projectcalico.org/serviceaccount"

	// Annotations Calico's CNI plugin (and the AWS VPC plugin) write on pods.
	annotationPodIP           = "cni.projectcalico.org/podIP"
	annotationPodIPs          = "cni.projectcalico.org/podIPs"
	annotationAWSPodIPs       = "vpc.amazonaws.com/pod-ips"
	annotationContainerID     = "cni.projectcalico.org/containerID"
	annotationFloatingIPs     = "cni.projectcalico.org/floatingIPs"
	annotationSourcePrefixes  = "cni.projectcalico.org/allowedSourcePrefixes"
	annotationNetworkStatus   = "k8s.v1.cni.cncf.io/network-status"
	podPhaseCompleted         = corev1.PodPhase("Completed")
	maxServiceAccountLabelLen = 63
)

// IsEndpoint reports whether Calico shows a pod as a workload endpoint: it has a pod
// network and has been scheduled. A pod never stops being one (hostNetwork is
// immutable and a node name is never unset), so a watch needs no deletion for it
// before the pod itself is deleted.
func IsEndpoint(pod *corev1.Pod) bool {
	return !pod.Spec.HostNetwork && pod.Spec.NodeName != ""
}

// FromPod is the workload endpoint of a pod, nil for a pod Calico does not show
// (IsEndpoint). An error is a pod Calico cannot convert either: an unparsable IP, an
// invalid floating-IP or source-prefix annotation.
func FromPod(pod *corev1.Pod) (*v3.WorkloadEndpoint, error) {
	if !IsEndpoint(pod) {
		return nil, nil
	}
	name, err := Name(pod.Spec.NodeName, pod.Name, endpoint)
	if err != nil {
		return nil, err
	}
	podIPs, err := podIPNets(pod)
	if err != nil {
		return nil, fmt.Errorf("pod %s/%s: %w", pod.Namespace, pod.Name, err)
	}
	if isFinished(pod) {
		// A finished pod has given its IPs back to the pool; Calico still shows the
		// endpoint, without them.
		podIPs = nil
	}
	ipNetworks := []string{}
	for _, n := range podIPs {
		ipNetworks = append(ipNetworks, n.String())
	}
	ipNATs, err := floatingIPs(pod.Annotations, podIPs)
	if err != nil {
		return nil, fmt.Errorf("pod %s/%s: %w", pod.Namespace, pod.Name, err)
	}
	sourcePrefixes, err := allowedSourcePrefixes(pod.Annotations)
	if err != nil {
		return nil, fmt.Errorf("pod %s/%s: %w", pod.Namespace, pod.Name, err)
	}

	profiles := []string{profile.NamespaceProfileName(pod.Namespace)}
	labels := make(map[string]string, len(pod.Labels)+3)
	for k, v := range pod.Labels {
		labels[k] = v
	}
	labels[labelNamespace] = pod.Namespace
	labels[labelOrchestrator] = orchestrator
	if sa := pod.Spec.ServiceAccountName; sa != "" {
		profiles = append(profiles, profile.ServiceAccountProfileName(pod.Namespace, sa))
		if len(sa) < maxServiceAccountLabelLen {
			labels[labelServiceAccount] = sa
		}
	}
	var ports []v3.WorkloadEndpointPort
	ports = appendPorts(ports, pod.Spec.Containers)
	ports = appendPorts(ports, pod.Spec.InitContainers)

	wep := &v3.WorkloadEndpoint{
		TypeMeta: metav1.TypeMeta{Kind: "WorkloadEndpoint", APIVersion: v3.SchemeGroupVersion.String()},
		ObjectMeta: metav1.ObjectMeta{
			Name:              name,
			Namespace:         pod.Namespace,
			GenerateName:      pod.GenerateName,
			UID:               pod.UID,
			ResourceVersion:   pod.ResourceVersion,
			CreationTimestamp: pod.CreationTimestamp,
			Labels:            labels,
		},
		Spec: v3.WorkloadEndpointSpec{
			Orchestrator:               orchestrator,
			Node:                       pod.Spec.NodeName,
			Pod:                        pod.Name,
			ContainerID:                pod.Annotations[annotationContainerID],
			Endpoint:                   endpoint,
			InterfaceName:              InterfaceName(pod.Namespace, pod.Name),
			Profiles:                   profiles,
			IPNetworks:                 ipNetworks,
			Ports:                      ports,
			IPNATs:                     ipNATs,
			ServiceAccountName:         pod.Spec.ServiceAccountName,
			AllowSpoofedSourcePrefixes: sourcePrefixes,
			// Calico logs QoS annotations it cannot use and keeps the rest.
			QoSControls: qosControls(pod.Annotations),
		},
	}
	if status, ok := pod.Annotations[annotationNetworkStatus]; ok {
		wep.Annotations = map[string]string{annotationNetworkStatus: status}
	}
	return wep, nil
}

// InterfaceName is the host-side interface of a pod's endpoint, as Calico's CNI plugin
// names it: the prefix and the first 11 hex digits of SHA-1("<namespace>.<pod>").
func InterfaceName(namespace, pod string) string {
	sum := sha1.Sum([]byte(namespace + "." + pod))
	return interfacePrefix + hex.EncodeToString(sum[:])[:11]
}

// isFinished reports whether a pod no longer owns its IPs: it succeeded, failed or
// completed, or is being deleted and a CNI plugin has marked its IP released by
// emptying its annotation.
func isFinished(pod *corev1.Pod) bool {
	if pod.DeletionTimestamp != nil {
		if ip, ok := pod.Annotations[annotationPodIP]; ok && ip == "" {
			return true
		}
		if ips, ok := pod.Annotations[annotationAWSPodIPs]; ok && ips == "" {
			return true
		}
	}
	switch pod.Status.Phase {
	case corev1.PodFailed, corev1.PodSucceeded, podPhaseCompleted:
		return true
	}
	return false
}

// podIPNets are the pod's IPs, from the first place that has any: status.podIPs,
// status.podIP, then the CNI plugins' annotations. An IP becomes a /32 or /128; a CIDR
// keeps its prefix length.
func podIPNets(pod *corev1.Pod) ([]*net.IPNet, error) {
	var ips []string
	switch {
	case len(pod.Status.PodIPs) != 0:
		for _, ip := range pod.Status.PodIPs {
			ips = append(ips, ip.IP)
		}
	case pod.Status.PodIP != "":
		ips = []string{pod.Status.PodIP}
	case pod.Annotations[annotationPodIPs] != "":
		ips = strings.Split(pod.Annotations[annotationPodIPs], ",")
	case pod.Annotations[annotationPodIP] != "":
		ips = []string{pod.Annotations[annotationPodIP]}
	case pod.Annotations[annotationAWSPodIPs] != "":
		ips = strings.Split(pod.Annotations[annotationAWSPodIPs], ",")
	default:
		return nil, nil
	}
	nets := make([]*net.IPNet, 0, len(ips))
	for _, ip := range ips {
		n, err := parseCIDROrIP(ip)
		if err != nil {
			return nil, err
		}
		nets = append(nets, n)
	}
	return nets, nil
}

// parseCIDROrIP reads "10.0.0.1" as 10.0.0.1/32 (::1 as ::1/128) and a CIDR as its
// network.
func parseCIDROrIP(s string) (*net.IPNet, error) {
	if strings.Contains(s, "/") {
		_, n, err := net.ParseCIDR(s)
		if err != nil {
			return nil, fmt.Errorf("invalid IP %q: %w", s, err)
		}
		return n, nil
	}
	ip := net.ParseIP(s)
	if ip == nil {
		return nil, fmt.Errorf("invalid IP %q", s)
	}
	if v4 := ip.To4(); v4 != nil {
		return &net.IPNet{IP: v4, Mask: net.CIDRMask(32, 32)}, nil
	}
	return &net.IPNet{IP: ip, Mask: net.CIDRMask(128, 128)}, nil
}

// floatingIPs maps each floating IP of the annotation (a JSON list) to the pod's own
// address of the same family; a family the pod lacks is skipped.
func floatingIPs(annotations map[string]string, podIPs []*net.IPNet) ([]v3.IPNAT, error) {
	annotation, ok := annotations[annotationFloatingIPs]
	if !ok || len(podIPs) == 0 {
		return nil, nil
	}
	var external []string
	if err := json.Unmarshal([]byte(annotation), &external); err != nil {
		return nil, fmt.Errorf("failed to parse '%s' as JSON: %w", annotation, err)
	}
	var v4, v6 *net.IPNet
	for _, n := range podIPs {
		ones, _ := n.Mask.Size()
		if n.IP.To4() != nil {
			if ones != 32 {
				return nil, fmt.Errorf("PodIP %v is not a valid IPv4: Mask size is %d, not 32", n, ones)
			}
			v4 = n
		} else {
			if ones != 128 {
				return nil, fmt.Errorf("PodIP %v is not a valid IPv6: Mask size is %d, not 128", n, ones)
			}
			v6 = n
		}
	}
	var nats []v3.IPNAT
	for _, ip := range external {
		internal := v4
		if strings.Contains(ip, ":") {
			internal = v6
		}
		if internal != nil {
			nats = append(nats, v3.IPNAT{InternalIP: internal.IP.String(), ExternalIP: ip})
		}
	}
	return nats, nil
}

// allowedSourcePrefixes are the CIDRs of the annotation (a JSON list), normalized to
// their networks; any invalid entry is an error.
func allowedSourcePrefixes(annotations map[string]string) ([]string, error) {
	annotation := annotations[annotationSourcePrefixes]
	if annotation == "" {
		return nil, nil
	}
	var requested []string
	if err := json.Unmarshal([]byte(annotation), &requested); err != nil {
		return nil, fmt.Errorf("failed to parse '%s' as JSON: %w", annotation, err)
	}
	var prefixes []string
	for _, prefix := range requested {
		n, err := parseCIDROrIP(prefix)
		if err != nil || !strings.Contains(prefix, "/") {
			return nil, fmt.Errorf("failed to parse '%s' as a CIDR", prefix)
		}
		prefixes = append(prefixes, n.String())
	}
	return prefixes, nil
}

// appendPorts adds the containers' named ports and host ports. An unset protocol is
// TCP, as in Kubernetes; a protocol Calico does not know drops the port.
func appendPorts(ports []v3.WorkloadEndpointPort, containers []corev1.Container) []v3.WorkloadEndpointPort {
	for _, container := range containers {
		for _, p := range container.Ports {
			if p.ContainerPort == 0 || (p.HostPort == 0 && p.Name == "") {
				continue
			}
			var protocol string
			switch p.Protocol {
			case corev1.ProtocolTCP, "":
				protocol = "tcp"
			case corev1.ProtocolUDP:
				protocol = "udp"
			case corev1.ProtocolSCTP:
				protocol = "sctp"
			default:
				continue
			}
			ports = append(ports, v3.WorkloadEndpointPort{
				Name:     p.Name,
				Protocol: numorstring.ProtocolFromString(protocol),
				Port:     uint16(p.ContainerPort),
				HostPort: uint16(p.HostPort),
				HostIP:   p.HostIP,
			})
		}
	}
	return ports
}
