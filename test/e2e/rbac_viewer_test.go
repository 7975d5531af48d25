package e2e

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	"sigs.k8s.io/yaml"

	"github.com/calico-apiserver/calico-apiserver/pkg/registry"
)

// The Calico viewer role of artifacts/rbac reads every kind of the table and writes
// none; with it, and no right on pods, a user sees workload endpoints (Calico's view of
// pods) and not the pods themselves.
func TestCalicoViewerRole(t *testing.T) {
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	manifest := filepath.Join(root, "artifacts", "rbac", "calico-viewer.yaml")
	data, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	var role rbacv1.ClusterRole
	if err := yaml.Unmarshal(data, &role); err != nil {
		t.Fatal(err)
	}
	var resources, kinds []string
	resources = append(resources, role.Rules[0].Resources...)
	for _, kind := range registry.Kinds() {
		kinds = append(kinds, kind.Resource)
	}
	sort.Strings(resources)
	sort.Strings(kinds)
	if strings.Join(resources, ",") != strings.Join(kinds, ",") {
		t.Errorf("calico-viewer grants %v, the table of kinds has %v", resources, kinds)
	}

	const user, ns = "e2e-calico-viewer", "e2e-viewer"
	kubectl(t, "apply", "-f", manifest)
	kubectl(t, "create", "namespace", ns)
	t.Cleanup(func() { _, _ = kubectlErr("delete", "namespace", ns, "--wait=false") })
	kubectl(t, "create", "clusterrolebinding", user, "--clusterrole=calico-viewer", "--user="+user)
	t.Cleanup(func() { _, _ = kubectlErr("delete", "clusterrolebinding", user) })

	client := kubeClient(t)
	createNode(t, client, "e2e-viewer-node", calicoNodeAnnotations)
	kubectl(t, "create", "serviceaccount", "app", "-n", ns)
	createPod(t, client, podOn("e2e-viewer-node", ns, "app-1"), "10.244.7.7")

	as := "--as=" + user
	// One list of every kind, and one can-i --list: read verbs on every kind, no write.
	var all []string
	for _, kind := range registry.Kinds() {
		all = append(all, kind.Resource+".projectcalico.org")
	}
	if _, err := kubectlErr(as, "get", strings.Join(all, ","), "-A"); err != nil {
		t.Errorf("viewer: list every kind: %v", err)
	}
	granted := map[string]string{}
	for _, line := range strings.Split(kubectl(t, as, "auth", "can-i", "--list"), "\n") {
		if cells := columnSplit.Split(strings.TrimSpace(line), -1); len(cells) == 4 {
			granted[cells[0]] = cells[3]
		}
	}
	for _, resource := range all {
		if granted[resource] != "[get list watch]" {
			t.Errorf("viewer: can-i --list gives %s the verbs %q, want [get list watch]", resource, granted[resource])
		}
	}
	// Calico's view of the pod, without any right on the pod.
	out, err := kubectlErr(as, "get", "weps", "-n", ns, "-o", "jsonpath={.items[*].spec.ipNetworks}")
	if err != nil || !strings.Contains(out, "10.244.7.7/32") {
		t.Errorf("viewer: endpoints of %s = %q, %v", ns, out, err)
	}
	if _, err := kubectlErr(as, "get", "pods", "-n", ns); err == nil || !strings.Contains(err.Error(), "Forbidden") {
		t.Errorf("viewer: get pods: %v, want Forbidden", err)
	}
	if _, err := kubectlErr(as, "get", "nodes"); err == nil || !strings.Contains(err.Error(), "Forbidden") {
		t.Errorf("viewer: get nodes: %v, want Forbidden", err)
	}
	if out, err := kubectlErr(as, "get", "nodes.projectcalico.org", "e2e-viewer-node", "-o", "jsonpath={.spec.bgp.asNumber}"); err != nil || out != "64512" {
		t.Errorf("viewer: Calico node = %q, %v", out, err)
	}
}
