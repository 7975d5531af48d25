package upstream

import (
	"net/http"
	"net/url"
	"testing"
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
