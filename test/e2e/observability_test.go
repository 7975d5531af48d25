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

// metricValue sums the samples of metric whose labels include every one of labels
// (`name="value"` pairs); found is false when no sample matches.
func metricValue(exposition, metric string, labels ...string) (sum float64, found bool) {
	for _, line := range strings.Split(exposition, "\n") {
		if !strings.HasPrefix(line, metric+"{") {
			continue
		}
		end := strings.LastIndex(line, "}")
		if end < 0 {
			continue
		}
		matches := true
		for _, label := range labels {
			if !strings.Contains(line[:end], label) {
				matches = false
			}
		}
		if !matches {
			continue
		}
		var v float64
		if _, err := fmt.Sscanf(strings.TrimSpace(line[end+1:]), "%g", &v); err == nil {
			sum, found = sum+v, true
		}
	}
	return sum, found
}

// Beyond the generic request metrics, /metrics tells an operator what this server costs
// and holds: open watches per kind, the watch caches' sizes, the upstream's latency and
// status codes per verb and resource, and how tier authorization was decided (decision
// cache hit or SubjectAccessReview).
func TestMetricsCoverWatchesCachesUpstreamAndAuthorization(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		cp.CalicoServerURL+"/apis/projectcalico.org/v3/globalnetworkpolicies?watch=1", nil)
	if err != nil {
		t.Fatal(err)
	}
	client := *cp.AdminHTTPClient()
	client.Timeout = 0 // the watch stays open while the metrics are read
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("watch: %d", resp.StatusCode)
	}
	// A tiered read of a policy: tier authorization decides which policies the list shows.
	if out, err := kubectlIn(t, `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: e2e-metrics-policy
spec:
  selector: all()
  types: [Ingress]
`, "apply", "-f", "-"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "globalnetworkpolicies.projectcalico.org", "e2e-metrics-policy", "--ignore-not-found")
	})
	kubectl(t, "get", "globalnetworkpolicies.projectcalico.org")

	eventually(t, 30*time.Second, func() error {
		body, status := getDirect(t, "/metrics")
		if status != http.StatusOK {
			return fmt.Errorf("/metrics: %d", status)
		}
		for _, want := range []struct {
			metric string
			labels []string
			min    float64
		}{
			{"apiserver_longrunning_requests", []string{`resource="globalnetworkpolicies"`, `verb="WATCH"`}, 1},
			{"calico_apiserver_watch_cache_objects", []string{`resource="tiers"`}, 1},
			{"calico_apiserver_upstream_request_duration_seconds_count", []string{`code="200"`, `verb="list"`}, 1},
			{"calico_apiserver_upstream_requests_total", []string{`verb="watch"`}, 1},
			{"calico_apiserver_tier_authorization_checks_total", nil, 1},
		} {
			v, found := metricValue(body, want.metric, want.labels...)
			if !found || v < want.min {
				return fmt.Errorf("%s%v = %v (found %v), want at least %v", want.metric, want.labels, v, found, want.min)
			}
		}
		return nil
	})
}
