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
    node: {reconcilerPeriod: 5m0s, syncLabels: Enabled}
`},
	{plural: "ipamconfigurations", storedAs: "ipamconfigs", name: "default", shortName: "ipamconfig", manifest: `
apiVersion: projectcalico.org/v3
kind: IPAMConfiguration
metadata: {name: default}
spec: {strictAffinity: true, autoAllocateBlocks: true, maxBlocksPerHost: 4}
`},
}

// Every CRD-backed kind: create with kubectl, read back, list, the stored custom
// resource checked field by field, delete.
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
			// resource.version.group: kubectl would expand Calico's short name "ipamconfigs" to
			// the v3 resource even with the group crd.projectcalico.org.
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
