package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"net/url"
	"os"
	"sort"
	"sync"
	"time"
)

// measure runs every measurement at every size, growing the set of policies between
// sizes. Requests to the two paths alternate, so that whatever else the machine is doing
// weighs on both alike.
func measure(ctx context.Context, env *environment, c config, r *results) error {
	existing := 0
	for _, size := range c.sizes {
		fmt.Fprintf(os.Stderr, "size %d: creating\n", size)
		if err := measureCreate(ctx, env, c, r, existing, size); err != nil {
			return err
		}
		existing = size
		memory(ctx, env, r, size, "after loading")
		for _, rv := range []string{"", "0"} {
			fmt.Fprintf(os.Stderr, "size %d: GET and LIST, resourceVersion=%q\n", size, rv)
			get := func(p apiPath, i int) (string, string, []byte) {
				return http.MethodGet, p.collection + "/" + objectName(rand.Intn(size)) + rvQuery(rv), nil
			}
			if err := measureLatency(ctx, env, r, size, "GET "+readKind(rv), c.samples, get); err != nil {
				return err
			}
			list := func(p apiPath, i int) (string, string, []byte) {
				return http.MethodGet, p.collection + rvQuery(rv), nil
			}
			if err := measureLatency(ctx, env, r, size, "LIST "+readKind(rv), c.listSamples, list); err != nil {
				return err
			}
		}
		fmt.Fprintf(os.Stderr, "size %d: UPDATE\n", size)
		update := func(p apiPath, i int) (string, string, []byte) {
			name := objectName(rand.Intn(size))
			body, err := changedOrder(ctx, env, p, name, 1000+i)
			if err != nil {
				return "", err.Error(), nil
			}
			return http.MethodPut, p.collection + "/" + name, body
		}
		if err := measureLatency(ctx, env, r, size, "UPDATE", c.samples, update); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "size %d: %d watchers\n", size, c.watchers)
		if err := measureWatchers(ctx, env, c, r, size); err != nil {
			return err
		}
		memory(ctx, env, r, size, "after the measurements")
		// RSS keeps the high-water mark of the LISTs above until the Go runtime returns
		// freed memory to the system, which it does in the background.
		select {
		case <-time.After(c.settle):
		case <-ctx.Done():
			return ctx.Err()
		}
		memory(ctx, env, r, size, fmt.Sprintf("after %s idle", c.settle))
		// After the scrapes: the profile's garbage collection would lower the figures.
		if err := env.profile.heap(ctx, size); err != nil {
			return err
		}
		// What is measured so far survives a failure at a later size.
		r.print(os.Stderr)
		if err := r.write(c.output); err != nil {
			return err
		}
	}
	return nil
}

// memory records the server's RSS and Go heap in use at one point of the run.
func memory(ctx context.Context, env *environment, r *results, size int, when string) {
	m := env.scrape(ctx)
	r.add(row{Size: size, Measure: "server RSS " + when, Unit: "MiB", Aggregated: mib(m, residentMemory)})
	r.add(row{Size: size, Measure: "server Go heap in use " + when, Unit: "MiB", Aggregated: mib(m, heapInUse)})
}

func readKind(rv string) string {
	if rv == "0" {
		return "rv=0"
	}
	return "consistent"
}

func rvQuery(rv string) string {
	if rv == "" {
		return ""
	}
	return "?resourceVersion=" + url.QueryEscape(rv)
}

func mib(m metrics, family string) *float64 {
	v, ok := m[family]
	if !ok {
		return nil
	}
	v /= 1 << 20
	return &v
}

// measureCreate creates the objects from existing to size on both paths, 16 clients
// at a time: on the direct path under names of its own, deleted again afterwards, and on
// the aggregated path the objects every later measurement uses.
func measureCreate(ctx context.Context, env *environment, c config, r *results, existing, size int) error {
	directRate, err := createMany(ctx, env, direct, directOnlyName, existing, size, c.concurrency)
	if err != nil {
		return err
	}
	if err := deleteMany(ctx, env, direct, directOnlyName, existing, size, c.concurrency); err != nil {
		return err
	}
	before := env.scrape(ctx)
	aggregatedRate, err := createMany(ctx, env, aggregated, objectName, existing, size, c.concurrency)
	if err != nil {
		return err
	}
	r.add(row{Size: size, Measure: fmt.Sprintf("CREATE throughput (%d clients)", c.concurrency), Unit: "objects/s",
		Aggregated: &aggregatedRate, Direct: &directRate, HigherIsBetter: true})
	r.addCosts(size, "CREATE", size-existing, before, env.scrape(ctx))
	return nil
}

// createMany creates the objects named name(from) ... name(to-1) on p with concurrency
// clients, and returns the objects created per second.
func createMany(ctx context.Context, env *environment, p apiPath, name func(int) string, from, to, concurrency int) (float64, error) {
	start := time.Now()
	err := forEach(ctx, from, to, concurrency, func(i int) error {
		status, body, err := do(ctx, env.bench, http.MethodPost, env.server+p.collection, p.object(name(i)))
		if err == nil && status != http.StatusCreated && status != http.StatusConflict {
			err = fmt.Errorf("%d %.300s", status, body)
		}
		if err != nil {
			return fmt.Errorf("creating %s on the %s path: %w", name(i), p.name, err)
		}
		return nil
	})
	return float64(to-from) / time.Since(start).Seconds(), err
}

// deleteMany deletes the objects named name(from) ... name(to-1) on p with concurrency
// clients (one request each: a delete of thousands in one request outlasts the
// kube-apiserver's request timeout).
func deleteMany(ctx context.Context, env *environment, p apiPath, name func(int) string, from, to, concurrency int) error {
	return forEach(ctx, from, to, concurrency, func(i int) error {
		status, body, err := do(ctx, env.bench, http.MethodDelete, env.server+p.collection+"/"+name(i), nil)
		if err == nil && status != http.StatusOK && status != http.StatusNotFound {
			err = fmt.Errorf("%d %.300s", status, body)
		}
		if err != nil {
			return fmt.Errorf("deleting %s on the %s path: %w", name(i), p.name, err)
		}
		return nil
	})
}

// forEach calls f(from) ... f(to-1) from concurrency goroutines and stops at the first error.
func forEach(ctx context.Context, from, to, concurrency int, f func(int) error) error {
	next := make(chan int)
	errs := make(chan error, concurrency)
	var wg sync.WaitGroup
	for w := 0; w < concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := f(i); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	var failure error
feed:
	for i := from; i < to; i++ {
		select {
		case next <- i:
		case failure = <-errs:
			break feed
		case <-ctx.Done():
			failure = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	if failure == nil {
		select {
		case failure = <-errs:
		default:
		}
	}
	return failure
}

// request builds the i-th request of a measurement on p: method, URL path, body. An
// empty method reports an error, in the URL path.
type request func(p apiPath, i int) (method, urlPath string, body []byte)

// measureLatency sends samples requests on each path, alternating, and records p50 and
// p99, plus what each aggregated request cost in upstream requests and authorization.
// The reads an UPDATE starts from are not timed, but their cost is counted.
func measureLatency(ctx context.Context, env *environment, r *results, size int, what string, samples int, req request) error {
	latencies := map[string][]time.Duration{}
	// Only the aggregated requests reach this server, so its counters over the whole
	// measurement divide by the aggregated requests.
	before := env.scrape(ctx)
	for i := 0; i < samples; i++ {
		for _, p := range []apiPath{aggregated, direct} {
			method, urlPath, body := req(p, i)
			if method == "" {
				return fmt.Errorf("%s on the %s path: %s", what, p.name, urlPath)
			}
			start := time.Now()
			status, answer, err := do(ctx, env.bench, method, env.server+urlPath, body)
			elapsed := time.Since(start)
			if err == nil && status != http.StatusOK {
				err = fmt.Errorf("%d %.300s", status, answer)
			}
			if err != nil {
				return fmt.Errorf("%s %s: %w", method, urlPath, err)
			}
			latencies[p.name] = append(latencies[p.name], elapsed)
		}
	}
	a50, a99 := percentiles(latencies[aggregated.name])
	d50, d99 := percentiles(latencies[direct.name])
	r.add(row{Size: size, Measure: what + " p50", Unit: "ms", Aggregated: &a50, Direct: &d50})
	r.add(row{Size: size, Measure: what + " p99", Unit: "ms", Aggregated: &a99, Direct: &d99})
	r.addCosts(size, what, samples, before, env.scrape(ctx))
	return env.profile.cpu(ctx, size, what, req)
}

// percentiles returns the 50th and 99th percentiles, in milliseconds (nearest rank).
func percentiles(d []time.Duration) (p50, p99 float64) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	at := func(p int) float64 {
		i := (len(d)*p + 99) / 100
		if i > 0 {
			i--
		}
		return float64(d[i].Microseconds()) / 1000
	}
	return at(50), at(99)
}

// changedOrder reads the named object on p and returns it with spec.order set to order.
func changedOrder(ctx context.Context, env *environment, p apiPath, name string, order int) ([]byte, error) {
	status, body, err := do(ctx, env.bench, http.MethodGet, env.server+p.collection+"/"+name, nil)
	if err != nil || status != http.StatusOK {
		return nil, fmt.Errorf("reading %s: %d %.300s %v", name, status, body, err)
	}
	var obj map[string]interface{}
	if err := json.Unmarshal(body, &obj); err != nil {
		return nil, err
	}
	spec, _ := obj["spec"].(map[string]interface{})
	if spec == nil {
		return nil, fmt.Errorf("%s has no spec", name)
	}
	spec["order"] = order
	return json.Marshal(obj)
}

// measureWatchers opens c.watchers watches on each path from the current
// resourceVersion, changes one object, and records how long until every watcher saw it.
func measureWatchers(ctx context.Context, env *environment, c config, r *results, size int) error {
	seconds := map[string]float64{}
	var aggregatedWatches *float64
	for i, p := range []apiPath{aggregated, direct} {
		before := env.scrape(ctx)
		elapsed, err := watchersSeeChange(ctx, env, p, c.watchers, objectName(0), 2000+size+i)
		if err != nil {
			return err
		}
		seconds[p.name] = elapsed.Seconds() * 1000
		if p.name == aggregated.name {
			aggregatedWatches = delta(before, env.scrape(ctx), upstreamWatches)
		}
	}
	a, d := seconds[aggregated.name], seconds[direct.name]
	r.add(row{Size: size, Measure: fmt.Sprintf("%d watchers all see a change", c.watchers), Unit: "ms", Aggregated: &a, Direct: &d})
	r.add(row{Size: size, Measure: fmt.Sprintf("upstream watches opened for %d watchers", c.watchers), Unit: "watches", Aggregated: aggregatedWatches})
	return nil
}

func watchersSeeChange(ctx context.Context, env *environment, p apiPath, watchers int, target string, order int) (time.Duration, error) {
	status, body, err := do(ctx, env.bench, http.MethodGet, env.server+p.collection+"?limit=1", nil)
	if err != nil || status != http.StatusOK {
		return 0, fmt.Errorf("listing on the %s path: %d %.300s %v", p.name, status, body, err)
	}
	rv, err := jsonField(body, "metadata", "resourceVersion")
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ready := make(chan error, watchers)
	seen := make(chan time.Time, watchers)
	for w := 0; w < watchers; w++ {
		go func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet,
				fmt.Sprintf("%s%s?watch=1&resourceVersion=%s", env.server, p.collection, url.QueryEscape(fmt.Sprint(rv))), nil)
			resp, err := env.bench.Do(req)
			if err == nil && resp.StatusCode != http.StatusOK {
				err = fmt.Errorf("watch on the %s path: %s", p.name, resp.Status)
			}
			ready <- err
			if err != nil {
				return
			}
			defer resp.Body.Close()
			decoder := json.NewDecoder(resp.Body)
			for {
				var event struct {
					Type   string `json:"type"`
					Object struct {
						Metadata struct {
							Name string `json:"name"`
						} `json:"metadata"`
					} `json:"object"`
				}
				if err := decoder.Decode(&event); err != nil {
					return
				}
				if event.Type == "MODIFIED" && event.Object.Metadata.Name == target {
					seen <- time.Now()
					return
				}
			}
		}()
	}
	for w := 0; w < watchers; w++ {
		if err := <-ready; err != nil {
			return 0, err
		}
	}
	changed, err := changedOrder(ctx, env, p, target, order)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	status, body, err = do(ctx, env.bench, http.MethodPut, env.server+p.collection+"/"+target, changed)
	if err != nil || status != http.StatusOK {
		return 0, fmt.Errorf("updating %s on the %s path: %d %.300s %v", target, p.name, status, body, err)
	}
	var last time.Time
	timeout := time.After(30 * time.Second)
	for w := 0; w < watchers; w++ {
		select {
		case at := <-seen:
			last = at
		case <-timeout:
			return 0, fmt.Errorf("only %d of %d watchers on the %s path saw the change within 30s", w, watchers, p.name)
		}
	}
	return last.Sub(start), nil
}
