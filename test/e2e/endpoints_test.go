package e2e

import (
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"
)

// getDirect GETs path from calico-apiserver itself, as the cluster admin.
func getDirect(t *testing.T, path string) (string, int) {
	t.Helper()
	resp, err := cp.AdminHTTPClient().Get(cp.CalicoServerURL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body), resp.StatusCode
}

// The server's health and OpenAPI endpoints, through the kube-apiserver's aggregator.
func TestHealthAndOpenAPI(t *testing.T) {
	if out := kubectl(t, "get", "--raw", "/apis/projectcalico.org/v3"); !strings.Contains(out, `"name":"ippools"`) {
		t.Fatalf("discovery of projectcalico.org/v3: %s", out)
	}
	// Health is the server's own (the kube-apiserver answers these paths itself), so
	// ask the server directly.
	for _, path := range []string{"/healthz", "/livez", "/readyz"} {
		body, status := getDirect(t, path)
		if status != 200 || strings.TrimSpace(body) != "ok" {
			t.Errorf("calico-apiserver %s: %d %q", path, status, body)
		}
	}

	v2, status := getDirect(t, "/openapi/v2")
	if status != 200 || !strings.Contains(v2, `"org.projectcalico.v3.IPPool"`) {
		t.Errorf("/openapi/v2: status %d, IPPool definition missing", status)
	}
	if v3, status := getDirect(t, "/openapi/v3/apis/projectcalico.org/v3"); status != 200 || !strings.Contains(v3, `"org.projectcalico.v3.IPPool"`) {
		t.Errorf("/openapi/v3/apis/projectcalico.org/v3: status %d, IPPool schema missing", status)
	}
	// OpenAPI v3 as kubectl sees it, through the aggregator, which fetches it from
	// this server some time after the APIService becomes available.
	var out string
	eventually(t, 60*time.Second, func() (err error) {
		out, err = kubectlErr("get", "--raw", "/openapi/v3/apis/projectcalico.org/v3")
		return err
	})
	var doc struct {
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"org.projectcalico.v3.IPPool", "org.projectcalico.v3.IPPoolSpec", "org.projectcalico.v3.NetworkSet"} {
		if _, ok := doc.Components.Schemas[name]; !ok {
			t.Errorf("/openapi/v3 lacks %s", name)
		}
	}
	// kubectl explain reads it.
	if out := kubectl(t, "explain", "ippools.spec.blockSize", "--api-version=projectcalico.org/v3"); !strings.Contains(out, "blockSize") {
		t.Errorf("kubectl explain: %s", out)
	}
}
