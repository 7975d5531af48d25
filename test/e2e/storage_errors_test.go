package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/storage"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// An update or delete that starts from a cached object writes at once when the cache
// is current, and re-reads only when the kube-apiserver reports a conflict.
func TestStorageStartsFromCachedObject(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	store := newIPPoolStore(t)
	key := "/projectcalico.org/ippools/pool-cached"
	var created v3.IPPool
	pool := &v3.IPPool{ObjectMeta: metav1.ObjectMeta{Name: "pool-cached"}, Spec: v3.IPPoolSpec{CIDR: "10.121.0.0/16", BlockSize: 26}}
	if err := store.Create(ctx, key, pool, &created, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = store.Delete(context.Background(), key, &v3.IPPool{}, nil, storage.ValidateAllObjectFunc, nil, storage.DeleteOptions{})
	})
	setSelector := func(selector string) (storage.UpdateFunc, *[]string) {
		var seen []string
		return func(input runtime.Object, _ storage.ResponseMeta) (runtime.Object, *uint64, error) {
			p := input.(*v3.IPPool).DeepCopy()
			seen = append(seen, p.Spec.NodeSelector)
			p.Spec.NodeSelector = selector
			return p, nil, nil
		}, &seen
	}

	// From the current object: one attempt.
	var first v3.IPPool
	update, seen := setSelector("has(first)")
	if err := store.GuaranteedUpdate(ctx, key, &first, false, nil, update, created.DeepCopy()); err != nil {
		t.Fatal(err)
	}
	if first.Spec.NodeSelector != "has(first)" || len(*seen) != 1 {
		t.Errorf("update from the current cached object: %q after attempts that saw %q", first.Spec.NodeSelector, *seen)
	}

	// From a stale object: the write conflicts, the store reads again, the second
	// attempt starts from what is stored.
	var second v3.IPPool
	update, seen = setSelector("has(second)")
	if err := store.GuaranteedUpdate(ctx, key, &second, false, nil, update, created.DeepCopy()); err != nil {
		t.Fatal(err)
	}
	if second.Spec.NodeSelector != "has(second)" || fmt.Sprintf("%q", *seen) != fmt.Sprintf("%q", []string{created.Spec.NodeSelector, "has(first)"}) {
		t.Errorf("update from a stale cached object: %q, attempts saw %q", second.Spec.NodeSelector, *seen)
	}

	// A delete from a stale object also re-reads, and deletes what is stored.
	var deleted v3.IPPool
	if err := store.Delete(ctx, key, &deleted, nil, storage.ValidateAllObjectFunc, created.DeepCopy(), storage.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if deleted.Spec.NodeSelector != "has(second)" {
		t.Errorf("delete returned node selector %q, want the stored one", deleted.Spec.NodeSelector)
	}
	if err := store.Get(ctx, key, storage.GetOptions{}, &v3.IPPool{}); !storage.IsNotFound(err) {
		t.Errorf("after delete: %v", err)
	}
}

// A write the CRD's schema refuses (here a bound this server's validation does not
// have) is a 422 on the v3 kind and field, naming nothing of the storage group.
func TestSchemaRejectionIsInvalidOnTheV3Kind(t *testing.T) {
	const crdName = "globalnetworksets.crd.projectcalico.org"
	path := "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/nets/maxItems"
	kubectl(t, "patch", "crd", crdName, "--type=json", "-p", fmt.Sprintf(`[{"op":"add","path":%q,"value":1}]`, path))
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "globalnetworksets.projectcalico.org", "too-many-nets", "--ignore-not-found")
		_, _ = kubectlErr("patch", "crd", crdName, "--type=json", "-p", fmt.Sprintf(`[{"op":"remove","path":%q}]`, path))
	})
	body := `{"apiVersion":"projectcalico.org/v3","kind":"GlobalNetworkSet","metadata":{"name":"too-many-nets"},` +
		`"spec":{"nets":["10.0.0.0/8","192.168.0.0/16"]}}`
	var status metav1.Status
	eventually(t, 20*time.Second, func() error {
		_, _ = kubectlErr("delete", "globalnetworksets.projectcalico.org", "too-many-nets", "--ignore-not-found")
		resp, err := cp.AdminHTTPClient().Post(cp.KubeAPIServerURL+"/apis/projectcalico.org/v3/globalnetworksets", "application/json", strings.NewReader(body))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		status = metav1.Status{}
		if err := json.NewDecoder(resp.Body).Decode(&status); err != nil {
			return err
		}
		if resp.StatusCode == http.StatusCreated {
			return fmt.Errorf("created though the schema allows one net (schema change not yet in effect?)")
		}
		return nil
	})
	raw, _ := json.Marshal(status)
	if status.Code != http.StatusUnprocessableEntity || status.Details == nil || status.Details.Group != "projectcalico.org" ||
		status.Details.Kind != "GlobalNetworkSet" || status.Details.Name != "too-many-nets" ||
		len(status.Details.Causes) != 1 || status.Details.Causes[0].Field != "spec.nets" || strings.Contains(string(raw), "crd.projectcalico.org") {
		t.Errorf("schema rejection: %s", raw)
	}
}

// Without its CRD, a kind answers 503 saying so (not "not found"), and the server's
// /readyz fails until the CRD is back.
func TestMissingCRDIsReportedAndMakesServerUnready(t *testing.T) {
	crdDir := os.Getenv("E2E_CRD_DIR")
	if crdDir == "" {
		crdDir = filepath.Join("..", "..", "artifacts", "crds")
	}
	manifest := filepath.Join(crdDir, "crd.projectcalico.org_ipreservations.yaml")
	if _, err := os.Stat(manifest); err != nil {
		t.Fatal(err)
	}
	kubectl(t, "delete", "crd", "ipreservations.crd.projectcalico.org")
	restored := false
	restore := func() {
		if !restored {
			kubectl(t, "apply", "--server-side", "-f", manifest)
			kubectl(t, "wait", "--for=condition=Established", "--timeout=60s", "crd/ipreservations.crd.projectcalico.org")
			restored = true
		}
	}
	t.Cleanup(restore)

	eventually(t, 30*time.Second, func() error {
		_, err := kubectlErr("get", "ipreservations.projectcalico.org", "anything")
		if err == nil || !strings.Contains(err.Error(), "is not installed") || !strings.Contains(err.Error(), "ServiceUnavailable") {
			return fmt.Errorf("get without the CRD: %v", err)
		}
		return nil
	})
	readyz := func() (int, string) {
		resp, err := cp.AdminHTTPClient().Get(cp.CalicoServerURL + "/readyz?verbose")
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	eventually(t, 30*time.Second, func() error {
		if code, body := readyz(); code == http.StatusOK || !strings.Contains(body, "calico-storage failed") {
			return fmt.Errorf("readyz without the CRD: %d %s", code, body)
		}
		return nil
	})

	restore()
	eventually(t, 30*time.Second, func() error {
		if code, body := readyz(); code != http.StatusOK {
			return fmt.Errorf("readyz with the CRD back: %d %s", code, body)
		}
		return nil
	})
}

// A custom resource this server cannot read (here a metadata annotation that is not
// JSON, written straight to the kube-apiserver) can be deleted through this server only
// with ignoreStoreReadErrorWithClusterBreakingPotential, as a corrupt object of the
// kube-apiserver's own; the option is refused (409) for an object that can be read.
func TestUnsafeDeleteOfUnreadableObject(t *testing.T) {
	const unreadable = `apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkSet
metadata:
  name: e2e-unreadable
  annotations: {projectcalico.org/metadata: "{not json"}
spec: {nets: [198.51.100.90/32]}
`
	if out, err := kubectlIn(t, unreadable, "create", "-f", "-"); err != nil {
		t.Fatalf("%s %v", out, err)
	}
	t.Cleanup(func() { _, _ = kubectlIn(t, unreadable, "delete", "-f", "-", "--ignore-not-found") })
	const readable = "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata: {name: e2e-readable}\nspec: {nets: [198.51.100.91/32]}\n"
	if out, err := kubectlIn(t, readable, "create", "-f", "-"); err != nil {
		t.Fatalf("%s %v", out, err)
	}
	t.Cleanup(func() { _, _ = kubectlIn(t, readable, "delete", "-f", "-", "--ignore-not-found") })

	if out, err := kubectlErr("get", "globalnetworksets.projectcalico.org", "e2e-unreadable"); err == nil {
		t.Fatalf("get of an unreadable object succeeded: %s", out)
	}
	if out, err := kubectlErr("delete", "globalnetworksets.projectcalico.org", "e2e-unreadable"); err == nil {
		t.Fatalf("a plain delete of an unreadable object succeeded: %s", out)
	}
	const unsafe = `{"kind":"DeleteOptions","apiVersion":"v1","ignoreStoreReadErrorWithClusterBreakingPotential":true}`
	path := "/apis/projectcalico.org/v3/globalnetworksets/"
	if out, err := kubectlIn(t, unsafe, "delete", "--raw", path+"e2e-readable", "-f", "-"); err == nil || !strings.Contains(err.Error(), "Conflict") {
		t.Errorf("unsafe delete of a readable object: %s %v, want a conflict", out, err)
	}
	kubectl(t, "get", "globalnetworksets.projectcalico.org", "e2e-readable")
	if out, err := kubectlIn(t, unsafe, "delete", "--raw", path+"e2e-unreadable", "-f", "-"); err != nil {
		t.Fatalf("unsafe delete of an unreadable object: %s %v", out, err)
	}
	if out, err := kubectlErr("get", "globalnetworksets.crd.projectcalico.org", "e2e-unreadable"); err == nil || !strings.Contains(err.Error(), "NotFound") {
		t.Errorf("the unreadable custom resource is still stored: %s %v", out, err)
	}
}
