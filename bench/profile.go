package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// profiler saves pprof profiles of this server next to the figures (--profile-dir), so
// that a figure that misses its target comes with what dominates it. It reads the
// server's /debug/pprof with the metrics client (both sit behind the same
// authorization).
type profiler struct {
	dir     string
	seconds int
	env     *environment
}

// pprofURL is the server's /debug/pprof/<name>: its /metrics URL's sibling.
func (p *profiler) pprofURL(name string) string {
	return strings.TrimSuffix(p.env.metricsURL, "/metrics") + "/debug/pprof/" + name
}

func (p *profiler) enabled() bool { return p != nil && p.dir != "" && p.env.metricsURL != "" }

// heap saves the live heap after a garbage collection (its alloc_space sample index
// still has every allocation since start).
func (p *profiler) heap(ctx context.Context, size int) error {
	if !p.enabled() {
		return nil
	}
	return p.save(ctx, p.env.metricsClient, p.pprofURL("heap?gc=1"), fmt.Sprintf("%d-heap.pprof", size))
}

// cpu profiles the server and the kube-apiserver for p.seconds while sending the aggregated request of a
// measurement over and over, one at a time, as the timed samples did.
func (p *profiler) cpu(ctx context.Context, size int, what string, req request) error {
	if !p.enabled() {
		return nil
	}
	name := fmt.Sprintf("%d-%s", size, strings.NewReplacer(" ", "-", "=", "").Replace(strings.ToLower(what)))
	profile := fmt.Sprintf("profile?seconds=%d", p.seconds)
	// The kube-apiserver's profile of the same window shows its share: it serves each
	// aggregated request twice (proxying it here, then this server's upstream request).
	done := make(chan error, 2)
	go func() { done <- p.save(ctx, p.env.metricsClient, p.pprofURL(profile), name+".cpu.pprof") }()
	go func() {
		done <- p.save(ctx, p.env.admin, p.env.server+"/debug/pprof/"+profile, name+".kube-apiserver.cpu.pprof")
	}()
	// The profile starts when its request arrives; a moment's head start for the loop
	// costs nothing but an unprofiled request or two.
	deadline := time.Now().Add(time.Duration(p.seconds) * time.Second)
	for i := 0; time.Now().Before(deadline); i++ {
		method, urlPath, body := req(aggregated, i)
		if method == "" {
			return fmt.Errorf("%s: %s", what, urlPath)
		}
		if _, _, err := do(ctx, p.env.bench, method, p.env.server+urlPath, body); err != nil {
			return err
		}
	}
	return errors.Join(<-done, <-done)
}

func (p *profiler) save(ctx context.Context, through *http.Client, url, name string) error {
	client := &http.Client{Transport: through.Transport, Timeout: time.Duration(p.seconds+60) * time.Second}
	status, body, err := do(ctx, client, http.MethodGet, url, nil)
	if err == nil && status != http.StatusOK {
		err = fmt.Errorf("%d %.300s", status, body)
	}
	if err != nil {
		return fmt.Errorf("profiling %s: %w", name, err)
	}
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		return err
	}
	path := filepath.Join(p.dir, name)
	fmt.Fprintf(os.Stderr, "  profile %s\n", path)
	return os.WriteFile(path, body, 0o644)
}
