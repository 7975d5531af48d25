// Package upstream counts the requests this server sends to the kube-apiserver that
// stores its objects, so that the cost of each client request in upstream requests can
// be measured (`make bench` reads the counter from /metrics).
package upstream

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"k8s.io/component-base/metrics"
	"k8s.io/component-base/metrics/legacyregistry"
)

// requests counts upstream requests by Kubernetes verb (get, list, watch, create,
// update, patch, delete, deletecollection) and resource ("<resource>.<group>", with
// "/<subresource>" when there is one).
var requests = metrics.NewCounterVec(&metrics.CounterOpts{
	Name:           "calico_apiserver_upstream_requests_total",
	Help:           "Requests sent to the kube-apiserver that stores this server's objects, by verb and resource.",
	StabilityLevel: metrics.ALPHA,
}, []string{"verb", "resource"})

// latency is how long the kube-apiserver took to answer (the response's headers; a
// watch's duration is its time to open), by verb, resource and status code ("error" when
// no response came back): the upstream's latency and errors as this server sees them.
var latency = metrics.NewHistogramVec(&metrics.HistogramOpts{
	Name:           "calico_apiserver_upstream_request_duration_seconds",
	Help:           "Time until the kube-apiserver that stores this server's objects answered, by verb, resource and HTTP status code (\"error\" when it did not).",
	Buckets:        []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10},
	StabilityLevel: metrics.ALPHA,
}, []string{"verb", "resource", "code"})

func init() {
	legacyregistry.MustRegister(requests, latency)
}

// InstrumentTransport wraps rt so that every request through it is counted and timed;
// it suits rest.Config's WrapTransport.
func InstrumentTransport(rt http.RoundTripper) http.RoundTripper {
	return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
		verb, resource := classify(req)
		requests.WithLabelValues(verb, resource).Inc()
		start := time.Now()
		resp, err := rt.RoundTrip(req)
		code := "error"
		if err == nil {
			code = strconv.Itoa(resp.StatusCode)
		}
		latency.WithLabelValues(verb, resource, code).Observe(time.Since(start).Seconds())
		return resp, err
	})
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// classify names a request's verb and resource from its method and path, as the
// kube-apiserver's request info does: /api/v1/... and /apis/<group>/<version>/...,
// optionally namespaces/<ns>/, then <resource>[/<name>[/<subresource>]].
func classify(req *http.Request) (verb, resource string) {
	parts := strings.Split(strings.Trim(req.URL.Path, "/"), "/")
	var group string
	switch {
	case len(parts) >= 2 && parts[0] == "api":
		parts = parts[2:]
	case len(parts) >= 3 && parts[0] == "apis":
		group, parts = parts[1], parts[3:]
	default:
		return strings.ToLower(req.Method), "other"
	}
	if len(parts) >= 3 && parts[0] == "namespaces" {
		parts = parts[2:] // a namespaced resource; "namespaces/<ns>" alone is a namespace
	}
	if len(parts) == 0 {
		return strings.ToLower(req.Method), "other"
	}
	resource = parts[0]
	if group != "" {
		resource += "." + group
	}
	if len(parts) >= 3 {
		resource += "/" + parts[2]
	}
	collection := len(parts) == 1
	switch req.Method {
	case http.MethodGet:
		switch {
		case req.URL.Query().Get("watch") == "true" || req.URL.Query().Get("watch") == "1":
			verb = "watch"
		case collection:
			verb = "list"
		default:
			verb = "get"
		}
	case http.MethodPost:
		verb = "create"
	case http.MethodPut:
		verb = "update"
	case http.MethodPatch:
		verb = "patch"
	case http.MethodDelete:
		verb = "delete"
		if collection {
			verb = "deletecollection"
		}
	default:
		verb = strings.ToLower(req.Method)
	}
	return verb, resource
}
