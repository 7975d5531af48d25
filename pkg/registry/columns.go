package registry

import (
	"strconv"
	"strings"
	"unicode/utf8"

	apimeta "k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// The columns of each kind's table, one function per kind, referenced from the table of
// kinds. Every kind has at least the columns of Calico's own v3 CRDs
// (additionalPrinterColumns in Calico v3.32.1's projectcalico.org v3 CRDs), plus what an
// operator reads at a glance; -o wide adds the rest. NAME and AGE come from
// tableConvertor.

// selectorWidth is how many characters of a selector a table shows.
const selectorWidth = 40

func tierColumns() []Column {
	return []Column{
		column("Order", "number", "Order in which the tier is applied; lower orders first.",
			func(t *v3.Tier) interface{} { return orderCell(t.Spec.Order) }),
		column("Default Action", "string", "Action for traffic that no policy of the tier ends.",
			func(t *v3.Tier) interface{} { return orEmpty(t.Spec.DefaultAction) }),
		column("Status", "string", "Reason of the tier's Ready condition.",
			func(t *v3.Tier) interface{} { return conditionCell(t.Status.Conditions, "Ready", reasonOf) }),
	}
}

// policyView is what the tables of Calico's four tiered policy kinds show.
type policyView struct {
	tier            string
	order           *float64
	selector        string
	types           []v3.PolicyType
	ingress, egress int
	serviceAccounts string
	namespaceSel    string
	stagedAction    v3.StagedAction
}

// policyColumns are the columns of a tiered policy kind: tier, order, selector, plus
// the staged action of staged policies; -o wide adds types and rule counts.
func policyColumns[T runtime.Object](view func(T) policyView, staged, global bool) []Column {
	cols := []Column{
		column("Tier", "string", "Tier the policy belongs to.",
			func(p T) interface{} { return noneIfEmpty(view(p).tier) }),
		column("Order", "number", "Order of the policy within its tier; lower orders first.",
			func(p T) interface{} { return orderCell(view(p).order) }),
		column("Selector", "string", "Endpoints the policy applies to (trimmed).",
			func(p T) interface{} { return trimmed(noneIfEmpty(view(p).selector), selectorWidth) }),
	}
	if staged {
		cols = append(cols, column("Staged Action", "string", "Set, Delete, Learn or Ignore.",
			func(p T) interface{} { return noneIfEmpty(string(view(p).stagedAction)) }))
	}
	cols = append(cols,
		column("Types", "string", "Directions the policy applies to.",
			func(p T) interface{} { return joined(view(p).types) }).wide(),
		column("Ingress", "integer", "Number of ingress rules.",
			func(p T) interface{} { return int64(view(p).ingress) }).wide(),
		column("Egress", "integer", "Number of egress rules.",
			func(p T) interface{} { return int64(view(p).egress) }).wide(),
		column("Service Account Selector", "string", "Service accounts the policy applies to (trimmed).",
			func(p T) interface{} { return trimmed(noneIfEmpty(view(p).serviceAccounts), selectorWidth) }).wide(),
	)
	if global {
		cols = append(cols, column("Namespace Selector", "string", "Namespaces the policy applies to (trimmed).",
			func(p T) interface{} { return trimmed(noneIfEmpty(view(p).namespaceSel), selectorWidth) }).wide())
	}
	return cols
}

func networkPolicyColumns() []Column {
	return policyColumns(func(p *v3.NetworkPolicy) policyView {
		s := &p.Spec
		return policyView{tier: s.Tier, order: s.Order, selector: s.Selector, types: s.Types,
			ingress: len(s.Ingress), egress: len(s.Egress), serviceAccounts: s.ServiceAccountSelector}
	}, false, false)
}

func globalNetworkPolicyColumns() []Column {
	return policyColumns(func(p *v3.GlobalNetworkPolicy) policyView {
		s := &p.Spec
		return policyView{tier: s.Tier, order: s.Order, selector: s.Selector, types: s.Types,
			ingress: len(s.Ingress), egress: len(s.Egress), serviceAccounts: s.ServiceAccountSelector,
			namespaceSel: s.NamespaceSelector}
	}, false, true)
}

func stagedNetworkPolicyColumns() []Column {
	return policyColumns(func(p *v3.StagedNetworkPolicy) policyView {
		s := &p.Spec
		return policyView{tier: s.Tier, order: s.Order, selector: s.Selector, types: s.Types,
			ingress: len(s.Ingress), egress: len(s.Egress), serviceAccounts: s.ServiceAccountSelector,
			stagedAction: s.StagedAction}
	}, true, false)
}

func stagedGlobalNetworkPolicyColumns() []Column {
	return policyColumns(func(p *v3.StagedGlobalNetworkPolicy) policyView {
		s := &p.Spec
		return policyView{tier: s.Tier, order: s.Order, selector: s.Selector, types: s.Types,
			ingress: len(s.Ingress), egress: len(s.Egress), serviceAccounts: s.ServiceAccountSelector,
			namespaceSel: s.NamespaceSelector, stagedAction: s.StagedAction}
	}, true, true)
}

// stagedKubernetesNetworkPolicyColumns follow Kubernetes' NetworkPolicy table.
func stagedKubernetesNetworkPolicyColumns() []Column {
	return []Column{
		column("Pod-Selector", "string", "Pods the policy applies to.",
			func(p *v3.StagedKubernetesNetworkPolicy) interface{} {
				return metav1.FormatLabelSelector(&p.Spec.PodSelector)
			}),
		column("Staged Action", "string", "Set, Delete, Learn or Ignore.",
			func(p *v3.StagedKubernetesNetworkPolicy) interface{} { return noneIfEmpty(string(p.Spec.StagedAction)) }),
		column("Policy Types", "string", "Directions the policy applies to.",
			func(p *v3.StagedKubernetesNetworkPolicy) interface{} { return joined(p.Spec.PolicyTypes) }).wide(),
	}
}

func hostEndpointColumns() []Column {
	return []Column{
		column("Node", "string", "The node the host endpoint belongs to.",
			func(h *v3.HostEndpoint) interface{} { return noneIfEmpty(h.Spec.Node) }),
		column("Interface", "string", "The interface the host endpoint targets ('*': all of the host's interfaces).",
			func(h *v3.HostEndpoint) interface{} { return noneIfEmpty(h.Spec.InterfaceName) }),
		column("Expected IPs", "string", "The IPs the host endpoint expects.",
			func(h *v3.HostEndpoint) interface{} { return trimmed(joined(h.Spec.ExpectedIPs), selectorWidth) }),
		column("Profiles", "string", "Profiles applied to the endpoint.",
			func(h *v3.HostEndpoint) interface{} { return joined(h.Spec.Profiles) }).wide(),
		column("Ports", "string", "Named ports of the endpoint.",
			func(h *v3.HostEndpoint) interface{} {
				ports := make([]string, 0, len(h.Spec.Ports))
				for _, p := range h.Spec.Ports {
					ports = append(ports, p.Name+":"+strconv.Itoa(int(p.Port))+"/"+p.Protocol.String())
				}
				return joined(ports)
			}).wide(),
	}
}

func ipPoolColumns() []Column {
	return []Column{
		column("CIDR", "string", "The pool CIDR.",
			func(p *v3.IPPool) interface{} { return noneIfEmpty(p.Spec.CIDR) }),
		column("Block Size", "integer", "Prefix length of the blocks the pool is divided into.",
			func(p *v3.IPPool) interface{} { return int64(p.Spec.BlockSize) }),
		column("IPIP", "string", "The IPIP mode of the pool.",
			func(p *v3.IPPool) interface{} { return noneIfEmpty(string(p.Spec.IPIPMode)) }),
		column("VXLAN", "string", "The VXLAN mode of the pool.",
			func(p *v3.IPPool) interface{} { return noneIfEmpty(string(p.Spec.VXLANMode)) }),
		column("NAT", "boolean", "Whether outgoing NAT is enabled for the pool.",
			func(p *v3.IPPool) interface{} { return p.Spec.NATOutgoing }),
		column("Disabled", "boolean", "Whether the pool is disabled for IP allocations.",
			func(p *v3.IPPool) interface{} { return p.Spec.Disabled }),
		column("Allocatable", "string", "Status of the pool's Allocatable condition.",
			func(p *v3.IPPool) interface{} {
				if p.Status == nil {
					return noneCell
				}
				return conditionCell(p.Status.Conditions, "Allocatable", statusOf)
			}),
		column("Node Selector", "string", "Nodes that may take addresses from the pool.",
			func(p *v3.IPPool) interface{} { return trimmed(noneIfEmpty(p.Spec.NodeSelector), selectorWidth) }).wide(),
		column("Allowed Uses", "string", "What the pool's addresses may be used for.",
			func(p *v3.IPPool) interface{} { return joined(p.Spec.AllowedUses) }).wide(),
		column("Assignment Mode", "string", "Automatic or Manual.",
			func(p *v3.IPPool) interface{} { return orEmpty(p.Spec.AssignmentMode) }).wide(),
		column("Disable BGP Export", "boolean", "Whether the pool's routes are kept out of BGP.",
			func(p *v3.IPPool) interface{} { return p.Spec.DisableBGPExport }).wide(),
	}
}

func ipReservationColumns() []Column {
	return []Column{
		column("Reserved CIDRs", "string", "Addresses IPAM does not assign.",
			func(r *v3.IPReservation) interface{} { return trimmed(joined(r.Spec.ReservedCIDRs), selectorWidth) }),
	}
}

func networkSetColumns() []Column {
	return []Column{
		column("Nets", "integer", "Number of networks in the set.",
			func(s *v3.NetworkSet) interface{} { return int64(len(s.Spec.Nets)) }),
		column("Networks", "string", "The networks of the set (trimmed).",
			func(s *v3.NetworkSet) interface{} { return trimmed(joined(s.Spec.Nets), selectorWidth) }).wide(),
	}
}

func globalNetworkSetColumns() []Column {
	return []Column{
		column("Nets", "integer", "Number of networks in the set.",
			func(s *v3.GlobalNetworkSet) interface{} { return int64(len(s.Spec.Nets)) }),
		column("Networks", "string", "The networks of the set (trimmed).",
			func(s *v3.GlobalNetworkSet) interface{} { return trimmed(joined(s.Spec.Nets), selectorWidth) }).wide(),
	}
}

func bgpConfigurationColumns() []Column {
	return []Column{
		column("AS Number", "string", "Default AS number of the nodes.",
			func(c *v3.BGPConfiguration) interface{} { return asNumberCell(c.Spec.ASNumber) }),
		column("Node-to-Node Mesh", "string", "Whether every node peers with every other.",
			func(c *v3.BGPConfiguration) interface{} { return boolCell(c.Spec.NodeToNodeMeshEnabled) }),
		column("Log Severity", "string", "Log level of the BGP daemon.",
			func(c *v3.BGPConfiguration) interface{} { return noneIfEmpty(c.Spec.LogSeverityScreen) }),
		column("Listen Port", "integer", "Port BIRD listens on (0: its default).",
			func(c *v3.BGPConfiguration) interface{} { return int64(c.Spec.ListenPort) }).wide(),
		column("Service Cluster IPs", "string", "Service cluster IP blocks advertised.",
			func(c *v3.BGPConfiguration) interface{} {
				var cidrs []string
				for _, b := range c.Spec.ServiceClusterIPs {
					cidrs = append(cidrs, b.CIDR)
				}
				return trimmed(joined(cidrs), selectorWidth)
			}).wide(),
		column("Service External IPs", "string", "Service external IP blocks advertised.",
			func(c *v3.BGPConfiguration) interface{} {
				var cidrs []string
				for _, b := range c.Spec.ServiceExternalIPs {
					cidrs = append(cidrs, b.CIDR)
				}
				return trimmed(joined(cidrs), selectorWidth)
			}).wide(),
	}
}

func bgpPeerColumns() []Column {
	return []Column{
		column("Node", "string", "The node that peers (empty: every node the node selector selects, or all).",
			func(p *v3.BGPPeer) interface{} { return noneIfEmpty(p.Spec.Node) }),
		column("Node Selector", "string", "Selector for the nodes that should have this peering.",
			func(p *v3.BGPPeer) interface{} { return trimmed(noneIfEmpty(p.Spec.NodeSelector), selectorWidth) }),
		column("Peer IP", "string", "The IP address of the peer, with an optional port.",
			func(p *v3.BGPPeer) interface{} { return noneIfEmpty(p.Spec.PeerIP) }),
		column("Peer Selector", "string", "Selector for the remote nodes to peer with.",
			func(p *v3.BGPPeer) interface{} { return trimmed(noneIfEmpty(p.Spec.PeerSelector), selectorWidth) }),
		column("Peer ASN", "string", "The AS number of the peer.",
			func(p *v3.BGPPeer) interface{} {
				if p.Spec.ASNumber == 0 {
					return noneCell
				}
				return p.Spec.ASNumber.String()
			}),
		column("Local ASN", "string", "The local AS number used with this peer.",
			func(p *v3.BGPPeer) interface{} { return asNumberCell(p.Spec.LocalASNumber) }),
		column("Filters", "string", "BGP filters applied to the peering.",
			func(p *v3.BGPPeer) interface{} { return joined(p.Spec.Filters) }).wide(),
		column("Reachable By", "string", "Address of the gateway the peer is reached through.",
			func(p *v3.BGPPeer) interface{} { return noneIfEmpty(p.Spec.ReachableBy) }).wide(),
		column("Keep Original Next Hop", "boolean", "Whether the next hop of routes from the peer is kept.",
			func(p *v3.BGPPeer) interface{} { return p.Spec.KeepOriginalNextHop }).wide(),
	}
}

func bgpFilterColumns() []Column {
	return []Column{
		column("Export V4", "integer", "Number of IPv4 export rules.",
			func(f *v3.BGPFilter) interface{} { return int64(len(f.Spec.ExportV4)) }),
		column("Import V4", "integer", "Number of IPv4 import rules.",
			func(f *v3.BGPFilter) interface{} { return int64(len(f.Spec.ImportV4)) }),
		column("Export V6", "integer", "Number of IPv6 export rules.",
			func(f *v3.BGPFilter) interface{} { return int64(len(f.Spec.ExportV6)) }),
		column("Import V6", "integer", "Number of IPv6 import rules.",
			func(f *v3.BGPFilter) interface{} { return int64(len(f.Spec.ImportV6)) }),
	}
}

func calicoNodeStatusColumns() []Column {
	return []Column{
		column("Node", "string", "The name of the node.",
			func(s *v3.CalicoNodeStatus) interface{} { return noneIfEmpty(s.Spec.Node) }),
		column("Classes", "string", "The types of information reported for the node.",
			func(s *v3.CalicoNodeStatus) interface{} { return joined(s.Spec.Classes) }),
		column("Update Period", "integer", "Seconds between status updates.",
			func(s *v3.CalicoNodeStatus) interface{} {
				if s.Spec.UpdatePeriodSeconds == nil {
					return noneCell
				}
				return int64(*s.Spec.UpdatePeriodSeconds)
			}).wide(),
		column("Last Updated", "string", "Time since calico-node last reported.",
			func(s *v3.CalicoNodeStatus) interface{} { return age(s.Status.LastUpdated) }).wide(),
	}
}

func felixConfigurationColumns() []Column {
	return []Column{
		column("Log Severity", "string", "Log level of Felix on the screen.",
			func(c *v3.FelixConfiguration) interface{} { return noneIfEmpty(c.Spec.LogSeverityScreen) }),
		column("BPF", "string", "Whether the eBPF dataplane is enabled.",
			func(c *v3.FelixConfiguration) interface{} { return boolCell(c.Spec.BPFEnabled) }),
		column("NFTables", "string", "The nftables mode of the dataplane.",
			func(c *v3.FelixConfiguration) interface{} { return orEmpty(c.Spec.NFTablesMode) }),
		column("Wireguard", "string", "Whether IPv4 WireGuard encryption is enabled.",
			func(c *v3.FelixConfiguration) interface{} { return boolCell(c.Spec.WireguardEnabled) }),
		column("Wireguard V6", "string", "Whether IPv6 WireGuard encryption is enabled.",
			func(c *v3.FelixConfiguration) interface{} { return boolCell(c.Spec.WireguardEnabledV6) }).wide(),
		column("IPv6 Support", "string", "Whether Felix programs IPv6.",
			func(c *v3.FelixConfiguration) interface{} { return boolCell(c.Spec.IPv6Support) }).wide(),
		column("Route Source", "string", "Where Felix learns workload routes from.",
			func(c *v3.FelixConfiguration) interface{} { return noneIfEmpty(c.Spec.RouteSource) }).wide(),
		column("Iptables Backend", "string", "Which iptables backend Felix uses.",
			func(c *v3.FelixConfiguration) interface{} { return orEmpty(c.Spec.IptablesBackend) }).wide(),
		column("Prometheus Metrics", "string", "Whether Felix serves Prometheus metrics.",
			func(c *v3.FelixConfiguration) interface{} { return boolCell(c.Spec.PrometheusMetricsEnabled) }).wide(),
	}
}

func kubeControllersConfigurationColumns() []Column {
	return []Column{
		column("Controllers", "string", "The controllers configured to run.",
			func(c *v3.KubeControllersConfiguration) interface{} {
				ctl := c.Spec.Controllers
				var names []string
				for _, enabled := range []struct {
					name string
					on   bool
				}{
					{"node", ctl.Node != nil}, {"policy", ctl.Policy != nil},
					{"workloadEndpoint", ctl.WorkloadEndpoint != nil}, {"serviceAccount", ctl.ServiceAccount != nil},
					{"namespace", ctl.Namespace != nil}, {"loadBalancer", ctl.LoadBalancer != nil},
					{"policyMigration", ctl.Migration != nil},
				} {
					if enabled.on {
						names = append(names, enabled.name)
					}
				}
				return joined(names)
			}),
		column("Log Severity", "string", "Log level of kube-controllers on the screen.",
			func(c *v3.KubeControllersConfiguration) interface{} { return noneIfEmpty(c.Spec.LogSeverityScreen) }),
		column("Health Checks", "string", "Whether kube-controllers runs its health checks.",
			func(c *v3.KubeControllersConfiguration) interface{} { return noneIfEmpty(c.Spec.HealthChecks) }),
		column("Prometheus Port", "string", "Port of kube-controllers' Prometheus metrics (0: off).",
			func(c *v3.KubeControllersConfiguration) interface{} {
				if c.Spec.PrometheusMetricsPort == nil {
					return noneCell
				}
				return strconv.Itoa(*c.Spec.PrometheusMetricsPort)
			}).wide(),
	}
}

func ipamConfigurationColumns() []Column {
	return []Column{
		column("Strict Affinity", "boolean", "Whether borrowing IP addresses is forbidden.",
			func(c *v3.IPAMConfiguration) interface{} { return c.Spec.StrictAffinity }),
		column("Max Blocks Per Host", "integer", "The max number of blocks that can be affine to each host (0: unlimited).",
			func(c *v3.IPAMConfiguration) interface{} { return int64(c.Spec.MaxBlocksPerHost) }),
		column("Auto Allocate Blocks", "boolean", "Whether blocks are allocated to hosts automatically.",
			func(c *v3.IPAMConfiguration) interface{} { return c.Spec.AutoAllocateBlocks }),
	}
}

func clusterInformationColumns() []Column {
	return []Column{
		column("Version", "string", "The version of Calico that the cluster is running.",
			func(c *v3.ClusterInformation) interface{} { return noneIfEmpty(c.Spec.CalicoVersion) }),
		column("Ready", "string", "Whether the datastore is ready for use.",
			func(c *v3.ClusterInformation) interface{} { return boolCell(c.Spec.DatastoreReady) }),
		column("Types", "string", "The types associated with the cluster.",
			func(c *v3.ClusterInformation) interface{} { return noneIfEmpty(c.Spec.ClusterType) }),
		column("Cluster GUID", "string", "The cluster's unique identifier.",
			func(c *v3.ClusterInformation) interface{} { return noneIfEmpty(c.Spec.ClusterGUID) }).wide(),
		column("Variant", "string", "The Calico product variant.",
			func(c *v3.ClusterInformation) interface{} { return noneIfEmpty(c.Spec.Variant) }).wide(),
	}
}

func blockAffinityColumns() []Column {
	return []Column{
		column("CIDR", "string", "The block CIDR.",
			func(a *v3.BlockAffinity) interface{} { return noneIfEmpty(a.Spec.CIDR) }),
		column("Node", "string", "The node the block is affine to.",
			func(a *v3.BlockAffinity) interface{} { return noneIfEmpty(a.Spec.Node) }),
		column("Type", "string", "The type of block affinity.",
			func(a *v3.BlockAffinity) interface{} { return noneIfEmpty(a.Spec.Type) }),
		column("State", "string", "confirmed, pending or pendingDeletion.",
			func(a *v3.BlockAffinity) interface{} { return noneIfEmpty(string(a.Spec.State)) }),
		column("Deleted", "boolean", "Whether the affinity is being deleted.",
			func(a *v3.BlockAffinity) interface{} { return a.Spec.Deleted }).wide(),
	}
}

func profileColumns() []Column {
	return []Column{
		column("Ingress", "integer", "Number of ingress rules.",
			func(p *v3.Profile) interface{} { return int64(len(p.Spec.Ingress)) }),
		column("Egress", "integer", "Number of egress rules.",
			func(p *v3.Profile) interface{} { return int64(len(p.Spec.Egress)) }),
		column("Labels To Apply", "integer", "Number of labels the profile gives its endpoints.",
			func(p *v3.Profile) interface{} { return int64(len(p.Spec.LabelsToApply)) }).wide(),
	}
}

// Cell formatting, as Kubernetes' printers do it: "<none>" for what is unset.

func noneIfEmpty(s string) string {
	if s == "" {
		return noneCell
	}
	return s
}

// orEmpty is the cell of an optional string-typed field.
func orEmpty[S ~string](s *S) string {
	if s == nil {
		return noneCell
	}
	return noneIfEmpty(string(*s))
}

func boolCell(b *bool) string {
	if b == nil {
		return noneCell
	}
	return strconv.FormatBool(*b)
}

// orderCell writes an order as Calico does in YAML: 1000000, not 1e+06 (a float64
// cell would reach kubectl as a JSON number in exponent form).
func orderCell(order *float64) string {
	if order == nil {
		return noneCell
	}
	return strconv.FormatFloat(*order, 'f', -1, 64)
}

func asNumberCell(a *numorstring.ASNumber) string {
	if a == nil {
		return noneCell
	}
	return a.String()
}

func joined[S ~string](items []S) string {
	if len(items) == 0 {
		return noneCell
	}
	parts := make([]string, len(items))
	for i, item := range items {
		parts[i] = string(item)
	}
	return strings.Join(parts, ",")
}

// trimmed shortens s to width characters, ending in "..." when it was longer.
func trimmed(s string, width int) string {
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	cut, n := 0, 0
	for i := range s {
		if n == width-3 {
			cut = i
			break
		}
		n++
	}
	return s[:cut] + "..."
}

func reasonOf(c *metav1.Condition) string { return c.Reason }
func statusOf(c *metav1.Condition) string { return string(c.Status) }

// conditionCell is a field of the condition of the given type, or <none>.
func conditionCell(conditions []metav1.Condition, conditionType string, field func(*metav1.Condition) string) string {
	c := apimeta.FindStatusCondition(conditions, conditionType)
	if c == nil {
		return noneCell
	}
	return noneIfEmpty(field(c))
}

// nodeColumns are calicoctl's `get nodes -o wide` (ASN, IPV4, IPV6) and the tunnel
// addresses.
func nodeColumns() []Column {
	bgp := func(n *v3.Node) v3.NodeBGPSpec {
		if n.Spec.BGP == nil {
			return v3.NodeBGPSpec{}
		}
		return *n.Spec.BGP
	}
	return []Column{
		column("ASN", "string", "The node's AS number; (none) means the global default.",
			func(n *v3.Node) interface{} {
				if asn := bgp(n).ASNumber; asn != nil {
					return asn.String()
				}
				return noneCell
			}),
		column("IPv4", "string", "The node's BGP IPv4 address and network.",
			func(n *v3.Node) interface{} { return noneIfEmpty(bgp(n).IPv4Address) }),
		column("IPv6", "string", "The node's BGP IPv6 address and network.",
			func(n *v3.Node) interface{} { return noneIfEmpty(bgp(n).IPv6Address) }),
		column("IPIP Tunnel", "string", "The IPv4 address of the node's IP-in-IP tunnel.",
			func(n *v3.Node) interface{} { return noneIfEmpty(bgp(n).IPv4IPIPTunnelAddr) }).wide(),
		column("VXLAN Tunnel", "string", "The IPv4 address of the node's VXLAN tunnel.",
			func(n *v3.Node) interface{} { return noneIfEmpty(n.Spec.IPv4VXLANTunnelAddr) }).wide(),
	}
}

// workloadEndpointColumns are calicoctl's `get workloadendpoints` (workload, node,
// networks, interface; -o wide adds profiles and NATs), with the pod as its own column.
func workloadEndpointColumns() []Column {
	return []Column{
		column("Node", "string", "The node the endpoint is on.",
			func(w *v3.WorkloadEndpoint) interface{} { return noneIfEmpty(w.Spec.Node) }),
		column("Pod", "string", "The pod of the endpoint.",
			func(w *v3.WorkloadEndpoint) interface{} { return noneIfEmpty(w.Spec.Pod) }),
		column("Interface", "string", "The host-side interface of the endpoint.",
			func(w *v3.WorkloadEndpoint) interface{} { return noneIfEmpty(w.Spec.InterfaceName) }),
		column("Networks", "string", "The endpoint's IP networks.",
			func(w *v3.WorkloadEndpoint) interface{} { return joined(w.Spec.IPNetworks) }),
		column("Profiles", "string", "The profiles applied to the endpoint, in order.",
			func(w *v3.WorkloadEndpoint) interface{} { return joined(w.Spec.Profiles) }),
		column("NATs", "string", "The endpoint's floating IPs, external:internal.",
			func(w *v3.WorkloadEndpoint) interface{} {
				nats := make([]string, 0, len(w.Spec.IPNATs))
				for _, n := range w.Spec.IPNATs {
					nats = append(nats, n.ExternalIP+":"+n.InternalIP)
				}
				return joined(nats)
			}).wide(),
	}
}
