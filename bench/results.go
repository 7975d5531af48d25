package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"
)

// row is one figure at one size on both paths (Direct is nil where only the
// aggregated path has it). Ratio is aggregated/direct.
type row struct {
	Size           int      `json:"size"`
	Measure        string   `json:"measure"`
	Unit           string   `json:"unit"`
	Aggregated     *float64 `json:"aggregated"`
	Direct         *float64 `json:"direct,omitempty"`
	Ratio          *float64 `json:"ratio,omitempty"`
	HigherIsBetter bool     `json:"higherIsBetter,omitempty"`
}

type soakSample struct {
	Elapsed    string   `json:"elapsed"`
	Operations int64    `json:"operations"`
	RSSMiB     *float64 `json:"rssMiB"`
	HeapMiB    *float64 `json:"heapInUseMiB"`
}

type results struct {
	Started     time.Time    `json:"started"`
	Sizes       []int        `json:"sizes"`
	Concurrency int          `json:"concurrency"`
	Watchers    int          `json:"watchers"`
	Samples     int          `json:"samples"`
	ListSamples int          `json:"listSamples"`
	Rows        []row        `json:"rows"`
	Soak        []soakSample `json:"soak,omitempty"`
}

func (r *results) add(x row) {
	if x.Aggregated != nil && x.Direct != nil && *x.Direct != 0 {
		ratio := *x.Aggregated / *x.Direct
		x.Ratio = &ratio
	}
	r.Rows = append(r.Rows, x)
}

// addCosts records what the aggregated requests of one measurement cost this server:
// requests to the kube-apiserver, SubjectAccessReviews, tier authorization checks.
func (r *results) addCosts(size int, what string, requests int, before, after metrics) {
	perRequest := func(family string) *float64 {
		d := delta(before, after, family)
		if d == nil || requests == 0 {
			return nil
		}
		v := *d / float64(requests)
		return &v
	}
	r.add(row{Size: size, Measure: what + ": upstream requests per request", Unit: "requests", Aggregated: perRequest(upstreamRequests)})
	r.add(row{Size: size, Measure: what + ": SubjectAccessReviews per request", Unit: "SARs", Aggregated: perRequest(delegatedAuthz)})
	r.add(row{Size: size, Measure: what + ": tier authorization checks per request", Unit: "checks", Aggregated: perRequest(tierAuthzChecks)})
}

func (r *results) print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "size\tmeasure\tunit\taggregated\tdirect\taggregated/direct\t")
	for _, x := range r.Rows {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t\n", x.Size, x.Measure, x.Unit, format(x.Aggregated), format(x.Direct), formatRatio(x.Ratio))
	}
	tw.Flush()
	if len(r.Soak) > 0 {
		fmt.Fprintln(w, "\nsoak: server RSS over time")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "elapsed\toperations\tRSS MiB\theap in use MiB\t")
		for _, s := range r.Soak {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t\n", s.Elapsed, s.Operations, format(s.RSSMiB), format(s.HeapMiB))
		}
		tw.Flush()
	}
}

func format(v *float64) string {
	if v == nil {
		return "n/a"
	}
	switch {
	case *v == 0 || *v >= 100:
		return fmt.Sprintf("%.0f", *v)
	case *v >= 1:
		return fmt.Sprintf("%.2f", *v)
	}
	return strings.TrimRight(fmt.Sprintf("%.3f", *v), "0")
}

func formatRatio(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%.2fx", *v)
}

func (r *results) write(path string) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "figures written to %s\n", path)
	return nil
}
