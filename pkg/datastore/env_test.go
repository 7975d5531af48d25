package datastore

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func getenv(vars map[string]string) func(string) string {
	return func(key string) string { return vars[key] }
}

// writeKubeconfig writes a kubeconfig whose one cluster is at server, with a token.
func writeKubeconfig(t *testing.T, server, token string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kubeconfig")
	content := `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: ` + server + `, insecure-skip-tls-verify: true}
users:
- name: u
  user: {token: ` + token + `}
contexts:
- name: x
  context: {cluster: c, user: u}
current-context: x
`
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDatastoreTypeOtherThanKubernetesIsRefused(t *testing.T) {
	for _, typ := range []string{"etcdv3", "Kubernetes", "etcd"} {
		_, err := FromEnvironment(getenv(map[string]string{"DATASTORE_TYPE": typ}))
		if err == nil || !strings.Contains(err.Error(), "Kubernetes API only") || !strings.Contains(err.Error(), typ) {
			t.Errorf("DATASTORE_TYPE=%s: want a refusal naming the type and the Kubernetes datastore, got %v", typ, err)
		}
	}
	for _, typ := range []string{"", "kubernetes"} {
		if _, err := FromEnvironment(getenv(map[string]string{"DATASTORE_TYPE": typ})); err != nil {
			t.Errorf("DATASTORE_TYPE=%q: %v", typ, err)
		}
	}
}

func TestInsecureSkipTLSVerifyMustBeABoolean(t *testing.T) {
	if _, err := FromEnvironment(getenv(map[string]string{"K8S_INSECURE_SKIP_TLS_VERIFY": "maybe"})); err == nil {
		t.Fatal("want an error for a value that is not a boolean")
	}
	env, err := FromEnvironment(getenv(map[string]string{"K8S_INSECURE_SKIP_TLS_VERIFY": "true"}))
	if err != nil || !env.InsecureSkipTLSVerify {
		t.Fatalf("got %+v, %v", env, err)
	}
}

func TestFlagTakesPrecedenceOverKUBECONFIG(t *testing.T) {
	flag := writeKubeconfig(t, "https://127.0.0.1:1001", "from-flag")
	envFile := writeKubeconfig(t, "https://127.0.0.1:1002", "from-env")
	env, err := FromEnvironment(getenv(map[string]string{"KUBECONFIG": envFile}))
	if err != nil {
		t.Fatal(err)
	}
	config, err := env.ClientConfig(flag)
	if err != nil {
		t.Fatal(err)
	}
	if config.Host != "https://127.0.0.1:1001" || config.BearerToken != "from-flag" {
		t.Errorf("flag should win: host %s token %s", config.Host, config.BearerToken)
	}
	config, err = env.ClientConfig("")
	if err != nil {
		t.Fatal(err)
	}
	if config.Host != "https://127.0.0.1:1002" || config.BearerToken != "from-env" {
		t.Errorf("KUBECONFIG should apply without the flag: host %s token %s", config.Host, config.BearerToken)
	}
}

func TestK8sVariablesOverrideTheKubeconfig(t *testing.T) {
	file := writeKubeconfig(t, "https://127.0.0.1:1001", "from-file")
	env, err := FromEnvironment(getenv(map[string]string{
		"KUBECONFIG":       file,
		"K8S_API_ENDPOINT": "https://127.0.0.1:2002",
		"K8S_API_TOKEN":    "from-env",
	}))
	if err != nil {
		t.Fatal(err)
	}
	config, err := env.ClientConfig("")
	if err != nil {
		t.Fatal(err)
	}
	if config.Host != "https://127.0.0.1:2002" || config.BearerToken != "from-env" {
		t.Errorf("K8S_* should override the file: host %s token %s", config.Host, config.BearerToken)
	}
}

func TestEndpointAloneNeedsNoKubeconfig(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for _, name := range []string{"ca.crt", "client.crt", "client.key"} {
		files[name] = filepath.Join(dir, name)
		if err := os.WriteFile(files[name], []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env, err := FromEnvironment(getenv(map[string]string{
		"K8S_API_ENDPOINT": "https://127.0.0.1:3003",
		"K8S_CA_FILE":      files["ca.crt"],
		"K8S_CERT_FILE":    files["client.crt"],
		"K8S_KEY_FILE":     files["client.key"],
	}))
	if err != nil {
		t.Fatal(err)
	}
	config, err := env.ClientConfig("")
	if err != nil {
		t.Fatal(err)
	}
	if config.Host != "https://127.0.0.1:3003" || config.CAFile != files["ca.crt"] ||
		config.CertFile != files["client.crt"] || config.KeyFile != files["client.key"] || config.BearerToken != "" {
		t.Errorf("got host %s ca %s cert %s key %s token %q", config.Host, config.CAFile, config.CertFile, config.KeyFile, config.BearerToken)
	}
}

func TestNothingOutsideAClusterIsAClearError(t *testing.T) {
	t.Setenv("KUBERNETES_SERVICE_HOST", "")
	t.Setenv("KUBERNETES_SERVICE_PORT", "")
	_, err := Env{}.ClientConfig("")
	if err == nil || !strings.Contains(err.Error(), "K8S_API_ENDPOINT") || !strings.Contains(err.Error(), "--kubeconfig") {
		t.Fatalf("want an error naming the ways to configure the client, got %v", err)
	}
}

func TestMissingKubeconfigIsNamed(t *testing.T) {
	_, err := Env{}.ClientConfig("/does/not/exist")
	if err == nil || !strings.Contains(err.Error(), "/does/not/exist") {
		t.Fatalf("want an error naming the file, got %v", err)
	}
}

func TestEitherTokenVariableSetsTheToken(t *testing.T) {
	for _, tc := range []struct {
		name    string
		vars    map[string]string
		want    string
		wantErr bool
	}{
		{name: "K8S_API_TOKEN", vars: map[string]string{"K8S_API_TOKEN": "a"}, want: "a"},
		{name: "K8S_TOKEN", vars: map[string]string{"K8S_TOKEN": "b"}, want: "b"},
		{name: "both, equal", vars: map[string]string{"K8S_API_TOKEN": "c", "K8S_TOKEN": "c"}, want: "c"},
		{name: "both, different", vars: map[string]string{"K8S_API_TOKEN": "c", "K8S_TOKEN": "d"}, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env, err := FromEnvironment(getenv(tc.vars))
			if tc.wantErr {
				if err == nil || !strings.Contains(err.Error(), "different tokens") {
					t.Fatalf("want an error naming the two tokens, got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if env.Token != tc.want {
				t.Errorf("token %q, want %q", env.Token, tc.want)
			}
		})
	}
}
