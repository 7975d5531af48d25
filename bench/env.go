package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// environment is what the bench talks to: the kube-apiserver (both paths go through
// it) and, for counters and RSS, the calico-apiserver's own /metrics.
type environment struct {
	server string
	// admin sets the bench up; bench impersonates the bench user for every measured request.
	admin, bench  *http.Client
	user          string
	metricsURL    string
	metricsClient *http.Client
	// profile saves the server's profiles (--profile-dir); it does nothing without one.
	profile *profiler
}

func connect(kubeconfig, metricsURL, user string) (*environment, error) {
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		&clientcmd.ClientConfigLoadingRules{ExplicitPath: kubeconfig}, &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", kubeconfig, err)
	}
	admin, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return nil, err
	}
	benchCfg := rest.CopyConfig(cfg)
	benchCfg.Impersonate = rest.ImpersonationConfig{UserName: user}
	bench, err := rest.HTTPClientFor(benchCfg)
	if err != nil {
		return nil, err
	}
	return &environment{server: strings.TrimSuffix(cfg.Host, "/"), admin: admin, bench: bench, user: user,
		metricsURL: metricsURL, metricsClient: admin}, nil
}

// grantBenchUser lets the bench user do everything on both API groups (and read pods
// and nodes, for --views), so that
// requests are authorized as a real client's are (the admin's group bypasses the
// server's authorization checks).
func (e *environment) grantBenchUser(ctx context.Context) error {
	role := fmt.Sprintf(`{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":%[1]q},
"rules":[{"apiGroups":["projectcalico.org","crd.projectcalico.org"],"resources":["*"],"verbs":["*"]},
{"apiGroups":[""],"resources":["pods","nodes"],"verbs":["get","list","watch"]}]}`, e.user)
	binding := fmt.Sprintf(`{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":%[1]q},
"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":%[1]q},
"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":%[1]q}]}`, e.user)
	for _, obj := range []struct{ resource, body string }{{"clusterroles", role}, {"clusterrolebindings", binding}} {
		status, body, err := do(ctx, e.admin, http.MethodPost, e.server+"/apis/rbac.authorization.k8s.io/v1/"+obj.resource, []byte(obj.body))
		if err != nil {
			return err
		}
		if status != http.StatusCreated && status != http.StatusConflict {
			return fmt.Errorf("creating %s: %d %s", obj.resource, status, body)
		}
	}
	return nil
}

// do sends one request and reads the whole answer.
func do(ctx context.Context, client *http.Client, method, url string, body []byte) (int, []byte, error) {
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, reader)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}

// metrics is one scrape of the calico-apiserver's /metrics: the sum of each family's
// samples whose labels contain the given filter ("" for all).
type metrics map[string]float64

// The families the bench reads. The tier authorization counter exists only once the
// server has tier RBAC; absent families read as n/a.
const (
	upstreamRequests = "calico_apiserver_upstream_requests_total"
	upstreamWatches  = "calico_apiserver_upstream_requests_total|verb=\"watch\""
	delegatedAuthz   = "apiserver_delegated_authz_request_total"
	tierAuthzChecks  = "calico_apiserver_tier_authorization_checks_total"
	residentMemory   = "process_resident_memory_bytes"
	heapInUse        = "go_memstats_heap_inuse_bytes"
)

var scraped = []string{upstreamRequests, upstreamWatches, delegatedAuthz, tierAuthzChecks, residentMemory, heapInUse}

func (e *environment) scrape(ctx context.Context) metrics {
	out := metrics{}
	if e.metricsURL == "" {
		return out
	}
	status, body, err := do(ctx, e.metricsClient, http.MethodGet, e.metricsURL, nil)
	if err != nil || status != http.StatusOK {
		return out
	}
	scanner := bufio.NewScanner(bytes.NewReader(body))
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	for scanner.Scan() {
		line := scanner.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		space := strings.LastIndexByte(line, ' ')
		if space < 0 {
			continue
		}
		value, err := strconv.ParseFloat(line[space+1:], 64)
		if err != nil {
			continue
		}
		series := line[:space]
		family, labels, _ := strings.Cut(series, "{")
		for _, want := range scraped {
			name, filter, _ := strings.Cut(want, "|")
			if family == name && strings.Contains(labels, filter) {
				out[want] += value
			}
		}
	}
	return out
}

// delta is after-before of one family, or nil when the server does not have it.
func delta(before, after metrics, family string) *float64 {
	a, okA := after[family]
	b, okB := before[family]
	if !okA || !okB {
		return nil
	}
	d := a - b
	return &d
}

// jsonField reads a nested field of a JSON object.
func jsonField(data []byte, path ...string) (interface{}, error) {
	var obj interface{}
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, err
	}
	for _, p := range path {
		m, ok := obj.(map[string]interface{})
		if !ok {
			return nil, fmt.Errorf("no %s", strings.Join(path, "."))
		}
		obj = m[p]
	}
	return obj, nil
}
