package reliability

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/calico-apiserver/calico-apiserver/pkg/registry"
)

// verbRequest is one verb's request on one kind.
type verbRequest struct {
	verb, method, path, contentType string
	body                            []byte
}

// verbRequests are the requests of every verb on kind, naming an object that need
// not exist: authorization comes before anything looks at the object.
func verbRequests(kind *registry.Kind) []verbRequest {
	collection := v3Path + "/" + kind.Resource
	if kind.Storage.Namespaced {
		collection = v3Path + "/namespaces/default/" + kind.Resource
	}
	item := collection + "/authz-probe"
	body := []byte(fmt.Sprintf(`{"apiVersion":"projectcalico.org/v3","kind":%q,"metadata":{"name":"authz-probe"}}`, kind.Storage.Kind))
	return []verbRequest{
		{verb: "get", method: http.MethodGet, path: item},
		{verb: "list", method: http.MethodGet, path: collection},
		{verb: "watch", method: http.MethodGet, path: collection + "?watch=true&timeoutSeconds=1"},
		{verb: "create", method: http.MethodPost, path: collection, contentType: "application/json", body: body},
		{verb: "update", method: http.MethodPut, path: item, contentType: "application/json", body: body},
		{verb: "patch", method: http.MethodPatch, path: item, contentType: "application/merge-patch+json", body: []byte(`{}`)},
		{verb: "delete", method: http.MethodDelete, path: item},
		{verb: "deletecollection", method: http.MethodDelete, path: collection},
	}
}

// identityCase is a way of presenting (or forging) an identity, and what the server
// must make of it.
type identityCase struct {
	name string
	// client sends the requests, to baseURL; header is added to each.
	client  *http.Client
	baseURL string
	header  http.Header
	// status is the answer every verb on every kind must get; servedAs is the user
	// the 403 must name (empty for 401).
	status   int
	servedAs string
}

// forgedHeaders claim the cluster admin, as only the kube-apiserver's aggregator may.
var forgedHeaders = http.Header{"X-Remote-User": {"admin"}, "X-Remote-Group": {"system:masters"}}

// TestAuthenticationAndAuthorization is a table test over every kind of the table of
// kinds and every verb: forged identity headers without the front-proxy certificate,
// a front-proxy certificate with a name that is not allowed, anonymous requests, a
// user without RBAC on projectcalico.org, and expired or foreign client certificates
// are never served, and never as the identity they claim.
func TestAuthenticationAndAuthorization(t *testing.T) {
	nobodyCert, nobodyKey, err := cp.IssueClientCertificate("nobody", "some-team")
	if err != nil {
		t.Fatal(err)
	}
	proxyCert, proxyKey, err := cp.IssueFrontProxyCertificate("not-the-front-proxy")
	if err != nil {
		t.Fatal(err)
	}
	expiredCert, expiredKey, err := cp.IssueExpiredClientCertificate("admin", "system:masters")
	if err != nil {
		t.Fatal(err)
	}
	foreignCA, err := cp.NewCA("foreign-ca")
	if err != nil {
		t.Fatal(err)
	}
	foreignCert, foreignKey, err := foreignCA.IssueClientCertificate("admin", "system:masters")
	if err != nil {
		t.Fatal(err)
	}
	nobody := clientTLS(t, nobodyCert, nobodyKey)
	server, kube := cp.CalicoServerURL, cp.KubeAPIServerURL
	cases := []identityCase{
		{name: "forged headers, no certificate", client: clientTLS(t, "", ""), baseURL: server, header: forgedHeaders,
			status: 403, servedAs: "system:anonymous"},
		{name: "forged headers with a user's client certificate", client: nobody, baseURL: server, header: forgedHeaders,
			status: 403, servedAs: "nobody"},
		{name: "forged headers with a front-proxy certificate of another name", client: clientTLS(t, proxyCert, proxyKey),
			baseURL: server, header: forgedHeaders, status: 401},
		{name: "anonymous", client: clientTLS(t, "", ""), baseURL: server, status: 403, servedAs: "system:anonymous"},
		{name: "user without RBAC, direct", client: nobody, baseURL: server, status: 403, servedAs: "nobody"},
		{name: "user without RBAC, through the kube-apiserver", client: nobody, baseURL: kube, status: 403, servedAs: "nobody"},
		{name: "expired client certificate", client: clientTLS(t, expiredCert, expiredKey), baseURL: server, status: 401},
		// A certificate of a CA nobody trusts proves nothing: the request is anonymous,
		// as in the kube-apiserver itself (an expired one of a trusted CA is an error).
		{name: "client certificate of a foreign CA", client: clientTLS(t, foreignCert, foreignKey), baseURL: server,
			status: 403, servedAs: "system:anonymous"},
		{name: "client certificate of a foreign CA, through the kube-apiserver", client: clientTLS(t, foreignCert, foreignKey),
			baseURL: kube, status: 403, servedAs: "system:anonymous"},
	}
	kinds := registry.Kinds()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			requests, wrong := 0, 0
			for _, kind := range kinds {
				for _, r := range verbRequests(kind) {
					resp := doWithHeader(t, c.client, r.method, c.baseURL+r.path, r.contentType, r.body, c.header)
					requests++
					var problem string
					switch {
					case resp.status != c.status:
						problem = fmt.Sprintf("got %s, want %d", abbreviate(resp), c.status)
					case c.servedAs != "" && !strings.Contains(string(resp.body), fmt.Sprintf(`User \"%s\"`, c.servedAs)):
						problem = fmt.Sprintf("not refused as %q: %s", c.servedAs, abbreviate(resp))
					default:
						continue
					}
					// The first few in full; the count says how far it goes.
					if wrong++; wrong <= 3 {
						t.Errorf("%s %s: %s", r.verb, kind.Resource, problem)
					}
				}
			}
			if wrong > 0 {
				t.Errorf("%d of %d requests wrong", wrong, requests)
			}
			t.Logf("%d requests (%d kinds, 8 verbs), every one %d", requests, len(kinds), c.status)
		})
	}
	// The genuine front-proxy certificate with the same headers is the admin: the
	// refusals above come from the identity, not from the requests.
	proxyClientCert, proxyClientKey := cp.FrontProxyClientCertificate()
	frontProxy := clientTLS(t, proxyClientCert, proxyClientKey)
	if resp := doWithHeader(t, frontProxy, http.MethodGet, server+v3Path+"/tiers/default", "", nil, forgedHeaders); resp.status != http.StatusOK {
		t.Errorf("the aggregator's own front-proxy certificate: %s", abbreviate(resp))
	}
}

// TestAnonymousAllowedByRBAC: anonymous requests are served when, and only when, RBAC
// allows them.
func TestAnonymousAllowedByRBAC(t *testing.T) {
	anonymous := clientTLS(t, "", "")
	url := cp.CalicoServerURL + v3Path + "/tiers/default"
	if resp := do(t, anonymous, http.MethodGet, url, "", nil); resp.status != http.StatusForbidden {
		t.Fatalf("anonymous before the grant: %s", abbreviate(resp))
	}
	const grant = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reliability-anonymous-tiers}
rules:
- {apiGroups: [projectcalico.org], resources: [tiers], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: reliability-anonymous-tiers}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reliability-anonymous-tiers}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: system:anonymous}
`
	if out, err := kubectl(grant, "apply", "-f", "-"); err != nil {
		t.Fatal(out, err)
	}
	defer kubectl(grant, "delete", "-f", "-")
	// The delegated authorizer caches a denial for 10 s.
	eventually(t, 30*time.Second, func() error {
		if resp := do(t, anonymous, http.MethodGet, url, "", nil); resp.status != http.StatusOK {
			return fmt.Errorf("anonymous after the grant: %s", abbreviate(resp))
		}
		return nil
	})
	// Only what was granted: listing tiers is still refused.
	if resp := do(t, anonymous, http.MethodGet, cp.CalicoServerURL+v3Path+"/tiers", "", nil); resp.status != http.StatusForbidden {
		t.Errorf("anonymous list, not granted: %s", abbreviate(resp))
	}
}

func doWithHeader(t testing.TB, client *http.Client, method, url, contentType string, body []byte, header http.Header) response {
	t.Helper()
	if len(header) == 0 {
		return do(t, client, method, url, contentType, body)
	}
	wrapped := *client
	wrapped.Transport = headerTransport{header: header, next: client.Transport}
	return do(t, &wrapped, method, url, contentType, body)
}

// headerTransport adds headers to every request.
type headerTransport struct {
	header http.Header
	next   http.RoundTripper
}

func (h headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	for k, v := range h.header {
		req.Header[k] = v
	}
	return h.next.RoundTrip(req)
}
