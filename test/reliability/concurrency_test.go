package reliability

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"
)

const (
	gnsPath = v3Path + "/globalnetworksets"
	// writers write concurrently to objects objects, for at most writeFor and at most
	// writesPerWriter writes each.
	writers         = 16
	objects         = 20
	writeFor        = 4 * time.Second
	writesPerWriter = 300
)

// meta is the part of an answer the tests read.
type meta struct {
	Metadata struct {
		Name            string            `json:"name"`
		ResourceVersion string            `json:"resourceVersion"`
		Labels          map[string]string `json:"labels"`
	} `json:"metadata"`
}

func decodeMeta(t testing.TB, data []byte) meta {
	t.Helper()
	var m meta
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("decoding %s: %v", data, err)
	}
	return m
}

func rvOf(t testing.TB, m meta) int64 {
	t.Helper()
	rv, err := strconv.ParseInt(m.Metadata.ResourceVersion, 10, 64)
	if err != nil {
		t.Fatalf("resourceVersion %q: %v", m.Metadata.ResourceVersion, err)
	}
	return rv
}

// gns is a GlobalNetworkSet labelled with the test's label and value.
func gns(name, group, value, resourceVersion string) []byte {
	rv := ""
	if resourceVersion != "" {
		rv = `,"resourceVersion":"` + resourceVersion + `"`
	}
	return []byte(`{"apiVersion":"projectcalico.org/v3","kind":"GlobalNetworkSet","metadata":{"name":"` + name + `"` + rv +
		`,"labels":{"reliability":"` + group + `","value":"` + value + `"}},"spec":{"nets":["10.0.0.0/8"]}}`)
}

// writeMode is one way of writing the value label: it returns the answer of the
// write, reading the object first if it needs its resourceVersion.
type writeMode struct {
	name string
	// preconditioned writes carry the resourceVersion they read, so concurrent ones
	// must conflict.
	preconditioned bool
	write          func(t testing.TB, path, name, group, value string) response
}

var writeModes = []writeMode{
	{name: "update with resourceVersion", preconditioned: true, write: func(t testing.TB, path, name, group, value string) response {
		current := viaKube(t, http.MethodGet, path, "", nil)
		if current.status != http.StatusOK {
			return current
		}
		return viaKube(t, http.MethodPut, path, "application/json", gns(name, group, value, decodeMeta(t, current.body).Metadata.ResourceVersion))
	}},
	{name: "update without resourceVersion", write: func(t testing.TB, path, name, group, value string) response {
		return viaKube(t, http.MethodPut, path, "application/json", gns(name, group, value, ""))
	}},
	{name: "merge patch", write: func(t testing.TB, path, name, group, value string) response {
		return viaKube(t, http.MethodPatch, path, "application/merge-patch+json", []byte(`{"metadata":{"labels":{"value":"`+value+`"}}}`))
	}},
	{name: "merge patch with resourceVersion", preconditioned: true, write: func(t testing.TB, path, name, group, value string) response {
		current := viaKube(t, http.MethodGet, path, "", nil)
		if current.status != http.StatusOK {
			return current
		}
		rv := decodeMeta(t, current.body).Metadata.ResourceVersion
		return viaKube(t, http.MethodPatch, path, "application/merge-patch+json",
			[]byte(`{"metadata":{"resourceVersion":"`+rv+`","labels":{"value":"`+value+`"}}}`))
	}},
	{name: "server-side apply", write: func(t testing.TB, path, name, group, value string) response {
		return viaKube(t, http.MethodPatch, path+"?fieldManager=reliability&force=true", "application/apply-patch+yaml", gns(name, group, value, ""))
	}},
}

// acked is one acknowledged write: the resourceVersion it was given and its value.
type acked struct {
	rv    int64
	value string
}

// TestConcurrentWriters: 16 writers update the same 20 objects through the
// kube-apiserver for a bounded time, in each write mode. Every write lands or gets a
// 409 Conflict, nothing else; the final state of each object is its last acknowledged
// write; a watch opened before the writes sees every acknowledged write, with its
// value, and nothing that was not acknowledged.
func TestConcurrentWriters(t *testing.T) {
	for i, mode := range writeModes {
		t.Run(mode.name, func(t *testing.T) {
			group := fmt.Sprintf("concurrency-%d", i)
			names := make([]string, objects)
			for o := range names {
				names[o] = fmt.Sprintf("%s-%d", group, o)
				if resp := viaKube(t, http.MethodPost, gnsPath, "application/json", gns(names[o], group, "initial", "")); resp.status != http.StatusCreated {
					t.Fatalf("creating %s: %s", names[o], resp)
				}
			}
			defer deleteGroup(t, group)
			list := viaKube(t, http.MethodGet, gnsPath+"?labelSelector=reliability%3D"+group, "", nil)
			events := watchValues(t, gnsPath+"?watch=true&labelSelector=reliability%3D"+group+"&resourceVersion="+decodeMeta(t, list.body).Metadata.ResourceVersion)

			var (
				mu        sync.Mutex
				acks      = map[string][]acked{}
				conflicts int
				others    []string
			)
			deadline := time.Now().Add(writeFor)
			var wg sync.WaitGroup
			for w := 0; w < writers; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for n := 0; n < writesPerWriter && time.Now().Before(deadline); n++ {
						name := names[(w*7+n)%objects]
						value := fmt.Sprintf("w%d-%d", w, n)
						resp := mode.write(t, gnsPath+"/"+name, name, group, value)
						mu.Lock()
						switch resp.status {
						case http.StatusOK:
							m := decodeMeta(t, resp.body)
							if m.Metadata.Labels["value"] != value {
								others = append(others, fmt.Sprintf("%s: acknowledged %s but answered %q", name, value, m.Metadata.Labels["value"]))
							}
							acks[name] = append(acks[name], acked{rvOf(t, m), value})
						case http.StatusConflict:
							conflicts++
						default:
							others = append(others, resp.String())
						}
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			for _, o := range others {
				t.Errorf("neither landed nor conflicted: %s", o)
			}
			total := 0
			var lastRV int64
			for _, name := range names {
				total += len(acks[name])
				final := decodeMeta(t, viaKube(t, http.MethodGet, gnsPath+"/"+name, "", nil).body)
				last := acked{value: "initial"}
				seen := map[int64]bool{}
				for _, a := range acks[name] {
					if seen[a.rv] {
						t.Errorf("%s: two writes acknowledged with resourceVersion %d", name, a.rv)
					}
					seen[a.rv] = true
					if a.rv > last.rv {
						last = a
					}
				}
				if got := final.Metadata.Labels["value"]; got != last.value {
					t.Errorf("%s: final value %q, last acknowledged write %q (resourceVersion %d): a lost update", name, got, last.value, last.rv)
				}
				lastRV = max(lastRV, rvOf(t, final))
			}
			if mode.preconditioned && conflicts == 0 {
				t.Errorf("%d concurrent writers with resourceVersions never conflicted", writers)
			}
			// Every acknowledged write is in the watch, with its value; every change the
			// watch saw was acknowledged.
			history := events.until(t, lastRV, 15*time.Second)
			for _, name := range names {
				for _, a := range acks[name] {
					if got, ok := history[name][a.rv]; !ok || got != a.value {
						t.Errorf("%s: acknowledged write %q at %d: watch saw %q (present: %v)", name, a.value, a.rv, got, ok)
					}
				}
				if len(history[name]) != len(acks[name]) {
					t.Errorf("%s: watch saw %d changes, %d writes were acknowledged", name, len(history[name]), len(acks[name]))
				}
			}
			report(t, "concurrency %s: %d writers, %d objects, %s: %d writes acknowledged, %d conflicts (409), 0 lost",
				mode.name, writers, objects, writeFor, total, conflicts)
		})
	}
}

// watchStream collects the MODIFIED events of a watch: per object, the value label by
// resourceVersion.
type watchStream struct {
	mu      sync.Mutex
	values  map[string]map[int64]string
	lastRV  int64
	err     error
	cancel  context.CancelFunc
	updated chan struct{}
}

func watchValues(t *testing.T, path string) *watchStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cp.KubeAPIServerURL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: cp.AdminHTTPClient().Transport}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("watch %s: %s", path, resp.Status)
	}
	s := &watchStream{values: map[string]map[int64]string{}, cancel: cancel, updated: make(chan struct{}, 1)}
	go func() {
		defer resp.Body.Close()
		lines := bufio.NewScanner(resp.Body)
		lines.Buffer(make([]byte, 1<<20), 1<<20)
		for lines.Scan() {
			var event struct {
				Type   string          `json:"type"`
				Object json.RawMessage `json:"object"`
			}
			if err := json.Unmarshal(lines.Bytes(), &event); err != nil {
				s.fail(err)
				return
			}
			var m meta
			if err := json.Unmarshal(event.Object, &m); err != nil {
				s.fail(err)
				return
			}
			rv, _ := strconv.ParseInt(m.Metadata.ResourceVersion, 10, 64)
			s.mu.Lock()
			if event.Type == "MODIFIED" {
				if s.values[m.Metadata.Name] == nil {
					s.values[m.Metadata.Name] = map[int64]string{}
				}
				s.values[m.Metadata.Name][rv] = m.Metadata.Labels["value"]
			}
			if event.Type == "ERROR" {
				s.err = fmt.Errorf("watch error: %s", event.Object)
			}
			s.lastRV = max(s.lastRV, rv)
			s.mu.Unlock()
			select {
			case s.updated <- struct{}{}:
			default:
			}
		}
	}()
	return s
}

func (s *watchStream) fail(err error) {
	s.mu.Lock()
	s.err = err
	s.mu.Unlock()
}

// until waits until the watch has delivered resourceVersion rv, and returns what it
// saw.
func (s *watchStream) until(t *testing.T, rv int64, timeout time.Duration) map[string]map[int64]string {
	t.Helper()
	deadline := time.After(timeout)
	for {
		s.mu.Lock()
		done, err := s.lastRV >= rv, s.err
		s.mu.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		if done {
			break
		}
		select {
		case <-s.updated:
		case <-deadline:
			t.Fatalf("the watch did not reach resourceVersion %d in %s", rv, timeout)
		}
	}
	s.cancel()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.values
}
