package e2e

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/types"

	"github.com/calico-apiserver/calico-apiserver/pkg/storage/crd"
)

const poolManifest = `apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: %s
  labels:
    environment: production
    projectcalico.org/pool-group: blue
spec:
  cidr: %s
  vxlanMode: Always
  natOutgoing: %t
`

// The whole life of an IPPool through kubectl: apply, list, get, update, delete, and
// what is stored in crd.projectcalico.org/v1 at each step.
func TestIPPoolLifecycle(t *testing.T) {
	const name = "pool-lifecycle"
	out, err := kubectlIn(t, fmt.Sprintf(poolManifest, name, "10.244.0.0/16", true), "apply", "-f", "-")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "ippool.projectcalico.org/"+name+" created") {
		t.Fatalf("apply said %q", out)
	}
	t.Cleanup(func() { _, _ = kubectlErr("delete", "ippools.projectcalico.org", name, "--ignore-not-found") })

	if list := kubectl(t, "get", "ippools.projectcalico.org"); !strings.Contains(list, name) {
		t.Errorf("kubectl get ippools.projectcalico.org does not list %s:\n%s", name, list)
	}
	if yaml := kubectl(t, "get", "ippool", name, "-o", "yaml"); !strings.Contains(yaml, "apiVersion: projectcalico.org/v3") ||
		!strings.Contains(yaml, "cidr: 10.244.0.0/16") {
		t.Errorf("kubectl get ippool -o yaml:\n%s", yaml)
	}

	// The v3 object, with Calico's defaults filled in.
	pool := getJSON(t, "get", "ippools.projectcalico.org", name)
	wantSpec := map[string]interface{}{
		"cidr": "10.244.0.0/16", "vxlanMode": "Always", "natOutgoing": true, "ipipMode": "Never",
		"blockSize": float64(26), "nodeSelector": "all()", "allowedUses": []interface{}{"Workload", "Tunnel"},
		"assignmentMode": "Automatic",
	}
	if spec := field(pool, "spec"); !reflect.DeepEqual(spec, wantSpec) {
		t.Errorf("v3 spec = %v, want %v", spec, wantSpec)
	}
	wantLabels := map[string]interface{}{"environment": "production", "projectcalico.org/pool-group": "blue"}
	if labels := field(pool, "metadata", "labels"); !reflect.DeepEqual(labels, wantLabels) {
		t.Errorf("v3 labels = %v, want %v", labels, wantLabels)
	}

	// The stored custom resource, in Calico's layout (storage contract §4).
	stored := getJSON(t, "get", "ippools.crd.projectcalico.org", name)
	checkStoredLayout(t, pool, stored, wantSpec)

	// Update through kubectl apply: a new resourceVersion, the change stored.
	rv := field(pool, "metadata", "resourceVersion")
	if _, err := kubectlIn(t, fmt.Sprintf(poolManifest, name, "10.244.0.0/16", false), "apply", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	updated := getJSON(t, "get", "ippools.projectcalico.org", name)
	if field(updated, "metadata", "resourceVersion") == rv {
		t.Errorf("resourceVersion did not change on update")
	}
	if v := field(updated, "spec", "natOutgoing"); v != nil && v != false {
		t.Errorf("natOutgoing after update = %v", v)
	}
	if v := field(getJSON(t, "get", "ippools.crd.projectcalico.org", name), "spec", "natOutgoing"); v != nil && v != false {
		t.Errorf("stored natOutgoing after update = %v", v)
	}
	if field(updated, "metadata", "uid") != field(pool, "metadata", "uid") {
		t.Errorf("uid changed on update")
	}

	// A stale resourceVersion is a conflict, as with any Kubernetes object.
	stale := strings.Replace(fmt.Sprintf(poolManifest, name, "10.244.0.0/16", true), "  labels:", fmt.Sprintf("  resourceVersion: %q\n  labels:", rv), 1)
	if out, err := kubectlIn(t, stale, "replace", "-f", "-"); err == nil || !strings.Contains(err.Error(), "the object has been modified") {
		t.Errorf("replace with a stale resourceVersion: %s %v", out, err)
	}

	// Delete: gone from both APIs.
	if out := kubectl(t, "delete", "ippool", name); !strings.Contains(out, "deleted") {
		t.Errorf("delete said %q", out)
	}
	for _, resource := range []string{"ippools.projectcalico.org", "ippools.crd.projectcalico.org"} {
		if _, err := kubectlErr("get", resource, name); err == nil || !strings.Contains(err.Error(), "NotFound") {
			t.Errorf("get %s %s after delete: %v", resource, name, err)
		}
	}
}

func checkStoredLayout(t *testing.T, pool, stored map[string]interface{}, wantSpec map[string]interface{}) {
	t.Helper()
	if got := field(stored, "spec"); !reflect.DeepEqual(got, wantSpec) {
		t.Errorf("stored spec = %v, want the v3 spec verbatim %v", got, wantSpec)
	}
	// Only Calico's own labels stay on the custom resource.
	if got, want := field(stored, "metadata", "labels"), map[string]interface{}{"projectcalico.org/pool-group": "blue"}; !reflect.DeepEqual(got, want) {
		t.Errorf("stored labels = %v, want %v", got, want)
	}
	annotations, _ := field(stored, "metadata", "annotations").(map[string]interface{})
	if len(annotations) != 1 {
		t.Errorf("stored annotations = %v, want only %s", annotations, crd.MetadataAnnotation)
	}
	raw, _ := annotations[crd.MetadataAnnotation].(string)
	var meta map[string]interface{}
	if err := json.Unmarshal([]byte(raw), &meta); err != nil {
		t.Fatalf("metadata annotation %q: %v", raw, err)
	}
	if !strings.HasPrefix(raw, `{"creationTimestamp":"`) {
		t.Errorf("metadata annotation does not start with the creation timestamp: %s", raw)
	}
	for _, key := range []string{"name", "namespace", "uid", "resourceVersion"} {
		if _, ok := meta[key]; ok {
			t.Errorf("metadata annotation has %q, which Calico leaves out for IPPools: %s", key, raw)
		}
	}
	if got, want := meta["labels"], field(pool, "metadata", "labels"); !reflect.DeepEqual(got, want) {
		t.Errorf("annotation labels = %v, want all v3 labels %v", got, want)
	}
	if meta["creationTimestamp"] != field(pool, "metadata", "creationTimestamp") {
		t.Errorf("annotation creationTimestamp %v, v3 %v", meta["creationTimestamp"], field(pool, "metadata", "creationTimestamp"))
	}
	// The v3 UID is the stored UID with each byte's bits reversed (contract §6).
	v3UID, err := crd.ConvertUID(types.UID(field(stored, "metadata", "uid").(string)))
	if err != nil || string(v3UID) != field(pool, "metadata", "uid") {
		t.Errorf("v3 uid %v is not ConvertUID(stored uid %v) = %v (%v)", field(pool, "metadata", "uid"), field(stored, "metadata", "uid"), v3UID, err)
	}
	if field(pool, "metadata", "resourceVersion") != field(stored, "metadata", "resourceVersion") {
		t.Errorf("resourceVersion %v differs from the stored %v", field(pool, "metadata", "resourceVersion"), field(stored, "metadata", "resourceVersion"))
	}
}

// An object in Calico's layout written straight to crd.projectcalico.org/v1 (as
// calicoctl would) is served through projectcalico.org/v3.
func TestIPPoolWrittenByCalicoIsServed(t *testing.T) {
	const name = "pool-from-calicoctl"
	manifest := `apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata:
  name: ` + name + `
  labels:
    projectcalico.org/pool-group: green
  annotations:
    projectcalico.org/metadata: '{"creationTimestamp":"2026-01-15T10:00:00Z","labels":{"team":"net","projectcalico.org/pool-group":"green"},"annotations":{"note":"from calicoctl"}}'
spec:
  cidr: 10.80.0.0/16
  blockSize: 26
  ipipMode: Never
  vxlanMode: Never
  nodeSelector: all()
  allowedUses: [Workload, Tunnel]
`
	if _, err := kubectlIn(t, manifest, "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = kubectlErr("delete", "ippools.crd.projectcalico.org", name, "--ignore-not-found") })
	pool := getJSON(t, "get", "ippools.projectcalico.org", name)
	if got := field(pool, "metadata", "labels"); !reflect.DeepEqual(got, map[string]interface{}{"team": "net", "projectcalico.org/pool-group": "green"}) {
		t.Errorf("labels = %v", got)
	}
	if got := field(pool, "metadata", "annotations"); !reflect.DeepEqual(got, map[string]interface{}{"note": "from calicoctl"}) {
		t.Errorf("annotations = %v", got)
	}
	if got := field(pool, "metadata", "creationTimestamp"); got != "2026-01-15T10:00:00Z" {
		t.Errorf("creationTimestamp = %v, want the one in the metadata annotation", got)
	}
	if got := field(pool, "spec", "cidr"); got != "10.80.0.0/16" {
		t.Errorf("cidr = %v", got)
	}
}

// A bad IPPool is a 422 naming the field; --dry-run=server validates and stores nothing.
func TestIPPoolValidationAndDryRun(t *testing.T) {
	bad := `apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: pool-bad}
spec: {cidr: 10.0.0.1/16, blockSize: 40, ipipMode: Always, vxlanMode: Always}
`
	for _, args := range [][]string{{"apply", "-f", "-"}, {"apply", "--dry-run=server", "-f", "-"}} {
		_, err := kubectlIn(t, bad, args...)
		if err == nil {
			t.Fatalf("kubectl %v accepted an invalid pool", args)
		}
		for _, want := range []string{`The IPPool "pool-bad" is invalid`, "spec.cidr", "strictly masked", "spec.blockSize", "spec.vxlanMode"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("kubectl %v: error lacks %q: %v", args, want, err)
			}
		}
	}

	good := fmt.Sprintf(poolManifest, "pool-dry-run", "10.90.0.0/16", true)
	out, err := kubectlIn(t, good, "apply", "--dry-run=server", "-f", "-")
	if err != nil || !strings.Contains(out, "(server dry run)") {
		t.Fatalf("dry run: %s %v", out, err)
	}
	if _, err := kubectlErr("get", "ippools.crd.projectcalico.org", "pool-dry-run"); err == nil || !strings.Contains(err.Error(), "NotFound") {
		t.Errorf("a dry run stored something: %v", err)
	}
}

// The kube-apiserver's audit log records the create, as for any API group.
func TestAuditLogRecordsCreate(t *testing.T) {
	const name = "pool-audited"
	if _, err := kubectlIn(t, fmt.Sprintf(poolManifest, name, "10.100.0.0/16", true), "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = kubectlErr("delete", "ippools.projectcalico.org", name, "--ignore-not-found") })
	eventually(t, 10*time.Second, func() error {
		lines, err := readLines(cp.AuditLog)
		if err != nil {
			return err
		}
		for _, line := range lines {
			var event struct {
				Verb      string `json:"verb"`
				Stage     string `json:"stage"`
				ObjectRef struct {
					Resource, APIGroup, Name string
				} `json:"objectRef"`
				ResponseStatus struct{ Code int } `json:"responseStatus"`
			}
			if json.Unmarshal([]byte(line), &event) != nil {
				continue
			}
			if event.Verb == "create" && event.Stage == "ResponseComplete" && event.ObjectRef.Resource == "ippools" &&
				event.ObjectRef.APIGroup == "projectcalico.org" && event.ResponseStatus.Code == 201 {
				return nil
			}
		}
		return fmt.Errorf("no ResponseComplete create event for ippools in projectcalico.org in %s", cp.AuditLog)
	})
}

// Kubernetes RBAC governs the API: jane may not list IP pools until a ClusterRole
// and a binding allow it.
func TestRBACGovernsAccess(t *testing.T) {
	if _, err := kubectlErr("--as=jane", "get", "ippools.projectcalico.org"); err == nil || !strings.Contains(err.Error(), "Forbidden") {
		t.Fatalf("jane could list ippools before being allowed: %v", err)
	}
	rbac := `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ippool-reader}
rules:
- apiGroups: [projectcalico.org]
  resources: [ippools]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: jane-reads-ippools}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ippool-reader}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: jane}
`
	if _, err := kubectlIn(t, rbac, "apply", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "clusterrolebinding", "jane-reads-ippools", "--ignore-not-found")
		_, _ = kubectlErr("delete", "clusterrole", "ippool-reader", "--ignore-not-found")
	})
	// The server caches SubjectAccessReview denials for 10 s (--authorization-webhook-cache-unauthorized-ttl).
	eventually(t, 30*time.Second, func() error {
		_, err := kubectlErr("--as=jane", "get", "ippools.projectcalico.org")
		return err
	})
	if _, err := kubectlErr("--as=jane", "delete", "ippool", "anything"); err == nil || !strings.Contains(err.Error(), "Forbidden") {
		t.Errorf("jane could delete with a read-only role: %v", err)
	}
}

// kubectl get --watch sees creations and deletions.
func TestIPPoolWatch(t *testing.T) {
	const name = "pool-watched"
	watch := startKubectl(t, "get", "ippools.projectcalico.org", "--watch", "--output-watch-events", "--request-timeout=60s")
	if _, err := kubectlIn(t, fmt.Sprintf(poolManifest, name, "10.110.0.0/16", true), "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	kubectl(t, "delete", "ippool", name)
	eventually(t, 20*time.Second, func() error {
		out := watch.output()
		if strings.Contains(out, "ADDED") && strings.Contains(out, "DELETED") && strings.Contains(out, name) {
			return nil
		}
		return fmt.Errorf("watch output so far:\n%s", out)
	})
}
