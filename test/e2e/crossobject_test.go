package e2e

import (
	"regexp"
	"strings"
	"testing"
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
