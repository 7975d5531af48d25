package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"

	"github.com/calico-apiserver/calico-apiserver/pkg/registry"
	"github.com/calico-apiserver/calico-apiserver/test/controlplane"
)

// deployDir is artifacts/deploy copied to a temporary folder with certificates made by
// its gen-certs.sh, as an operator would before `kubectl apply -k`.
func deployDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "deploy")
	copyTree(t, filepath.Join("..", "..", "artifacts", "deploy"), dir)
	cmd := exec.Command("bash", filepath.Join(dir, "gen-certs.sh"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gen-certs.sh: %v: %s", err, out)
	}
	return dir
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		target := filepath.Join(to, rel)
		if info.IsDir() {
			if info.Name() == "certs" {
				return filepath.SkipDir // a developer's own certificates stay out
			}
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, info.Mode())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// render is `kubectl kustomize dir`, split into objects.
func render(t *testing.T, dir string) []*unstructured.Unstructured {
	t.Helper()
	out := kubectl(t, "kustomize", dir)
	var objects []*unstructured.Unstructured
	for _, doc := range strings.Split(out, "\n---\n") {
		if strings.TrimSpace(doc) == "" {
			continue
		}
		obj := &unstructured.Unstructured{}
		if err := yaml.Unmarshal([]byte(doc), &obj.Object); err != nil {
			t.Fatalf("decoding %s: %v", doc, err)
		}
		objects = append(objects, obj)
	}
	return objects
}

func find(t *testing.T, objects []*unstructured.Unstructured, kind, name string, into interface{}) {
	t.Helper()
	for _, obj := range objects {
		if obj.GetKind() == kind && obj.GetName() == name {
			data, err := yaml.Marshal(obj.Object)
			if err != nil {
				t.Fatal(err)
			}
			if err := yaml.Unmarshal(data, into); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no %s %s in the rendering", kind, name)
}

func toYAML(t *testing.T, objects []*unstructured.Unstructured) string {
	t.Helper()
	var docs []string
	for _, obj := range objects {
		data, err := yaml.Marshal(obj.Object)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(data))
	}
	return strings.Join(docs, "---\n")
}

// certManagerVersion is the cert-manager release whose CRDs the cert-manager variant is
// checked against. Its Go module carries the CRDs (deploy/crds), so the module proxy
// that serves every other dependency serves them too, pinned by version and checksum.
const certManagerVersion = "v1.21.1"

// installCertManagerCRDs serves cert-manager's Certificate and Issuer kinds on the
// control plane, from the release's own CRDs, until the test ends.
func installCertManagerCRDs(t *testing.T) {
	t.Helper()
	// From an empty folder, so that the download cannot touch this module's go.mod.
	download := exec.Command("go", "mod", "download", "-json", "github.com/cert-manager/cert-manager@"+certManagerVersion)
	download.Dir = t.TempDir()
	download.Env = append(os.Environ(), "GOFLAGS=")
	out, err := download.Output()
	if err != nil {
		t.Fatalf("downloading cert-manager %s for its CRDs: %v\n%s", certManagerVersion, err, out)
	}
	var module struct{ Dir, Error string }
	if err := json.Unmarshal(out, &module); err != nil || module.Dir == "" {
		t.Fatalf("downloading cert-manager %s: %v %s\n%s", certManagerVersion, err, module.Error, out)
	}
	for _, crd := range []string{"certificates", "issuers"} {
		// Server-side: the Issuer CRD is larger than client-side apply's annotation limit.
		kubectl(t, "apply", "--server-side", "--field-manager=e2e", "-f",
			filepath.Join(module.Dir, "deploy", "crds", "cert-manager.io_"+crd+".yaml"))
		name := crd + ".cert-manager.io"
		kubectl(t, "wait", "--for=condition=Established", "--timeout=60s", "crd/"+name)
		t.Cleanup(func() { kubectl(t, "delete", "crd", name, "--wait=false") })
	}
}

// Every rendering of artifacts/deploy is accepted by a real kube-apiserver (server-side
// dry run: admission, schemas and validation of every object), cert-manager's
// Certificates and Issuers included, against cert-manager's own CRDs.
func TestDeployRenderingsApplyWithServerDryRun(t *testing.T) {
	dir := deployDir(t)
	installCertManagerCRDs(t)
	for _, variant := range []string{"default", "host-network", "cert-manager"} {
		t.Run(variant, func(t *testing.T) {
			objects := render(t, filepath.Join(dir, variant))
			var certManager []*unstructured.Unstructured
			for _, obj := range objects {
				if strings.HasPrefix(obj.GetAPIVersion(), "cert-manager.io/") {
					certManager = append(certManager, obj)
				}
			}
			if variant == "cert-manager" && len(certManager) == 0 {
				t.Fatal("the cert-manager variant renders no cert-manager objects")
			}
			out, err := kubectlIn(t, toYAML(t, objects), "apply", "--dry-run=server", "-f", "-")
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			// Each object must be named in kubectl's report: none skipped, none unknown.
			for _, obj := range objects {
				if !strings.Contains(out, "/"+obj.GetName()+" ") {
					t.Errorf("%s %s is missing from the dry run's report:\n%s", obj.GetKind(), obj.GetName(), out)
				}
			}

			var deployment appsv1.Deployment
			find(t, objects, "Deployment", "calico-apiserver", &deployment)
			var apiService unstructured.Unstructured
			find(t, objects, "APIService", "v3.projectcalico.org", &apiService.Object)
			secret := deployment.Spec.Template.Spec.Volumes[0].Secret.SecretName
			caBundle, _, _ := unstructured.NestedString(apiService.Object, "spec", "caBundle")
			switch variant {
			case "cert-manager":
				if caBundle != "" {
					t.Error("the APIService's caBundle is cert-manager's to inject")
				}
				inject := apiService.GetAnnotations()["cert-manager.io/inject-ca-from"]
				var issued string
				for _, obj := range certManager {
					if obj.GetKind() == "Certificate" {
						if name, _, _ := unstructured.NestedString(obj.Object, "spec", "secretName"); name == secret {
							issued = obj.GetNamespace() + "/" + obj.GetName()
						}
					}
				}
				if issued == "" || inject != issued {
					t.Errorf("no Certificate issues the mounted Secret %q, or the APIService injects from another (%q, %q)", secret, issued, inject)
				}
			default:
				var tlsSecret unstructured.Unstructured
				find(t, objects, "Secret", secret, &tlsSecret.Object)
				ca, _, _ := unstructured.NestedString(tlsSecret.Object, "data", "ca.crt")
				if caBundle == "" || strings.Join(strings.Fields(caBundle), "") != strings.Join(strings.Fields(ca), "") {
					t.Error("the APIService's caBundle must be the CA that signed the mounted serving certificate")
				}
			}
			if variant == "host-network" && !deployment.Spec.Template.Spec.HostNetwork {
				t.Error("host-network: the pods do not use the host's network")
			}
		})
	}
}

// flagNames maps each --flag of args to its value.
func flagValues(args []string) map[string]string {
	out := map[string]string{}
	for _, arg := range args {
		name, value, _ := strings.Cut(arg, "=")
		out[name] = value
	}
	return out
}

// The Deployment runs the binary with the flags this suite runs it with, so what the
// suite proves holds for what operators install. Values that name a place (port, files)
// differ between a pod and loopback; every other value must be equal.
func TestDeploymentRunsTheFlagsTheSuiteRuns(t *testing.T) {
	var deployment appsv1.Deployment
	find(t, render(t, filepath.Join(deployDir(t), "default")), "Deployment", "calico-apiserver", &deployment)
	deployed := flagValues(deployment.Spec.Template.Spec.Containers[0].Args)
	tested := flagValues(cp.ServerArgs())
	site := map[string]bool{"--secure-port": true, "--tls-cert-file": true, "--tls-private-key-file": true,
		"--audit-policy-file": true, "--audit-log-path": true, "--memory-limit": true}
	names := func(m map[string]string) []string {
		var out []string
		for name := range m {
			out = append(out, name)
		}
		sort.Strings(out)
		return out
	}
	if fmt.Sprint(names(deployed)) != fmt.Sprint(names(tested)) {
		t.Fatalf("flags differ:\n  Deployment: %v\n  e2e suite:  %v\n(only %v may be e2e-only)",
			names(deployed), names(tested), controlplane.LocalOnlyServerFlags)
	}
	for name, value := range deployed {
		if !site[name] && tested[name] != value {
			t.Errorf("%s: Deployment %q, e2e suite %q", name, value, tested[name])
		}
	}
	// The pod's --memory-limit is its own limits.memory, through the downward API; the
	// suite runs with the same limit.
	container := deployment.Spec.Template.Spec.Containers[0]
	if deployed["--memory-limit"] != "$(MEMORY_LIMIT)" {
		t.Errorf("--memory-limit: Deployment %q, want $(MEMORY_LIMIT)", deployed["--memory-limit"])
	}
	var fromLimit bool
	for _, env := range container.Env {
		if env.Name == "MEMORY_LIMIT" && env.ValueFrom != nil && env.ValueFrom.ResourceFieldRef != nil &&
			env.ValueFrom.ResourceFieldRef.Resource == "limits.memory" {
			fromLimit = true
		}
	}
	if !fromLimit {
		t.Errorf("the Deployment's MEMORY_LIMIT is not its container's limits.memory: %+v", container.Env)
	}
	if limit := container.Resources.Limits.Memory(); limit.String() != tested["--memory-limit"] {
		t.Errorf("limits.memory %s, e2e suite --memory-limit %s", limit, tested["--memory-limit"])
	}
}

// The server's ClusterRole grants its storage: the custom resources of every kind in the
// table, no more and no fewer, and the built-in resources the synthesized kinds read.
func TestServerClusterRoleCoversTheTableOfKinds(t *testing.T) {
	var role rbacv1.ClusterRole
	find(t, render(t, filepath.Join(deployDir(t), "default")), "ClusterRole", "calico-apiserver", &role)
	granted := map[string]bool{}
	for _, rule := range role.Rules {
		if len(rule.APIGroups) == 1 && rule.APIGroups[0] == "crd.projectcalico.org" && len(rule.Verbs) == 8 {
			for _, r := range rule.Resources {
				granted[r] = true
			}
		}
	}
	sources := map[string]bool{}
	for _, rule := range role.Rules {
		if len(rule.APIGroups) == 1 && rule.APIGroups[0] == "" && strings.Join(rule.Verbs, ",") == "get,list,watch" {
			for _, r := range rule.Resources {
				sources[r] = true
			}
		}
	}
	for _, kind := range registry.Kinds() {
		if kind.Synthesized != nil {
			for _, source := range kind.SourceResources {
				if !sources[source] {
					t.Errorf("the ClusterRole lacks get, list and watch of %s (source of %s)", source, kind.Resource)
				}
			}
			continue
		}
		if !granted[kind.Storage.CRDResource] {
			t.Errorf("the ClusterRole lacks %s (storage of %s)", kind.Storage.CRDResource, kind.Resource)
		}
		delete(granted, kind.Storage.CRDResource)
	}
	for extra := range granted {
		t.Errorf("the ClusterRole grants every verb on %s, which stores no kind of the table", extra)
	}
}

// applyServerIdentity creates, for real, the Namespace, ServiceAccount and RBAC of the
// default rendering: what the server's own identity gets in a cluster.
func applyServerIdentity(t *testing.T) {
	t.Helper()
	var identity []*unstructured.Unstructured
	for _, obj := range render(t, filepath.Join(deployDir(t), "default")) {
		switch obj.GetKind() {
		case "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "RoleBinding":
			identity = append(identity, obj)
		}
	}
	if out, err := kubectlIn(t, toYAML(t, identity), "apply", "-f", "-"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}

// checkServes asks an extra server, directly, for what needs each grant: the built-in
// tier (custom resources), Profiles (namespaces), and that it refused nothing upstream.
func checkServes(t *testing.T, s *controlplane.ExtraServer) {
	t.Helper()
	for _, path := range []string{
		"/apis/projectcalico.org/v3/tiers/default", "/apis/projectcalico.org/v3/profiles/kns.default",
		"/apis/projectcalico.org/v3/workloadendpoints", "/apis/projectcalico.org/v3/nodes",
	} {
		resp, err := cp.AdminHTTPClient().Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d %s", path, resp.StatusCode, body)
		}
	}
	log, _ := os.ReadFile(s.LogFile)
	if bytes.Contains(log, []byte("forbidden")) {
		t.Errorf("the server was refused something by the kube-apiserver (see %s):\n%s", s.LogFile, grepLines(log, "forbidden"))
	}
}

func grepLines(data []byte, word string) string {
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, word) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// Calico's datastore environment configures the client that stores objects, as for every
// Calico component: a service account token only, a client certificate only, KUBECONFIG,
// and --kubeconfig above KUBECONFIG. The first two run as the identity the deploy
// manifests create, so they also prove its RBAC suffices.
func TestDatastoreEnvironment(t *testing.T) {
	applyServerIdentity(t)
	sa := "system:serviceaccount:" + controlplane.CalicoNamespace + ":calico-apiserver"
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	// K8S_API_TOKEN is the name Calico's CNI plugin exports; K8S_TOKEN the shorter one.
	for _, variable := range []string{"K8S_API_TOKEN", "K8S_TOKEN"} {
		t.Run("token only, "+variable, func(t *testing.T) {
			token := strings.TrimSpace(kubectl(t, "create", "token", "calico-apiserver", "-n", controlplane.CalicoNamespace, "--duration=1h"))
			s, err := cp.StartExtraServer(ctx, "calico-apiserver-"+strings.ToLower(strings.ReplaceAll(variable, "_", "-")), []string{
				"DATASTORE_TYPE=kubernetes",
				"K8S_API_ENDPOINT=" + cp.KubeAPIServerURL,
				"K8S_CA_FILE=" + cp.ClusterCAFile(),
				variable + "=" + token,
			})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Stop()
			checkServes(t, s)
		})
	}
	t.Run("client certificate only", func(t *testing.T) {
		cert, key, err := cp.IssueClientCertificate(sa)
		if err != nil {
			t.Fatal(err)
		}
		s, err := cp.StartExtraServer(ctx, "calico-apiserver-cert", []string{
			"K8S_API_ENDPOINT=" + cp.KubeAPIServerURL,
			"K8S_CA_FILE=" + cp.ClusterCAFile(),
			"K8S_CERT_FILE=" + cert,
			"K8S_KEY_FILE=" + key,
		})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Stop()
		checkServes(t, s)
	})
	t.Run("KUBECONFIG", func(t *testing.T) {
		s, err := cp.StartExtraServer(ctx, "calico-apiserver-kubeconfig", []string{"KUBECONFIG=" + cp.Kubeconfig})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Stop()
		checkServes(t, s)
	})
	t.Run("flag over KUBECONFIG", func(t *testing.T) {
		s, err := cp.StartExtraServer(ctx, "calico-apiserver-flag", []string{"KUBECONFIG=/nonexistent/kubeconfig"},
			"--kubeconfig="+cp.Kubeconfig)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Stop()
		checkServes(t, s)
	})
}

// A datastore other than Kubernetes is refused at start, with a message that says why.
func TestDatastoreTypeEtcdIsRefused(t *testing.T) {
	cmd := exec.Command(serverBinary, "--kubeconfig="+cp.Kubeconfig, "--secure-port=0")
	cmd.Env = append(os.Environ(), "DATASTORE_TYPE=etcdv3")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("the server did not refuse DATASTORE_TYPE=etcdv3 at start")
	}
	if code := cmd.ProcessState.ExitCode(); code == 0 || !strings.Contains(stderr.String(), "Kubernetes API only") {
		t.Fatalf("exit %d, stderr: %s", code, stderr.String())
	}
}
