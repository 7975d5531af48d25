package reliability

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// badInput is one malformed request: what it sends and the 4xx it must get, with a
// piece of the message that says what is wrong.
type badInput struct {
	name        string
	method      string
	path        string
	contentType string
	body        []byte
	status      int
	message     string
}

const gnpPath = v3Path + "/globalnetworkpolicies"

// gnp is a valid GlobalNetworkPolicy named name, with extra spec fields (JSON, comma
// first) spliced in.
func gnp(name, extraSpec string) string {
	return `{"apiVersion":"projectcalico.org/v3","kind":"GlobalNetworkPolicy","metadata":{"name":"` + name +
		`"},"spec":{"selector":"all()"` + extraSpec + `}}`
}

// rules is a JSON list of n allow rules.
func rules(n int) string {
	return "[" + strings.TrimSuffix(strings.Repeat(`{"action":"Allow"},`, n), ",") + "]"
}

// nested is a JSON value nested depth lists deep.
func nested(depth int) string {
	return strings.Repeat("[", depth) + strings.Repeat("]", depth)
}

// yamlBomb is a "billion laughs" document: nine levels of aliases, each nine times the
// one below.
func yamlBomb() string {
	var b strings.Builder
	b.WriteString("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: bad-yaml-bomb\n  annotations:\n")
	b.WriteString("    a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	for i := 1; i < 9; i++ {
		fmt.Fprintf(&b, "    a%d: &a%d [*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	b.WriteString("spec:\n  selector: all()\n")
	return b.String()
}

// createCases are creates of GlobalNetworkPolicies that must all be refused.
func createCases() []badInput {
	const js = "application/json"
	return []badInput{
		{name: "truncated JSON", contentType: js, status: 400,
			body: []byte(gnp("bad-truncated", "")[:80]), message: "unexpected end of JSON input"},
		{name: "not JSON", contentType: js, status: 400, body: []byte("<xml/>"), message: "invalid character"},
		{name: "empty body", contentType: js, status: 400, body: nil, message: ""},
		{name: "YAML bomb", contentType: "application/yaml", status: 400, body: []byte(yamlBomb()), message: ""},
		{name: "wrong kind", contentType: js, status: 400, message: "IPPool",
			body: []byte(strings.Replace(gnp("bad-kind", ""), `"GlobalNetworkPolicy"`, `"IPPool"`, 1))},
		{name: "unknown kind", contentType: js, status: 400, message: "no kind",
			body: []byte(strings.Replace(gnp("bad-unknown-kind", ""), `"GlobalNetworkPolicy"`, `"Nonsense"`, 1))},
		{name: "wrong apiVersion", contentType: js, status: 400, message: "projectcalico.org/v1",
			body: []byte(strings.Replace(gnp("bad-version", ""), "projectcalico.org/v3", "projectcalico.org/v1", 1))},
		{name: "the stored group's apiVersion", contentType: js, status: 400, message: "crd.projectcalico.org/v1",
			body: []byte(strings.Replace(gnp("bad-crd-version", ""), "projectcalico.org/v3", "crd.projectcalico.org/v1", 1))},
		{name: "unknown field, strict", path: gnpPath + "?fieldValidation=Strict", contentType: js, status: 400,
			body: []byte(gnp("bad-unknown-field", `,"selectr":"all()"`)), message: `unknown field "spec.selectr"`},
		{name: "duplicate field, strict", path: gnpPath + "?fieldValidation=Strict", contentType: js, status: 400,
			body: []byte(gnp("bad-duplicate-field", `,"selector":"none"`)), message: `duplicate field "spec.selector"`},
		{name: "deeply nested value", contentType: js, status: 400,
			body: []byte(gnp("bad-nested", `,"x":`+nested(20000))), message: "exceeded max depth"},
		{name: "deeply nested value where a string belongs", contentType: js, status: 400,
			body: []byte(gnp("bad-nested-typed", `,"order":`+nested(200))), message: "cannot unmarshal"},
		{name: "selector beyond --max-selector-length", contentType: js, status: 422, message: "spec.selector: Too long",
			body: []byte(strings.Replace(gnp("bad-long-selector", ""), `"all()"`, `"a == '`+strings.Repeat("x", 5000)+`'"`, 1))},
		{name: "rules beyond --max-rules", contentType: js, status: 422, message: "spec.ingress: Too many: 1025",
			body: []byte(gnp("bad-many-rules", `,"ingress":`+rules(1025)))},
		{name: "body beyond --max-request-body-bytes", contentType: js, status: 413, message: "limit is 3145728",
			body: []byte(gnp("bad-big", `,"ingress":`+rules(200000)))},
		{name: "invalid UTF-8 in the name", contentType: js, status: 422, message: "metadata.name",
			body: []byte(gnp("bad-\xff\xfe", ""))},
		{name: "invalid UTF-8 in a label", contentType: js, status: 422, message: "metadata.labels",
			body: []byte(strings.Replace(gnp("bad-utf8-label", ""), `"name"`, `"labels":{"a":"`+"\xc3\x28"+`"},"name"`, 1))},
		{name: "NUL in the name", contentType: js, status: 422, message: "metadata.name",
			body: []byte(gnp(`bad-nul\u0000`, ""))},
		{name: "NUL in a label key", contentType: js, status: 422, message: "metadata.labels",
			body: []byte(strings.Replace(gnp("bad-nul-label", ""), `"name"`, `"labels":{"a\u0000b":"c"},"name"`, 1))},
		{name: "raw NUL byte in the JSON", contentType: js, status: 400, message: "invalid character",
			body: []byte(strings.Replace(gnp("bad-raw-nul", ""), `{"selector"`, "{\x00\"selector\"", 1))},
		{name: "text/plain", contentType: "text/plain", status: 415, body: []byte(gnp("bad-text", "")), message: "unknown format"},
		{name: "JSON sent as protobuf", contentType: "application/vnd.kubernetes.protobuf", status: 400,
			body: []byte(gnp("bad-protobuf", "")), message: "does not appear to be a protobuf message"},
		{name: "XML", contentType: "application/xml", status: 415, body: []byte(gnp("bad-xml", "")), message: "unknown format"},
	}
}

// TestBadInput sends every kind of malformed request straight to the server: each gets
// the 4xx it should, with a message saying what is wrong, and nothing is stored.
func TestBadInput(t *testing.T) {
	panicsBefore := panicsLogged(t)
	for _, c := range createCases() {
		t.Run(c.name, func(t *testing.T) {
			if c.method == "" {
				c.method = http.MethodPost
			}
			if c.path == "" {
				c.path = gnpPath
			}
			checkRefused(t, c, direct(t, c.method, c.path, c.contentType, c.body))
		})
	}
	for name := range storedNames(t, "globalnetworkpolicies") {
		if strings.Contains(name, "bad-") {
			t.Errorf("refused object stored: %s", name)
		}
	}
	if after := panicsLogged(t); after != panicsBefore {
		t.Errorf("the server logged %d panics during the test", after-panicsBefore)
	}
}

// checkRefused checks that resp is the 4xx c expects, as a Kubernetes Status whose
// message contains c.message.
func checkRefused(t *testing.T, c badInput, resp response) {
	t.Helper()
	if resp.status != c.status {
		t.Fatalf("%s: got %s, want %d", c.name, abbreviate(resp), c.status)
	}
	var status struct {
		Kind    string `json:"kind"`
		Message string `json:"message"`
		Code    int    `json:"code"`
	}
	if err := json.Unmarshal(resp.body, &status); err != nil || status.Kind != "Status" || status.Code != c.status {
		t.Fatalf("%s: not a Status with code %d: %s (%v)", c.name, c.status, abbreviate(resp), err)
	}
	if !strings.Contains(status.Message, c.message) {
		t.Errorf("%s: message %q does not say %q: %s", c.name, status.Message, c.message, resp.body)
	}
}

func abbreviate(resp response) string {
	s := resp.String()
	if len(s) > 600 {
		s = s[:600] + "..."
	}
	return s
}

// panicsLogged counts the panics the server logged so far (k8s.io/apimachinery's
// handler logs "Observed a panic"; a panic in a handler also answers 500).
func panicsLogged(t *testing.T) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(cp.Dir, "calico-apiserver.log"))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(data, []byte("Observed a panic"))
}

// patchCases are patches of the GlobalNetworkPolicy at path that must all be refused,
// of every patch type.
func patchCases(path string) []badInput {
	const (
		jsonPatch  = "application/json-patch+json"
		mergePatch = "application/merge-patch+json"
		smPatch    = "application/strategic-merge-patch+json"
		applyPatch = "application/apply-patch+yaml"
	)
	apply := path + "?fieldManager=reliability&force=true"
	return []badInput{
		{name: "JSON patch, truncated", contentType: jsonPatch, status: 400, body: []byte(`[{"op":"replace","path":"/spec/selector"`)},
		{name: "JSON patch, not a list", contentType: jsonPatch, status: 400, body: []byte(`{"op":"replace"}`)},
		// k8s.io/apiserver answers a JSON patch that does not apply with a 422 whose
		// message leaves out why (NewGenericServerResponse drops it), for every API
		// server alike; the status is right, the message is upstream's.
		{name: "JSON patch, unknown op", contentType: jsonPatch, status: 422, body: []byte(`[{"op":"frobnicate","path":"/spec"}]`),
			message: "error in our request"},
		{name: "JSON patch, missing path", contentType: jsonPatch, status: 422,
			body: []byte(`[{"op":"remove","path":"/spec/nothing/here"}]`), message: "error in our request"},
		{name: "JSON patch, failed test", contentType: jsonPatch, status: 422,
			body:    []byte(`[{"op":"test","path":"/spec/selector","value":"none"},{"op":"replace","path":"/spec/selector","value":"has(x)"}]`),
			message: "error in our request"},
		{name: "JSON patch, invalid result", contentType: jsonPatch, status: 422,
			body: []byte(`[{"op":"replace","path":"/spec/selector","value":"a ==="}]`), message: "spec.selector"},
		{name: "JSON patch, wrong type", contentType: jsonPatch, status: 422,
			body: []byte(`[{"op":"replace","path":"/spec/order","value":"first"}]`), message: "cannot unmarshal string"},
		{name: "JSON patch, renaming", contentType: jsonPatch, status: 400,
			body: []byte(`[{"op":"replace","path":"/metadata/name","value":"bad-renamed"}]`), message: "name"},
		{name: "merge patch, truncated", contentType: mergePatch, status: 400, body: []byte(`{"spec":{"selector":`)},
		{name: "merge patch, invalid result", contentType: mergePatch, status: 422,
			body: []byte(`{"spec":{"ingress":[{"action":"Explode"}]}}`), message: "spec.ingress[0].action"},
		{name: "merge patch, deeply nested", contentType: mergePatch, status: 400,
			body: []byte(`{"spec":{"x":` + nested(20000) + `}}`), message: "invalid JSON patch"},
		{name: "merge patch, wrong kind", contentType: mergePatch, status: 422,
			body: []byte(`{"kind":"IPPool"}`), message: "is invalid: patch"},
		{name: "strategic merge patch, truncated", contentType: smPatch, status: 400, body: []byte(`{"spec":`)},
		{name: "strategic merge patch, invalid result", contentType: smPatch, status: 422,
			body: []byte(`{"spec":{"selector":"a ==="}}`), message: "spec.selector"},
		{name: "apply, truncated YAML", path: apply, contentType: applyPatch, status: 400, body: []byte("spec: {selector: [")},
		{name: "apply, YAML bomb", path: apply, contentType: applyPatch, status: 400,
			body: []byte(strings.Replace(yamlBomb(), "bad-yaml-bomb", "patch-target", 1))},
		{name: "apply, no field manager", path: path, contentType: applyPatch, status: 422,
			body:    []byte("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: patch-target}\nspec: {selector: has(y)}\n"),
			message: "fieldManager"},
		{name: "apply, wrong kind", path: apply, contentType: applyPatch, status: 400,
			body: []byte("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: patch-target}\nspec: {cidr: 10.0.0.0/8}\n")},
		{name: "apply, other name", path: apply, contentType: applyPatch, status: 400,
			body:    []byte("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: bad-other}\nspec: {selector: has(y)}\n"),
			message: "name"},
		{name: "apply, invalid result", path: apply, contentType: applyPatch, status: 422,
			body:    []byte("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: patch-target}\nspec: {selector: 'a ==='}\n"),
			message: "spec.selector"},
		{name: "unknown patch type", contentType: "application/json", status: 415, body: []byte(`{"spec":{}}`),
			message: "Unsupported Media Type"},
	}
}

// TestBadPatches sends every patch type's malformed patches straight to the server:
// each gets a 4xx, and the object is left as it was.
func TestBadPatches(t *testing.T) {
	const path = gnpPath + "/patch-target"
	if resp := direct(t, http.MethodPost, gnpPath, "application/json", []byte(gnp("patch-target", ""))); resp.status != http.StatusCreated {
		t.Fatalf("creating the target: %s", resp)
	}
	defer direct(t, http.MethodDelete, path, "", nil)
	before := direct(t, http.MethodGet, path, "", nil)
	panicsBefore := panicsLogged(t)
	for _, c := range patchCases(path) {
		t.Run(c.name, func(t *testing.T) {
			if c.path == "" {
				c.path = path
			}
			checkRefused(t, c, direct(t, http.MethodPatch, c.path, c.contentType, c.body))
		})
	}
	if after := direct(t, http.MethodGet, path, "", nil); !bytes.Equal(after.body, before.body) {
		t.Errorf("the object changed:\nbefore %s\nafter  %s", before.body, after.body)
	}
	for name := range storedNames(t, "globalnetworkpolicies") {
		if strings.Contains(name, "bad-") {
			t.Errorf("refused object stored: %s", name)
		}
	}
	if after := panicsLogged(t); after != panicsBefore {
		t.Errorf("the server logged %d panics during the test", after-panicsBefore)
	}
}
