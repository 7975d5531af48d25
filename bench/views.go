package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"time"
)

// The views measurement (--views): pods bound to nodes, created straight in the
// kube-apiserver with the annotations Calico's CNI plugin writes (no kubelet runs), and
// the workload endpoints this server derives from them, listed through it beside the
// pods listed straight from the kube-apiserver (what calicoctl reads to show them).
const (
	viewsNamespace = "bench-views"
	viewsNodes     = 10
)

func viewsNodeName(i int) string { return fmt.Sprintf("bench-node-%02d", i) }
func viewsPodName(i int) string  { return fmt.Sprintf("bench-pod-%06d", i) }

// viewsNode is a Kubernetes Node as calico-node annotates it.
func viewsNode(i int) []byte {
	return mustJSON(map[string]interface{}{
		"apiVersion": "v1", "kind": "Node",
		"metadata": map[string]interface{}{
			"name": viewsNodeName(i),
			"annotations": map[string]string{
				"projectcalico.org/IPv4Address": fmt.Sprintf("10.0.0.%d/24", i+10), "projectcalico.org/ASNumber": "64512",
				"projectcalico.org/IPv4IPIPTunnelAddr": fmt.Sprintf("10.244.%d.0", i),
			},
		},
	})
}

// viewsPod is a running pod of the bench namespace bound to a node, with Calico CNI's
// annotations and a toleration of every taint (the nodes never become Ready, and their
// pods must not be evicted during the run).
func viewsPod(i int) []byte {
	ip := fmt.Sprintf("10.%d.%d.%d", 100+i/65536, (i/256)%256, i%256)
	return mustJSON(map[string]interface{}{
		"apiVersion": "v1", "kind": "Pod",
		"metadata": map[string]interface{}{
			"name": viewsPodName(i), "namespace": viewsNamespace,
			"labels": map[string]string{"app": fmt.Sprintf("app-%d", i%50)},
			"annotations": map[string]string{
				"cni.projectcalico.org/podIP": ip + "/32", "cni.projectcalico.org/podIPs": ip + "/32",
				"cni.projectcalico.org/containerID": fmt.Sprintf("%064x", i),
			},
		},
		"spec": map[string]interface{}{
			"nodeName": viewsNodeName(i % viewsNodes), "serviceAccountName": "bench", "automountServiceAccountToken": false,
			"tolerations": []map[string]string{{"operator": "Exists"}},
			"containers":  []map[string]interface{}{{"name": "app", "image": "registry.k8s.io/pause:3.10", "ports": []map[string]interface{}{{"name": "http", "containerPort": 8080}}}},
		},
	})
}

// views creates the nodes and the largest size of pods, waits until this server shows
// every endpoint, and measures LIST of all workload endpoints (consistent and
// resourceVersion=0) beside LIST of the pods, plus this server's RSS before and after.
func views(ctx context.Context, env *environment, c config, r *results) error {
	size := c.sizes[len(c.sizes)-1]
	before := env.scrape(ctx)
	create := func(path string, body []byte) error {
		status, answer, err := do(ctx, env.admin, http.MethodPost, env.server+path, body)
		if err == nil && status != http.StatusCreated && status != http.StatusConflict {
			err = fmt.Errorf("POST %s: %d %.300s", path, status, answer)
		}
		return err
	}
	if err := create("/api/v1/namespaces", mustJSON(map[string]interface{}{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]string{"name": viewsNamespace}})); err != nil {
		return err
	}
	if err := create("/api/v1/namespaces/"+viewsNamespace+"/serviceaccounts", mustJSON(map[string]interface{}{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": map[string]string{"name": "bench"}})); err != nil {
		return err
	}
	defer func() {
		cleanup := context.Background()
		_, _, _ = do(cleanup, env.admin, http.MethodDelete, env.server+"/api/v1/namespaces/"+viewsNamespace, nil)
		for i := 0; i < viewsNodes; i++ {
			_, _, _ = do(cleanup, env.admin, http.MethodDelete, env.server+"/api/v1/nodes/"+viewsNodeName(i), nil)
		}
	}()
	for i := 0; i < viewsNodes; i++ {
		if err := create("/api/v1/nodes", viewsNode(i)); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "views: creating %d pods\n", size)
	start := time.Now()
	if err := forEach(ctx, 0, size, c.concurrency, func(i int) error {
		return create("/api/v1/namespaces/"+viewsNamespace+"/pods", viewsPod(i))
	}); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "views: %d pods in %s; waiting for this server to show every endpoint\n", size, time.Since(start).Round(time.Second))
	const endpoints = "/apis/projectcalico.org/v3/workloadendpoints"
	for deadline := time.Now().Add(5 * time.Minute); ; {
		n, err := countItems(ctx, env, endpoints+"?resourceVersion=0")
		if err != nil {
			return err
		}
		if n >= size {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("after 5 minutes this server shows %d of %d workload endpoints", n, size)
		}
		time.Sleep(time.Second)
	}
	for _, read := range []struct{ what, query string }{{"LIST consistent", ""}, {"LIST rv=0", "?resourceVersion=0"}} {
		err := measureLatency(ctx, env, r, size, "workload endpoints (pods direct) "+read.what, c.listSamples,
			func(p apiPath, i int) (string, string, []byte) {
				if p.name == aggregated.name {
					return http.MethodGet, endpoints + read.query, nil
				}
				return http.MethodGet, "/api/v1/pods" + read.query, nil
			})
		if err != nil {
			return err
		}
	}
	after := env.scrape(ctx)
	r.add(row{Size: 0, Measure: "RSS before the pods", Unit: "MiB", Aggregated: mib(before, residentMemory)})
	r.add(row{Size: size, Measure: "RSS with the pods' workload endpoints cached", Unit: "MiB", Aggregated: mib(after, residentMemory)})
	r.add(row{Size: size, Measure: "heap in use with the endpoints cached", Unit: "MiB", Aggregated: mib(after, heapInUse)})
	return nil
}

// countItems lists path and counts its items.
func countItems(ctx context.Context, env *environment, path string) (int, error) {
	status, body, err := do(ctx, env.bench, http.MethodGet, env.server+path, nil)
	if err == nil && status != http.StatusOK {
		err = fmt.Errorf("GET %s: %d %.300s", path, status, body)
	}
	if err != nil {
		return 0, err
	}
	var list struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		return 0, err
	}
	return len(list.Items), nil
}
