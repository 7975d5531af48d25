package e2e

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// kindCase is one kind's round trip through kubectl: a manifest written for Calico,
// applied through projectcalico.org/v3 and checked in crd.projectcalico.org/v1.
type kindCase struct {
	plural, namespace, name, shortName string
	// storedAs is the v1 plural when it differs from the v3 one.
	storedAs string
	// keepsName: the metadata annotation carries the name (the four tiered policies).
	keepsName bool
	manifest  string
}

var kindCases = []kindCase{
	{plural: "tiers", name: "security", manifest: `
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100, defaultAction: Pass}
`},
	{plural: "networkpolicies", namespace: "e2e-kinds", name: "allow-dns", shortName: "cnp", keepsName: true, manifest: `
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: e2e-kinds}
spec:
  tier: default
  order: 100
  selector: app == 'web'
  types: [Egress]
  egress:
  - action: Allow
    protocol: UDP
    destination: {selector: k8s-app == 'kube-dns', namespaceSelector: all(), ports: [53, "5000:5010", dns]}
`},
	{plural: "globalnetworkpolicies", name: "deny-icmp", shortName: "gnp", keepsName: true, manifest: `
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: deny-icmp}
spec:
  tier: default
  order: 10
  selector: all()
  types: [Ingress, Egress]
  ingress:
  - action: Deny
    protocol: ICMP
    icmp: {type: 8, code: 0}
    source: {nets: [10.0.0.0/8], notNets: [10.1.0.0/16]}
  - action: Allow
    protocol: TCP
    source: {serviceAccounts: {names: [builder], selector: role == 'ci'}}
    destination: {ports: [443]}
    http: {methods: [GET], paths: [{prefix: /api}]}
  egress:
  - action: Pass
    protocol: 17
  applyOnForward: true
`},
	{plural: "stagednetworkpolicies", namespace: "e2e-kinds", name: "staged-allow", shortName: "snp", keepsName: true, manifest: `
apiVersion: projectcalico.org/v3
kind: StagedNetworkPolicy
metadata: {name: staged-allow, namespace: e2e-kinds}
spec:
  stagedAction: Set
  tier: default
  selector: app == 'db'
  types: [Ingress]
  ingress: [{action: Allow, protocol: TCP, destination: {ports: [5432]}}]
`},
	{plural: "stagedglobalnetworkpolicies", name: "staged-deny", shortName: "sgnp", keepsName: true, manifest: `
apiVersion: projectcalico.org/v3
kind: StagedGlobalNetworkPolicy
metadata: {name: staged-deny}
spec:
  stagedAction: Set
  tier: default
  selector: has(role)
  types: [Egress]
  egress: [{action: Deny, destination: {nets: [192.0.2.0/24]}}]
`},
	{plural: "stagedkubernetesnetworkpolicies", namespace: "e2e-kinds", name: "staged-k8s", shortName: "sknp", manifest: `
apiVersion: projectcalico.org/v3
kind: StagedKubernetesNetworkPolicy
metadata: {name: staged-k8s, namespace: e2e-kinds}
spec:
  stagedAction: Set
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: lb}}}]
    ports: [{protocol: TCP, port: 8080}]
`},
	{plural: "hostendpoints", name: "node1-eth0", shortName: "hep", manifest: `
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: node1-eth0, labels: {role: edge}}
spec:
  node: node1
  interfaceName: eth0
  expectedIPs: [192.0.2.10]
  profiles: [edge]
  ports: [{name: https, port: 443, protocol: TCP}]
`},
	{plural: "bgpconfigurations", name: "default", manifest: `
apiVersion: projectcalico.org/v3
kind: BGPConfiguration
metadata: {name: default}
spec: {logSeverityScreen: Info, nodeToNodeMeshEnabled: true, asNumber: 64512}
`},
	{plural: "bgppeers", name: "rack1-tor", manifest: `
apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata: {name: rack1-tor}
spec: {peerIP: 192.0.2.1, asNumber: 64513, nodeSelector: rack == 'r1'}
`},
	{plural: "bgpfilters", name: "export-private", manifest: `
apiVersion: projectcalico.org/v3
kind: BGPFilter
metadata: {name: export-private}
spec:
  exportV4: [{action: Accept, matchOperator: In, cidr: 10.0.0.0/8}]
`},
	{plural: "caliconodestatuses", name: "node1-status", manifest: `
apiVersion: projectcalico.org/v3
kind: CalicoNodeStatus
metadata: {name: node1-status}
spec: {node: node1, classes: [Agent, BGP], updatePeriodSeconds: 10}
`},
	{plural: "felixconfigurations", name: "default", manifest: `
apiVersion: projectcalico.org/v3
kind: FelixConfiguration
metadata: {name: default}
spec: {logSeverityScreen: Info, reportingInterval: 0s, bpfEnabled: false, kubeNodePortRanges: ["30000:32767"]}
`},
	{plural: "kubecontrollersconfigurations", name: "default", manifest: `
apiVersion: projectcalico.org/v3
kind: KubeControllersConfiguration
metadata: {name: default}
spec:
  logSeverityScreen: Info
  controllers:
    node: {reconcilerPeriod: 5m0s, syncLabels: Enabled, leakGracePeriod: 10m0s}
`},
	{plural: "ipamconfigurations", storedAs: "ipamconfigs", name: "default", manifest: `
apiVersion: projectcalico.org/v3
kind: IPAMConfiguration
metadata: {name: default}
spec: {strictAffinity: true, autoAllocateBlocks: true, maxBlocksPerHost: 4}
`},
}

// Every CRD-backed kind: create with kubectl, read back, update, list, the stored
// custom resource checked field by field, delete.
func TestEveryKindRoundTrips(t *testing.T) {
	kubectl(t, "create", "namespace", "e2e-kinds")
	t.Cleanup(func() { _, _ = kubectlErr("delete", "namespace", "e2e-kinds", "--wait=false") })
	for _, c := range kindCases {
		t.Run(c.plural, func(t *testing.T) {
			ns := []string{}
			if c.namespace != "" {
				ns = []string{"-n", c.namespace}
			}
			v1Plural := c.plural
			if c.storedAs != "" {
				v1Plural = c.storedAs
			}
			// resource.version.group names each API's resource unambiguously.
			v3Resource, v1Resource := c.plural+".projectcalico.org", v1Plural+".v1.crd.projectcalico.org"
			if out, err := kubectlIn(t, c.manifest, "apply", "-f", "-"); err != nil || !strings.Contains(out, "created") {
				t.Fatalf("apply: %s %v", out, err)
			}
			t.Cleanup(func() {
				_, _ = kubectlErr(append([]string{"delete", v3Resource, c.name, "--ignore-not-found"}, ns...)...)
			})

			var sent map[string]interface{}
			if err := yaml.Unmarshal([]byte(c.manifest), &sent); err != nil {
				t.Fatal(err)
			}
			served := getJSON(t, append([]string{"get", v3Resource, c.name}, ns...)...)
			stored := getJSON(t, append([]string{"get", v1Resource, c.name}, ns...)...)
			// Every field the manifest set is served as set, and stored verbatim.
			for key, want := range sent["spec"].(map[string]interface{}) {
				if got := field(served, "spec", key); !jsonEqual(got, want) {
					t.Errorf("served spec.%s = %v, want %v", key, got, want)
				}
				if got := field(stored, "spec", key); !jsonEqual(got, field(served, "spec", key)) {
					t.Errorf("stored spec.%s = %v, served %v", key, got, field(served, "spec", key))
				}
			}
			raw, _ := field(stored, "metadata", "annotations", "projectcalico.org/metadata").(string)
			var meta map[string]interface{}
			if err := json.Unmarshal([]byte(raw), &meta); err != nil {
				t.Fatalf("metadata annotation %q: %v (stored %v)", raw, err, stored)
			}
			if _, hasName := meta["name"]; hasName != c.keepsName {
				t.Errorf("metadata annotation has name: %v, want %v (%s)", hasName, c.keepsName, raw)
			}

			// Update: a label added through v3 is served, and stored in the metadata
			// annotation; the spec is unchanged.
			kubectl(t, append([]string{"label", v3Resource, c.name, "e2e-updated=yes"}, ns...)...)
			updated := getJSON(t, append([]string{"get", v3Resource, c.name}, ns...)...)
			if got := field(updated, "metadata", "labels", "e2e-updated"); got != "yes" {
				t.Errorf("after update, label e2e-updated = %v", got)
			}
			if !jsonEqual(field(updated, "spec"), field(served, "spec")) {
				t.Errorf("update changed the spec: %v, was %v", field(updated, "spec"), field(served, "spec"))
			}
			restored := getJSON(t, append([]string{"get", v1Resource, c.name}, ns...)...)
			if raw, _ := field(restored, "metadata", "annotations", "projectcalico.org/metadata").(string); !strings.Contains(raw, `"e2e-updated":"yes"`) {
				t.Errorf("metadata annotation after update lacks the label: %s", raw)
			}

			list := kubectl(t, append([]string{"get", v3Resource, "-o", "name"}, ns...)...)
			if !strings.Contains(list, "/"+c.name) {
				t.Errorf("list lacks %s: %s", c.name, list)
			}
			if c.shortName != "" {
				if out := kubectl(t, append([]string{"get", c.shortName, "-o", "name"}, ns...)...); !strings.Contains(out, "/"+c.name) {
					t.Errorf("kubectl get %s: %s", c.shortName, out)
				}
			}
			kubectl(t, append([]string{"delete", v3Resource, c.name}, ns...)...)
			if _, err := kubectlErr(append([]string{"get", v1Resource, c.name}, ns...)...); err == nil || !strings.Contains(err.Error(), "NotFound") {
				t.Errorf("stored object after delete: %v", err)
			}
		})
	}
}

// jsonEqual compares two decoded JSON values, treating numbers by value.
func jsonEqual(a, b interface{}) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	var na, nb interface{}
	_ = json.Unmarshal(ja, &na)
	_ = json.Unmarshal(jb, &nb)
	return reflect.DeepEqual(na, nb)
}
