// Package check audits what is already stored: it reads every crd.projectcalico.org/v1
// object in a cluster, as Calico's components would, and reports each rule it breaks.
// Objects written straight to the CRDs (calicoctl, operators, GitOps) skip validation,
// and Felix silently drops what it cannot use; this finds them.
package check

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/dynamic"

	"github.com/calico-apiserver/calico-apiserver/pkg/registry"
)

// Problem is one rule an object breaks.
type Problem struct {
	Field  string `json:"field"`
	Type   string `json:"type"`
	Value  string `json:"value,omitempty"`
	Detail string `json:"detail"`
}

// Finding is one stored object that breaks at least one rule.
type Finding struct {
	Kind      string    `json:"kind"`
	Namespace string    `json:"namespace,omitempty"`
	Name      string    `json:"name"`
	Problems  []Problem `json:"problems"`
}

// Run checks every stored object of every kind this server serves from custom
// resources: it reads them as the server does (same conversion, same defaults) and
// validates them as a create would, without the checks against other objects.
// Resources whose CRD is not installed are skipped.
func Run(ctx context.Context, client dynamic.Interface) ([]Finding, error) {
	var findings []Finding
	for _, kind := range registry.Kinds() {
		if kind.Synthesized != nil {
			continue
		}
		list, err := client.Resource(kind.Storage.GVR()).List(ctx, metav1.ListOptions{})
		if apierrors.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("listing %s: %w", kind.Storage.CRDResource, err)
		}
		for i := range list.Items {
			cr := &list.Items[i]
			finding := Finding{Kind: kind.Storage.Kind, Namespace: cr.GetNamespace(), Name: cr.GetName()}
			obj := kind.Storage.NewFunc()
			if err := kind.Storage.FromCRD(cr, obj); err != nil {
				finding.Problems = []Problem{{Field: "metadata", Type: "Unreadable", Detail: err.Error()}}
				findings = append(findings, finding)
				continue
			}
			if kind.Default != nil {
				kind.Default(obj)
			}
			for _, e := range kind.ValidateObject(obj) {
				p := Problem{Field: e.Field, Type: string(e.Type), Detail: e.Detail}
				if e.BadValue != nil {
					p.Value = fmt.Sprint(e.BadValue)
				}
				finding.Problems = append(finding.Problems, p)
			}
			if len(finding.Problems) > 0 {
				findings = append(findings, finding)
			}
		}
	}
	sort.SliceStable(findings, func(i, j int) bool {
		a, b := findings[i], findings[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Namespace != b.Namespace {
			return a.Namespace < b.Namespace
		}
		return a.Name < b.Name
	})
	return findings, nil
}

// WriteTable prints one line per problem.
func WriteTable(w io.Writer, findings []Finding) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tNAMESPACE\tNAME\tFIELD\tPROBLEM")
	for _, f := range findings {
		for _, p := range f.Problems {
			problem := p.Type + ": " + p.Detail
			if p.Value != "" {
				problem = fmt.Sprintf("%s: %q: %s", p.Type, p.Value, p.Detail)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", f.Kind, orDash(f.Namespace), f.Name, p.Field, problem)
		}
	}
	return tw.Flush()
}

// WriteJSON prints the findings as a JSON array.
func WriteJSON(w io.Writer, findings []Finding) error {
	if findings == nil {
		findings = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(findings)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
