package registry

import (
	"context"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// Every kind has a table with described columns, and an empty object of the kind fills
// every cell of it: no kind prints the bare NAME/CREATED AT table.
func TestEveryKindHasATable(t *testing.T) {
	for _, kind := range Kinds() {
		if len(kind.Columns) == 0 {
			t.Errorf("%s: no columns in its row of the table of kinds", kind.Resource)
			continue
		}
		names := map[string]bool{"Name": true, "Age": true}
		for _, col := range kind.Columns {
			if col.Name == "" || col.Type == "" || col.Description == "" || col.Cell == nil {
				t.Errorf("%s: incomplete column %+v", kind.Resource, col.TableColumnDefinition)
			}
			if names[col.Name] {
				t.Errorf("%s: two columns named %q", kind.Resource, col.Name)
			}
			names[col.Name] = true
		}
		obj := kind.Storage.NewFunc()
		mustAccessor(obj).SetName("x")
		table, err := newTableConvertor(v3.Resource(kind.Resource), kind.Columns).ConvertToTable(context.Background(), obj, nil)
		if err != nil {
			t.Errorf("%s: %v", kind.Resource, err)
			continue
		}
		if len(table.Rows) != 1 || len(table.Rows[0].Cells) != len(table.ColumnDefinitions) {
			t.Errorf("%s: %d rows, cells %v for %d columns", kind.Resource, len(table.Rows), table.Rows, len(table.ColumnDefinitions))
			continue
		}
		for i, cell := range table.Rows[0].Cells {
			if cell == nil || cell == "" {
				t.Errorf("%s: column %q of an empty object is empty, want a value or <none>", kind.Resource, table.ColumnDefinitions[i].Name)
			}
		}
	}
}

// The table is NAME, the always-printed columns, AGE, then the -o wide ones; each row
// carries its object (includeObject, --sort-by) and a list keeps its list metadata.
func TestTableConvertorLayout(t *testing.T) {
	created := metav1.NewTime(time.Now().Add(-90 * time.Minute))
	list := &v3.NetworkSetList{
		ListMeta: metav1.ListMeta{ResourceVersion: "42", Continue: "next"},
		Items: []v3.NetworkSet{
			{ObjectMeta: metav1.ObjectMeta{Name: "a", Namespace: "ns", CreationTimestamp: created}, Spec: v3.NetworkSetSpec{Nets: []string{"10.0.0.0/8", "192.168.0.0/16"}}},
			{ObjectMeta: metav1.ObjectMeta{Name: "b", Namespace: "ns"}},
		},
	}
	c := newTableConvertor(v3.Resource("networksets"), networkSetColumns())
	table, err := c.ConvertToTable(context.Background(), list, &metav1.TableOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var header []string
	for _, d := range table.ColumnDefinitions {
		header = append(header, d.Name+"/"+string(rune('0'+d.Priority)))
	}
	if got, want := strings.Join(header, " "), "Name/0 Nets/0 Age/0 Networks/1"; got != want {
		t.Errorf("columns %q, want %q", got, want)
	}
	if table.ResourceVersion != "42" || table.Continue != "next" {
		t.Errorf("list metadata not kept: %+v", table.ListMeta)
	}
	want := [][]interface{}{
		{"a", int64(2), "90m", "10.0.0.0/8,192.168.0.0/16"},
		{"b", int64(0), "<unknown>", "<none>"},
	}
	for i, row := range table.Rows {
		for j, cell := range row.Cells {
			if cell != want[i][j] {
				t.Errorf("row %d column %s: %#v, want %#v", i, table.ColumnDefinitions[j].Name, cell, want[i][j])
			}
		}
		if row.Object.Object != &list.Items[i] {
			t.Errorf("row %d does not carry its object", i)
		}
	}
	table, err = c.ConvertToTable(context.Background(), &list.Items[0], &metav1.TableOptions{NoHeaders: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(table.ColumnDefinitions) != 0 || len(table.Rows) != 1 {
		t.Errorf("noHeaders: %d definitions, %d rows", len(table.ColumnDefinitions), len(table.Rows))
	}
}

// cells is the row of one object under its kind's columns, by column name.
func cells(t *testing.T, columns []Column, obj runtime.Object) map[string]interface{} {
	t.Helper()
	table, err := newTableConvertor(v3.Resource("test"), columns).ConvertToTable(context.Background(), obj, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]interface{}{}
	for i, d := range table.ColumnDefinitions {
		out[d.Name] = table.Rows[0].Cells[i]
	}
	return out
}

func checkCells(t *testing.T, got, want map[string]interface{}) {
	t.Helper()
	for name, w := range want {
		if got[name] != w {
			t.Errorf("column %q: %#v, want %#v", name, got[name], w)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestIPPoolColumns(t *testing.T) {
	pool := &v3.IPPool{
		ObjectMeta: metav1.ObjectMeta{Name: "pool"},
		Spec: v3.IPPoolSpec{CIDR: "10.0.0.0/16", BlockSize: 26, IPIPMode: v3.IPIPModeCrossSubnet, VXLANMode: v3.VXLANModeNever,
			NATOutgoing: true, NodeSelector: "all()", AllowedUses: []v3.IPPoolAllowedUse{"Workload", "Tunnel"}},
		Status: &v3.IPPoolStatus{Conditions: []metav1.Condition{{Type: "Allocatable", Status: metav1.ConditionTrue}}},
	}
	checkCells(t, cells(t, ipPoolColumns(), pool), map[string]interface{}{
		"CIDR": "10.0.0.0/16", "Block Size": int64(26), "IPIP": "CrossSubnet", "VXLAN": "Never", "NAT": true,
		"Disabled": false, "Allocatable": "True", "Node Selector": "all()", "Allowed Uses": "Workload,Tunnel",
		"Assignment Mode": "<none>",
	})
}

func TestPolicyColumns(t *testing.T) {
	gnp := &v3.GlobalNetworkPolicy{
		ObjectMeta: metav1.ObjectMeta{Name: "security.web"},
		Spec: v3.GlobalNetworkPolicySpec{Tier: "security", Order: ptr(1000000.0),
			Selector: "app == 'web' && role in {'frontend', 'backend', 'cache'}",
			Types:    []v3.PolicyType{v3.PolicyTypeIngress, v3.PolicyTypeEgress}, Ingress: []v3.Rule{{Action: v3.Allow}, {Action: v3.Deny}}},
	}
	checkCells(t, cells(t, globalNetworkPolicyColumns(), gnp), map[string]interface{}{
		"Tier": "security", "Order": "1000000", "Selector": "app == 'web' && role in {'frontend', ...",
		"Types": "Ingress,Egress", "Ingress": int64(2), "Egress": int64(0), "Namespace Selector": "<none>",
	})
	np := &v3.NetworkPolicy{ObjectMeta: metav1.ObjectMeta{Name: "np", Namespace: "ns"}, Spec: v3.NetworkPolicySpec{Tier: "default", Order: ptr(10.5), Selector: "all()"}}
	checkCells(t, cells(t, networkPolicyColumns(), np), map[string]interface{}{"Tier": "default", "Order": "10.5", "Selector": "all()"})
	snp := &v3.StagedNetworkPolicy{ObjectMeta: metav1.ObjectMeta{Name: "snp", Namespace: "ns"}, Spec: v3.StagedNetworkPolicySpec{StagedAction: v3.StagedActionDelete}}
	checkCells(t, cells(t, stagedNetworkPolicyColumns(), snp), map[string]interface{}{"Staged Action": "Delete", "Order": "<none>", "Selector": "<none>"})
	sknp := &v3.StagedKubernetesNetworkPolicy{ObjectMeta: metav1.ObjectMeta{Name: "k", Namespace: "ns"},
		Spec: v3.StagedKubernetesNetworkPolicySpec{PodSelector: metav1.LabelSelector{MatchLabels: map[string]string{"app": "db"}}}}
	checkCells(t, cells(t, stagedKubernetesNetworkPolicyColumns(), sknp), map[string]interface{}{"Pod-Selector": "app=db", "Staged Action": "<none>"})
}

func TestTierColumns(t *testing.T) {
	tier := &v3.Tier{ObjectMeta: metav1.ObjectMeta{Name: "security"}, Spec: v3.TierSpec{Order: ptr(100.0), DefaultAction: ptr(v3.Pass)}}
	checkCells(t, cells(t, tierColumns(), tier), map[string]interface{}{"Order": "100", "Default Action": "Pass", "Status": "<none>"})
}

func TestBGPPeerColumns(t *testing.T) {
	local := numorstring.ASNumber(64513)
	peer := &v3.BGPPeer{ObjectMeta: metav1.ObjectMeta{Name: "rack1"},
		Spec: v3.BGPPeerSpec{PeerIP: "192.0.2.1:179", ASNumber: 4294967294, LocalASNumber: &local, NodeSelector: "rack == '1'", Filters: []string{"f1", "f2"}}}
	checkCells(t, cells(t, bgpPeerColumns(), peer), map[string]interface{}{
		"Node": "<none>", "Node Selector": "rack == '1'", "Peer IP": "192.0.2.1:179", "Peer Selector": "<none>",
		"Peer ASN": "4294967294", "Local ASN": "64513", "Filters": "f1,f2",
	})
	mesh := &v3.BGPPeer{ObjectMeta: metav1.ObjectMeta{Name: "rr"}, Spec: v3.BGPPeerSpec{Node: "node-1", PeerSelector: "route-reflector == 'true'"}}
	checkCells(t, cells(t, bgpPeerColumns(), mesh), map[string]interface{}{"Node": "node-1", "Peer Selector": "route-reflector == 'true'", "Peer ASN": "<none>"})
}

func TestHostEndpointColumns(t *testing.T) {
	hep := &v3.HostEndpoint{ObjectMeta: metav1.ObjectMeta{Name: "node1-eth0"},
		Spec: v3.HostEndpointSpec{Node: "node1", InterfaceName: "eth0", ExpectedIPs: []string{"192.0.2.10", "2001:db8::10"},
			Ports: []v3.EndpointPort{{Name: "ssh", Protocol: numorstring.ProtocolFromString("TCP"), Port: 22}}}}
	checkCells(t, cells(t, hostEndpointColumns(), hep), map[string]interface{}{
		"Node": "node1", "Interface": "eth0", "Expected IPs": "192.0.2.10,2001:db8::10", "Profiles": "<none>", "Ports": "ssh:22/TCP",
	})
}

func TestConfigurationColumns(t *testing.T) {
	asn := numorstring.ASNumber(64512)
	bgp := &v3.BGPConfiguration{ObjectMeta: metav1.ObjectMeta{Name: "default"},
		Spec: v3.BGPConfigurationSpec{ASNumber: &asn, NodeToNodeMeshEnabled: ptr(false), LogSeverityScreen: "Info",
			ServiceClusterIPs: []v3.ServiceClusterIPBlock{{CIDR: "10.96.0.0/12"}}}}
	checkCells(t, cells(t, bgpConfigurationColumns(), bgp), map[string]interface{}{
		"AS Number": "64512", "Node-to-Node Mesh": "false", "Log Severity": "Info", "Service Cluster IPs": "10.96.0.0/12", "Service External IPs": "<none>",
	})
	felix := &v3.FelixConfiguration{ObjectMeta: metav1.ObjectMeta{Name: "default"},
		Spec: v3.FelixConfigurationSpec{BPFEnabled: ptr(true), LogSeverityScreen: "Warning"}}
	checkCells(t, cells(t, felixConfigurationColumns(), felix), map[string]interface{}{
		"Log Severity": "Warning", "BPF": "true", "Wireguard": "<none>", "NFTables": "<none>",
	})
	kcc := &v3.KubeControllersConfiguration{ObjectMeta: metav1.ObjectMeta{Name: "default"},
		Spec: v3.KubeControllersConfigurationSpec{HealthChecks: "Enabled", Controllers: v3.ControllersConfig{
			Node: &v3.NodeControllerConfig{}, Namespace: &v3.NamespaceControllerConfig{}}, PrometheusMetricsPort: ptr(9094)}}
	checkCells(t, cells(t, kubeControllersConfigurationColumns(), kcc), map[string]interface{}{
		"Controllers": "node,namespace", "Health Checks": "Enabled", "Prometheus Port": "9094", "Log Severity": "<none>",
	})
}

func TestSetAndIPAMColumns(t *testing.T) {
	gns := &v3.GlobalNetworkSet{ObjectMeta: metav1.ObjectMeta{Name: "g"}, Spec: v3.GlobalNetworkSetSpec{Nets: []string{"198.51.100.0/24"}}}
	checkCells(t, cells(t, globalNetworkSetColumns(), gns), map[string]interface{}{"Nets": int64(1), "Networks": "198.51.100.0/24"})
	ipam := &v3.IPAMConfiguration{ObjectMeta: metav1.ObjectMeta{Name: "default"},
		Spec: v3.IPAMConfigurationSpec{StrictAffinity: true, MaxBlocksPerHost: 4, AutoAllocateBlocks: true}}
	checkCells(t, cells(t, ipamConfigurationColumns(), ipam), map[string]interface{}{
		"Strict Affinity": true, "Max Blocks Per Host": int64(4), "Auto Allocate Blocks": true,
	})
	ba := &v3.BlockAffinity{ObjectMeta: metav1.ObjectMeta{Name: "b"}, Spec: v3.BlockAffinitySpec{CIDR: "10.0.1.0/26", Node: "n1", State: "confirmed", Type: "host"}}
	checkCells(t, cells(t, blockAffinityColumns(), ba), map[string]interface{}{"CIDR": "10.0.1.0/26", "Node": "n1", "State": "confirmed", "Type": "host"})
	ci := &v3.ClusterInformation{ObjectMeta: metav1.ObjectMeta{Name: "default"}, Spec: v3.ClusterInformationSpec{CalicoVersion: "v3.32.1", DatastoreReady: ptr(true), ClusterType: "k8s,kdd"}}
	checkCells(t, cells(t, clusterInformationColumns(), ci), map[string]interface{}{"Version": "v3.32.1", "Ready": "true", "Types": "k8s,kdd"})
}

func TestTrimmed(t *testing.T) {
	for in, want := range map[string]string{"": "", "abc": "abc", "abcdefgh": "abcdefgh", "abcdefghi": "abcde...", "ααααααααα": "ααααα..."} {
		if got := trimmed(in, 8); got != want {
			t.Errorf("trimmed(%q) = %q, want %q", in, got, want)
		}
	}
}
