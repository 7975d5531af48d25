package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	osexec "os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/calico-apiserver/calico-apiserver/pkg/registry"
	"github.com/calico-apiserver/calico-apiserver/test/controlplane"
)

// kubectlEnv runs kubectl with extra environment variables (KUBE_EDITOR).
func kubectlEnv(env []string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := osexec.CommandContext(ctx, controlplane.Kubectl, append([]string{"--kubeconfig=" + cp.Kubeconfig}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// The names of Calico's custom resources reach the custom resources: no v3 short name
// shadows them (IPAMConfiguration's v3 objects used to answer for "ipamconfigs").
func TestCRDNamesReachTheCustomResources(t *testing.T) {
	const manifest = `
apiVersion: projectcalico.org/v3
kind: IPAMConfiguration
metadata: {name: default}
spec: {strictAffinity: true, autoAllocateBlocks: true}
`
	if out, err := kubectlIn(t, manifest, "apply", "-f", "-"); err != nil {
		t.Fatalf("%s %v", out, err)
	}
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "ipamconfigurations.projectcalico.org", "default", "--ignore-not-found")
	})
	for _, resource := range []string{"ipamconfigs.crd.projectcalico.org", "ipamconfigs", "ipamconfig"} {
		list := getJSON(t, "get", resource)
		items, _ := list["items"].([]interface{})
		if len(items) == 0 {
			t.Errorf("kubectl get %s: no items", resource)
		}
		for _, item := range items {
			if got := fmt.Sprint(field(item, "apiVersion"), " ", field(item, "kind")); got != "crd.projectcalico.org/v1 IPAMConfig" {
				t.Errorf("kubectl get %s returned a %s, want the custom resource", resource, got)
			}
		}
	}
	if got := kubectl(t, "get", "ipamconfigurations", "default", "-o", "jsonpath={.apiVersion} {.kind}"); got != "projectcalico.org/v3 IPAMConfiguration" {
		t.Errorf("kubectl get ipamconfigurations: %s", got)
	}
}

// fixedColumns splits kubectl's column output by the positions of the header's titles,
// so that empty cells (a kind without short names) stay in place.
func fixedColumns(t *testing.T, out string) []map[string]string {
	t.Helper()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	titles := columnSplit.Split(strings.TrimSpace(lines[0]), -1)
	starts := make([]int, len(titles))
	for i, title := range titles {
		starts[i] = strings.Index(lines[0], title)
	}
	var rows []map[string]string
	for _, line := range lines[1:] {
		row := map[string]string{}
		for i, title := range titles {
			end := len(line)
			if i+1 < len(starts) && starts[i+1] < end {
				end = starts[i+1]
			}
			if starts[i] < len(line) {
				row[title] = strings.TrimSpace(line[starts[i]:end])
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// kubectl api-resources lists every kind of the table with its verbs, short names and
// the category "calico".
func TestAPIResourcesListEveryKind(t *testing.T) {
	rows := fixedColumns(t, kubectl(t, "api-resources", "--api-group=projectcalico.org", "-o", "wide"))
	byName := map[string]map[string]string{}
	for _, row := range rows {
		byName[row["NAME"]] = row
	}
	kinds := registry.Kinds()
	if len(rows) != len(kinds) {
		t.Errorf("api-resources lists %d resources, the table of kinds has %d", len(rows), len(kinds))
	}
	for _, kind := range kinds {
		row, ok := byName[kind.Resource]
		if !ok {
			t.Errorf("api-resources lacks %s", kind.Resource)
			continue
		}
		verbs := "create,delete,deletecollection,get,list,patch,update,watch"
		if kind.ReadOnly {
			verbs = "get,list,watch"
		}
		want := map[string]string{
			"SHORTNAMES": strings.Join(kind.ShortNames, ","), "APIVERSION": "projectcalico.org/v3",
			"NAMESPACED": fmt.Sprint(kind.Storage.Namespaced), "KIND": kind.Storage.Kind, "VERBS": verbs, "CATEGORIES": "calico",
		}
		for column, w := range want {
			if row[column] != w {
				t.Errorf("%s: %s = %q, want %q", kind.Resource, column, row[column], w)
			}
		}
	}
}

// kubectl edit with a scripted editor, then kubectl wait for the edited value.
func TestKubectlEditAndWait(t *testing.T) {
	const manifest = `
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: e2e-edited}
spec: {order: 100, selector: app == 'web', types: [Ingress], ingress: [{action: Allow}]}
`
	if out, err := kubectlIn(t, manifest, "create", "-f", "-"); err != nil {
		t.Fatalf("%s %v", out, err)
	}
	t.Cleanup(func() { _, _ = kubectlErr("delete", "gnp", "e2e-edited", "--ignore-not-found") })

	// kubectl wait, started before the change, returns once the jsonpath matches.
	waitOut := make(chan string, 1)
	go func() {
		out, err := kubectlEnv(nil, "wait", "gnp/e2e-edited", "--for=jsonpath={.spec.order}=250", "--timeout=60s")
		if err != nil {
			out += err.Error()
		}
		waitOut <- out
	}()

	// The editor is a sed script run on the file kubectl opens (KUBE_EDITOR with
	// arguments runs through the shell, the file name appended).
	out, err := kubectlEnv([]string{"KUBE_EDITOR=sed -i -e 's/order: 100/order: 250/' -e 's/app == .web./app == \"api\"/'"},
		"edit", "gnp", "e2e-edited")
	if err != nil || !strings.Contains(out, "edited") {
		t.Fatalf("kubectl edit: %s %v", out, err)
	}
	got := kubectl(t, "get", "gnp", "e2e-edited", "-o", "jsonpath={.spec.order} {.spec.selector}")
	if got != `250 app == "api"` {
		t.Errorf("after edit: %s", got)
	}
	select {
	case out := <-waitOut:
		if !strings.Contains(out, "condition met") {
			t.Errorf("kubectl wait: %s", out)
		}
	case <-time.After(90 * time.Second):
		t.Fatal("kubectl wait did not return")
	}

	// An edit that breaks validation is refused (kubectl keeps the field errors in the
	// copy of the file it leaves), and nothing changes.
	out, err = kubectlEnv([]string{"KUBE_EDITOR=sed -i -e 's/action: Allow/action: Bogus/'"}, "edit", "gnp", "e2e-edited")
	if err == nil || !strings.Contains(out, `globalnetworkpolicies.projectcalico.org "e2e-edited" is invalid`) {
		t.Errorf("invalid edit: %s %v", out, err)
	}
	if got := kubectl(t, "get", "gnp", "e2e-edited", "-o", "jsonpath={.spec.ingress[0].action}"); got != "Allow" {
		t.Errorf("after a refused edit, action = %s", got)
	}
}

// kubectl get -w prints table rows: the existing object, then each change.
func TestKubectlWatchPrintsRows(t *testing.T) {
	const manifest = `
apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: e2e-watched}
spec: {cidr: 10.233.0.0/16, blockSize: 26, ipipMode: Always}
`
	if out, err := kubectlIn(t, manifest, "create", "-f", "-"); err != nil {
		t.Fatalf("%s %v", out, err)
	}
	t.Cleanup(func() { _, _ = kubectlErr("delete", "ippools.projectcalico.org", "e2e-watched", "--ignore-not-found") })
	watch := startKubectl(t, "get", "ippools.projectcalico.org", "e2e-watched", "-w", "--request-timeout=60s")
	eventually(t, 30*time.Second, func() error {
		if !strings.Contains(watch.output(), "10.233.0.0/16") {
			return fmt.Errorf("no first row: %q", watch.output())
		}
		return nil
	})
	kubectl(t, "patch", "ippools.projectcalico.org", "e2e-watched", "--type=merge", "-p", `{"spec":{"disabled":true}}`)
	eventually(t, 30*time.Second, func() error {
		lines := strings.Split(strings.TrimSpace(watch.output()), "\n")
		if len(lines) < 3 {
			return fmt.Errorf("want a header and two rows: %q", watch.output())
		}
		header := columnSplit.Split(lines[0], -1)
		if strings.Join(header[:4], " ") != "NAME CIDR BLOCK SIZE IPIP" {
			return fmt.Errorf("header %q", lines[0])
		}
		for i, want := range []string{"false", "true"} {
			row := columnSplit.Split(strings.TrimSpace(lines[i+1]), -1)
			if len(row) != len(header) || row[0] != "e2e-watched" || row[3] != "Always" || row[4] != "Never" || row[6] != want {
				return fmt.Errorf("row %d %q (header %q), want DISABLED %s", i+1, lines[i+1], lines[0], want)
			}
		}
		return nil
	})
}

// kubectl label, annotate, and delete -l.
func TestKubectlLabelAnnotateDeleteBySelector(t *testing.T) {
	var manifest strings.Builder
	for i := range 3 {
		fmt.Fprintf(&manifest, "---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata: {name: e2e-sel-%d}\nspec: {nets: [198.51.100.%d/32]}\n", i, i)
	}
	if out, err := kubectlIn(t, manifest.String(), "create", "-f", "-"); err != nil {
		t.Fatalf("%s %v", out, err)
	}
	t.Cleanup(func() { _, _ = kubectlIn(t, manifest.String(), "delete", "-f", "-", "--ignore-not-found") })

	kubectl(t, "label", "gns", "e2e-sel-0", "e2e-sel-1", "e2e-group=doomed")
	kubectl(t, "annotate", "gns", "e2e-sel-1", "e2e-note=second")
	if got := kubectl(t, "get", "gns", "-l", "e2e-group=doomed", "-o", "name"); got != "globalnetworkset.projectcalico.org/e2e-sel-0\nglobalnetworkset.projectcalico.org/e2e-sel-1\n" {
		t.Errorf("kubectl get -l after label: %q", got)
	}
	if got := kubectl(t, "get", "gns", "e2e-sel-1", "-o", `jsonpath={.metadata.annotations.e2e-note}`); got != "second" {
		t.Errorf("annotation: %q", got)
	}
	kubectl(t, "label", "gns", "e2e-sel-1", "e2e-group-")
	kubectl(t, "annotate", "gns", "e2e-sel-1", "e2e-note=changed", "--overwrite")
	if got := kubectl(t, "get", "gns", "e2e-sel-1", "-o", `jsonpath={.metadata.labels.e2e-group}/{.metadata.annotations.e2e-note}`); got != "/changed" {
		t.Errorf("after removing the label and overwriting the annotation: %q", got)
	}

	kubectl(t, "label", "gns", "e2e-sel-2", "e2e-group=doomed")
	out := kubectl(t, "delete", "gns", "-l", "e2e-group=doomed")
	if !strings.Contains(out, `"e2e-sel-0" deleted`) || !strings.Contains(out, `"e2e-sel-2" deleted`) || strings.Contains(out, "e2e-sel-1") {
		t.Errorf("kubectl delete -l: %s", out)
	}
	if got := kubectl(t, "get", "gns", "-o", "name"); !strings.Contains(got, "e2e-sel-1") || strings.Contains(got, "e2e-sel-0") || strings.Contains(got, "e2e-sel-2") {
		t.Errorf("after delete -l: %q", got)
	}
}

// kubectl get calico -A: every kind, with its columns.
func TestGetCalicoAllNamespaces(t *testing.T) {
	createTablesNamespace(t)
	var all []string
	for _, kind := range registry.Kinds() {
		if f := tableFixtures[kind.Resource]; f.manifest != "" {
			all = append(all, f.manifest)
		}
	}
	manifest := strings.Join(all, "\n---\n")
	if out, err := kubectlIn(t, manifest, "create", "-f", "-"); err != nil {
		t.Fatalf("%s %v", out, err)
	}
	t.Cleanup(func() { deleteFixtures(t, manifest) })

	out := kubectl(t, "get", "calico", "-A")
	lines := strings.Split(out, "\n")
	for _, kind := range registry.Kinds() {
		header := headers(kind, false)
		withNamespace := append([]string{"NAMESPACE"}, header...)
		row := kind.Singular + ".projectcalico.org/" + tableFixtures[kind.Resource].first
		if kind.Storage.Namespaced {
			row = tablesNamespace + "|" + row
		}
		// kubectl prints a NAMESPACE column for namespaced kinds and, once it has
		// printed one, for the cluster-scoped kinds after it too (left empty).
		found, inTable := false, false
		for _, line := range lines {
			cells := columnSplit.Split(strings.TrimSpace(line), -1)
			switch joined := strings.Join(cells, "|"); {
			case joined == strings.Join(withNamespace, "|") || (!kind.Storage.Namespaced && joined == strings.Join(header, "|")):
				inTable = true
			case line == "":
				inTable = false
			case inTable && (len(cells) == len(header) || len(cells) == len(withNamespace)):
				found = found || strings.HasPrefix(joined, row+"|")
			}
		}
		if !found {
			t.Errorf("kubectl get calico -A: no table %s with the row %s", strings.Join(header, "|"), row)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", out)
	}
}

// kubectl explain of nested rule fields prints Calico's field documentation.
func TestKubectlExplainRuleFields(t *testing.T) {
	for _, c := range []struct{ path, want string }{
		{"gnp.spec.ingress.destination.ports", "port"},
		{"globalnetworkpolicies.spec.ingress.destination.ports", "port"},
		{"networkpolicies.spec.egress.source.selector", "selector"},
		{"gnp.spec.ingress.action", "Allow"},
		{"gnp.spec.order", "order"},
		{"gnp.spec", "specification"},
		{"ippools.spec.ipipMode", "IPIP"},
		{"felixconfigurations.spec.bpfEnabled", "BPF"},
	} {
		out := kubectl(t, "explain", c.path, "--api-version=projectcalico.org/v3")
		i := strings.Index(out, "DESCRIPTION:")
		if i < 0 {
			t.Errorf("kubectl explain %s: no description:\n%s", c.path, out)
			continue
		}
		description := strings.TrimSpace(out[i+len("DESCRIPTION:"):])
		if description == "" || strings.HasPrefix(description, "<empty>") || !strings.Contains(strings.ToLower(description), strings.ToLower(c.want)) {
			t.Errorf("kubectl explain %s: description %q, want one that speaks of %q", c.path, description, c.want)
		}
	}
}

// spec and every field under it of the policy kinds have a description in the served
// OpenAPI, so that kubectl explain documents each of them.
func TestPolicyFieldsAreDescribed(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]map[string]interface{} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(kubectl(t, "get", "--raw", "/openapi/v3/apis/projectcalico.org/v3")), &doc); err != nil {
		t.Fatal(err)
	}
	schemas := doc.Components.Schemas
	byKind := map[string]map[string]interface{}{}
	for _, schema := range schemas {
		gvks, _ := schema["x-kubernetes-group-version-kind"].([]interface{})
		for _, gvk := range gvks {
			if field(gvk, "group") == "projectcalico.org" {
				byKind[fmt.Sprint(field(gvk, "kind"))] = schema
			}
		}
	}
	resolve := func(s map[string]interface{}) (map[string]interface{}, string) {
		ref, _ := s["$ref"].(string)
		if all, ok := s["allOf"].([]interface{}); ok && len(all) == 1 {
			ref, _ = field(all[0], "$ref").(string)
		}
		if ref == "" {
			return s, ""
		}
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		return schemas[name], name
	}
	var missing []string
	visited := map[string]bool{}
	var walk func(path string, s map[string]interface{}, seen map[string]bool)
	walk = func(path string, s map[string]interface{}, seen map[string]bool) {
		s, name := resolve(s)
		if name != "" {
			if seen[name] {
				return
			}
			next := map[string]bool{name: true}
			for k := range seen {
				next[k] = true
			}
			seen = next
		}
		if items, ok := s["items"].(map[string]interface{}); ok {
			walk(path+"[]", items, seen)
		}
		props, _ := s["properties"].(map[string]interface{})
		for prop, raw := range props {
			visited[path+"."+prop] = true
			ps, _ := raw.(map[string]interface{})
			if d, _ := ps["description"].(string); strings.TrimSpace(d) == "" {
				missing = append(missing, path+"."+prop)
			}
			walk(path+"."+prop, ps, seen)
		}
	}
	for _, kind := range registry.Kinds() {
		if kind.Tier == nil && kind.Resource != "stagedkubernetesnetworkpolicies" && kind.Resource != "profiles" {
			continue
		}
		schema, ok := byKind[kind.Storage.Kind]
		if !ok {
			t.Errorf("no OpenAPI schema for %s", kind.Storage.Kind)
			continue
		}
		spec, _ := field(schema, "properties", "spec").(map[string]interface{})
		if spec == nil {
			t.Errorf("%s: no spec in its schema", kind.Storage.Kind)
			continue
		}
		if d, _ := spec["description"].(string); d == "" {
			missing = append(missing, kind.Storage.Kind+".spec")
		}
		walk(kind.Storage.Kind+".spec", spec, map[string]bool{})
	}
	// The walk reached the depths an operator explains.
	for _, deep := range []string{"GlobalNetworkPolicy.spec.ingress[].destination.ports", "NetworkPolicy.spec.egress[].source.serviceAccounts.names",
		"StagedGlobalNetworkPolicy.spec.ingress[].http.paths[].prefix", "StagedKubernetesNetworkPolicy.spec.ingress[].from[].ipBlock.cidr"} {
		if !visited[deep] {
			t.Errorf("the OpenAPI walk never reached %s", deep)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no description: %s", m)
	}
}
