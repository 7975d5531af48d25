package e2e

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// certClient is an HTTP client that presents a client certificate to a server on
// loopback (whose own certificate is not what these tests check).
func certClient(certFile, keyFile string) (*http.Client, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, err
	}
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true, Certificates: []tls.Certificate{cert}}}}, nil
}

// getAs GETs url with a client certificate.
func getAs(t *testing.T, url, certFile, keyFile string) (int, string) {
	t.Helper()
	client, err := certClient(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// /metrics is readable with the ClusterRole shipped for scrapers, and only with it; it
// carries the generic apiserver's request metrics per resource and verb.
func TestMetricsNeedTheReaderRole(t *testing.T) {
	kubectl(t, "apply", "-f", filepath.Join("..", "..", "artifacts", "deploy", "base", "metrics-reader.yaml"))
	kubectl(t, "create", "clusterrolebinding", "e2e-metrics-scraper", "--clusterrole=calico-apiserver-metrics-reader", "--user=scraper")
	t.Cleanup(func() { _, _ = kubectlErr("delete", "clusterrolebinding", "e2e-metrics-scraper", "--ignore-not-found") })
	kubectl(t, "get", "ippools.projectcalico.org") // at least one request to count

	scraperCert, scraperKey, err := cp.IssueClientCertificate("scraper")
	if err != nil {
		t.Fatal(err)
	}
	otherCert, otherKey, err := cp.IssueClientCertificate("not-a-scraper")
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, 30*time.Second, func() error {
		code, body := getAs(t, cp.CalicoServerURL+"/metrics", scraperCert, scraperKey)
		if code != 200 {
			return fmt.Errorf("scraper: %d %s", code, body)
		}
		if !strings.Contains(body, `apiserver_request_total{`) || !strings.Contains(body, `resource="ippools"`) {
			return fmt.Errorf("/metrics lacks the request counts per resource")
		}
		return nil
	})
	if code, _ := getAs(t, cp.CalicoServerURL+"/metrics", otherCert, otherKey); code != http.StatusForbidden {
		t.Errorf("a user without the role read /metrics: %d", code)
	}
}

// --logging-format=json makes every log line a JSON object, and each request's line
// carries its audit ID (the Audit-Id the client got), to join logs with audit events.
func TestJSONLogsCarryTheAuditID(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	s, err := cp.StartExtraServer(ctx, "calico-apiserver-json", nil, "--kubeconfig="+cp.Kubeconfig, "--logging-format=json", "-v=3")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	resp, err := cp.AdminHTTPClient().Get(s.URL + "/apis/projectcalico.org/v3/tiers/default")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	auditID := resp.Header.Get("Audit-Id")
	if auditID == "" {
		t.Fatal("no Audit-Id header in the response")
	}
	eventually(t, 15*time.Second, func() error {
		data, err := os.ReadFile(s.LogFile)
		if err != nil {
			return err
		}
		found := false
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			var entry map[string]interface{}
			if err := json.Unmarshal([]byte(line), &entry); err != nil {
				return fmt.Errorf("a log line is not JSON: %q", line)
			}
			if entry["msg"] == "HTTP" && entry["audit-ID"] == auditID {
				found = true
			}
		}
		if !found {
			return fmt.Errorf("no request log line with auditID %s", auditID)
		}
		return nil
	})
}
