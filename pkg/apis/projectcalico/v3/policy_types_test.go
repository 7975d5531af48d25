package v3

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
)

// globalNetworkPolicyJSON is a GlobalNetworkPolicy as a Calico user writes it, using
// every kind of match: numeric, range and named ports, protocols by number and by name,
// ICMP, negated matches, service accounts, services, HTTP and rule metadata.
const globalNetworkPolicyJSON = `{
  "apiVersion": "projectcalico.org/v3",
  "kind": "GlobalNetworkPolicy",
  "metadata": {"name": "security.allow-web", "labels": {"projectcalico.org/tier": "security"}},
  "spec": {
    "tier": "security",
    "order": 100.5,
    "selector": "role == 'web' && has(env)",
    "namespaceSelector": "team in {'a', 'b'}",
    "serviceAccountSelector": "!has(restricted)",
    "types": ["Ingress", "Egress"],
    "applyOnForward": true,
    "performanceHints": ["AssumeNeededOnEveryNode"],
    "ingress": [
      {
        "action": "Allow",
        "protocol": "TCP",
        "source": {
          "nets": ["10.0.0.0/8", "192.168.0.0/16"],
          "notNets": ["10.1.0.0/16"],
          "selector": "app == 'frontend'",
          "notSelector": "quarantine == 'true'",
          "namespaceSelector": "global()",
          "serviceAccounts": {"names": ["api", "web"], "selector": "tier == 'front'"}
        },
        "destination": {"ports": [80, 443, "1000:2000", "http-alt"], "notPorts": [8081, "9000:9100"]},
        "http": {"methods": ["GET", "HEAD"], "paths": [{"exact": "/healthz"}, {"prefix": "/api/"}]},
        "metadata": {"annotations": {"owner": "web-team", "ticket": "SEC-42"}}
      },
      {
        "action": "Allow",
        "protocol": "ICMP",
        "ipVersion": 4,
        "icmp": {"type": 8, "code": 0},
        "notICMP": {"type": 13}
      },
      {
        "action": "Log",
        "protocol": 17,
        "notProtocol": "UDPLite",
        "source": {"services": {"name": "dns", "namespace": "kube-system"}}
      },
      {"action": "Pass", "ipVersion": 6, "notProtocol": 58, "destination": {"nets": ["fd00::/8"]}},
      {"action": "Deny"}
    ],
    "egress": [
      {
        "action": "Allow",
        "protocol": 6,
        "destination": {"services": {"name": "kubernetes", "namespace": "default"}}
      },
      {"action": "Allow", "protocol": "SCTP", "destination": {"ports": [5000], "selector": "has(sctp)"}},
      {"action": "Deny", "source": {"notPorts": ["metrics"]}}
    ]
  }
}`

// networkPolicyJSON is a namespaced NetworkPolicy with the same variety of matches.
const networkPolicyJSON = `{
  "apiVersion": "projectcalico.org/v3",
  "kind": "NetworkPolicy",
  "metadata": {"name": "allow-db", "namespace": "prod"},
  "spec": {
    "tier": "default",
    "order": 10,
    "selector": "app == 'db'",
    "serviceAccountSelector": "role == 'db'",
    "types": ["Ingress"],
    "performanceHints": ["AssumeNeededOnEveryNode"],
    "ingress": [
      {
        "action": "Allow",
        "protocol": "TCP",
        "source": {
          "selector": "app == 'api'",
          "namespaceSelector": "env == 'prod'",
          "serviceAccounts": {"names": ["api"]}
        },
        "destination": {"ports": [5432, "6000:6010", "postgres"]},
        "http": {"methods": ["POST"]}
      },
      {
        "action": "Allow",
        "protocol": "ICMPv6",
        "ipVersion": 6,
        "icmp": {"type": 128},
        "source": {"nets": ["fd00:1::/64"], "notNets": ["fd00:1::/96"]}
      },
      {"action": "Allow", "protocol": 132, "source": {"services": {"name": "replicator"}}},
      {"action": "Deny", "notProtocol": "UDP", "destination": {"notPorts": [22, "2000:3000", "ssh"]}}
    ]
  }
}`

// TestPolicyJSONRoundTrip decodes Calico policies, re-encodes them and requires the
// same JSON document back: no field lost, renamed or retyped, and nothing added (an
// empty source or destination stays absent, as in Calico).
func TestPolicyJSONRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  string
		obj  interface{}
	}{
		{"GlobalNetworkPolicy", globalNetworkPolicyJSON, &GlobalNetworkPolicy{}},
		{"NetworkPolicy", networkPolicyJSON, &NetworkPolicy{}},
		{"StagedGlobalNetworkPolicy", staged(globalNetworkPolicyJSON, "StagedGlobalNetworkPolicy", "Set"), &StagedGlobalNetworkPolicy{}},
		{"StagedNetworkPolicy", staged(networkPolicyJSON, "StagedNetworkPolicy", "Learn"), &StagedNetworkPolicy{}},
		{"StagedKubernetesNetworkPolicy", stagedKubernetesNetworkPolicyJSON, &StagedKubernetesNetworkPolicy{}},
		{"Profile", profileJSON, &Profile{}},
		{"HostEndpoint", hostEndpointJSON, &HostEndpoint{}},
		{"Tier", tierJSON, &Tier{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assertRoundTrip(t, tc.doc, tc.obj)
		})
	}
}

// assertRoundTrip decodes doc into obj, refusing unknown fields, re-encodes obj and
// compares both documents as generic JSON values.
func assertRoundTrip(t *testing.T, doc string, obj interface{}) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(doc)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(obj); err != nil {
		t.Fatalf("decode: %v", err)
	}
	out, err := json.Marshal(obj)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	var want, got interface{}
	if err := json.Unmarshal([]byte(doc), &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(want, got) {
		t.Errorf("round trip changed the document\n in: %s\nout: %s", compact(t, doc), out)
	}
}

func compact(t *testing.T, doc string) string {
	var buf bytes.Buffer
	if err := json.Compact(&buf, []byte(doc)); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// staged turns a policy document into its staged kind with the given stagedAction.
func staged(doc, kind, action string) string {
	var m map[string]interface{}
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		panic(err)
	}
	m["kind"] = kind
	m["spec"].(map[string]interface{})["stagedAction"] = action
	out, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return string(out)
}

const stagedKubernetesNetworkPolicyJSON = `{
  "apiVersion": "projectcalico.org/v3",
  "kind": "StagedKubernetesNetworkPolicy",
  "metadata": {"name": "web", "namespace": "prod"},
  "spec": {
    "stagedAction": "Set",
    "podSelector": {"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "env", "operator": "In", "values": ["prod"]}]},
    "policyTypes": ["Ingress", "Egress"],
    "ingress": [{
      "from": [
        {"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.1.0.0/16"]}},
        {"namespaceSelector": {"matchLabels": {"team": "a"}}, "podSelector": {}}
      ],
      "ports": [{"protocol": "TCP", "port": 80}, {"protocol": "TCP", "port": "https"}, {"port": 8000, "endPort": 8080}]
    }],
    "egress": [{"to": [{"podSelector": {"matchLabels": {"app": "db"}}}], "ports": [{"protocol": "UDP", "port": 53}]}]
  }
}`

const profileJSON = `{
  "apiVersion": "projectcalico.org/v3",
  "kind": "Profile",
  "metadata": {"name": "kns.prod"},
  "spec": {
    "ingress": [{"action": "Allow"}],
    "egress": [{"action": "Allow", "protocol": "TCP", "destination": {"ports": ["1:1024"]}}],
    "labelsToApply": {"pcns.projectcalico.org/name": "prod"}
  }
}`

const hostEndpointJSON = `{
  "apiVersion": "projectcalico.org/v3",
  "kind": "HostEndpoint",
  "metadata": {"name": "node1-eth0", "labels": {"role": "edge"}},
  "spec": {
    "node": "node1",
    "interfaceName": "eth0",
    "expectedIPs": ["192.0.2.10", "2001:db8::10"],
    "profiles": ["projectcalico-default-allow"],
    "ports": [
      {"name": "ssh", "protocol": "TCP", "port": 22},
      {"name": "snmp", "protocol": 17, "port": 161}
    ]
  }
}`

// tierJSON carries "status": {} because Tier's status, as in Calico, is a struct value
// that is always encoded.
const tierJSON = `{
  "apiVersion": "projectcalico.org/v3",
  "kind": "Tier",
  "metadata": {"name": "security"},
  "spec": {"order": 300, "defaultAction": "Pass"},
  "status": {}
}`

// TestPolicyDecodedValues checks that the values behind the JSON forms decode to what
// they mean, not only that they survive a round trip.
func TestPolicyDecodedValues(t *testing.T) {
	var gnp GlobalNetworkPolicy
	if err := json.Unmarshal([]byte(globalNetworkPolicyJSON), &gnp); err != nil {
		t.Fatal(err)
	}
	spec := gnp.Spec
	if spec.Order == nil || *spec.Order != 100.5 {
		t.Errorf("order: got %v", spec.Order)
	}
	if want := []PolicyType{PolicyTypeIngress, PolicyTypeEgress}; !reflect.DeepEqual(spec.Types, want) {
		t.Errorf("types: got %v", spec.Types)
	}
	if !spec.ApplyOnForward || spec.PreDNAT || spec.DoNotTrack {
		t.Errorf("flags: applyOnForward=%v preDNAT=%v doNotTrack=%v", spec.ApplyOnForward, spec.PreDNAT, spec.DoNotTrack)
	}
	if want := []PolicyPerformanceHint{PerfHintAssumeNeededOnEveryNode}; !reflect.DeepEqual(spec.PerformanceHints, want) {
		t.Errorf("performanceHints: got %v", spec.PerformanceHints)
	}

	web := spec.Ingress[0]
	if web.Action != Allow || *web.Protocol != numorstring.ProtocolFromString("TCP") {
		t.Errorf("rule 0: action %q protocol %v", web.Action, web.Protocol)
	}
	wantPorts := []numorstring.Port{
		numorstring.SinglePort(80), numorstring.SinglePort(443),
		{MinPort: 1000, MaxPort: 2000}, numorstring.NamedPort("http-alt"),
	}
	if !reflect.DeepEqual(web.Destination.Ports, wantPorts) {
		t.Errorf("ports: got %+v", web.Destination.Ports)
	}
	if got := web.Source.ServiceAccounts; got == nil || !reflect.DeepEqual(got.Names, []string{"api", "web"}) || got.Selector != "tier == 'front'" {
		t.Errorf("serviceAccounts: got %+v", got)
	}
	if !reflect.DeepEqual(web.Source.NotNets, []string{"10.1.0.0/16"}) {
		t.Errorf("notNets: got %v", web.Source.NotNets)
	}
	if web.HTTP == nil || len(web.HTTP.Paths) != 2 || web.HTTP.Paths[0].Exact != "/healthz" || web.HTTP.Paths[1].Prefix != "/api/" {
		t.Errorf("http: got %+v", web.HTTP)
	}
	if web.Metadata == nil || web.Metadata.Annotations["ticket"] != "SEC-42" {
		t.Errorf("metadata: got %+v", web.Metadata)
	}

	icmp := spec.Ingress[1]
	if icmp.IPVersion == nil || *icmp.IPVersion != 4 {
		t.Errorf("ipVersion: got %v", icmp.IPVersion)
	}
	// Code 0 is a real value: it must survive as a pointer to 0, not as "absent".
	if icmp.ICMP == nil || icmp.ICMP.Type == nil || *icmp.ICMP.Type != 8 || icmp.ICMP.Code == nil || *icmp.ICMP.Code != 0 {
		t.Errorf("icmp: got %+v", icmp.ICMP)
	}
	if icmp.NotICMP == nil || *icmp.NotICMP.Type != 13 || icmp.NotICMP.Code != nil {
		t.Errorf("notICMP: got %+v", icmp.NotICMP)
	}

	dns := spec.Ingress[2]
	if *dns.Protocol != numorstring.ProtocolFromInt(17) || *dns.NotProtocol != numorstring.ProtocolFromString("UDPLite") {
		t.Errorf("protocols: got %v / %v", dns.Protocol, dns.NotProtocol)
	}
	if dns.Source.Services == nil || *dns.Source.Services != (ServiceMatch{Name: "dns", Namespace: "kube-system"}) {
		t.Errorf("services: got %+v", dns.Source.Services)
	}
	if spec.Ingress[4].Action != Deny {
		t.Errorf("rule 4: got action %q", spec.Ingress[4].Action)
	}
}

// TestEmptyEntityRulesAreOmitted pins Calico's encoding of rules (v3.32 uses omitzero
// on source and destination): an empty entity rule is left out, a rule keeps only its
// action, and an explicitly empty ICMP type/code pair is kept apart from a zero one.
func TestEmptyEntityRulesAreOmitted(t *testing.T) {
	zero := 0
	for _, tc := range []struct {
		rule Rule
		want string
	}{
		{Rule{Action: Deny}, `{"action":"Deny"}`},
		{Rule{Action: Allow, Source: EntityRule{Selector: "a == 'b'"}}, `{"action":"Allow","source":{"selector":"a == 'b'"}}`},
		{Rule{Action: Allow, ICMP: &ICMPFields{Type: &zero, Code: &zero}}, `{"action":"Allow","icmp":{"type":0,"code":0}}`},
		{Rule{Action: Pass, NotICMP: &ICMPFields{}}, `{"action":"Pass","notICMP":{}}`},
	} {
		out, err := json.Marshal(tc.rule)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != tc.want {
			t.Errorf("got %s, want %s", out, tc.want)
		}
	}
}

// TestEmptyObjectsEncodeLikeCalico pins the fields that are always present: a Tier's
// status and a StagedKubernetesNetworkPolicy's podSelector are struct values, as in
// Calico, and so encoded even when empty.
func TestEmptyObjectsEncodeLikeCalico(t *testing.T) {
	for _, tc := range []struct {
		obj  interface{}
		want string
	}{
		{&Tier{}, `{"metadata":{},"spec":{},"status":{}}`},
		{&StagedKubernetesNetworkPolicy{}, `{"metadata":{},"spec":{"podSelector":{}}}`},
		{&GlobalNetworkPolicy{}, `{"metadata":{},"spec":{}}`},
		{&HostEndpoint{Spec: HostEndpointSpec{Ports: []EndpointPort{{}}}}, `{"metadata":{},"spec":{"ports":[{"name":"","protocol":0,"port":0}]}}`},
	} {
		out, err := json.Marshal(tc.obj)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != tc.want {
			t.Errorf("%T: got %s, want %s", tc.obj, out, tc.want)
		}
	}
}
