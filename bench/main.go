// Command bench measures this server (the aggregated path, projectcalico.org/v3) side
// by side with the kube-apiserver serving the same objects directly as custom
// resources (the direct path, crd.projectcalico.org/v1, in Calico's stored layout), on
// one kube-apiserver, in one run: latencies of GET, LIST and UPDATE, CREATE throughput,
// how fast many watchers see one change, upstream requests and SubjectAccessReviews per
// request, and the server's RSS. It prints one table of aggregated/direct ratios and
// writes the figures as JSON. `make bench` runs it on a local control plane it starts
// itself; --kubeconfig measures an existing cluster instead.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/calico-apiserver/calico-apiserver/test/controlplane"
)

type config struct {
	kubeconfig   string
	metricsURL   string
	serverBinary string
	crdDir       string
	sizes        []int
	samples      int
	listSamples  int
	concurrency  int
	watchers     int
	user         string
	output       string
	soak         bool
	soakDuration time.Duration
	views        bool
	profileDir   string
	profileSecs  int
	settle       time.Duration
}

func main() {
	var c config
	var sizes string
	flag.StringVar(&c.kubeconfig, "kubeconfig", "", "measure this cluster instead of starting a local control plane")
	flag.StringVar(&c.metricsURL, "metrics-url", "", "with --kubeconfig: the calico-apiserver's own /metrics URL (figures from metrics are n/a without it)")
	flag.StringVar(&c.serverBinary, "server-binary", "bin/calico-apiserver", "calico-apiserver binary for the local control plane")
	flag.StringVar(&c.crdDir, "crd-dir", "artifacts/crds", "crd.projectcalico.org CRDs for the local control plane")
	flag.StringVar(&sizes, "sizes", "1000,10000", "numbers of GlobalNetworkPolicies to measure at, ascending")
	flag.IntVar(&c.samples, "samples", 200, "GETs and UPDATEs measured per size, path and kind of read")
	flag.IntVar(&c.listSamples, "list-samples", 10, "LISTs measured per size, path and kind of read")
	flag.IntVar(&c.concurrency, "concurrency", 16, "concurrent clients creating objects")
	flag.IntVar(&c.watchers, "watchers", 100, "concurrent watchers that must all see one change")
	flag.StringVar(&c.user, "as", "calico-bench", "user the requests impersonate (granted everything on both API groups), so that authorization is exercised as for a real client")
	flag.StringVar(&c.output, "o", "bench-results.json", "JSON file of the figures")
	flag.BoolVar(&c.soak, "soak", false, "instead: create/update/delete churn of the largest size and the server's RSS over time")
	flag.DurationVar(&c.soakDuration, "soak-duration", 10*time.Minute, "length of the --soak churn")
	flag.BoolVar(&c.views, "views", false, "instead: the largest size of pods bound to nodes with Calico CNI's annotations (no kubelet), and LIST of their workload endpoints beside LIST of the pods, and the server's RSS")
	flag.StringVar(&c.profileDir, "profile-dir", "", "save the server's pprof profiles here: its heap after each size, and a CPU profile of each measured request, sent over and over for --profile-seconds")
	flag.IntVar(&c.profileSecs, "profile-seconds", 10, "length of each CPU profile (--profile-dir)")
	flag.DurationVar(&c.settle, "settle", 30*time.Second, "idle time after the measurements of a size before the server's memory is read again")
	flag.Parse()
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 || (len(c.sizes) > 0 && n <= c.sizes[len(c.sizes)-1]) {
			fmt.Fprintf(os.Stderr, "--sizes must be ascending positive numbers, got %q\n", sizes)
			os.Exit(2)
		}
		c.sizes = append(c.sizes, n)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, c); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, c config) error {
	var env *environment
	if c.kubeconfig != "" {
		var err error
		if env, err = connect(c.kubeconfig, c.metricsURL, c.user); err != nil {
			return err
		}
	} else {
		root, _ := os.Getwd()
		binary, _ := filepath.Abs(c.serverBinary)
		crds, _ := filepath.Abs(c.crdDir)
		fmt.Fprintln(os.Stderr, "starting a local control plane")
		cp, err := controlplane.Start(ctx, controlplane.Options{RepoRoot: root, CRDDir: crds, ServerBinary: binary, Log: os.Stderr})
		if err != nil {
			return err
		}
		defer cp.Stop()
		if env, err = connect(cp.Kubeconfig, cp.CalicoServerURL+"/metrics", c.user); err != nil {
			return err
		}
		env.metricsClient = cp.AdminHTTPClient()
	}
	env.profile = &profiler{dir: c.profileDir, seconds: c.profileSecs, env: env}
	if err := env.grantBenchUser(ctx); err != nil {
		return err
	}
	if c.soak {
		return soak(ctx, env, c)
	}
	r := &results{Sizes: c.sizes, Concurrency: c.concurrency, Watchers: c.watchers, Samples: c.samples, ListSamples: c.listSamples, Started: time.Now().UTC()}
	measurement := measure
	if c.views {
		measurement = views
	}
	if err := measurement(ctx, env, c, r); err != nil {
		return err
	}
	r.print(os.Stdout)
	return r.write(c.output)
}
