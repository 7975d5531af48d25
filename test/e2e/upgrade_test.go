package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/types"

	"github.com/calico-apiserver/calico-apiserver/pkg/storage/crd"
)

// The upgrade path of artifacts/deploy/README.md on the local control plane: objects that
// Calico's own API server wrote (its stored layout, kdd-storage-contract.md §14) read
// through this server as Calico's server shows them, the APIService is taken over by
// re-applying it (same name), and everything reads the same after the switch.
func TestUpgradeFromCalicosAPIServer(t *testing.T) {
	// As Calico's API server stores them: a tier, a policy in it, and a policy in the
	// default tier, each with the metadata annotation.
	stored := `apiVersion: crd.projectcalico.org/v1
kind: Tier
metadata:
  name: upgrade-sec
  annotations:
    projectcalico.org/metadata: '{"creationTimestamp":"2026-01-15T10:00:00Z"}'
spec: {order: 100}
---
apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata:
  name: upgrade-allow-dns
  labels: {projectcalico.org/tier: default}
  annotations:
    projectcalico.org/metadata: '{"name":"upgrade-allow-dns","creationTimestamp":"2026-01-15T10:00:00Z","labels":{"team":"net","projectcalico.org/tier":"default"},"annotations":{"description":"cluster DNS"}}'
spec:
  selector: all()
  types: [Egress]
  egress:
  - action: Allow
    protocol: UDP
    destination:
      namespaceSelector: projectcalico.org/name == 'kube-system'
      ports: [53]
      selector: k8s-app == 'kube-dns'
---
apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata:
  name: upgrade-sec.deny-all
  labels: {projectcalico.org/tier: upgrade-sec}
  annotations:
    projectcalico.org/metadata: '{"name":"upgrade-sec.deny-all","creationTimestamp":"2026-01-15T10:00:00Z","labels":{"projectcalico.org/tier":"upgrade-sec"}}'
spec:
  tier: upgrade-sec
  order: 1000
  selector: all()
  types: [Ingress]
  ingress: [{action: Deny}]
`
	if out, err := kubectlIn(t, stored, "create", "-f", "-"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "globalnetworkpolicies.crd.projectcalico.org", "upgrade-allow-dns", "upgrade-sec.deny-all", "--ignore-not-found")
		_, _ = kubectlErr("delete", "tiers.crd.projectcalico.org", "upgrade-sec", "--ignore-not-found")
	})

	read := func() string {
		t.Helper()
		return kubectl(t, "get", "globalnetworkpolicies.projectcalico.org", "upgrade-allow-dns", "upgrade-sec.deny-all", "-o", "json")
	}
	check := func(out string) {
		t.Helper()
		var list struct {
			Items []struct {
				Metadata struct {
					Name, UID, CreationTimestamp string
					Labels, Annotations          map[string]string
				}
				Spec struct{ Tier string }
			}
		}
		if err := json.Unmarshal([]byte(out), &list); err != nil || len(list.Items) != 2 {
			t.Fatalf("reading the policies: %v\n%s", err, out)
		}
		dns := list.Items[0].Metadata
		if dns.CreationTimestamp != "2026-01-15T10:00:00Z" || dns.Labels["team"] != "net" ||
			dns.Annotations["description"] != "cluster DNS" || list.Items[0].Spec.Tier != "default" {
			t.Errorf("upgrade-allow-dns does not read as Calico's server shows it: %+v tier %q", dns, list.Items[0].Spec.Tier)
		}
		if _, ok := dns.Annotations[crd.MetadataAnnotation]; ok {
			t.Error("the storage annotation leaks into the v3 object")
		}
		crUID := strings.TrimSpace(kubectl(t, "get", "globalnetworkpolicies.crd.projectcalico.org", "upgrade-allow-dns", "-o", "jsonpath={.metadata.uid}"))
		if want, _ := crd.ConvertUID(types.UID(crUID)); dns.UID != string(want) {
			t.Errorf("uid %s, want Calico's ConvertUID of the custom resource's (%s)", dns.UID, want)
		}
		if list.Items[1].Spec.Tier != "upgrade-sec" {
			t.Errorf("upgrade-sec.deny-all is in tier %q", list.Items[1].Spec.Tier)
		}
	}
	before := read()
	check(before)

	// Calico's APIService as its manifests register it (same name, its own Service and
	// port), then ours applied over it, as the README's upgrade steps do.
	ours := kubectl(t, "get", "apiservice", "v3.projectcalico.org", "-o", "json")
	calicos := `apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v3.projectcalico.org}
spec:
  group: projectcalico.org
  version: v3
  groupPriorityMinimum: 1500
  versionPriority: 200
  insecureSkipTLSVerify: true
  caBundle: null
  service: {name: calico-api, namespace: calico-apiserver, port: 443}
`
	restore := func() {
		var obj map[string]interface{}
		if err := json.Unmarshal([]byte(ours), &obj); err != nil {
			t.Fatal(err)
		}
		meta := obj["metadata"].(map[string]interface{})
		for _, key := range []string{"resourceVersion", "uid", "creationTimestamp", "managedFields", "generation"} {
			delete(meta, key)
		}
		delete(obj, "status")
		data, _ := json.Marshal(obj)
		if out, err := kubectlIn(t, string(data), "replace", "-f", "-"); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
	}
	t.Cleanup(restore) // never leave the group unavailable for the tests after this one
	if out, err := kubectlIn(t, calicos, "replace", "-f", "-"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	eventually(t, 60*time.Second, func() error {
		out := kubectl(t, "get", "apiservice", "v3.projectcalico.org", "-o", "jsonpath={.status.conditions[0].status}")
		if out != "False" {
			return fmt.Errorf("Calico's APIService (nothing behind it here) still Available: %s", out)
		}
		return nil
	})

	restore()
	kubectl(t, "wait", "--for=condition=Available", "--timeout=60s", "apiservice/v3.projectcalico.org")
	var after string
	eventually(t, 30*time.Second, func() (err error) {
		after, err = kubectlErr("get", "globalnetworkpolicies.projectcalico.org", "upgrade-allow-dns", "upgrade-sec.deny-all", "-o", "json")
		return err
	})
	check(after)
	if before != after {
		t.Errorf("the objects read differently after the switch:\nbefore %s\nafter %s", before, after)
	}
}
