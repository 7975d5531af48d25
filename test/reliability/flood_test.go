package reliability

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestListFlood stores 10,000 GlobalNetworkPolicies (straight as custom resources in
// Calico's layout, 16 at a time, as bench/ does) and sends 100 concurrent LISTs of all
// of them to the server, half consistent (read from the kube-apiserver), half from its
// watch cache (resourceVersion=0): every LIST is answered in full, the consistent ones
// share upstream reads (pkg/storage/coalesce) instead of reading 10,000 policies each,
// and the server's RSS stays below the memory limit of artifacts/deploy/base (512 MiB,
// which the suite's server runs with as --memory-limit).
func TestListFlood(t *testing.T) {
	const (
		count       = 10000
		lists       = 100
		memoryLimit = 512 << 20
		label       = "reliability-flood"
	)
	created := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var createErrors []string
	admin := cp.AdminHTTPClient()
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < count; i = int(next.Add(1)) - 1 {
				name := fmt.Sprintf("flood-%05d", i)
				meta, _ := json.Marshal(map[string]any{"name": name, "creationTimestamp": nil,
					"labels": map[string]string{"projectcalico.org/tier": "default"}})
				body, _ := json.Marshal(map[string]any{
					"apiVersion": "crd.projectcalico.org/v1", "kind": "GlobalNetworkPolicy",
					"metadata": map[string]any{"name": name,
						"labels":      map[string]string{"projectcalico.org/tier": "default", "projectcalico.org/" + label: "true"},
						"annotations": map[string]string{"projectcalico.org/metadata": string(meta)}},
					"spec": map[string]any{"tier": "default", "selector": "app == 'web'", "types": []string{"Ingress"},
						"ingress": []any{map[string]any{"action": "Allow", "source": map[string]any{"selector": "role == 'client'"}}}},
				})
				resp, err := send(admin, http.MethodPost, cp.KubeAPIServerURL+crdPath+"/globalnetworkpolicies", "application/json", body)
				if err != nil || resp.status != http.StatusCreated {
					mu.Lock()
					createErrors = append(createErrors, fmt.Sprintf("%v %s", err, abbreviate(resp)))
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	defer func() {
		client := &http.Client{Timeout: 5 * time.Minute, Transport: admin.Transport}
		if resp, err := send(client, http.MethodDelete, cp.KubeAPIServerURL+crdPath+"/globalnetworkpolicies?labelSelector=projectcalico.org%2F"+label, "", nil); err != nil || resp.status != http.StatusOK {
			t.Errorf("deleting the policies: %v %s", err, abbreviate(resp))
		}
	}()
	if len(createErrors) > 0 {
		t.Fatalf("creating %d policies: %s", count, createErrors[0])
	}
	createTime := time.Since(created)
	// The watch cache has them all (a resourceVersion=0 list is served from it, whole).
	eventually(t, 60*time.Second, func() error {
		resp := direct(t, http.MethodGet, gnpPath+"?resourceVersion=0", "", nil)
		var list struct{ Items []json.RawMessage }
		if err := json.Unmarshal(resp.body, &list); err != nil {
			return fmt.Errorf("%v: %s", err, abbreviate(resp))
		}
		if len(list.Items) < count {
			return fmt.Errorf("watch cache holds %d policies, %d created", len(list.Items), count)
		}
		return nil
	})
	before := metric(t, cp.CalicoServerURL, "process_resident_memory_bytes")
	upstreamListsBefore := metric(t, cp.CalicoServerURL, "calico_apiserver_upstream_requests_total", `verb="list"`, `resource="globalnetworkpolicies.crd.projectcalico.org"`)

	var peak atomic.Int64
	sampling, stopSampling := context.WithCancel(context.Background())
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for sampling.Err() == nil {
			if resp, err := send(admin, http.MethodGet, cp.CalicoServerURL+"/metrics", "", nil); err == nil {
				for _, line := range strings.Split(string(resp.body), "\n") {
					if v, ok := strings.CutPrefix(line, "process_resident_memory_bytes "); ok {
						var f float64
						fmt.Sscan(v, &f)
						if int64(f) > peak.Load() {
							peak.Store(int64(f))
						}
					}
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	statuses := map[int]int{}
	var items atomic.Int64
	flood := time.Now()
	listClient := &http.Client{Timeout: 5 * time.Minute, Transport: &http.Transport{TLSClientConfig: admin.Transport.(*http.Transport).TLSClientConfig, MaxConnsPerHost: 0}}
	for i := 0; i < lists; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := gnpPath
			if i%2 == 1 {
				path += "?resourceVersion=0"
			}
			resp, err := send(listClient, http.MethodGet, cp.CalicoServerURL+path, "", nil)
			mu.Lock()
			defer mu.Unlock()
			statuses[resp.status]++
			if err == nil && resp.status == http.StatusOK {
				var list struct{ Items []json.RawMessage }
				if json.Unmarshal(resp.body, &list) == nil {
					items.Add(int64(len(list.Items)))
				}
			}
		}()
	}
	wg.Wait()
	floodTime := time.Since(flood)
	stopSampling()
	<-sampled
	after := metric(t, cp.CalicoServerURL, "process_resident_memory_bytes")
	upstreamLists := metric(t, cp.CalicoServerURL, "calico_apiserver_upstream_requests_total", `verb="list"`, `resource="globalnetworkpolicies.crd.projectcalico.org"`) - upstreamListsBefore
	if statuses[http.StatusOK] != lists || items.Load() < int64(lists*count) {
		t.Errorf("%d of %d LISTs answered in full (statuses %v, %d items)", statuses[http.StatusOK], lists, statuses, items.Load())
	}
	// Half are consistent; sharing reads, they cost far fewer upstream lists.
	if upstreamLists <= 0 || upstreamLists >= lists/2 {
		t.Errorf("%d consistent LISTs made %.0f upstream lists", lists/2, upstreamLists)
	}
	if peak.Load() == 0 || peak.Load() > memoryLimit {
		t.Errorf("RSS peaked at %d MiB, the limit is %d MiB", peak.Load()>>20, memoryLimit>>20)
	}
	report(t, "list flood: %d policies created in %s (16 clients, straight to the CRDs); %d concurrent LISTs (half consistent, half resourceVersion=0) in %s: statuses %v, %d items served, %.0f upstream lists; RSS %d MiB before, peak %d MiB, %d MiB after (limit %d MiB)",
		count, createTime.Round(time.Second), lists, floodTime.Round(100*time.Millisecond), statuses, items.Load(), upstreamLists,
		int64(before)>>20, peak.Load()>>20, int64(after)>>20, memoryLimit>>20)
}
