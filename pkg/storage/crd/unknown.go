package crd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Fields that a newer Calico wrote and this server's types lack are never dropped: an
// update writes them back unchanged (keepUnknownFields). Objects that hold any are
// rare, so the store remembers them (unknownFields) and reads such an object before
// updating it, instead of starting from a cached copy, which lacks them.

// unknownFields is the set of objects last seen holding unknown fields.
type unknownFields struct {
	count atomic.Int64
	mu    sync.Mutex
	keys  map[objectKey]struct{}
}

func newUnknownFields() *unknownFields { return &unknownFields{keys: map[objectKey]struct{}{}} }

// observe records what a decode of the object at k found.
func (u *unknownFields) observe(k objectKey, _ string, unknown []string) {
	if len(unknown) == 0 && u.count.Load() == 0 {
		return // the common case: nothing to remember or forget
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	_, had := u.keys[k]
	switch {
	case len(unknown) > 0 && !had:
		u.keys[k] = struct{}{}
		u.count.Add(1)
	case len(unknown) == 0 && had:
		// Keeping a key longer than needed only costs a read; dropping it too early
		// would lose fields. A clean decode of any version allows dropping it: an
		// update from an older cached version fails its precondition and re-reads.
		delete(u.keys, k)
		u.count.Add(-1)
	}
}

func (u *unknownFields) has(k objectKey) bool {
	if u.count.Load() == 0 {
		return false
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	_, ok := u.keys[k]
	return ok
}

func (u *unknownFields) forget(k objectKey) { u.observe(k, "", nil) }

// keepUnknownFields copies the fields at paths (as Decode reports them, e.g.
// "spec.futureKnob" or "spec.ingress[0].futureRule") from the stored custom resource
// into the body about to replace it. A path whose parent the new body no longer has
// (e.g. a list item removed by the update) goes with its parent.
func keepUnknownFields(stored, body []byte, paths []string) ([]byte, error) {
	from, err := decodeMap(stored)
	if err != nil {
		return nil, err
	}
	to, err := decodeMap(body)
	if err != nil {
		return nil, err
	}
	for _, path := range paths {
		steps, err := parseFieldPath(path)
		if err != nil {
			return nil, err
		}
		value, ok := lookupPath(from, steps)
		if !ok {
			continue
		}
		setPath(to, steps, value)
	}
	return json.Marshal(to)
}

// decodeMap decodes a JSON object, keeping numbers exactly as written.
func decodeMap(data []byte) (map[string]interface{}, error) {
	var out map[string]interface{}
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.UseNumber()
	return out, decoder.Decode(&out)
}

// fieldStep is one step of a field path: a map key, or a list index when key is "".
type fieldStep struct {
	key   string
	index int
}

func parseFieldPath(path string) ([]fieldStep, error) {
	var steps []fieldStep
	for _, part := range strings.Split(path, ".") {
		name, rest, _ := strings.Cut(part, "[")
		if name != "" {
			steps = append(steps, fieldStep{key: name})
		}
		for rest != "" {
			number, after, ok := strings.Cut(rest, "]")
			i, err := strconv.Atoi(number)
			if !ok || err != nil {
				return nil, fmt.Errorf("unreadable field path %q", path)
			}
			steps = append(steps, fieldStep{index: i})
			rest = strings.TrimPrefix(after, "[")
		}
	}
	return steps, nil
}

func lookupPath(v interface{}, steps []fieldStep) (interface{}, bool) {
	for _, step := range steps {
		switch c := v.(type) {
		case map[string]interface{}:
			if step.key == "" {
				return nil, false
			}
			var ok bool
			if v, ok = c[step.key]; !ok {
				return nil, false
			}
		case []interface{}:
			if step.key != "" || step.index >= len(c) {
				return nil, false
			}
			v = c[step.index]
		default:
			return nil, false
		}
	}
	return v, true
}

// setPath sets the value at steps in v, creating missing maps on the way; it gives up
// where the path runs through a missing list item or a non-container.
func setPath(v interface{}, steps []fieldStep, value interface{}) {
	for i, step := range steps {
		last := i == len(steps)-1
		switch c := v.(type) {
		case map[string]interface{}:
			if step.key == "" {
				return
			}
			if last {
				c[step.key] = value
				return
			}
			next, ok := c[step.key]
			if !ok || next == nil {
				if steps[i+1].key == "" {
					return
				}
				next = map[string]interface{}{}
				c[step.key] = next
			}
			v = next
		case []interface{}:
			if step.key != "" || step.index >= len(c) {
				return
			}
			if last {
				c[step.index] = value
				return
			}
			v = c[step.index]
		default:
			return
		}
	}
}
