package reliability

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/test/controlplane"
)

const apiServicePath = "/apis/apiregistration.k8s.io/v1/apiservices/v3.projectcalico.org"

// apiServiceAvailable is the status of the APIService's Available condition.
func apiServiceAvailable(t testing.TB) string {
	t.Helper()
	resp := viaKube(t, http.MethodGet, apiServicePath, "", nil)
	var svc struct {
		Status struct {
			Conditions []struct{ Type, Status string } `json:"conditions"`
		} `json:"status"`
	}
	if err := json.Unmarshal(resp.body, &svc); err != nil {
		t.Fatalf("%s: %v", resp, err)
	}
	for _, c := range svc.Status.Conditions {
		if c.Type == "Available" {
			return c.Status
		}
	}
	return "Unknown"
}

func waitAvailable(t testing.TB, want string, timeout time.Duration) time.Duration {
	t.Helper()
	return eventually(t, timeout, func() error {
		if got := apiServiceAvailable(t); got != want {
			return fmt.Errorf("APIService Available=%s, want %s", got, want)
		}
		return nil
	})
}

// TestDiscoveryWhileServerDown: with calico-apiserver killed, the kube-apiserver marks
// the APIService unavailable; once it is back, the APIService is available again and
// `kubectl api-resources` and the deletion of a namespace holding Calico objects work.
func TestDiscoveryWhileServerDown(t *testing.T) {
	if err := cp.KillServer(); err != nil {
		t.Fatal(err)
	}
	unavailable := waitAvailable(t, "False", 90*time.Second)
	restarted := time.Now()
	if err := cp.StartServer(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitAvailable(t, "True", 90*time.Second)
	available := time.Since(restarted)
	resources := eventually(t, 60*time.Second, func() error {
		out, err := kubectl("", "api-resources", "--api-group=projectcalico.org", "-o", "name")
		if err != nil {
			return err
		}
		if !strings.Contains(out, "globalnetworkpolicies.projectcalico.org") {
			return fmt.Errorf("api-resources lacks projectcalico.org: %s", out)
		}
		return nil
	}) + available

	const ns = "reliability-discovery"
	manifest := `apiVersion: v1
kind: Namespace
metadata: {name: ` + ns + `}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: web, namespace: ` + ns + `}
spec: {selector: all()}
`
	if out, err := kubectl(manifest, "apply", "-f", "-"); err != nil {
		t.Fatal(out, err)
	}
	if out, err := kubectl("", "delete", "namespace", ns, "--wait=false"); err != nil {
		t.Fatal(out, err)
	}
	nsGone := eventually(t, 90*time.Second, func() error {
		if resp := viaKube(t, http.MethodGet, "/api/v1/namespaces/"+ns, "", nil); resp.status != http.StatusNotFound {
			return fmt.Errorf("namespace still there: %d", resp.status)
		}
		return nil
	})
	report(t, "discovery: APIService Available=False %s after SIGKILL; after the restart Available=True in %s, "+
		"kubectl api-resources complete in %s; a namespace with a Calico NetworkPolicy deleted in %s",
		unavailable.Round(10*time.Millisecond), available.Round(10*time.Millisecond), resources.Round(10*time.Millisecond), nsGone.Round(10*time.Millisecond))
}

// pointAPIService makes the APIService (and its ExternalName Service) send to port on
// 127.0.0.1.
func pointAPIService(t testing.TB, port int) {
	t.Helper()
	p := strconv.Itoa(port)
	if out, err := kubectl("", "-n", controlplane.CalicoNamespace, "patch", "service", controlplane.CalicoService,
		"--type=json", `-p=[{"op":"replace","path":"/spec/ports/0/port","value":`+p+`}]`); err != nil {
		t.Fatal(out, err)
	}
	if out, err := kubectl("", "patch", "apiservice", "v3.projectcalico.org", "--type=merge",
		`-p={"spec":{"service":{"port":`+p+`}}}`); err != nil {
		t.Fatal(out, err)
	}
}

// TestTwoReplicas runs two more calico-apiserver processes behind the APIService,
// through a load balancer on 127.0.0.1, and stops one (SIGTERM, as a rolling update or
// a node drain does) under load: a client-go client sees no failed request.
func TestTwoReplicas(t *testing.T) {
	ctx := context.Background()
	var replicas []*controlplane.ExtraServer
	for _, name := range []string{"replica-a", "replica-b"} {
		s, err := cp.StartExtraServer(ctx, name, nil, "--kubeconfig="+cp.Kubeconfig, "--shutdown-delay-duration=3s")
		if err != nil {
			t.Fatal(err)
		}
		defer s.Stop()
		replicas = append(replicas, s)
	}
	lb := newBalancer(t, replicas[0].URL, replicas[1].URL)
	own, err := url.Parse(cp.CalicoServerURL)
	if err != nil {
		t.Fatal(err)
	}
	ownPort, _ := strconv.Atoi(own.Port())
	pointAPIService(t, lb.Port())
	defer func() {
		pointAPIService(t, ownPort)
		waitAvailable(t, "True", 90*time.Second)
	}()
	// The aggregator keeps its connections to the old address until they close;
	// wait until both replicas take requests.
	client := calicoClient(t).ProjectcalicoV3()
	eventually(t, 60*time.Second, func() error {
		if _, err := client.Tiers().Get(ctx, "default", metav1.GetOptions{}); err != nil {
			return err
		}
		if lb.backends[0].accepted.Load() == 0 && lb.backends[1].accepted.Load() == 0 {
			return fmt.Errorf("no connection through the load balancer yet")
		}
		return nil
	})

	const group = "replicas"
	defer deleteGroup(t, group)
	var (
		stop     atomic.Bool
		requests atomic.Int64
		mu       sync.Mutex
		failures []string
		wg       sync.WaitGroup
	)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sets := calicoClient(t).ProjectcalicoV3().GlobalNetworkSets()
			for n := 0; n < 2000 && !stop.Load(); n++ {
				name := fmt.Sprintf("%s-%d-%d", group, w, n)
				set := &v3.GlobalNetworkSet{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"reliability": group}},
					Spec: v3.GlobalNetworkSetSpec{Nets: []string{"10.0.0.0/8"}}}
				_, err := sets.Create(ctx, set, metav1.CreateOptions{})
				if err == nil {
					_, err = sets.Get(ctx, name, metav1.GetOptions{})
				}
				if err == nil {
					_, err = sets.List(ctx, metav1.ListOptions{LabelSelector: "reliability=" + group, Limit: 10})
				}
				requests.Add(3)
				if err != nil {
					mu.Lock()
					failures = append(failures, err.Error())
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(2 * time.Second)
	stopped := time.Now()
	replicas[0].Stop()
	drained := time.Since(stopped)
	acceptedAfter := lb.backends[1].accepted.Load()
	time.Sleep(3 * time.Second)
	stop.Store(true)
	wg.Wait()
	for i, f := range failures {
		if i < 5 {
			t.Errorf("failed request: %s", f)
		}
	}
	if len(failures) > 0 {
		t.Errorf("%d of %d requests failed while one replica stopped", len(failures), requests.Load())
	}
	if lb.backends[0].accepted.Load() == 0 || lb.backends[1].accepted.Load() == 0 {
		t.Errorf("connections per replica %d and %d: both should have served", lb.backends[0].accepted.Load(), lb.backends[1].accepted.Load())
	}
	report(t, "two replicas: %d client-go requests, %d failed; replica a stopped (SIGTERM, 3 s shutdown delay) in %s; "+
		"connections a/b %d/%d (b %d at the stop)", requests.Load(), len(failures), drained.Round(10*time.Millisecond),
		lb.backends[0].accepted.Load(), lb.backends[1].accepted.Load(), acceptedAfter)
}
