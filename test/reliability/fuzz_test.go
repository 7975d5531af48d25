package reliability

import (
	"encoding/json"
	"net/http"
	"testing"
)

// FuzzCreate sends arbitrary bodies, as JSON or as YAML, to the real server's create
// handler (the whole handler chain: authentication, authorization, priority and
// fairness, decoding, admission, validation, storage): the answer is never a 5xx, a
// refusal is a Kubernetes Status, and whatever is created is deleted again. The seeds
// are the bad inputs of TestBadInput; plain `go test` runs them, and
// `go test -fuzz=FuzzCreate ./test/reliability/` fuzzes on the same control plane.
func FuzzCreate(f *testing.F) {
	for _, c := range createCases() {
		f.Add(c.body, c.contentType == "application/yaml")
	}
	f.Add([]byte(gnp("fuzz-valid", "")), false)
	f.Fuzz(func(t *testing.T, body []byte, asYAML bool) {
		contentType := "application/json"
		if asYAML {
			contentType = "application/yaml"
		}
		resp := direct(t, http.MethodPost, gnpPath, contentType, body)
		switch {
		case resp.status >= 500:
			t.Fatalf("%s", abbreviate(resp))
		case resp.status == http.StatusCreated:
			m := decodeMeta(t, resp.body)
			if del := direct(t, http.MethodDelete, gnpPath+"/"+m.Metadata.Name, "", nil); del.status != http.StatusOK {
				t.Fatalf("deleting %s: %s", m.Metadata.Name, abbreviate(del))
			}
		case resp.status >= 400:
			var status struct{ Kind, Message string }
			if err := json.Unmarshal(resp.body, &status); err != nil || status.Kind != "Status" || status.Message == "" {
				t.Fatalf("a refusal that is not a Status with a message: %s", abbreviate(resp))
			}
		}
	})
}
