package main

import (
	"context"
	"fmt"
	"math/rand"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// soak loads the largest size, then churns it for c.soakDuration with c.concurrency
// clients (each object is created, updated and deleted in turn) through the aggregated
// path, sampling the server's RSS every 30 s: it must stay flat.
func soak(ctx context.Context, env *environment, c config) error {
	size := c.sizes[len(c.sizes)-1]
	r := &results{Sizes: []int{size}, Concurrency: c.concurrency, Started: time.Now().UTC()}
	fmt.Fprintf(os.Stderr, "soak: loading %d objects\n", size)
	if _, err := createMany(ctx, env, aggregated, objectName, 0, size, c.concurrency); err != nil {
		return err
	}
	var operations atomic.Int64
	sample := func(start time.Time) {
		m := env.scrape(ctx)
		s := soakSample{Elapsed: time.Since(start).Round(time.Second).String(), Operations: operations.Load(),
			RSSMiB: mib(m, residentMemory), HeapMiB: mib(m, heapInUse)}
		r.Soak = append(r.Soak, s)
		fmt.Fprintf(os.Stderr, "soak %s: %d operations, RSS %s MiB\n", s.Elapsed, s.Operations, format(s.RSSMiB))
	}
	start := time.Now()
	sample(start)
	churnCtx, stop := context.WithTimeout(ctx, c.soakDuration)
	defer stop()
	var wg sync.WaitGroup
	errs := make(chan error, c.concurrency)
	for w := 0; w < c.concurrency; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			// Worker w owns the objects i with i%concurrency == w, so it knows which exist.
			exists := map[int]bool{}
			for i := w; i < size; i += c.concurrency {
				exists[i] = true
			}
			for n := 0; churnCtx.Err() == nil; n++ {
				i := w + c.concurrency*rand.Intn((size-w+c.concurrency-1)/c.concurrency)
				name := objectName(i)
				var err error
				switch {
				case !exists[i]:
					err = expect(churnCtx, env, http.MethodPost, aggregated.collection, aggregated.object(name), http.StatusCreated)
					exists[i] = err == nil
				case n%3 == 0:
					err = expect(churnCtx, env, http.MethodDelete, aggregated.collection+"/"+name, nil, http.StatusOK)
					exists[i] = err != nil
				default:
					var body []byte
					if body, err = changedOrder(churnCtx, env, aggregated, name, n); err == nil {
						err = expect(churnCtx, env, http.MethodPut, aggregated.collection+"/"+name, body, http.StatusOK)
					}
				}
				if err != nil && churnCtx.Err() == nil {
					errs <- err
					return
				}
				operations.Add(1)
			}
		}(w)
	}
	ticker := time.NewTicker(30 * time.Second)
	defer ticker.Stop()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
loop:
	for {
		select {
		case <-ticker.C:
			sample(start)
		case err := <-errs:
			stop()
			<-done
			return err
		case <-done:
			break loop
		}
	}
	sample(start)
	r.print(os.Stdout)
	return r.write(c.output)
}

func expect(ctx context.Context, env *environment, method, urlPath string, body []byte, want int) error {
	status, answer, err := do(ctx, env.bench, method, env.server+urlPath, body)
	if err == nil && status != want {
		err = fmt.Errorf("%s %s: %d %.300s", method, urlPath, status, answer)
	}
	return err
}
