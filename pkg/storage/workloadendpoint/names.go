package workloadendpoint

import (
	"fmt"
	"strings"
)

// Name is the name of a Kubernetes workload endpoint, "<node>-k8s-<pod>-<endpoint>",
// with every dash inside a segment doubled so the name splits back unambiguously
// (Calico v3.32.1, libcalico-go/lib/names/workloadendpoint.go). A segment may not be
// empty or begin or end with a dash.
func Name(node, pod, endpoint string) (string, error) {
	segments := []struct{ field, value string }{
		{"node", node}, {"orchestrator", orchestrator}, {"pod", pod}, {"endpoint", endpoint},
	}
	parts := make([]string, 0, len(segments))
	for _, s := range segments {
		switch {
		case s.value == "":
			return "", fmt.Errorf("workload endpoint name: %s should be assigned", s.field)
		case s.value[0] == '-':
			return "", fmt.Errorf("workload endpoint name: %s %q must not begin with a '-'", s.field, s.value)
		case s.value[len(s.value)-1] == '-':
			return "", fmt.Errorf("workload endpoint name: %s %q must not end with a '-'", s.field, s.value)
		}
		parts = append(parts, strings.ReplaceAll(s.value, "-", "--"))
	}
	return strings.Join(parts, "-"), nil
}

// identifiers are the segments of a Kubernetes workload endpoint's name.
type identifiers struct {
	node, pod, endpoint string
}

// parseName splits a workload endpoint name at its single dashes and undoubles the
// dashes inside each segment. ok is false unless the name has the four segments of a
// Kubernetes endpoint.
func parseName(name string) (ids identifiers, ok bool) {
	var parts []string
	last := -1
	for i := 1; i < len(name); i++ {
		if name[i] != '-' {
			continue
		}
		if i < len(name)-1 && name[i+1] == '-' {
			i++ // a doubled dash belongs to the segment
			continue
		}
		parts = append(parts, strings.ReplaceAll(name[last+1:i], "--", "-"))
		last = i
	}
	parts = append(parts, strings.ReplaceAll(name[last+1:], "--", "-"))
	if len(parts) != 4 || parts[1] != orchestrator || parts[0] == "" || parts[2] == "" || parts[3] == "" {
		return identifiers{}, false
	}
	return identifiers{node: parts[0], pod: parts[2], endpoint: parts[3]}, true
}
