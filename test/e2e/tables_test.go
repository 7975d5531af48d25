package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/calico-apiserver/calico-apiserver/pkg/registry"
)

const tablesNamespace = "e2e-tables"

// tableFixture is what the table test writes for one kind: two objects labelled
// e2e-tables=yes (written as custom resources for the read-only kinds), the jsonpath
// --sort-by sorts them on and the names in that order (chosen against name order), and
// cells expected in the first one's row, by column header.
type tableFixture struct {
	manifest      string
	sortBy        string
	first, second string
	want          map[string]string
}

// metaLabels is the metadata annotation of a custom resource written directly, carrying
// the table test's label into v3.
const metaLabels = `'{"creationTimestamp":null,"labels":{"e2e-tables":"yes"}}'`

var tableFixtures = map[string]tableFixture{
	"tiers": {sortBy: ".spec.order", first: "e2e-tbl-b", second: "e2e-tbl-a",
		want: map[string]string{"ORDER": "110", "DEFAULT ACTION": "Pass", "STATUS": "<none>"}, manifest: `
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: e2e-tbl-b, labels: {e2e-tables: "yes"}}
spec: {order: 110, defaultAction: Pass}
---
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: e2e-tbl-a, labels: {e2e-tables: "yes"}}
spec: {order: 120}
`},
	"networkpolicies": {sortBy: ".spec.order", first: "np-b", second: "np-a",
		want: map[string]string{"TIER": "default", "ORDER": "10", "SELECTOR": "app == 'web'"}, manifest: `
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: np-b, namespace: e2e-tables, labels: {e2e-tables: "yes"}}
spec: {order: 10, selector: app == 'web', types: [Ingress], ingress: [{action: Allow}]}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: np-a, namespace: e2e-tables, labels: {e2e-tables: "yes"}}
spec: {order: 20, selector: all()}
`},
	"globalnetworkpolicies": {sortBy: ".spec.order", first: "gnp-b", second: "gnp-a",
		want: map[string]string{"TIER": "default", "ORDER": "1000000", "SELECTOR": "role in {'frontend', 'backend', 'cach...",
			"TYPES": "Ingress,Egress", "INGRESS": "2", "EGRESS": "1"}, manifest: `
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: gnp-b, labels: {e2e-tables: "yes"}}
spec:
  order: 1000000
  selector: role in {'frontend', 'backend', 'cache', 'queue'}
  types: [Ingress, Egress]
  ingress: [{action: Allow, protocol: TCP, destination: {ports: [443]}}, {action: Deny}]
  egress: [{action: Allow}]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: gnp-a, labels: {e2e-tables: "yes"}}
spec: {order: 2000000, selector: all()}
`},
	"stagednetworkpolicies": {sortBy: ".spec.order", first: "snp-b", second: "snp-a",
		want: map[string]string{"STAGED ACTION": "Set", "ORDER": "1"}, manifest: `
apiVersion: projectcalico.org/v3
kind: StagedNetworkPolicy
metadata: {name: snp-b, namespace: e2e-tables, labels: {e2e-tables: "yes"}}
spec: {stagedAction: Set, order: 1, selector: all()}
---
apiVersion: projectcalico.org/v3
kind: StagedNetworkPolicy
metadata: {name: snp-a, namespace: e2e-tables, labels: {e2e-tables: "yes"}}
spec: {stagedAction: Set, order: 2, selector: all()}
`},
	"stagedglobalnetworkpolicies": {sortBy: ".spec.order", first: "sgnp-b", second: "sgnp-a",
		want: map[string]string{"STAGED ACTION": "Learn", "TIER": "default"}, manifest: `
apiVersion: projectcalico.org/v3
kind: StagedGlobalNetworkPolicy
metadata: {name: sgnp-b, labels: {e2e-tables: "yes"}}
spec: {stagedAction: Learn, order: 1}
---
apiVersion: projectcalico.org/v3
kind: StagedGlobalNetworkPolicy
metadata: {name: sgnp-a, labels: {e2e-tables: "yes"}}
spec: {stagedAction: Set, order: 2, selector: all()}
`},
	"stagedkubernetesnetworkpolicies": {sortBy: ".spec.podSelector.matchLabels.app", first: "sknp-b", second: "sknp-a",
		want: map[string]string{"POD-SELECTOR": "app=api", "STAGED ACTION": "Set"}, manifest: `
apiVersion: projectcalico.org/v3
kind: StagedKubernetesNetworkPolicy
metadata: {name: sknp-b, namespace: e2e-tables, labels: {e2e-tables: "yes"}}
spec: {stagedAction: Set, podSelector: {matchLabels: {app: api}}}
---
apiVersion: projectcalico.org/v3
kind: StagedKubernetesNetworkPolicy
metadata: {name: sknp-a, namespace: e2e-tables, labels: {e2e-tables: "yes"}}
spec: {stagedAction: Set, podSelector: {matchLabels: {app: web}}}
`},
	"hostendpoints": {sortBy: ".spec.interfaceName", first: "hep-b", second: "hep-a",
		want: map[string]string{"NODE": "node1", "INTERFACE": "eth0", "EXPECTED IPS": "192.0.2.10,192.0.2.11"}, manifest: `
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: hep-b, labels: {e2e-tables: "yes"}}
spec: {node: node1, interfaceName: eth0, expectedIPs: [192.0.2.10, 192.0.2.11]}
---
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: hep-a, labels: {e2e-tables: "yes"}}
spec: {node: node2, interfaceName: eth1}
`},
	"ippools": {sortBy: ".spec.blockSize", first: "pool-b", second: "pool-a",
		want: map[string]string{"CIDR": "10.231.0.0/16", "BLOCK SIZE": "24", "IPIP": "CrossSubnet", "VXLAN": "Never",
			"NAT": "true", "DISABLED": "false"}, manifest: `
apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: pool-b, labels: {e2e-tables: "yes"}}
spec: {cidr: 10.231.0.0/16, blockSize: 24, ipipMode: CrossSubnet, natOutgoing: true}
---
apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: pool-a, labels: {e2e-tables: "yes"}}
spec: {cidr: 10.232.0.0/16, blockSize: 28, vxlanMode: Always, disabled: true}
`},
	"ipreservations": {sortBy: ".spec.reservedCIDRs[0]", first: "res-b", second: "res-a",
		want: map[string]string{"RESERVED CIDRS": "10.231.0.0/28,10.231.0.16/28"}, manifest: `
apiVersion: projectcalico.org/v3
kind: IPReservation
metadata: {name: res-b, labels: {e2e-tables: "yes"}}
spec: {reservedCIDRs: [10.231.0.0/28, 10.231.0.16/28]}
---
apiVersion: projectcalico.org/v3
kind: IPReservation
metadata: {name: res-a, labels: {e2e-tables: "yes"}}
spec: {reservedCIDRs: [10.232.0.0/28]}
`},
	"networksets": {sortBy: ".spec.nets[0]", first: "set-b", second: "set-a",
		want: map[string]string{"NETS": "3"}, manifest: `
apiVersion: projectcalico.org/v3
kind: NetworkSet
metadata: {name: set-b, namespace: e2e-tables, labels: {e2e-tables: "yes"}}
spec: {nets: [198.51.100.0/28, 198.51.100.16/28, 2001:db8::/64]}
---
apiVersion: projectcalico.org/v3
kind: NetworkSet
metadata: {name: set-a, namespace: e2e-tables, labels: {e2e-tables: "yes"}}
spec: {nets: [203.0.113.0/24]}
`},
	"globalnetworksets": {sortBy: ".spec.nets[0]", first: "gset-b", second: "gset-a",
		want: map[string]string{"NETS": "1"}, manifest: `
apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata: {name: gset-b, labels: {e2e-tables: "yes"}}
spec: {nets: [198.51.100.0/28]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata: {name: gset-a, labels: {e2e-tables: "yes"}}
spec: {nets: [203.0.113.0/24, 203.0.114.0/24]}
`},
	"bgpconfigurations": {sortBy: ".spec.logSeverityScreen", first: "node.e2e-tables", second: "default",
		want: map[string]string{"LOG SEVERITY": "Debug", "AS NUMBER": "<none>"}, manifest: `
apiVersion: projectcalico.org/v3
kind: BGPConfiguration
metadata: {name: default, labels: {e2e-tables: "yes"}}
spec: {logSeverityScreen: Warning, asNumber: 64512, nodeToNodeMeshEnabled: false}
---
apiVersion: projectcalico.org/v3
kind: BGPConfiguration
metadata: {name: node.e2e-tables, labels: {e2e-tables: "yes"}}
spec: {logSeverityScreen: Debug}
`},
	"bgppeers": {sortBy: ".spec.asNumber", first: "peer-b", second: "peer-a",
		want: map[string]string{"PEER IP": "192.0.2.1", "PEER ASN": "64513", "NODE SELECTOR": "rack == 'r1'", "NODE": "<none>"}, manifest: `
apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata: {name: peer-b, labels: {e2e-tables: "yes"}}
spec: {peerIP: 192.0.2.1, asNumber: 64513, nodeSelector: rack == 'r1'}
---
apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata: {name: peer-a, labels: {e2e-tables: "yes"}}
spec: {node: node1, peerIP: 192.0.2.2, asNumber: 64514}
`},
	"bgpfilters": {sortBy: ".spec.exportV4[0].cidr", first: "filter-b", second: "filter-a",
		want: map[string]string{"EXPORT V4": "2", "IMPORT V4": "0"}, manifest: `
apiVersion: projectcalico.org/v3
kind: BGPFilter
metadata: {name: filter-b, labels: {e2e-tables: "yes"}}
spec:
  exportV4: [{action: Accept, matchOperator: In, cidr: 10.0.0.0/8}, {action: Reject}]
---
apiVersion: projectcalico.org/v3
kind: BGPFilter
metadata: {name: filter-a, labels: {e2e-tables: "yes"}}
spec:
  exportV4: [{action: Accept, matchOperator: In, cidr: 172.16.0.0/12}]
`},
	"caliconodestatuses": {sortBy: ".spec.updatePeriodSeconds", first: "status-b", second: "status-a",
		want: map[string]string{"NODE": "node1", "CLASSES": "Agent,BGP"}, manifest: `
apiVersion: projectcalico.org/v3
kind: CalicoNodeStatus
metadata: {name: status-b, labels: {e2e-tables: "yes"}}
spec: {node: node1, classes: [Agent, BGP], updatePeriodSeconds: 10}
---
apiVersion: projectcalico.org/v3
kind: CalicoNodeStatus
metadata: {name: status-a, labels: {e2e-tables: "yes"}}
spec: {node: node2, classes: [Routes], updatePeriodSeconds: 20}
`},
	"felixconfigurations": {sortBy: ".spec.logSeverityScreen", first: "node.e2e-tables", second: "default",
		want: map[string]string{"LOG SEVERITY": "Debug", "BPF": "<none>"}, manifest: `
apiVersion: projectcalico.org/v3
kind: FelixConfiguration
metadata: {name: default, labels: {e2e-tables: "yes"}}
spec: {logSeverityScreen: Warning, bpfEnabled: true}
---
apiVersion: projectcalico.org/v3
kind: FelixConfiguration
metadata: {name: node.e2e-tables, labels: {e2e-tables: "yes"}}
spec: {logSeverityScreen: Debug}
`},
	// A singleton: one object, sorted all the same.
	"kubecontrollersconfigurations": {sortBy: ".spec.logSeverityScreen", first: "default",
		want: map[string]string{"CONTROLLERS": "node,policy", "LOG SEVERITY": "Info"}, manifest: `
apiVersion: projectcalico.org/v3
kind: KubeControllersConfiguration
metadata: {name: default, labels: {e2e-tables: "yes"}}
spec:
  logSeverityScreen: Info
  controllers: {node: {syncLabels: Enabled}, policy: {}}
`},
	"ipamconfigurations": {sortBy: ".spec.maxBlocksPerHost", first: "default",
		want: map[string]string{"STRICT AFFINITY": "true", "MAX BLOCKS PER HOST": "4", "AUTO ALLOCATE BLOCKS": "true"}, manifest: `
apiVersion: projectcalico.org/v3
kind: IPAMConfiguration
metadata: {name: default, labels: {e2e-tables: "yes"}}
spec: {strictAffinity: true, autoAllocateBlocks: true, maxBlocksPerHost: 4}
`},
	"clusterinformations": {sortBy: ".spec.calicoVersion", first: "e2e-info-b", second: "e2e-info-a",
		want: map[string]string{"VERSION": "v3.31.0", "READY": "true", "TYPES": "k8s,kdd"}, manifest: `
apiVersion: crd.projectcalico.org/v1
kind: ClusterInformation
metadata: {name: e2e-info-b, annotations: {projectcalico.org/metadata: ` + metaLabels + `}}
spec: {calicoVersion: v3.31.0, clusterType: "k8s,kdd", datastoreReady: true}
---
apiVersion: crd.projectcalico.org/v1
kind: ClusterInformation
metadata: {name: e2e-info-a, annotations: {projectcalico.org/metadata: ` + metaLabels + `}}
spec: {calicoVersion: v3.32.1, datastoreReady: false}
`},
	"blockaffinities": {sortBy: ".spec.cidr", first: "aff-b", second: "aff-a",
		want: map[string]string{"CIDR": "10.231.1.0/26", "NODE": "node1", "TYPE": "host", "STATE": "confirmed"}, manifest: `
apiVersion: crd.projectcalico.org/v1
kind: BlockAffinity
metadata: {name: aff-b, annotations: {projectcalico.org/metadata: ` + metaLabels + `}}
spec: {cidr: 10.231.1.0/26, deleted: "false", node: node1, state: confirmed, type: host}
---
apiVersion: crd.projectcalico.org/v1
kind: BlockAffinity
metadata: {name: aff-a, annotations: {projectcalico.org/metadata: ` + metaLabels + `}}
spec: {cidr: 10.231.2.0/26, deleted: "false", node: node2, state: pending, type: host}
`},
	// Profiles come from Namespaces: the test's namespace is created after the server
	// started, so the built-in profile sorts first by creation time.
	"profiles": {sortBy: ".metadata.creationTimestamp", first: "projectcalico-default-allow", second: "kns." + tablesNamespace,
		want: map[string]string{"INGRESS": "1", "EGRESS": "1"}},
	// Calico Nodes come from Kubernetes Nodes and their calico-node annotations.
	"nodes": {sortBy: ".spec.bgp.asNumber", first: "e2e-tbl-node-b", second: "e2e-tbl-node-a",
		want: map[string]string{"ASN": "64512", "IPV4": "10.0.9.2/24", "IPV6": "fd00:9::2/64", "IPIP TUNNEL": "10.244.9.0", "VXLAN TUNNEL": "<none>"}, manifest: `
apiVersion: v1
kind: Node
metadata:
  name: e2e-tbl-node-b
  labels: {e2e-tables: "yes"}
  annotations: {projectcalico.org/ASNumber: "64512", projectcalico.org/IPv4Address: 10.0.9.2/24, projectcalico.org/IPv6Address: "fd00:9::2/64", projectcalico.org/IPv4IPIPTunnelAddr: 10.244.9.0}
---
apiVersion: v1
kind: Node
metadata:
  name: e2e-tbl-node-a
  labels: {e2e-tables: "yes"}
  annotations: {projectcalico.org/ASNumber: "64513", projectcalico.org/IPv4Address: 10.0.9.1/24}
`},
	// WorkloadEndpoints come from Pods bound to a node, with Calico CNI's annotations.
	"workloadendpoints": {sortBy: ".spec.ipNetworks[0]", first: "e2e--tbl--node-k8s-wep--b-eth0", second: "e2e--tbl--node-k8s-wep--a-eth0",
		want: map[string]string{"NODE": "e2e-tbl-node", "POD": "wep-b", "INTERFACE": "cali17fa2bf80c5", "NETWORKS": "10.244.9.1/32",
			"PROFILES": "kns.e2e-tables,ksa.e2e-tables.default", "NATS": "192.0.2.10:10.244.9.1"}, manifest: `
apiVersion: v1
kind: Pod
metadata:
  name: wep-b
  namespace: e2e-tables
  labels: {e2e-tables: "yes"}
  annotations: {cni.projectcalico.org/podIP: 10.244.9.1/32, cni.projectcalico.org/floatingIPs: '["192.0.2.10"]'}
spec: {nodeName: e2e-tbl-node, automountServiceAccountToken: false, containers: [{name: app, image: registry.k8s.io/pause:3.10}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: wep-a
  namespace: e2e-tables
  labels: {e2e-tables: "yes"}
  annotations: {cni.projectcalico.org/podIP: 10.244.9.2/32}
spec: {nodeName: e2e-tbl-node, automountServiceAccountToken: false, containers: [{name: app, image: registry.k8s.io/pause:3.10}]}
`},
}

// createTablesNamespace creates the fixtures' namespace, once a previous test's is gone.
func createTablesNamespace(t *testing.T) {
	t.Helper()
	eventually(t, 90*time.Second, func() error {
		_, err := kubectlErr("create", "namespace", tablesNamespace)
		return err
	})
	t.Cleanup(func() { _, _ = kubectlErr("delete", "namespace", tablesNamespace, "--wait=false") })
}

// deleteFixtures deletes a test's fixtures at once: the fixture Pods are bound to a node
// without a kubelet, which would otherwise keep them (and their namespace) terminating
// until the pod garbage collector removes them.
func deleteFixtures(t *testing.T, manifest string) {
	_, _ = kubectlIn(t, manifest, "delete", "-f", "-", "--ignore-not-found", "--grace-period=0", "--force")
}

// columnSplit separates the cells of kubectl's table output (cells hold single spaces).
var columnSplit = regexp.MustCompile(`\s{2,}`)

// parseTable splits kubectl's table output into its header and its rows by name.
func parseTable(t *testing.T, out string) ([]string, map[string][]string, []string) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) == 0 || lines[0] == "" {
		t.Fatalf("no table in %q", out)
	}
	header := columnSplit.Split(strings.TrimSpace(lines[0]), -1)
	rows := map[string][]string{}
	var order []string
	for _, line := range lines[1:] {
		cells := columnSplit.Split(strings.TrimSpace(line), -1)
		if len(cells) != len(header) {
			t.Errorf("row %q has %d cells for %d columns %q", line, len(cells), len(header), header)
			continue
		}
		rows[cells[0]] = cells
		order = append(order, cells[0])
	}
	return header, rows, order
}

// headers are the column names kubectl prints for a kind: NAME, the kind's priority-0
// columns, AGE, then (wide) its priority-1 columns.
func headers(kind *registry.Kind, wide bool) []string {
	out := []string{"NAME"}
	for _, c := range kind.Columns {
		if c.Priority == 0 {
			out = append(out, strings.ToUpper(c.Name))
		}
	}
	out = append(out, "AGE")
	for _, c := range kind.Columns {
		if wide && c.Priority > 0 {
			out = append(out, strings.ToUpper(c.Name))
		}
	}
	return out
}

var ageCell = regexp.MustCompile(`^[0-9]+[smhdy]`)

// Every kind of the table of kinds prints its columns through kubectl: header and rows,
// -o wide, and --sort-by on a spec field (which needs each row's object).
func TestEveryKindPrintsATable(t *testing.T) {
	// The built-in profile exists from the server's start; the namespace is created at
	// least a second later, so that creation times order them.
	started := kubectl(t, "get", "profiles.projectcalico.org", "projectcalico-default-allow", "-o", "jsonpath={.metadata.creationTimestamp}")
	startTime, err := time.Parse(time.RFC3339, started)
	if err != nil || startTime.Year() < 2000 || time.Since(startTime) > time.Hour || time.Since(startTime) < 0 {
		t.Fatalf("projectcalico-default-allow created at %q (%v), want this server's start", started, err)
	}
	time.Sleep(time.Until(startTime.Add(time.Second + 100*time.Millisecond)))
	createTablesNamespace(t)

	for _, kind := range registry.Kinds() {
		t.Run(kind.Resource, func(t *testing.T) {
			fixture, ok := tableFixtures[kind.Resource]
			if !ok {
				t.Fatalf("no fixture for %s: add one to tableFixtures", kind.Resource)
			}
			resource := kind.Resource + ".projectcalico.org"
			args := []string{"get", resource}
			if kind.Storage.Namespaced {
				args = append(args, "-n", tablesNamespace)
			}
			if fixture.manifest != "" {
				if out, err := kubectlIn(t, fixture.manifest, "create", "-f", "-"); err != nil {
					t.Fatalf("create: %s %v", out, err)
				}
				t.Cleanup(func() {
					deleteFixtures(t, fixture.manifest)
				})
				args = append(args, "-l", "e2e-tables=yes")
			}

			// The table, sorted on a spec field: kubectl asks for each row's object
			// (includeObject=Object) and sorts on it.
			header, rows, order := parseTable(t, kubectl(t, append(args, "--sort-by="+fixture.sortBy)...))
			if got, want := strings.Join(header, "|"), strings.Join(headers(kind, false), "|"); got != want {
				t.Errorf("header %s, want %s", got, want)
			}
			if _, ok := rows[fixture.first]; !ok {
				t.Fatalf("no row for %s in %v", fixture.first, rows)
			}
			if got := positions(order, fixture.first, fixture.second); got != "" {
				t.Errorf("--sort-by=%s: %s (rows %v)", fixture.sortBy, got, order)
			}

			// -o wide: every column, the expected cells among them.
			header, rows, _ = parseTable(t, kubectl(t, append(args, "-o", "wide")...))
			if got, want := strings.Join(header, "|"), strings.Join(headers(kind, true), "|"); got != want {
				t.Errorf("-o wide header %s, want %s", got, want)
			}
			cells := map[string]string{}
			for i, h := range header {
				if row, ok := rows[fixture.first]; ok {
					cells[h] = row[i]
				}
			}
			for column, want := range fixture.want {
				if cells[column] != want {
					t.Errorf("%s of %s = %q, want %q", column, fixture.first, cells[column], want)
				}
			}
			if !ageCell.MatchString(cells["AGE"]) {
				t.Errorf("AGE of %s = %q", fixture.first, cells["AGE"])
			}
		})
	}
}

// positions checks that first comes before second (when given) in order.
func positions(order []string, first, second string) string {
	i, j := -1, -1
	for n, name := range order {
		switch name {
		case first:
			i = n
		case second:
			j = n
		}
	}
	switch {
	case i < 0:
		return first + " missing"
	case second == "":
		return ""
	case j < 0:
		return second + " missing"
	case i > j:
		return fmt.Sprintf("%s sorted after %s", first, second)
	}
	return ""
}
