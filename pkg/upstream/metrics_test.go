package upstream

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"k8s.io/component-base/metrics/legacyregistry"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		method, url    string
		verb, resource string
	}{
		{"GET", "/apis/crd.projectcalico.org/v1/globalnetworkpolicies/x", "get", "globalnetworkpolicies.crd.projectcalico.org"},
		{"GET", "/apis/crd.projectcalico.org/v1/globalnetworkpolicies?limit=5", "list", "globalnetworkpolicies.crd.projectcalico.org"},
		{"GET", "/apis/crd.projectcalico.org/v1/globalnetworkpolicies?watch=true", "watch", "globalnetworkpolicies.crd.projectcalico.org"},
		{"GET", "/apis/crd.projectcalico.org/v1/namespaces/ns/networkpolicies", "list", "networkpolicies.crd.projectcalico.org"},
		{"PUT", "/apis/crd.projectcalico.org/v1/kubecontrollersconfigurations/default/status", "update", "kubecontrollersconfigurations.crd.projectcalico.org/status"},
		{"POST", "/apis/crd.projectcalico.org/v1/namespaces/ns/networkpolicies", "create", "networkpolicies.crd.projectcalico.org"},
		{"DELETE", "/apis/crd.projectcalico.org/v1/tiers/t", "delete", "tiers.crd.projectcalico.org"},
		{"GET", "/api/v1/namespaces", "list", "namespaces"},
		{"GET", "/api/v1/namespaces/kube-system", "get", "namespaces"},
		{"GET", "/api/v1/namespaces/kube-system/serviceaccounts", "list", "serviceaccounts"},
	} {
		u, _ := url.Parse(tc.url)
		verb, resource := classify(&http.Request{Method: tc.method, URL: u})
		if verb != tc.verb || resource != tc.resource {
			t.Errorf("%s %s: got %s %s, want %s %s", tc.method, tc.url, verb, resource, tc.verb, tc.resource)
		}
	}
}

// latencyCount is how many requests the latency histogram holds for the labels.
func latencyCount(t *testing.T, verb, resource, code string) uint64 {
	t.Helper()
	families, err := legacyregistry.DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, family := range families {
		if family.GetName() != "calico_apiserver_upstream_request_duration_seconds" {
			continue
		}
		for _, m := range family.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["verb"] == verb && labels["resource"] == resource && labels["code"] == code {
				return m.GetHistogram().GetSampleCount()
			}
		}
	}
	return 0
}

// Upstream answers are timed by status code, and failures without an answer as "error".
func TestInstrumentTransportTimesByCode(t *testing.T) {
	forbidden := InstrumentTransport(roundTripperFunc(func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: http.StatusForbidden}, nil
	}))
	broken := InstrumentTransport(roundTripperFunc(func(*http.Request) (*http.Response, error) {
		return nil, errors.New("connection refused")
	}))
	req := httptest.NewRequest(http.MethodGet, "https://127.0.0.1/apis/crd.projectcalico.org/v1/tiers/default", nil)
	before403, beforeErr := latencyCount(t, "get", "tiers.crd.projectcalico.org", "403"), latencyCount(t, "get", "tiers.crd.projectcalico.org", "error")
	if _, err := forbidden.RoundTrip(req); err != nil {
		t.Fatal(err)
	}
	if _, err := broken.RoundTrip(req); err == nil {
		t.Fatal("the transport's error was swallowed")
	}
	if got := latencyCount(t, "get", "tiers.crd.projectcalico.org", "403"); got != before403+1 {
		t.Errorf("403 answers timed: %d, want %d", got, before403+1)
	}
	if got := latencyCount(t, "get", "tiers.crd.projectcalico.org", "error"); got != beforeErr+1 {
		t.Errorf("failed requests timed: %d, want %d", got, beforeErr+1)
	}
}
