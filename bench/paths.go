package main

import (
	"encoding/json"
	"fmt"
)

// apiPath is one way to the same GlobalNetworkPolicies: through this server
// (projectcalico.org/v3) or straight to their custom resources (crd.projectcalico.org/v1,
// written in Calico's stored layout, so the kube-apiserver stores what this server would).
type apiPath struct {
	name string
	// collection is the URL path of the GlobalNetworkPolicies, after the server.
	collection string
	// object is the body that creates the named object.
	object func(name string) []byte
}

// benchLabel marks the objects the direct path creates for its CREATE measurement. Its
// key holds "projectcalico.org/", so Calico keeps it on the custom resource, where a
// label selector can find it (to clean up after an interrupted run).
const benchLabel = "bench.projectcalico.org/path"

// policySpec is the spec of every policy: what the server's defaulting gives a
// typical policy, so that both paths store the same thing.
func policySpec(name string) map[string]interface{} {
	return map[string]interface{}{
		"tier":     "default",
		"order":    100,
		"selector": fmt.Sprintf("app == '%s'", name),
		"types":    []string{"Ingress", "Egress"},
		"ingress": []interface{}{map[string]interface{}{
			"action": "Allow", "protocol": "TCP",
			"source":      map[string]interface{}{"selector": "role == 'frontend'"},
			"destination": map[string]interface{}{"ports": []interface{}{80, 443}},
		}},
		"egress": []interface{}{map[string]interface{}{"action": "Allow"}},
	}
}

var aggregated = apiPath{
	name:       "aggregated",
	collection: "/apis/projectcalico.org/v3/globalnetworkpolicies",
	object: func(name string) []byte {
		return mustJSON(map[string]interface{}{
			"apiVersion": "projectcalico.org/v3", "kind": "GlobalNetworkPolicy",
			"metadata": map[string]interface{}{"name": name},
			"spec":     policySpec(name),
		})
	},
}

var direct = apiPath{
	name:       "direct",
	collection: "/apis/crd.projectcalico.org/v1/globalnetworkpolicies",
	object: func(name string) []byte {
		labels := map[string]string{benchLabel: "direct", "projectcalico.org/tier": "default"}
		stored := mustJSON(map[string]interface{}{"name": name, "creationTimestamp": nil, "labels": labels})
		return mustJSON(map[string]interface{}{
			"apiVersion": "crd.projectcalico.org/v1", "kind": "GlobalNetworkPolicy",
			"metadata": map[string]interface{}{
				"name":        name,
				"labels":      labels,
				"annotations": map[string]string{"projectcalico.org/metadata": string(stored)},
			},
			"spec": policySpec(name),
		})
	},
}

func mustJSON(v interface{}) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return data
}

// objectName is the name of the i-th policy both paths read and update.
func objectName(i int) string { return fmt.Sprintf("bench-%06d", i) }

// directOnlyName is the name of the i-th policy the direct path creates (and deletes
// again) to measure its CREATE throughput.
func directOnlyName(i int) string { return fmt.Sprintf("bench-direct-%06d", i) }
