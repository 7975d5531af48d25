package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// At start-up the server creates what Calico relies on: the built-in tiers and
// ClusterInformation "default"; built-in tiers cannot be deleted.
func TestBuiltInObjects(t *testing.T) {
	for tier, want := range map[string]string{"default": "1000000 Deny", "kube-admin": "1000 Pass", "kube-baseline": "10000000 Pass"} {
		if got := kubectl(t, "get", "tiers.projectcalico.org", tier, "-o", "jsonpath={.spec.order} {.spec.defaultAction}"); got != want {
			t.Errorf("tier %s: order and default action %q, want %q", tier, got, want)
		}
		if _, err := kubectlErr("delete", "tiers.projectcalico.org", tier); err == nil || !strings.Contains(err.Error(), "Forbidden") {
			t.Errorf("delete of the built-in tier %s: %v, want Forbidden", tier, err)
		}
	}
	info := getJSON(t, "get", "clusterinformations.projectcalico.org", "default")
	if guid, _ := field(info, "spec", "clusterGUID").(string); !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(guid) || field(info, "spec", "datastoreReady") != true {
		t.Errorf("ClusterInformation default: %v", field(info, "spec"))
	}
}

// Checks against other objects: a policy's tier must exist, pools must not overlap.
// Each is a 422 naming the field, and dry-run reports it too.
func TestCrossObjectChecks(t *testing.T) {
	policy := `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: e2e-no-such-tier}
spec: {tier: no-such-tier, selector: all()}
`
	for _, args := range [][]string{{"create", "-f", "-", "--dry-run=server"}, {"create", "-f", "-"}} {
		_, err := kubectlIn(t, policy, args...)
		if err == nil || !strings.Contains(err.Error(), "is invalid") || !strings.Contains(err.Error(), `spec.tier: Not found: "no-such-tier"`) {
			t.Errorf("kubectl %v of a policy in a missing tier: %v, want 422 on spec.tier", args, err)
		}
	}

	pool := func(name, cidr string) string {
		return "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: " + name + "}\nspec: {cidr: " + cidr + "}\n"
	}
	if _, err := kubectlIn(t, pool("e2e-pool-a", "10.120.0.0/16"), "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = kubectlErr("delete", "ippools.projectcalico.org", "e2e-pool-a", "--ignore-not-found") })
	_, err := kubectlIn(t, pool("e2e-pool-b", "10.120.128.0/17"), "create", "-f", "-")
	if err == nil || !strings.Contains(err.Error(), "spec.cidr") || !strings.Contains(err.Error(), "overlaps existing IP pool e2e-pool-a (10.120.0.0/16)") {
		t.Errorf("create of an overlapping pool: %v, want 422 on spec.cidr naming e2e-pool-a", err)
	}
	if _, err := kubectlErr("get", "ippools.crd.projectcalico.org", "e2e-pool-b"); err == nil {
		t.Errorf("the refused pool was stored")
	}
}

// A new pool must agree with the IPAM blocks Calico already allocated in its range, and
// a BGPPeer's filters must exist, on create and on update.
func TestIPAMBlockAndBGPFilterLookups(t *testing.T) {
	// Calico's IPAM keeps its blocks in this CRD; the project's own CRDs do not serve it.
	if _, err := kubectlErr("get", "crd", "ipamblocks.crd.projectcalico.org"); err != nil {
		kubectl(t, "apply", "-f", "../../../shared/calico-v3.32.1/crd.projectcalico.org-v1/crd.projectcalico.org_ipamblocks.yaml")
		eventually(t, 30*time.Second, func() error {
			_, err := kubectlErr("get", "ipamblocks.crd.projectcalico.org")
			return err
		})
	}
	block := `apiVersion: crd.projectcalico.org/v1
kind: IPAMBlock
metadata: {name: 10-150-0-0-24}
spec: {cidr: 10.150.0.0/24, allocations: [], unallocated: [], attributes: [], strictAffinity: false}
`
	if _, err := kubectlIn(t, block, "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "ipamblocks.crd.projectcalico.org", "10-150-0-0-24", "--ignore-not-found")
	})
	pool := "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: e2e-pool-blocks}\nspec: {cidr: 10.150.0.0/16, blockSize: %d}\n"
	_, err := kubectlIn(t, fmt.Sprintf(pool, 26), "create", "-f", "-")
	if err == nil || !strings.Contains(err.Error(), "spec.blockSize") || !strings.Contains(err.Error(), "10.150.0.0/24") {
		t.Errorf("a pool whose block size disagrees with an existing block: %v, want 422 on spec.blockSize", err)
	}
	if _, err := kubectlIn(t, fmt.Sprintf(pool, 24), "create", "-f", "-"); err != nil {
		t.Errorf("a pool whose block size matches the blocks: %v", err)
	}
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "ippools.projectcalico.org", "e2e-pool-blocks", "--ignore-not-found")
	})

	peer := "apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: e2e-filtered}\nspec: {peerIP: 192.0.2.7, asNumber: 64600, filters: [%s]}\n"
	if _, err := kubectlIn(t, fmt.Sprintf(peer, "e2e-no-such-filter"), "create", "-f", "-"); err == nil ||
		!strings.Contains(err.Error(), "spec.filters") || !strings.Contains(err.Error(), "e2e-no-such-filter") {
		t.Errorf("a peer with a missing filter: %v, want 422 on spec.filters", err)
	}
	filter := "apiVersion: projectcalico.org/v3\nkind: BGPFilter\nmetadata: {name: e2e-filter}\nspec: {exportV4: [{action: Reject, matchOperator: In, cidr: 10.0.0.0/8}]}\n"
	if _, err := kubectlIn(t, filter, "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "bgpfilters.projectcalico.org", "e2e-filter", "--ignore-not-found")
	})
	if _, err := kubectlIn(t, fmt.Sprintf(peer, "e2e-filter"), "create", "-f", "-"); err != nil {
		t.Fatalf("a peer with an existing filter: %v", err)
	}
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "bgppeers.projectcalico.org", "e2e-filtered", "--ignore-not-found")
	})
	if _, err := kubectlIn(t, fmt.Sprintf(peer, "e2e-filter, e2e-gone"), "apply", "-f", "-"); err == nil || !strings.Contains(err.Error(), "e2e-gone") {
		t.Errorf("an update naming a missing filter: %v, want 422 on spec.filters", err)
	}
}
