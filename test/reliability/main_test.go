// Package reliability proves that the server keeps working, loses nothing and lets no
// one in where they do not belong, under concurrent writers, crashes and restarts of
// itself and of the kube-apiserver, forged identities and bad input (issue 14). Every
// test runs against one real local control plane, started in TestMain, on 127.0.0.1
// only, and bounds its loops in count and time. `make test-reliability` runs it;
// docs/reliability.md has what it measured.
package reliability

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	calicoclient "github.com/calico-apiserver/calico-apiserver/pkg/client/clientset/versioned"
	"github.com/calico-apiserver/calico-apiserver/test/controlplane"
)

// cp is the control plane every test shares; serverBinary is the calico-apiserver it
// runs, built from this checkout.
var (
	cp           *controlplane.ControlPlane
	serverBinary string
)

func TestMain(m *testing.M) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(controlplane.RunTests(m, controlplane.TestMainOptions{
		RepoRoot: root,
		Setup:    func(c *controlplane.ControlPlane, binary string) { cp, serverBinary = c, binary },
	}))
}

const (
	// v3Path and crdPath are the API paths of the served group and of the custom
	// resources it is stored in.
	v3Path  = "/apis/projectcalico.org/v3"
	crdPath = "/apis/crd.projectcalico.org/v1"
)

// response is what a raw request got back.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) String() string { return fmt.Sprintf("%d %s", r.status, r.body) }

// do sends one request with client to url and reads the whole answer.
func do(t testing.TB, client *http.Client, method, url, contentType string, body []byte) response {
	t.Helper()
	resp, err := send(client, method, url, contentType, body)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// send is do for requests that may fail, e.g. while a server is down; it never stops
// the test, so load goroutines can use it.
func send(client *http.Client, method, url, contentType string, body []byte) (response, error) {
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		return response{}, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return response{}, fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, fmt.Errorf("%s %s: reading the answer: %w", method, url, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// deleteGroup deletes the GlobalNetworkSets a test labelled reliability=group, with
// time for many.
func deleteGroup(t testing.TB, group string) {
	t.Helper()
	client := &http.Client{Timeout: 3 * time.Minute, Transport: cp.AdminHTTPClient().Transport}
	resp, err := send(client, http.MethodDelete, cp.KubeAPIServerURL+gnsPath+"?labelSelector=reliability%3D"+group, "", nil)
	if err != nil || resp.status != http.StatusOK {
		t.Errorf("deleting the test's objects: %v %s", err, abbreviate(resp))
	}
}

// direct sends a request straight to calico-apiserver as the cluster admin.
func direct(t testing.TB, method, path, contentType string, body []byte) response {
	t.Helper()
	return do(t, cp.AdminHTTPClient(), method, cp.CalicoServerURL+path, contentType, body)
}

// viaKube sends a request to the kube-apiserver as the cluster admin.
func viaKube(t testing.TB, method, path, contentType string, body []byte) response {
	t.Helper()
	return do(t, cp.AdminHTTPClient(), method, cp.KubeAPIServerURL+path, contentType, body)
}

// clientTLS is a client that trusts the cluster CA and presents the given certificate
// (none when certFile is empty).
func clientTLS(t testing.TB, certFile, keyFile string) *http.Client {
	t.Helper()
	config := cp.AdminHTTPClient().Transport.(*http.Transport).TLSClientConfig.Clone()
	config.Certificates = nil
	if certFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			t.Fatal(err)
		}
		config.Certificates = []tls.Certificate{cert}
	}
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{TLSClientConfig: config}}
}

// restConfig is the admin's client configuration for the kube-apiserver, without
// client-side rate limits (the tests measure the servers, not the client).
func restConfig(t testing.TB) *rest.Config {
	t.Helper()
	config, err := clientcmd.BuildConfigFromFlags("", cp.Kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	config.QPS, config.Burst = -1, 0
	return config
}

func calicoClient(t testing.TB) *calicoclient.Clientset {
	t.Helper()
	c, err := calicoclient.NewForConfig(restConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func dynamicClient(t testing.TB) *dynamic.DynamicClient {
	t.Helper()
	c, err := dynamic.NewForConfig(restConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// metric reads one unlabelled or labelled sample from a server's /metrics, summing
// the series whose labels contain every one of labels.
// probeClient is the one client of the probes (/metrics, /readyz) that tests repeat many
// times: a new client per probe would leave one idle keep-alive connection per probe on
// the server (each a goroutine until the server's 90 s idle timeout), which a goroutine
// count taken to find leaks would then measure instead of the server's own.
var probeClient = sync.OnceValue(func() *http.Client { return cp.AdminHTTPClient() })

func metric(t testing.TB, baseURL, name string, labels ...string) float64 {
	t.Helper()
	resp := do(t, probeClient(), http.MethodGet, baseURL+"/metrics", "", nil)
	if resp.status != http.StatusOK {
		t.Fatalf("%s/metrics: %s", baseURL, resp)
	}
	var sum float64
	found := false
	lines := bufio.NewScanner(bytes.NewReader(resp.body))
	lines.Buffer(make([]byte, 1<<20), 1<<20)
	for lines.Scan() {
		line := lines.Text()
		if !strings.HasPrefix(line, name+"{") && !strings.HasPrefix(line, name+" ") {
			continue
		}
		matches := true
		for _, label := range labels {
			matches = matches && strings.Contains(line, label)
		}
		if !matches {
			continue
		}
		value, err := strconv.ParseFloat(line[strings.LastIndex(line, " ")+1:], 64)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		sum, found = sum+value, true
	}
	if !found {
		t.Fatalf("%s/metrics has no %s%v", baseURL, name, labels)
	}
	return sum
}

// eventually retries check every 100 ms until it passes or timeout expires, and
// returns how long it took.
func eventually(t testing.TB, timeout time.Duration, check func() error) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		err := check()
		if err == nil {
			return time.Since(start)
		}
		if time.Since(start) > timeout {
			t.Fatalf("after %s: %v", timeout, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// kubectl runs the real kubectl as the admin.
func kubectl(stdin string, args ...string) (string, error) {
	var in io.Reader
	if stdin != "" {
		in = strings.NewReader(stdin)
	}
	out, err := cp.Kubectl(context.Background(), in, args...)
	return string(out), err
}

// storedNames lists the names of the custom resources of resource (the stored form),
// straight from the kube-apiserver.
func storedNames(t testing.TB, resource string) map[string]bool {
	t.Helper()
	resp := viaKube(t, http.MethodGet, crdPath+"/"+resource, "", nil)
	if resp.status != http.StatusOK {
		t.Fatalf("listing stored %s: %s", resource, resp)
	}
	var list struct {
		Items []struct {
			Metadata struct {
				Name string `json:"name"`
			} `json:"metadata"`
		} `json:"items"`
	}
	if err := json.Unmarshal(resp.body, &list); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, item := range list.Items {
		names[item.Metadata.Name] = true
	}
	return names
}

// report logs a figure for docs/reliability.md, in one greppable form.
func report(t testing.TB, format string, args ...any) {
	t.Helper()
	t.Logf("FIGURE "+format, args...)
}
