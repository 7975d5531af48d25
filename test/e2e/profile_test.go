package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Profiles are synthesized from Namespaces and ServiceAccounts, as Calico does, follow
// them when they change, and cannot be written.
func TestProfilesFollowNamespacesAndServiceAccounts(t *testing.T) {
	const ns = "e2e-profiles"
	watch := startKubectl(t, "get", "profiles.projectcalico.org", "--watch", "--output-watch-events", "--request-timeout=90s")
	kubectl(t, "create", "namespace", ns)
	t.Cleanup(func() { _, _ = kubectlErr("delete", "namespace", ns, "--wait=false") })
	kubectl(t, "label", "namespace", ns, "team=web")
	kubectl(t, "create", "serviceaccount", "builder", "-n", ns)
	kubectl(t, "label", "serviceaccount", "builder", "-n", ns, "role=ci")

	// The namespace's profile: allow-all rules, its labels under pcns., its uid mapped.
	profile := getJSON(t, "get", "profiles.projectcalico.org", "kns."+ns)
	labels, _ := field(profile, "spec", "labelsToApply").(map[string]interface{})
	if labels["pcns.team"] != "web" || labels["pcns.projectcalico.org/name"] != ns || labels["pcns.kubernetes.io/metadata.name"] != ns {
		t.Errorf("kns.%s labelsToApply = %v", ns, labels)
	}
	if got := fmt.Sprint(field(profile, "spec", "ingress"), field(profile, "spec", "egress")); got != "[map[action:Allow]] [map[action:Allow]]" {
		t.Errorf("kns.%s rules = %s", ns, got)
	}
	nsUID := kubectl(t, "get", "namespace", ns, "-o", "jsonpath={.metadata.uid}")
	if uid, _ := field(profile, "metadata", "uid").(string); uid == "" || uid == nsUID {
		t.Errorf("profile uid %q must be the namespace's uid %q mapped", uid, nsUID)
	}
	if rv, _ := field(profile, "metadata", "resourceVersion").(string); !strings.HasSuffix(rv, "/") {
		t.Errorf("namespace profile resourceVersion %q, want \"<namespace RV>/\"", rv)
	}

	// The service account's profile: no rules, its labels under pcsa.
	sa := getJSON(t, "get", "profiles.projectcalico.org", "ksa."+ns+".builder")
	saLabels, _ := field(sa, "spec", "labelsToApply").(map[string]interface{})
	if saLabels["pcsa.role"] != "ci" || saLabels["pcsa.projectcalico.org/name"] != "builder" || field(sa, "spec", "ingress") != nil {
		t.Errorf("ksa profile spec = %v", field(sa, "spec"))
	}

	// A list holds the default-allow profile and one per namespace and service account.
	list := kubectl(t, "get", "profiles.projectcalico.org", "-o", "name")
	for _, want := range []string{"profile.projectcalico.org/projectcalico-default-allow", "/kns." + ns, "/ksa." + ns + ".builder", "/kns.default"} {
		if !strings.Contains(list, want) {
			t.Errorf("profile list lacks %s:\n%s", want, list)
		}
	}

	// Profiles follow their sources.
	kubectl(t, "label", "namespace", ns, "team=db", "--overwrite")
	if got := kubectl(t, "get", "profiles.projectcalico.org", "kns."+ns, "-o", `jsonpath={.spec.labelsToApply.pcns\.team}`); got != "db" {
		t.Errorf("after relabelling the namespace, pcns.team = %q", got)
	}
	kubectl(t, "delete", "serviceaccount", "builder", "-n", ns)
	if _, err := kubectlErr("get", "profiles.projectcalico.org", "ksa."+ns+".builder"); err == nil || !strings.Contains(err.Error(), "NotFound") {
		t.Errorf("profile of a deleted service account: %v, want NotFound", err)
	}
	eventually(t, 20*time.Second, func() error {
		out := watch.output()
		for _, want := range []string{"ADDED", "MODIFIED", "DELETED", "kns." + ns, "ksa." + ns + ".builder"} {
			if !strings.Contains(out, want) {
				return fmt.Errorf("watch output lacks %s:\n%s", want, out)
			}
		}
		return nil
	})

	// Profiles are read-only: every write is a 405.
	create := "apiVersion: projectcalico.org/v3\nkind: Profile\nmetadata: {name: mine}\nspec: {}\n"
	if _, err := kubectlIn(t, create, "create", "-f", "-"); err == nil || !strings.Contains(err.Error(), "MethodNotAllowed") && !strings.Contains(err.Error(), "not supported") {
		t.Errorf("create of a Profile: %v, want 405", err)
	}
	if _, err := kubectlErr("delete", "profiles.projectcalico.org", "kns."+ns); err == nil || !strings.Contains(err.Error(), "MethodNotAllowed") && !strings.Contains(err.Error(), "not supported") {
		t.Errorf("delete of a Profile: %v, want 405", err)
	}
}
