package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Tiered RBAC (issue 10): real RBAC objects, users who are not cluster admins
// (impersonated with --as, and a client-certificate user), the example roles of
// artifacts/rbac, and kubectl auth can-i agreeing with what the server does.

const tierRBACNamespace = "e2e-tier-rbac"

// tieredKinds are the four kinds with tier access.
var tieredKinds = []struct {
	kind, resource string
	namespaced     bool
}{
	{"NetworkPolicy", "networkpolicies", true},
	{"GlobalNetworkPolicy", "globalnetworkpolicies", false},
	{"StagedNetworkPolicy", "stagednetworkpolicies", true},
	{"StagedGlobalNetworkPolicy", "stagedglobalnetworkpolicies", false},
}

var (
	tierRBACOnce sync.Once
	tierRBACErr  error
)

// setupTierRBAC creates, once per run, the tiers team-a and team-b, a namespace, the
// example roles of artifacts/rbac (written for team-a) and their bindings: alice and
// the group team-a-authors author policies in team-a, victor views team-a, ada
// administers team-a.
func setupTierRBAC(t *testing.T) {
	t.Helper()
	tierRBACOnce.Do(func() {
		manifest := `apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: team-a}
spec: {order: 400}
---
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: team-b}
spec: {order: 500}
---
apiVersion: v1
kind: Namespace
metadata: {name: ` + tierRBACNamespace + `}
` + binding("alice-authors-team-a", "calico-tier-team-a-policy-author", "User", "alice") +
			binding("team-a-authors", "calico-tier-team-a-policy-author", "Group", "team-a-authors") +
			binding("victor-views-team-a", "calico-tier-team-a-viewer", "User", "victor") +
			binding("ada-administers-team-a", "calico-tier-team-a-admin", "User", "ada")
		if _, err := cp.Kubectl(t.Context(), strings.NewReader(manifest), "apply", "-f", "-"); err != nil {
			tierRBACErr = err
			return
		}
		root, _ := filepath.Abs(filepath.Join("..", ".."))
		for _, role := range []string{"tier-policy-author.yaml", "tier-viewer.yaml", "tier-admin.yaml"} {
			if _, err := kubectlErr("apply", "-f", filepath.Join(root, "artifacts", "rbac", role)); err != nil {
				tierRBACErr = err
				return
			}
		}
	})
	if tierRBACErr != nil {
		t.Fatal(tierRBACErr)
	}
}

func binding(name, role, kind, subject string) string {
	return fmt.Sprintf(`---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: %s}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: %s}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: %s, name: %s}
`, name, role, kind, subject)
}

// policyManifest is a policy of kind in tier (in the test namespace when namespaced).
func policyManifest(kind string, namespaced bool, name, tier string) string {
	namespace := ""
	if namespaced {
		namespace = ", namespace: " + tierRBACNamespace
	}
	return fmt.Sprintf(`apiVersion: projectcalico.org/v3
kind: %s
metadata: {name: %s%s}
spec:
  tier: %s
  selector: app == 'e2e'
  types: [Ingress]
`, kind, name, namespace, tier)
}

// identity is who a kubectl runs as: an impersonated user, or a kubeconfig of its own.
type identity struct {
	name string
	args []string
}

func impersonated(user string) identity { return identity{name: user, args: []string{"--as=" + user}} }

// run runs kubectl as the identity (with the admin's kubeconfig unless the identity has
// its own, which then comes last and wins).
func (id identity) run(stdin string, args ...string) (string, error) {
	out, err := cp.Kubectl(context.Background(), strings.NewReader(stdin), append(append([]string{}, id.args...), args...)...)
	return string(out), err
}

// canI asks kubectl auth can-i as the identity: yes or no.
func (id identity) canI(t *testing.T, verb, resource, namespace string) bool {
	t.Helper()
	args := []string{"auth", "can-i", verb, resource}
	if namespace != "" {
		args = append(args, "-n", namespace)
	}
	out, err := id.run("", args...)
	switch strings.TrimSpace(out) {
	case "yes":
		return true
	case "no":
		return false
	}
	t.Fatalf("kubectl auth can-i %s %s: %q %v", verb, resource, out, err)
	return false
}

// ruleLine is a row of kubectl auth can-i --list: resource, names, verbs.
var ruleLine = regexp.MustCompile(`^(\S+)\s+\[(.*?)\]\s+\[(.*?)\]\s+\[(.*?)\]\s*$`)

// canIPseudo asks kubectl auth can-i whether the identity may do verb on the
// pseudo-resource tier.<resource> for the whole tier ("<tier>.*"). kubectl cannot name
// a resource with a dot in a can-i question (it reads "tier" as the resource), so it
// reads the identity's rules with kubectl auth can-i --list (a SelfSubjectRulesReview)
// and matches them as RBAC does.
func (id identity) canIPseudo(t *testing.T, verb, resource, tier, namespace string) bool {
	t.Helper()
	args := []string{"auth", "can-i", "--list"}
	if namespace != "" {
		args = append(args, "-n", namespace)
	}
	out, err := id.run("", args...)
	if err != nil {
		t.Fatalf("kubectl auth can-i --list: %v", err)
	}
	for _, line := range strings.Split(out, "\n") {
		m := ruleLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		resourceOK := m[1] == "tier."+resource+".projectcalico.org" || m[1] == "*.projectcalico.org" || m[1] == "*.*"
		names := strings.Fields(m[3])
		nameOK := len(names) == 0 || contains(names, tier+".*")
		verbs := strings.Fields(m[4])
		if resourceOK && nameOK && (contains(verbs, verb) || contains(verbs, "*")) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// mayInTier is can-i's answer for a verb on a tier's policies: get on the tier and the
// verb on the pseudo-resource, as Calico documents it.
func (id identity) mayInTier(t *testing.T, verb, resource, tier, namespace string) bool {
	return id.canI(t, "get", "tiers.projectcalico.org/"+tier, "") && id.canIPseudo(t, verb, resource, tier, namespace)
}

// expectTierRefusal checks a 403 whose message names the user, verb, tier and the
// pseudo-resource or the tier permission that is missing.
func expectTierRefusal(t *testing.T, err error, user, verb, resource, tier string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s %s in tier %s as %s: allowed, want 403", verb, resource, tier, user)
		return
	}
	want := fmt.Sprintf(`user %q cannot %s %s in tier %q: needs `, user, verb, resource, tier)
	if !strings.Contains(err.Error(), "Forbidden") || !strings.Contains(err.Error(), want) ||
		!(strings.Contains(err.Error(), "tier."+resource) || strings.Contains(err.Error(), "on tiers.projectcalico.org")) {
		t.Errorf("%s %s in tier %s as %s: %v\nwant a 403 saying %q and the missing permission", verb, resource, tier, user, err, want)
	}
}

func namespaceArgs(namespaced bool) []string {
	if namespaced {
		return []string{"-n", tierRBACNamespace}
	}
	return nil
}

// A policy author of team-a (impersonated) on every verb and every tiered kind: allowed
// in team-a, refused (or filtered) in team-b, and can-i agrees every time.
func TestTierRBACPolicyAuthorOnEveryVerb(t *testing.T) {
	setupTierRBAC(t)
	alice := impersonated("alice")
	for _, k := range tieredKinds {
		t.Run(k.kind, func(t *testing.T) {
			ns := namespaceArgs(k.namespaced)
			namespace := ""
			if k.namespaced {
				namespace = tierRBACNamespace
			}
			res := k.resource + ".projectcalico.org"
			mine, theirs := "alice-"+strings.ToLower(k.kind), "bob-"+strings.ToLower(k.kind)
			// team-b's policy is the admin's.
			if _, err := kubectlIn(t, policyManifest(k.kind, k.namespaced, theirs, "team-b"), "apply", "-f", "-"); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				_, _ = kubectlErr(append([]string{"delete", res, mine, theirs, "--ignore-not-found"}, ns...)...)
			})

			for _, verb := range []string{"get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"} {
				if !alice.mayInTier(t, verb, k.resource, "team-a", namespace) {
					t.Errorf("can-i: alice may not %s in team-a", verb)
				}
				if alice.mayInTier(t, verb, k.resource, "team-b", namespace) {
					t.Errorf("can-i: alice may %s in team-b", verb)
				}
			}

			// create
			if _, err := alice.run(policyManifest(k.kind, k.namespaced, mine, "team-a"), "create", "-f", "-"); err != nil {
				t.Fatalf("create in team-a: %v", err)
			}
			_, err := alice.run(policyManifest(k.kind, k.namespaced, "alice-intruder", "team-b"), "create", "-f", "-")
			expectTierRefusal(t, err, "alice", "create", k.resource, "team-b")
			// get
			if _, err := alice.run("", append([]string{"get", res, mine}, ns...)...); err != nil {
				t.Errorf("get in team-a: %v", err)
			}
			_, err = alice.run("", append([]string{"get", res, theirs}, ns...)...)
			expectTierRefusal(t, err, "alice", "get", k.resource, "team-b")
			// list: filtered without a tier, refused naming team-b.
			all := "-A"
			if !k.namespaced {
				all = "--show-kind"
			}
			out, err := alice.run("", "get", res, all, "-o", "name")
			if err != nil || !strings.Contains(out, "/"+mine+"\n") || strings.Contains(out, theirs) {
				t.Errorf("list as alice: %q %v; want %s and not %s", out, err, mine, theirs)
			}
			_, err = alice.run("", append([]string{"get", res, "--field-selector", "spec.tier=team-b"}, ns...)...)
			expectTierRefusal(t, err, "alice", "list", k.resource, "team-b")
			_, err = alice.run("", append([]string{"get", res, "-l", "projectcalico.org/tier=team-b"}, ns...)...)
			expectTierRefusal(t, err, "alice", "list", k.resource, "team-b")
			if out, err := alice.run("", append([]string{"get", res, "--field-selector", "spec.tier=team-a", "-o", "name"}, ns...)...); err != nil || !strings.Contains(out, mine) {
				t.Errorf("list of team-a as alice: %q %v", out, err)
			}
			// watch: refused naming team-b (raw: kubectl get --watch lists first), from
			// a current resourceVersion.
			collection := "/apis/projectcalico.org/v3/" + k.resource
			if k.namespaced {
				collection = "/apis/projectcalico.org/v3/namespaces/" + tierRBACNamespace + "/" + k.resource
			}
			var list struct {
				Metadata struct{ ResourceVersion string }
			}
			if err := json.Unmarshal([]byte(kubectl(t, "get", "--raw", collection+"?limit=1")), &list); err != nil || list.Metadata.ResourceVersion == "" {
				t.Fatalf("list resourceVersion: %v", err)
			}
			rv := list.Metadata.ResourceVersion
			_, err = alice.run("", "get", "--raw", collection+"?watch=true&resourceVersion="+rv+"&timeoutSeconds=1&fieldSelector=spec.tier%3Dteam-b")
			expectTierRefusal(t, err, "alice", "watch", k.resource, "team-b")
			if _, err := alice.run("", "get", "--raw", collection+"?watch=true&resourceVersion="+rv+"&timeoutSeconds=1&fieldSelector=spec.tier%3Dteam-a"); err != nil {
				t.Errorf("watch of team-a: %v", err)
			}
			// patch (server-side apply: kubectl patch would get the object first) and
			// update (replace)
			if _, err := alice.run(policyManifest(k.kind, k.namespaced, mine, "team-a"), "apply", "--server-side", "--force-conflicts", "-f", "-"); err != nil {
				t.Errorf("patch in team-a: %v", err)
			}
			_, err = alice.run(policyManifest(k.kind, k.namespaced, theirs, "team-b"), "apply", "--server-side", "--force-conflicts", "-f", "-")
			expectTierRefusal(t, err, "alice", "patch", k.resource, "team-b")
			_, err = alice.run(policyManifest(k.kind, k.namespaced, theirs, "team-b"), "replace", "-f", "-")
			expectTierRefusal(t, err, "alice", "update", k.resource, "team-b")
			// Moving her own policy to team-b needs team-b too.
			_, err = alice.run(policyManifest(k.kind, k.namespaced, mine, "team-b"), "replace", "-f", "-")
			expectTierRefusal(t, err, "alice", "update", k.resource, "team-b")
			// delete
			_, err = alice.run("", append([]string{"delete", res, theirs}, ns...)...)
			expectTierRefusal(t, err, "alice", "delete", k.resource, "team-b")
			// deletecollection (kubectl delete --all deletes one by one, so the raw
			// collection DELETE) deletes and returns only what alice may see, and a
			// collection naming team-b is refused.
			_, err = alice.run("", "delete", "--raw", collection+"?fieldSelector=spec.tier%3Dteam-b")
			expectTierRefusal(t, err, "alice", "deletecollection", k.resource, "team-b")
			if out, err := alice.run("", "delete", "--raw", collection); err != nil || !strings.Contains(out, `"name":"`+mine+`"`) || strings.Contains(out, theirs) {
				t.Errorf("deletecollection as alice: %s %v; want %s deleted and %s not mentioned", out, err, mine, theirs)
			}
			if _, err := kubectlErr(append([]string{"get", res, mine}, ns...)...); err == nil || !strings.Contains(err.Error(), "NotFound") {
				t.Errorf("alice's %s survived her deletecollection: %v", mine, err)
			}
			if _, err := kubectlErr(append([]string{"get", res, theirs}, ns...)...); err != nil {
				t.Errorf("team-b's %s was deleted by alice's deletecollection: %v", theirs, err)
			}
			// single delete in team-a
			if _, err := alice.run(policyManifest(k.kind, k.namespaced, mine, "team-a"), "create", "-f", "-"); err != nil {
				t.Fatalf("create in team-a: %v", err)
			}
			if _, err := alice.run("", append([]string{"delete", res, mine}, ns...)...); err != nil {
				t.Errorf("delete in team-a: %v", err)
			}
		})
	}
}

// A client-certificate user (not impersonated), in group team-a-authors: the same
// rules, and kubectl get -A shows only team-a's policies.
func TestTierRBACClientCertificateUser(t *testing.T) {
	setupTierRBAC(t)
	kubeconfig, err := cp.UserKubeconfig("carol", "team-a-authors")
	if err != nil {
		t.Fatal(err)
	}
	carol := identity{name: "carol", args: []string{"--kubeconfig=" + kubeconfig}}
	if out, err := carol.run("", "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"); err != nil || out != "carol" {
		t.Fatalf("whoami: %q %v", out, err)
	}
	for _, p := range []struct{ name, tier string }{{"carol-b", "team-b"}, {"other-a", "team-a"}} {
		if _, err := kubectlIn(t, policyManifest("NetworkPolicy", true, p.name, p.tier), "apply", "-f", "-"); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "networkpolicies.projectcalico.org", "-n", tierRBACNamespace, "carol-a", "carol-b", "other-a", "--ignore-not-found")
	})

	if !carol.mayInTier(t, "create", "networkpolicies", "team-a", tierRBACNamespace) {
		t.Error("can-i: carol may not create in team-a")
	}
	if _, err := carol.run(policyManifest("NetworkPolicy", true, "carol-a", "team-a"), "create", "-f", "-"); err != nil {
		t.Fatalf("create in team-a: %v", err)
	}
	if carol.mayInTier(t, "create", "networkpolicies", "team-b", tierRBACNamespace) {
		t.Error("can-i: carol may create in team-b")
	}
	_, err = carol.run(policyManifest("NetworkPolicy", true, "carol-b2", "team-b"), "create", "-f", "-")
	expectTierRefusal(t, err, "carol", "create", "networkpolicies", "team-b")

	out, err := carol.run("", "get", "networkpolicies.projectcalico.org", "-A", "-o", "jsonpath={range .items[*]}{.spec.tier}/{.metadata.name}{\"\\n\"}{end}")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Fields(out) {
		if !strings.HasPrefix(line, "team-a/") {
			t.Errorf("kubectl get networkpolicies -A as carol lists %s, outside team-a", line)
		}
	}
	if !strings.Contains(out, "team-a/carol-a") || !strings.Contains(out, "team-a/other-a") {
		t.Errorf("kubectl get networkpolicies -A as carol: %q, want carol-a and other-a", out)
	}
	if carol.mayInTier(t, "list", "networkpolicies", "team-b", "") {
		t.Error("can-i: carol may list team-b")
	}
	_, err = carol.run("", "get", "networkpolicies.projectcalico.org", "-A", "--field-selector", "spec.tier=team-b")
	expectTierRefusal(t, err, "carol", "list", "networkpolicies", "team-b")
}

// The viewer reads team-a and writes nothing; the tier admin manages the tier team-a
// itself and its policies, and neither touches team-b.
func TestTierRBACViewerAndAdmin(t *testing.T) {
	setupTierRBAC(t)
	victor, ada := impersonated("victor"), impersonated("ada")
	for _, p := range []struct{ name, tier string }{{"seen-a", "team-a"}, {"hidden-b", "team-b"}} {
		if _, err := kubectlIn(t, policyManifest("GlobalNetworkPolicy", false, p.name, p.tier), "apply", "-f", "-"); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "globalnetworkpolicies.projectcalico.org", "seen-a", "hidden-b", "ada-a", "--ignore-not-found")
	})

	// Viewer.
	for _, verb := range []string{"get", "list", "watch"} {
		if !victor.mayInTier(t, verb, "globalnetworkpolicies", "team-a", "") {
			t.Errorf("can-i: victor may not %s in team-a", verb)
		}
	}
	if out, err := victor.run("", "get", "gnp", "seen-a", "-o", "name"); err != nil || !strings.Contains(out, "seen-a") {
		t.Errorf("viewer get in team-a: %q %v", out, err)
	}
	if out, err := victor.run("", "get", "gnp", "-o", "name"); err != nil || !strings.Contains(out, "seen-a") || strings.Contains(out, "hidden-b") {
		t.Errorf("viewer list: %q %v; want seen-a only", out, err)
	}
	if victor.canI(t, "create", "globalnetworkpolicies.projectcalico.org", "") {
		t.Error("can-i: the viewer may create")
	}
	if _, err := victor.run(policyManifest("GlobalNetworkPolicy", false, "victor-a", "team-a"), "create", "-f", "-"); err == nil || !strings.Contains(err.Error(), "Forbidden") {
		t.Errorf("viewer create: %v, want 403", err)
	}
	if victor.mayInTier(t, "get", "globalnetworkpolicies", "team-b", "") {
		t.Error("can-i: victor may get in team-b")
	}
	_, err := victor.run("", "get", "gnp", "hidden-b")
	expectTierRefusal(t, err, "victor", "get", "globalnetworkpolicies", "team-b")

	// Tier admin.
	if !ada.canI(t, "patch", "tiers.projectcalico.org/team-a", "") || ada.canI(t, "patch", "tiers.projectcalico.org/team-b", "") {
		t.Error("can-i: ada should patch tier team-a only")
	}
	if _, err := ada.run("", "patch", "tiers.projectcalico.org", "team-a", "--type=merge", "-p", `{"spec":{"order":401}}`); err != nil {
		t.Errorf("tier admin patching her tier: %v", err)
	}
	if _, err := ada.run("", "patch", "tiers.projectcalico.org", "team-b", "--type=merge", "-p", `{"spec":{"order":501}}`); err == nil || !strings.Contains(err.Error(), "Forbidden") {
		t.Errorf("tier admin patching another tier: %v, want 403", err)
	}
	if !ada.mayInTier(t, "create", "globalnetworkpolicies", "team-a", "") {
		t.Error("can-i: ada may not create in team-a")
	}
	if _, err := ada.run(policyManifest("GlobalNetworkPolicy", false, "ada-a", "team-a"), "create", "-f", "-"); err != nil {
		t.Errorf("tier admin creating in her tier: %v", err)
	}
	if _, err := ada.run("", "delete", "gnp", "ada-a"); err != nil {
		t.Errorf("tier admin deleting in her tier: %v", err)
	}
	_, err = ada.run("", "delete", "gnp", "hidden-b")
	expectTierRefusal(t, err, "ada", "delete", "globalnetworkpolicies", "team-b")
}

// Watches: creating a tier closes no watch, and a watcher who gains access to a tier
// receives that tier's events from then on, in the same watch.
func TestTierRBACWatch(t *testing.T) {
	setupTierRBAC(t)
	// wendy may watch policies (ordinary RBAC) and sees team-a.
	rbac := binding("wendy-views-team-a", "calico-tier-team-a-viewer", "User", "wendy")
	if _, err := kubectlIn(t, rbac, "apply", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "clusterrolebinding", "wendy-views-team-a", "wendy-team-b", "--ignore-not-found")
		_, _ = kubectlErr("delete", "clusterrole", "e2e-team-b-viewer", "--ignore-not-found")
		_, _ = kubectlErr("delete", "gnp", "watched-a", "watched-b", "--ignore-not-found")
		_, _ = kubectlErr("delete", "tiers.projectcalico.org", "e2e-new-tier", "--ignore-not-found")
	})
	eventually(t, 30*time.Second, func() error { // the server caches SAR denials for 10 s
		_, err := kubectlErr("--as=wendy", "get", "gnp", "--field-selector", "spec.tier=team-a")
		return err
	})
	watch := startKubectl(t, "--as=wendy", "get", "gnp", "--watch", "--output-watch-events", "--request-timeout=0")
	time.Sleep(time.Second) // let the watch start

	if _, err := kubectlIn(t, "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: e2e-new-tier}\nspec: {order: 600}\n", "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ name, tier string }{{"watched-b", "team-b"}, {"watched-a", "team-a"}} {
		if _, err := kubectlIn(t, policyManifest("GlobalNetworkPolicy", false, p.name, p.tier), "create", "-f", "-"); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, 30*time.Second, func() error {
		if !regexp.MustCompile(`ADDED\s+watched-a`).MatchString(watch.output()) {
			return fmt.Errorf("the watch (open across a tier creation) did not deliver watched-a: %q", watch.output())
		}
		return nil
	})
	if strings.Contains(watch.output(), "watched-b") {
		t.Fatalf("wendy's watch delivered team-b's policy: %q", watch.output())
	}

	// Grant team-b; the same watch delivers team-b's events once the decision cache
	// (and the delegated authorizer's own) let the new grant through.
	grant := `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: e2e-team-b-viewer}
rules:
- {apiGroups: [projectcalico.org], resources: [tiers], resourceNames: [team-b], verbs: [get]}
- {apiGroups: [projectcalico.org], resources: [tier.globalnetworkpolicies], resourceNames: [team-b.*], verbs: [get, list, watch]}
` + binding("wendy-team-b", "e2e-team-b-viewer", "User", "wendy")
	if _, err := kubectlIn(t, grant, "apply", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	i := 0
	eventually(t, 60*time.Second, func() error {
		i++
		if _, err := kubectlErr("label", "gnp", "watched-b", fmt.Sprintf("touch=%d", i), "--overwrite"); err != nil {
			return err
		}
		time.Sleep(500 * time.Millisecond)
		if !strings.Contains(watch.output(), "watched-b") {
			return fmt.Errorf("no team-b event after the grant: %q", watch.output())
		}
		return nil
	})
	if !regexp.MustCompile(`MODIFIED\s+watched-b`).MatchString(watch.output()) {
		t.Errorf("want the team-b event as MODIFIED in the same watch: %q", watch.output())
	}
}

// An update, patch or apply that moves a policy into a tier that does not exist is a
// 422, like the create.
func TestUpdateIntoMissingTierIsInvalid(t *testing.T) {
	if _, err := kubectlIn(t, policyManifest("GlobalNetworkPolicy", false, "e2e-mover", "default"), "apply", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = kubectlErr("delete", "gnp", "e2e-mover", "--ignore-not-found") })
	want := `spec.tier: Not found: "no-such-tier"`
	if _, err := kubectlErr("patch", "gnp", "e2e-mover", "--type=merge", "-p", `{"spec":{"tier":"no-such-tier"}}`); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "is invalid") {
		t.Errorf("patch into a missing tier: %v, want 422 %q", err, want)
	}
	moved := policyManifest("GlobalNetworkPolicy", false, "e2e-mover", "no-such-tier")
	if _, err := kubectlIn(t, moved, "replace", "-f", "-"); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("update into a missing tier: %v, want 422 %q", err, want)
	}
	if _, err := kubectlIn(t, moved, "apply", "--server-side", "-f", "-"); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("server-side apply into a missing tier: %v, want 422 %q", err, want)
	}
	if got := kubectl(t, "get", "gnp", "e2e-mover", "-o", "jsonpath={.spec.tier}"); got != "default" {
		t.Errorf("tier after refused moves: %q", got)
	}
}

// Cluster controllers, running under their own service accounts (not as admin), keep
// working on tiered policies thanks to artifacts/rbac/calico-tier-controllers.yaml:
// the garbage collector deletes a team-b policy whose owner is gone, and deleting a
// namespace holding team-b policies completes.
func TestControllersHandleTieredPolicies(t *testing.T) {
	setupTierRBAC(t)
	for _, sa := range []string{"generic-garbage-collector", "namespace-controller"} {
		controller := impersonated("system:serviceaccount:kube-system:" + sa)
		if controller.canI(t, "create", "namespaces", "") {
			t.Errorf("%s is a cluster admin: the test would prove nothing", sa)
		}
		if !controller.mayInTier(t, "delete", "networkpolicies", "team-b", "") {
			t.Errorf("can-i: %s may not delete team-b's policies", sa)
		}
	}

	const ns = "e2e-tier-controllers"
	kubectl(t, "create", "namespace", ns)
	t.Cleanup(func() { _, _ = kubectlErr("delete", "namespace", ns, "--ignore-not-found", "--wait=false") })
	kubectl(t, "create", "configmap", "owner", "-n", ns)
	uid := kubectl(t, "get", "configmap", "owner", "-n", ns, "-o", "jsonpath={.metadata.uid}")
	owned := fmt.Sprintf(`apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata:
  name: owned-in-team-b
  namespace: %s
  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: owner, uid: %s}]
spec: {tier: team-b, selector: all()}
`, ns, uid)
	if _, err := kubectlIn(t, owned, "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	kubectl(t, "delete", "configmap", "owner", "-n", ns)
	eventually(t, 90*time.Second, func() error {
		if _, err := kubectlErr("get", "networkpolicies.projectcalico.org", "owned-in-team-b", "-n", ns); err == nil {
			return fmt.Errorf("owned-in-team-b still exists after its owner was deleted")
		} else if !strings.Contains(err.Error(), "NotFound") {
			return err
		}
		return nil
	})
	// The deletion was the garbage collector's own identity, as the audit log shows.
	gcDelete := regexp.MustCompile(`"verb":"delete".*"username":"system:serviceaccount:kube-system:generic-garbage-collector".*"resource":"networkpolicies","namespace":"` + ns + `","name":"owned-in-team-b","apiGroup":"projectcalico.org"`)
	eventually(t, 10*time.Second, func() error {
		data, err := os.ReadFile(cp.AuditLog)
		if err != nil {
			return err
		}
		if !gcDelete.Match(data) {
			return fmt.Errorf("no delete of owned-in-team-b by the garbage collector's service account in the audit log")
		}
		return nil
	})

	for _, tier := range []string{"team-b", "team-a"} {
		if _, err := kubectlIn(t, strings.Replace(policyManifest("NetworkPolicy", true, "in-"+tier, tier), tierRBACNamespace, ns, 1), "create", "-f", "-"); err != nil {
			t.Fatal(err)
		}
	}
	kubectl(t, "delete", "namespace", ns, "--wait=false")
	eventually(t, 120*time.Second, func() error {
		if _, err := kubectlErr("get", "namespace", ns); err == nil {
			return fmt.Errorf("namespace %s still exists", ns)
		} else if !strings.Contains(err.Error(), "NotFound") {
			return err
		}
		return nil
	})
}

// tierSARs reads the server's count of tier decisions that asked the delegated
// authorizer (calico_apiserver_tier_authorization_checks_total{result="sar"}).
func tierSARs(t *testing.T) int {
	t.Helper()
	body, _ := getDirect(t, "/metrics")
	m := regexp.MustCompile(`(?m)^calico_apiserver_tier_authorization_checks_total\{result="sar"\} (\d+)$`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no sar count in /metrics")
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// A list across many policies costs SubjectAccessReviews per tier, never per object.
func TestTierAuthorizationCostsPerTierNotPerObject(t *testing.T) {
	setupTierRBAC(t)
	var manifest strings.Builder
	namespaces := []string{"e2e-tier-cost-1", "e2e-tier-cost-2", "e2e-tier-cost-3"}
	for _, ns := range namespaces {
		kubectl(t, "create", "namespace", ns)
		for i := 0; i < 20; i++ {
			for _, tier := range []string{"team-a", "team-b"} {
				if tier == "team-b" && i >= 5 {
					continue
				}
				fmt.Fprintf(&manifest, "---\n%s", strings.Replace(policyManifest("NetworkPolicy", true, fmt.Sprintf("%s-%d", tier, i), tier), tierRBACNamespace, ns, 1))
			}
		}
	}
	t.Cleanup(func() {
		for _, ns := range namespaces {
			_, _ = kubectlErr("delete", "namespace", ns, "--wait=false")
		}
	})
	if _, err := kubectlIn(t, manifest.String(), "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	tiers := map[string]bool{}
	for _, tier := range strings.Fields(kubectl(t, "get", "networkpolicies.projectcalico.org", "-A", "-o", "jsonpath={.items[*].spec.tier}")) {
		tiers[tier] = true
	}

	before := tierSARs(t)
	out, err := impersonated("alice").run("", "get", "networkpolicies.projectcalico.org", "-A", "-o", "name")
	if err != nil {
		t.Fatal(err)
	}
	sars := tierSARs(t) - before
	if got := strings.Count(out, "networkpolicy.projectcalico.org/team-a-"); got != 60 {
		t.Errorf("alice sees %d team-a policies, want 60", got)
	}
	if strings.Contains(out, "/team-b-") {
		t.Errorf("alice sees team-b policies")
	}
	// Two per tier at most (get on the tier, list on its pseudo-resource), with a little
	// slack for the controllers' watches deciding at the same time; 75 objects listed.
	t.Logf("list of %d policies in %d tiers as alice: %d SubjectAccessReviews", strings.Count(out, "\n"), len(tiers), sars)
	if limit := 2*len(tiers) + 4; sars > limit {
		t.Errorf("a list across %d tiers asked %d times, want at most %d", len(tiers), sars, limit)
	}
}
