package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// serverAuditEvent is the part of an audit.k8s.io/v1 Event the tests read.
type serverAuditEvent struct {
	Verb      string                    `json:"verb"`
	Stage     string                    `json:"stage"`
	Level     string                    `json:"level"`
	User      struct{ Username string } `json:"user"`
	ObjectRef struct {
		Resource, APIGroup, Name string
	} `json:"objectRef"`
	RequestObject  json.RawMessage `json:"requestObject"`
	ResponseObject json.RawMessage `json:"responseObject"`
}

// findAuditEvent waits for an event in calico-apiserver's own audit log that match
// accepts.
func findAuditEvent(t *testing.T, match func(serverAuditEvent) bool) serverAuditEvent {
	t.Helper()
	var found serverAuditEvent
	eventually(t, 15*time.Second, func() error {
		lines, err := readLines(cp.ServerAuditLog)
		if err != nil {
			return err
		}
		for _, line := range lines {
			var event serverAuditEvent
			if json.Unmarshal([]byte(line), &event) == nil && match(event) {
				found = event
				return nil
			}
		}
		return fmt.Errorf("no such event in %s", cp.ServerAuditLog)
	})
	return found
}

// This server's audit log, with the policy operators install, keeps the body of a
// policy create and who made it (the aggregator's log cannot: it never decodes proxied
// bodies), and records reads at Metadata, without bodies.
func TestServerAuditLogKeepsWriteBodies(t *testing.T) {
	const name = "audited-policy"
	manifest := `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: ` + name + `}
spec:
  selector: app == 'audited'
  ingress: [{action: Allow, source: {nets: [10.11.12.0/24]}}]
`
	if _, err := kubectlIn(t, manifest, "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = kubectlErr("delete", "globalnetworkpolicies.projectcalico.org", name, "--ignore-not-found")
	})
	kubectl(t, "get", "globalnetworkpolicies.projectcalico.org", name)

	create := findAuditEvent(t, func(e serverAuditEvent) bool {
		return e.Verb == "create" && e.Stage == "ResponseComplete" && e.ObjectRef.Resource == "globalnetworkpolicies" &&
			e.ObjectRef.Name == name
	})
	if create.Level != "RequestResponse" || !strings.Contains(string(create.RequestObject), "10.11.12.0/24") ||
		!strings.Contains(string(create.ResponseObject), `"uid"`) {
		t.Errorf("the create is not recorded with its bodies: level %s, request %s, response %s",
			create.Level, create.RequestObject, create.ResponseObject)
	}
	if create.User.Username != "admin" {
		t.Errorf("the create is recorded as %q, not as the user who made it (admin)", create.User.Username)
	}
	get := findAuditEvent(t, func(e serverAuditEvent) bool {
		return e.Verb == "get" && e.ObjectRef.Resource == "globalnetworkpolicies" && e.ObjectRef.Name == name
	})
	if get.Level != "Metadata" || len(get.ResponseObject) != 0 {
		t.Errorf("a read is recorded at %s with a body of %d bytes; want Metadata only", get.Level, len(get.ResponseObject))
	}
}
