package e2e

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/yaml"
)

// docsNamespace holds the namespaced objects of testdata/docs.
const docsNamespace = "docs-shop"

// docsManifest is one object of testdata/docs, as written.
type docsManifest struct {
	file   string
	object map[string]interface{}
}

func (m docsManifest) kind() string { return m.object["kind"].(string) }
func (m docsManifest) name() string { return field(m.object, "metadata", "name").(string) }
func (m docsManifest) namespace() string {
	ns, _ := field(m.object, "metadata", "namespace").(string)
	return ns
}

// storedKinds are the kinds stored under another kind's name (storage contract §10.1).
var storedKinds = map[string]string{"IPAMConfiguration": "IPAMConfig"}

// storedKind is the crd.projectcalico.org/v1 kind an object of a v3 kind is stored as.
func storedKind(kind string) string {
	if stored, ok := storedKinds[kind]; ok {
		return stored
	}
	return kind
}

// ref names the object for kubectl in the given API group ("v3.projectcalico.org" or
// "v1.crd.projectcalico.org"): <singular>.<version>.<group>/<name>, the singular being
// the lower-cased kind.
func (m docsManifest) ref(group string) string {
	kind := m.kind()
	if strings.HasPrefix(group, "v1.") {
		kind = storedKind(kind)
	}
	return strings.ToLower(kind) + "." + group + "/" + m.name()
}

// Objects that others refer to are created first and deleted last: tiers hold
// policies, BGP filters are named by peers.
func createdFirst(kind string) bool { return kind == "Tier" || kind == "BGPFilter" }

// Every manifest under testdata/docs, written as Calico's documentation writes them,
// is created with kubectl apply, served back through projectcalico.org/v3 equal to the
// manifest plus Calico's documented defaults, field by field, and stored as a
// crd.projectcalico.org/v1 object with the same name and spec.
func TestDocumentedManifestsWorkUnchanged(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "docs", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var first, rest []docsManifest
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, doc := range strings.Split(string(data), "\n---\n") {
			var obj map[string]interface{}
			if err := yaml.Unmarshal([]byte(doc), &obj); err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			if obj == nil {
				continue
			}
			m := docsManifest{file: file, object: obj}
			if createdFirst(m.kind()) {
				first = append(first, m)
			} else {
				rest = append(rest, m)
			}
		}
	}
	all := append(append([]docsManifest{}, first...), rest...)
	if len(all) < 40 {
		t.Fatalf("%d manifests under testdata/docs, want at least 40", len(all))
	}

	kubectl(t, "create", "namespace", docsNamespace)
	t.Cleanup(func() {
		// Policies before their tiers, peers before their filters.
		for _, group := range [][]docsManifest{rest, first} {
			_, _ = kubectlErr(append([]string{"delete", "--ignore-not-found", "--wait=false"}, fileArgs(group)...)...)
		}
		_, _ = kubectlErr("delete", "namespace", docsNamespace, "--wait=false")
	})
	// Singletons such as BGPConfiguration "default" may be left by other tests; the
	// documented manifests must create them.
	for _, m := range all {
		if !strings.HasPrefix(m.name(), "docs-") && !strings.Contains(m.name(), ".docs-") {
			kubectl(t, "delete", "--ignore-not-found", m.ref("v3.projectcalico.org"))
		}
	}

	var warnings []string
	for _, group := range [][]docsManifest{first, rest} {
		out, stderr := kubectlStderr(t, "", append([]string{"apply"}, fileArgs(group)...)...)
		for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
			if line != "" {
				warnings = append(warnings, line)
			}
		}
		for _, m := range group {
			if want := strings.ToLower(m.kind()) + ".projectcalico.org/" + m.name() + " created"; !strings.Contains(out, want) {
				t.Errorf("%s: kubectl apply did not say %q:\n%s", m.file, want, out)
			}
		}
	}

	// The one deprecated field the documentation still shows draws a warning; nothing
	// else does.
	wantWarnings := []string{"Warning: spec.keepOriginalNextHop: deprecated; use spec.nextHopMode: Keep instead"}
	if !reflect.DeepEqual(warnings, wantWarnings) {
		t.Errorf("kubectl apply printed\n%s\nwant\n%s", strings.Join(warnings, "\n"), strings.Join(wantWarnings, "\n"))
	}

	served := getObjects(t, all, "v3.projectcalico.org")
	stored := getObjects(t, all, "v1.crd.projectcalico.org")
	for _, m := range all {
		t.Run(strings.TrimSuffix(filepath.Base(m.file), ".yaml")+"/"+m.name(), func(t *testing.T) {
			v3obj := served[objectKey(m.kind(), m.namespace(), m.name())]
			v1obj := stored[objectKey(storedKind(m.kind()), m.namespace(), m.name())]
			if v3obj == nil || v1obj == nil {
				t.Fatalf("served %v, stored %v", v3obj != nil, v1obj != nil)
			}
			wantSpec, wantLabels := documentedDefaults(m)
			for _, diff := range compareJSON("spec", wantSpec, field(v3obj, "spec")) {
				t.Errorf("served %s", diff)
			}
			for _, diff := range compareJSON("metadata.labels", wantLabels, field(v3obj, "metadata", "labels")) {
				t.Errorf("served %s", diff)
			}
			annotations, _ := field(m.object, "metadata", "annotations").(map[string]interface{})
			for k, v := range annotations {
				if got := field(v3obj, "metadata", "annotations", k); got != v {
					t.Errorf("served metadata.annotations[%s] = %v, want %v", k, got, v)
				}
			}
			// Calico's stored layout: the same name (policies keep their tier prefix,
			// no default. prefix is added), the served spec verbatim, Calico's tier label
			// on the custom resource.
			if got := field(v1obj, "metadata", "name"); got != m.name() {
				t.Errorf("stored name %v, want %s", got, m.name())
			}
			for _, diff := range compareJSON("spec", field(v3obj, "spec"), field(v1obj, "spec")) {
				t.Errorf("stored %s", diff)
			}
			if tier, ok := wantSpec["tier"]; ok && m.kind() != "StagedKubernetesNetworkPolicy" {
				if got := field(v1obj, "metadata", "labels", "projectcalico.org/tier"); got != tier {
					t.Errorf("stored label projectcalico.org/tier = %v, want %v", got, tier)
				}
			}
		})
	}
}

func fileArgs(manifests []docsManifest) []string {
	seen := map[string]bool{}
	var args []string
	for _, m := range manifests {
		if !seen[m.file] {
			seen[m.file] = true
			args = append(args, "-f", m.file)
		}
	}
	return args
}

func objectKey(kind, namespace, name string) string { return kind + "/" + namespace + "/" + name }

// getObjects reads the manifests' objects in one API group with one kubectl get per
// scope, keyed by objectKey.
func getObjects(t *testing.T, manifests []docsManifest, group string) map[string]map[string]interface{} {
	t.Helper()
	byNamespace := map[string][]string{}
	for _, m := range manifests {
		byNamespace[m.namespace()] = append(byNamespace[m.namespace()], m.ref(group))
	}
	objects := map[string]map[string]interface{}{}
	for ns, refs := range byNamespace {
		args := append([]string{"get"}, refs...)
		if ns != "" {
			args = append(args, "-n", ns)
		}
		list := getJSON(t, args...)
		items, _ := list["items"].([]interface{})
		for _, item := range items {
			obj := item.(map[string]interface{})
			kind, _ := obj["kind"].(string)
			name, _ := field(obj, "metadata", "name").(string)
			namespace, _ := field(obj, "metadata", "namespace").(string)
			objects[objectKey(kind, namespace, name)] = obj
		}
	}
	return objects
}

// documentedDefaults returns the spec and labels Calico serves for a manifest: what it
// says, plus the defaults Calico's documentation and client fill in (listed here on
// their own, not taken from the server's code, so that a change there shows).
func documentedDefaults(m docsManifest) (spec, labels map[string]interface{}) {
	copied := map[string]interface{}{}
	data, _ := json.Marshal(m.object)
	_ = json.Unmarshal(data, &copied)
	spec, _ = copied["spec"].(map[string]interface{})
	if spec == nil {
		spec = map[string]interface{}{}
	}
	labels, _ = field(copied, "metadata", "labels").(map[string]interface{})
	if labels == nil {
		labels = map[string]interface{}{}
	}
	setDefault := func(obj map[string]interface{}, key string, value interface{}) {
		if _, ok := obj[key]; !ok {
			obj[key] = value
		}
	}
	switch kind := m.kind(); kind {
	case "Tier":
		setDefault(spec, "order", float64(1000000))
		setDefault(spec, "defaultAction", "Deny")
	case "NetworkPolicy", "GlobalNetworkPolicy", "StagedNetworkPolicy", "StagedGlobalNetworkPolicy":
		setDefault(spec, "tier", "default")
		labels["projectcalico.org/tier"] = spec["tier"]
		staged := strings.HasPrefix(kind, "Staged")
		if staged {
			setDefault(spec, "stagedAction", "Set")
		}
		if !staged || spec["stagedAction"] != "Delete" {
			_, ingress := spec["ingress"]
			_, egress := spec["egress"]
			switch {
			case !egress:
				setDefault(spec, "types", []interface{}{"Ingress"})
			case !ingress:
				setDefault(spec, "types", []interface{}{"Egress"})
			default:
				setDefault(spec, "types", []interface{}{"Ingress", "Egress"})
			}
		}
	case "StagedKubernetesNetworkPolicy":
		setDefault(spec, "stagedAction", "Set")
	case "IPPool":
		blockSize := float64(26)
		if ip, _, err := net.ParseCIDR(spec["cidr"].(string)); err == nil && ip.To4() == nil {
			blockSize = 122
		}
		setDefault(spec, "blockSize", blockSize)
		setDefault(spec, "nodeSelector", "all()")
		setDefault(spec, "allowedUses", []interface{}{"Workload", "Tunnel"})
		setDefault(spec, "assignmentMode", "Automatic")
		setDefault(spec, "ipipMode", "Never")
		setDefault(spec, "vxlanMode", "Never")
	case "FelixConfiguration":
		setDefault(spec, "floatingIPs", "Disabled")
		setDefault(spec, "bpfConnectTimeLoadBalancing", "TCP")
		setDefault(spec, "bpfHostNetworkedNATWithoutCTLB", "Enabled")
		setDefault(spec, "nftablesMode", "Auto")
		// Calico's Go type serializes bpfLogLevel without omitempty: always present.
		setDefault(spec, "bpfLogLevel", "")
	case "KubeControllersConfiguration":
		setDefault(spec, "prometheusMetricsPort", float64(9094))
		setDefault(spec, "healthChecks", "Enabled")
		controllers, _ := spec["controllers"].(map[string]interface{})
		if node, ok := controllers["node"].(map[string]interface{}); ok {
			setDefault(node, "leakGracePeriod", "15m0s")
		}
		if lb, ok := controllers["loadBalancer"].(map[string]interface{}); ok {
			setDefault(lb, "assignIPs", "AllServices")
		}
		if migration, ok := controllers["policyMigration"].(map[string]interface{}); ok {
			setDefault(migration, "enabled", "Enabled")
		}
	case "IPAMConfiguration":
		// Calico's API server sets this internal field on every write.
		spec["autoAllocateBlocks"] = true
	case "BGPConfiguration":
		setDefault(spec, "logSeverityScreen", "Info")
		setDefault(spec, "serviceLoadBalancerAggregation", "Enabled")
	}
	return spec, labels
}

// compareJSON lists the differences between two decoded JSON values, one line per
// field path. Durations compare by value ("1h" is "1h0m0s"), as Calico re-prints them.
func compareJSON(path string, want, got interface{}) []string {
	switch w := want.(type) {
	case map[string]interface{}:
		g, ok := got.(map[string]interface{})
		if got == nil && len(w) == 0 {
			return nil // no labels served, none expected
		}
		if !ok {
			return []string{fmt.Sprintf("%s = %v, want %v", path, got, want)}
		}
		keys := map[string]bool{}
		for k := range w {
			keys[k] = true
		}
		for k := range g {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		var diffs []string
		for _, k := range sorted {
			wv, inWant := w[k]
			gv, inGot := g[k]
			switch {
			case !inGot && isZero(wv):
				// Calico's types omit false, 0 and "": the manifest's explicit zero
				// value reads back as absent, which means the same.
			case !inGot:
				diffs = append(diffs, fmt.Sprintf("%s.%s missing, want %v", path, k, wv))
			case !inWant:
				diffs = append(diffs, fmt.Sprintf("%s.%s = %v, not in the manifest nor a documented default", path, k, gv))
			default:
				diffs = append(diffs, compareJSON(path+"."+k, wv, gv)...)
			}
		}
		return diffs
	case []interface{}:
		g, ok := got.([]interface{})
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s = %v, want %v", path, got, want)}
		}
		var diffs []string
		for i := range w {
			diffs = append(diffs, compareJSON(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])...)
		}
		return diffs
	case string:
		if g, ok := got.(string); ok && g != w {
			wd, werr := time.ParseDuration(w)
			gd, gerr := time.ParseDuration(g)
			if werr == nil && gerr == nil && wd == gd {
				return nil
			}
		}
	}
	if !reflect.DeepEqual(want, got) {
		return []string{fmt.Sprintf("%s = %v, want %v", path, got, want)}
	}
	return nil
}

func isZero(v interface{}) bool {
	return v == false || v == float64(0) || v == ""
}
