package reliability

import (
	"context"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestLimitFlags starts a server with small limits and checks each one: a body above
// --max-request-body-bytes gets 413, a selector above --max-selector-length and rules
// above --max-rules get 422 naming the field, and a write within the limits is stored.
// Invalid limits stop the server at start-up.
func TestLimitFlags(t *testing.T) {
	s, err := cp.StartExtraServer(context.Background(), "limited", nil, "--kubeconfig="+cp.Kubeconfig,
		"--max-request-body-bytes=65536", "--max-selector-length=100", "--max-rules=10")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	post := func(body string) response {
		return do(t, cp.AdminHTTPClient(), http.MethodPost, s.URL+gnpPath, "application/json", []byte(body))
	}
	// A selector of n characters: a == 'xx...x'.
	selector := func(n int) string { return `"a == '` + strings.Repeat("x", n-7) + `'"` }
	for _, c := range []badInput{
		{name: "body above the limit", status: 413, message: "limit is 65536",
			body: []byte(gnp("limits-big", `,"ingress":`+rules(4000)))},
		{name: "selector above the limit", status: 422, message: "spec.selector: Too long: may not be more than 100",
			body: []byte(strings.Replace(gnp("limits-selector", ""), `"all()"`, selector(101), 1))},
		{name: "rule's selector above the limit", status: 422, message: "spec.egress[0].destination.selector: Too long",
			body: []byte(gnp("limits-rule-selector", `,"egress":[{"action":"Allow","destination":{"selector":`+selector(101)+`}}]`))},
		{name: "rules above the limit", status: 422, message: "spec.ingress: Too many: 11: must have at most 10 items",
			body: []byte(gnp("limits-rules", `,"ingress":`+rules(11)))},
	} {
		t.Run(c.name, func(t *testing.T) { checkRefused(t, c, post(string(c.body))) })
	}
	within := strings.Replace(gnp("limits-within", `,"ingress":`+rules(10)), `"all()"`, selector(100), 1)
	if resp := post(within); resp.status != http.StatusCreated {
		t.Errorf("a policy within every limit: %s", abbreviate(resp))
	}
	direct(t, http.MethodDelete, gnpPath+"/limits-within", "", nil)

	for _, flag := range []string{"--max-rules=-1", "--max-selector-length=-1", "--max-request-body-bytes=0"} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		out, err := exec.CommandContext(ctx, serverBinary, "--kubeconfig="+cp.Kubeconfig, "--secure-port=0", flag).CombinedOutput()
		cancel()
		name, _, _ := strings.Cut(flag, "=")
		if err == nil || !strings.Contains(string(out), name) {
			t.Errorf("%s: exit %v, output does not name the flag: %s", flag, err, out)
		}
	}
}

// TestPriorityAndFairness: requests to the server are classified by API Priority and
// Fairness (the kube-apiserver's flow schemas), which is what keeps a flood of them
// from starving the rest.
func TestPriorityAndFairness(t *testing.T) {
	resp := direct(t, http.MethodGet, v3Path+"/tiers", "", nil)
	if resp.status != http.StatusOK || resp.header.Get("X-Kubernetes-PF-FlowSchema-UID") == "" ||
		resp.header.Get("X-Kubernetes-PF-PriorityLevel-UID") == "" {
		t.Errorf("no priority and fairness classification: %d %v", resp.status, resp.header)
	}
}
