package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"syscall"
	"testing"
	"time"
)

// On SIGTERM the server fails /readyz at once, keeps serving through
// --shutdown-delay-duration (while endpoints and the aggregator stop routing to it), then
// ends open watches with a clean end of stream and exits 0, well within a pod's
// termination grace period.
func TestGracefulShutdown(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	s, err := cp.StartExtraServer(ctx, "calico-apiserver-shutdown", nil, "--kubeconfig="+cp.Kubeconfig, "--shutdown-delay-duration=3s")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	client := &http.Client{Transport: cp.AdminHTTPClient().Transport}
	get := func(path string) (int, error) {
		resp, err := client.Get(s.URL + path)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, nil
	}

	// A watch from the current resourceVersion of the tiers.
	resp, err := client.Get(s.URL + "/apis/projectcalico.org/v3/tiers")
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Metadata struct{ ResourceVersion string } `json:"metadata"`
	}
	err = json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	watch, err := client.Get(s.URL + "/apis/projectcalico.org/v3/tiers?watch=1&resourceVersion=" + list.Metadata.ResourceVersion)
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Body.Close()
	if watch.StatusCode != 200 {
		t.Fatalf("watch: %d", watch.StatusCode)
	}
	watchEnded := make(chan error, 1)
	go func() {
		decoder := json.NewDecoder(watch.Body)
		for {
			var event map[string]interface{}
			if err := decoder.Decode(&event); err != nil {
				watchEnded <- err
				return
			}
		}
	}()

	terminated := time.Now()
	if err := s.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	eventually(t, 2*time.Second, func() error {
		code, err := get("/readyz")
		if err != nil {
			return err
		}
		if code == 200 {
			return fmt.Errorf("/readyz still answers 200 after SIGTERM")
		}
		return nil
	})
	if code, err := get("/apis/projectcalico.org/v3/tiers/default"); err != nil || code != 200 {
		t.Errorf("during the shutdown delay a request got %d, %v; want it served", code, err)
	}
	if time.Since(terminated) > 3*time.Second {
		t.Fatalf("the checks above took %s, past the shutdown delay: the machine is too slow for this test's timing", time.Since(terminated))
	}

	select {
	case err := <-watchEnded:
		if !errors.Is(err, io.EOF) {
			t.Errorf("the watch ended with %v, not a clean end of stream", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the watch stayed open 30 s after SIGTERM")
	}
	select {
	case <-s.Exited():
		if code := s.ExitCode(); code != 0 {
			t.Errorf("exit code %d after SIGTERM, want 0", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("still running 30 s after SIGTERM")
	}
	t.Logf("exited %s after SIGTERM", time.Since(terminated).Round(100*time.Millisecond))
}
