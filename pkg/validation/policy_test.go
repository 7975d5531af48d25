package validation

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

func allowTCP(mutate func(*v3.Rule)) v3.Rule {
	r := v3.Rule{Action: v3.Allow, Protocol: proto("TCP"), Destination: v3.EntityRule{Ports: ports("80")}}
	if mutate != nil {
		mutate(&r)
	}
	return r
}

func networkPolicy(name string, mutate func(*v3.NetworkPolicySpec)) *v3.NetworkPolicy {
	p := &v3.NetworkPolicy{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns"},
		Spec: v3.NetworkPolicySpec{Selector: "app == 'web'", Ingress: []v3.Rule{allowTCP(nil)}}}
	if mutate != nil {
		mutate(&p.Spec)
	}
	v3.SetDefaultsNetworkPolicy(p)
	return p
}

// ingress is a NetworkPolicy mutation that replaces the rules with one ingress rule.
func ingress(r v3.Rule) func(*v3.NetworkPolicySpec) {
	return func(s *v3.NetworkPolicySpec) { s.Ingress = []v3.Rule{r} }
}

func egress(r v3.Rule) func(*v3.NetworkPolicySpec) {
	return func(s *v3.NetworkPolicySpec) { s.Ingress = nil; s.Egress = []v3.Rule{r} }
}

const in0 = "spec.ingress[0]"

func TestValidateNetworkPolicyRules(t *testing.T) {
	cases := []struct {
		name string
		spec func(*v3.NetworkPolicySpec)
		want []wantErr
	}{
		// Valid policies.
		{name: "default allow TCP 80"},
		{name: "no rules at all", spec: func(s *v3.NetworkPolicySpec) { s.Ingress = nil }},
		{name: "all actions", spec: func(s *v3.NetworkPolicySpec) {
			s.Ingress = []v3.Rule{{Action: v3.Allow}, {Action: v3.Deny}, {Action: v3.Log}, {Action: v3.Pass}}
		}},
		{name: "named ports need no protocol", spec: ingress(v3.Rule{Action: v3.Allow, Destination: v3.EntityRule{Ports: ports("http", "metrics")}})},
		{name: "protocol numbers with ports", spec: func(s *v3.NetworkPolicySpec) {
			s.Ingress = []v3.Rule{
				{Action: v3.Allow, Protocol: protoNum(6), Destination: v3.EntityRule{Ports: ports("1:65535")}},
				{Action: v3.Allow, Protocol: protoNum(17), Source: v3.EntityRule{NotPorts: ports("53")}},
				{Action: v3.Allow, Protocol: protoNum(132), Destination: v3.EntityRule{Ports: ports("9000")}},
				{Action: v3.Allow, Protocol: proto("SCTP"), Destination: v3.EntityRule{Ports: ports("9000")}},
				{Action: v3.Allow, Protocol: protoNum(255)},
				{Action: v3.Allow, Protocol: proto("UDPLite")},
			}
		}},
		{name: "ICMP with type and code", spec: ingress(v3.Rule{Action: v3.Allow, Protocol: proto("ICMP"), IPVersion: intp(4),
			ICMP: &v3.ICMPFields{Type: intp(8), Code: intp(0)}, NotICMP: &v3.ICMPFields{Type: intp(254), Code: intp(255)}})},
		{name: "ICMPv6 with ipVersion 6", spec: ingress(v3.Rule{Action: v3.Allow, Protocol: proto("ICMPv6"), IPVersion: intp(6), ICMP: &v3.ICMPFields{Type: intp(128)}})},
		{name: "notICMP needs no protocol", spec: ingress(v3.Rule{Action: v3.Deny, NotICMP: &v3.ICMPFields{Type: intp(3)}})},
		{name: "nets of one family", spec: ingress(allowTCP(func(r *v3.Rule) {
			r.Source.Nets = []string{"10.0.0.0/8", "192.168.1.0/24"}
			r.Source.NotNets = []string{"10.1.0.0/16"}
			r.Destination.Nets = []string{"10.2.3.4/32"}
		}))},
		{name: "IPv6 nets with ipVersion 6", spec: ingress(allowTCP(func(r *v3.Rule) {
			r.IPVersion = intp(6)
			r.Source.Nets = []string{"fd00::/8", "2001:db8::1/128"}
		}))},
		{name: "egress to a service in another namespace", spec: egress(v3.Rule{Action: v3.Allow,
			Destination: v3.EntityRule{Services: &v3.ServiceMatch{Name: "kube-dns", Namespace: "kube-system"}}})},
		{name: "ingress from a service in the policy's namespace", spec: ingress(v3.Rule{Action: v3.Allow,
			Source: v3.EntityRule{Services: &v3.ServiceMatch{Name: "frontend"}}})},
		{name: "HTTP on ingress allow", spec: ingress(allowTCP(func(r *v3.Rule) {
			r.HTTP = &v3.HTTPMatch{Methods: []string{"GET", "PUT"}, Paths: []v3.HTTPPath{{Exact: "/healthz"}, {Prefix: "/api/"}}}
		}))},
		{name: "HTTP without protocol", spec: ingress(v3.Rule{Action: v3.Allow, HTTP: &v3.HTTPMatch{Methods: []string{"GET"}}})},
		{name: "global() alone as a rule namespaceSelector", spec: ingress(v3.Rule{Action: v3.Allow, Source: v3.EntityRule{NamespaceSelector: " global() ", Selector: "role == 'db'"}})},
		{name: "global() in notSelector and service account selector is not checked", spec: ingress(v3.Rule{Action: v3.Allow,
			Source: v3.EntityRule{NotSelector: "global()", ServiceAccounts: &v3.ServiceAccountMatch{Names: []string{"a", "b"}, Selector: "global()"}}})},
		{name: "rule annotations", spec: ingress(allowTCP(func(r *v3.Rule) {
			r.Metadata = &v3.RuleMetadata{Annotations: map[string]string{"example.com/Owner": "team-a"}}
		}))},
		{name: "performance hint", spec: func(s *v3.NetworkPolicySpec) {
			s.PerformanceHints = []v3.PolicyPerformanceHint{v3.PerfHintAssumeNeededOnEveryNode}
		}},
		{name: "explicit types", spec: func(s *v3.NetworkPolicySpec) { s.Types = []v3.PolicyType{v3.PolicyTypeEgress, v3.PolicyTypeIngress} }},

		// §2.9 actions, §2.11 ipVersion.
		{name: "missing action", spec: ingress(v3.Rule{}), want: []wantErr{required(in0 + ".action")}},
		{name: "lower-case action", spec: ingress(v3.Rule{Action: "allow"}), want: []wantErr{notSupported(in0 + ".action")}},
		{name: "ipVersion 5", spec: ingress(v3.Rule{Action: v3.Allow, IPVersion: intp(5)}), want: []wantErr{notSupported(in0 + ".ipVersion")}},

		// §2.6 protocols.
		{name: "protocol names are case-sensitive", spec: ingress(v3.Rule{Action: v3.Allow, Protocol: proto("tcp"), NotProtocol: proto("Udp")}),
			want: []wantErr{notSupported(in0 + ".protocol"), notSupported(in0 + ".notProtocol")}},
		{name: "protocol 0", spec: ingress(v3.Rule{Action: v3.Allow, Protocol: protoNum(0)}), want: []wantErr{invalid(in0 + ".protocol")}},
		{name: "invalid protocol hides the consequential port error", spec: ingress(allowTCP(func(r *v3.Rule) { r.Protocol = proto("tcp") })),
			want: []wantErr{notSupported(in0 + ".protocol")}},

		// §2.5 ports and §2.11 port/protocol rules.
		{name: "port 0 and range from 0", spec: ingress(allowTCP(func(r *v3.Rule) { r.Destination.Ports = ports("0", "0:10", "80") })),
			want: []wantErr{invalid(in0 + ".destination.ports[0]"), invalid(in0 + ".destination.ports[1]")}},
		{name: "inverted range", spec: ingress(allowTCP(func(r *v3.Rule) { r.Source.NotPorts = []numorstring.Port{{MinPort: 90, MaxPort: 80}} })),
			want: []wantErr{invalid(in0 + ".source.notPorts[0]")}},
		{name: "bad port names", spec: ingress(v3.Rule{Action: v3.Allow, Destination: v3.EntityRule{Ports: ports("Http-Port", "a-very-long-port-name", "web--ui", "-web", "http")}}),
			want: []wantErr{invalid(in0 + ".destination.ports[0]"), invalid(in0 + ".destination.ports[1]"), invalid(in0 + ".destination.ports[2]"), invalid(in0 + ".destination.ports[3]")}},
		{name: "named port with a number", spec: ingress(v3.Rule{Action: v3.Allow, Destination: v3.EntityRule{Ports: []numorstring.Port{{PortName: "http", MinPort: 1, MaxPort: 1}}}}),
			want: []wantErr{invalid(in0 + ".destination.ports[0]")}},
		{name: "numeric ports without protocol, in all four lists", spec: ingress(v3.Rule{Action: v3.Allow,
			Source:      v3.EntityRule{Ports: ports("1"), NotPorts: ports("http", "2")},
			Destination: v3.EntityRule{Ports: ports("3:4"), NotPorts: ports("5")}}),
			want: []wantErr{forbidden(in0 + ".source.ports"), forbidden(in0 + ".source.notPorts"), forbidden(in0 + ".destination.ports"), forbidden(in0 + ".destination.notPorts")}},
		{name: "named ports with a portless protocol", spec: ingress(v3.Rule{Action: v3.Allow, Protocol: proto("ICMP"), Destination: v3.EntityRule{Ports: ports("http")}}),
			want: []wantErr{forbidden(in0 + ".destination.ports")}},
		{name: "ports with UDPLite and protocol 1", spec: func(s *v3.NetworkPolicySpec) {
			s.Ingress = []v3.Rule{{Action: v3.Allow, Protocol: proto("UDPLite"), Destination: v3.EntityRule{Ports: ports("80")}},
				{Action: v3.Allow, Protocol: protoNum(1), Source: v3.EntityRule{NotPorts: ports("80")}}}
		}, want: []wantErr{forbidden("spec.ingress[0].destination.ports"), forbidden("spec.ingress[1].source.notPorts")}},

		// §2.7 ICMP.
		{name: "ICMP type 255, code 256, code without type", spec: func(s *v3.NetworkPolicySpec) {
			s.Ingress = []v3.Rule{{Action: v3.Allow, Protocol: proto("ICMP"), ICMP: &v3.ICMPFields{Type: intp(255), Code: intp(256)}},
				{Action: v3.Allow, NotICMP: &v3.ICMPFields{Code: intp(1)}}, {Action: v3.Allow, Protocol: proto("ICMP"), ICMP: &v3.ICMPFields{Type: intp(-1)}}}
		}, want: []wantErr{invalid("spec.ingress[0].icmp.type"), invalid("spec.ingress[0].icmp.code"), required("spec.ingress[1].notICMP.type"), invalid("spec.ingress[2].icmp.type")}},
		{name: "icmp without protocol, with protocol 1, with TCP", spec: func(s *v3.NetworkPolicySpec) {
			icmp := &v3.ICMPFields{Type: intp(8)}
			s.Ingress = []v3.Rule{{Action: v3.Allow, ICMP: icmp}, {Action: v3.Allow, Protocol: protoNum(1), ICMP: icmp}, {Action: v3.Allow, Protocol: proto("TCP"), ICMP: icmp}}
		}, want: []wantErr{forbidden("spec.ingress[0].icmp"), forbidden("spec.ingress[1].icmp"), forbidden("spec.ingress[2].icmp")}},
		{name: "ICMP with ipVersion 6, ICMPv6 with ipVersion 4", spec: func(s *v3.NetworkPolicySpec) {
			s.Ingress = []v3.Rule{{Action: v3.Allow, Protocol: proto("ICMP"), IPVersion: intp(6)}, {Action: v3.Allow, NotProtocol: proto("ICMPv6"), IPVersion: intp(4)}}
		}, want: []wantErr{invalid("spec.ingress[0].ipVersion"), invalid("spec.ingress[1].ipVersion")}},

		// §2.8, §2.11 nets.
		{name: "bare IP, garbage and host bits in nets", spec: ingress(allowTCP(func(r *v3.Rule) {
			r.Source.Nets = []string{"10.0.0.1", "not-a-cidr", "10.0.0.1/8", "10.0.0.0/33"}
		})), want: []wantErr{invalid(in0 + ".source.nets[0]"), invalid(in0 + ".source.nets[1]"), invalid(in0 + ".source.nets[2]"), invalid(in0 + ".source.nets[3]")}},
		{name: "nets of the other family than ipVersion", spec: ingress(allowTCP(func(r *v3.Rule) {
			r.IPVersion = intp(4)
			r.Source.Nets = []string{"10.0.0.0/8", "fd00::/8"}
			r.Destination.NotNets = []string{"fd00:1::/32"}
		})), want: []wantErr{invalid(in0 + ".source.nets[1]"), invalid(in0 + ".destination.notNets[0]")}},
		{name: "mixed families across nets fields, reported once", spec: ingress(allowTCP(func(r *v3.Rule) {
			r.Source.Nets = []string{"10.0.0.0/8"}
			r.Source.NotNets = []string{"10.1.0.0/16"}
			r.Destination.Nets = []string{"fd00::/8", "fd01::/16"}
		})), want: []wantErr{invalid(in0 + ".destination.nets[0]")}},
		{name: "catch-all in notNets", spec: ingress(allowTCP(func(r *v3.Rule) {
			r.Source.NotNets = []string{"0.0.0.0/0"}
			r.Destination.NotNets = []string{"::/0"}
			r.Destination.Nets = []string{"0.0.0.0/0"}
		})), want: []wantErr{invalid(in0 + ".source.notNets[0]"), invalid(in0 + ".destination.notNets[0]"), invalid(in0 + ".destination.notNets[0]")}},
		{name: "duplicate nets and service account names", spec: ingress(allowTCP(func(r *v3.Rule) {
			r.Source.Nets = []string{"10.0.0.0/8", "10.0.0.0/8"}
			r.Destination.ServiceAccounts = &v3.ServiceAccountMatch{Names: []string{"a", "a"}}
		})), want: []wantErr{duplicate(in0 + ".source.nets[1]"), duplicate(in0 + ".destination.serviceAccounts.names[1]")}},

		// §2.12 services.
		{name: "service without a name, bad namespace", spec: egress(v3.Rule{Action: v3.Allow, Destination: v3.EntityRule{Services: &v3.ServiceMatch{Namespace: "Bad_NS"}}}),
			want: []wantErr{required("spec.egress[0].destination.services.name"), invalid("spec.egress[0].destination.services.namespace")}},
		{name: "service combined with other matches and ports", spec: egress(v3.Rule{Action: v3.Allow, Protocol: proto("TCP"), Destination: v3.EntityRule{
			Services: &v3.ServiceMatch{Name: "svc"}, Selector: "a == 'b'", NotSelector: "c == 'd'", NamespaceSelector: "all()",
			ServiceAccounts: &v3.ServiceAccountMatch{Names: []string{"sa"}}, Nets: []string{"10.0.0.0/8"}, NotNets: []string{"10.1.0.0/16"},
			Ports: ports("80"), NotPorts: ports("81")}}),
			want: []wantErr{forbidden("spec.egress[0].destination.selector"), forbidden("spec.egress[0].destination.notSelector"),
				forbidden("spec.egress[0].destination.namespaceSelector"), forbidden("spec.egress[0].destination.serviceAccounts"),
				forbidden("spec.egress[0].destination.nets"), forbidden("spec.egress[0].destination.notNets"),
				forbidden("spec.egress[0].destination.ports"), forbidden("spec.egress[0].destination.notPorts")}},

		// §2.13 directions.
		{name: "service in egress source and ingress destination", spec: func(s *v3.NetworkPolicySpec) {
			svc := &v3.ServiceMatch{Name: "svc"}
			s.Ingress = []v3.Rule{{Action: v3.Allow, Destination: v3.EntityRule{Services: svc}}}
			s.Egress = []v3.Rule{{Action: v3.Allow, Source: v3.EntityRule{Services: svc}}}
		}, want: []wantErr{forbidden("spec.ingress[0].destination.services"), forbidden("spec.egress[0].source.services")}},

		// §2.14 HTTP.
		{name: "HTTP in egress, on Deny, with protocol 6 and UDP", spec: func(s *v3.NetworkPolicySpec) {
			h := &v3.HTTPMatch{Methods: []string{"GET"}}
			s.Ingress = []v3.Rule{{Action: v3.Deny, HTTP: h}, {Action: v3.Allow, Protocol: protoNum(6), HTTP: h}, {Action: v3.Allow, Protocol: proto("UDP"), HTTP: h}}
			s.Egress = []v3.Rule{{Action: v3.Allow, HTTP: h}}
		}, want: []wantErr{forbidden("spec.ingress[0].http"), invalid("spec.ingress[1].protocol"), invalid("spec.ingress[2].protocol"), forbidden("spec.egress[0].http")}},
		{name: "HTTP methods and paths", spec: ingress(v3.Rule{Action: v3.Allow, HTTP: &v3.HTTPMatch{
			Methods: []string{"GET", "GET"},
			Paths: []v3.HTTPPath{{Exact: "/a", Prefix: "/b"}, {}, {Exact: "a"}, {Prefix: "/a?b=c"}, {Exact: "/a#x"}, {Prefix: "/a b"},
				{Exact: "/" + strings.Repeat("x", 1024)}},
		}}), want: []wantErr{duplicate(in0 + ".http.methods[1]"), forbidden(in0 + ".http.paths[0].prefix"), required(in0 + ".http.paths[1]"),
			invalid(in0 + ".http.paths[2].exact"), invalid(in0 + ".http.paths[3].prefix"), invalid(in0 + ".http.paths[4].exact"),
			invalid(in0 + ".http.paths[5].prefix"), tooLong(in0 + ".http.paths[6].exact")}},
		{name: "too many HTTP methods and paths", spec: ingress(v3.Rule{Action: v3.Allow, HTTP: func() *v3.HTTPMatch {
			h := &v3.HTTPMatch{}
			for i := 0; i < 21; i++ {
				h.Methods = append(h.Methods, "M"+strings.Repeat("X", i))
				h.Paths = append(h.Paths, v3.HTTPPath{Prefix: "/" + strings.Repeat("p", i)})
			}
			return h
		}()}), want: []wantErr{tooMany(in0 + ".http.methods"), tooMany(in0 + ".http.paths")}},

		// §2.4 global() placement.
		{name: "global() in policy and rule selectors", spec: func(s *v3.NetworkPolicySpec) {
			s.Selector = "global()"
			s.ServiceAccountSelector = "name == 'global()'"
			s.Ingress = []v3.Rule{{Action: v3.Allow, Source: v3.EntityRule{Selector: "global()", NamespaceSelector: "global() && a == 'b'"}},
				{Action: v3.Allow, Destination: v3.EntityRule{NamespaceSelector: "!global()"}}}
		}, want: []wantErr{invalid("spec.selector"), invalid("spec.serviceAccountSelector"), invalid("spec.ingress[0].source.selector"),
			invalid("spec.ingress[0].source.namespaceSelector"), invalid("spec.ingress[1].destination.namespaceSelector")}},

		// §2.15 types, performance hints, tier, rule metadata.
		{name: "bad and duplicate types", spec: func(s *v3.NetworkPolicySpec) {
			s.Types = []v3.PolicyType{v3.PolicyTypeIngress, "ingress", v3.PolicyTypeIngress}
		}, want: []wantErr{notSupported("spec.types[1]"), duplicate("spec.types[2]"), tooMany("spec.types")}},
		{name: "bad and duplicate performance hints", spec: func(s *v3.NetworkPolicySpec) {
			s.PerformanceHints = []v3.PolicyPerformanceHint{"Fast", v3.PerfHintAssumeNeededOnEveryNode, v3.PerfHintAssumeNeededOnEveryNode}
		}, want: []wantErr{notSupported("spec.performanceHints[0]"), duplicate("spec.performanceHints[2]")}},
		{name: "tier not a subdomain", spec: func(s *v3.NetworkPolicySpec) { s.Tier = "Security_Tier" }, want: []wantErr{invalid("spec.tier")}},
		{name: "bad rule annotation", spec: ingress(allowTCP(func(r *v3.Rule) { r.Metadata = &v3.RuleMetadata{Annotations: map[string]string{"a b": "c"}} })),
			want: []wantErr{invalid(in0 + ".metadata.annotations")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkErrs(t, ValidateNetworkPolicy(networkPolicy("allow-web", c.spec)), c.want)
		})
	}
}

func TestPolicyNames(t *testing.T) {
	namespaced := map[string]bool{
		"allow": true, "tier.allow": true, "knp.default.allow.web.x": true, "ossg.default.a": true,
		"a.b.c": false, "knp.other.a.b": false, "-a": false, "a.": false, strings.Repeat("a", 64): true, "Allow": false,
	}
	global := map[string]bool{
		"allow": true, "tier.allow": true, "a.b.c": false, "knp.default.a.b": false, "A": false, "a_b": false,
	}
	for name, ok := range namespaced {
		errs := ValidateNetworkPolicy(networkPolicy(name, nil))
		errs = append(errs, ValidateStagedNetworkPolicy(stagedNetworkPolicy(name, nil))...)
		if ok {
			checkErrs(t, errs, nil)
		} else {
			checkErrs(t, errs, []wantErr{invalid("metadata.name"), invalid("metadata.name")})
		}
	}
	for name, ok := range global {
		errs := ValidateGlobalNetworkPolicy(globalNetworkPolicy(name, nil))
		errs = append(errs, ValidateStagedGlobalNetworkPolicy(stagedGlobalNetworkPolicy(name, nil))...)
		if ok {
			checkErrs(t, errs, nil)
		} else {
			checkErrs(t, errs, []wantErr{invalid("metadata.name"), invalid("metadata.name")})
		}
	}
}

func globalNetworkPolicy(name string, mutate func(*v3.GlobalNetworkPolicySpec)) *v3.GlobalNetworkPolicy {
	p := &v3.GlobalNetworkPolicy{ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: v3.GlobalNetworkPolicySpec{Selector: "has(host)", Ingress: []v3.Rule{allowTCP(nil)}}}
	if mutate != nil {
		mutate(&p.Spec)
	}
	v3.SetDefaultsGlobalNetworkPolicy(p)
	return p
}

func TestValidateGlobalNetworkPolicy(t *testing.T) {
	cases := []struct {
		name string
		spec func(*v3.GlobalNetworkPolicySpec)
		want []wantErr
	}{
		{name: "plain"},
		{name: "preDNAT ingress with applyOnForward", spec: func(s *v3.GlobalNetworkPolicySpec) { s.PreDNAT, s.ApplyOnForward = true, true }},
		{name: "doNotTrack egress with applyOnForward", spec: func(s *v3.GlobalNetworkPolicySpec) {
			s.DoNotTrack, s.ApplyOnForward = true, true
			s.Egress = []v3.Rule{{Action: v3.Deny}}
		}},
		{name: "namespace selector", spec: func(s *v3.GlobalNetworkPolicySpec) { s.NamespaceSelector = "team == 'a'" }},
		{name: "service matches with namespaces", spec: func(s *v3.GlobalNetworkPolicySpec) {
			s.Ingress = []v3.Rule{{Action: v3.Allow, Source: v3.EntityRule{Services: &v3.ServiceMatch{Name: "a", Namespace: "ns"}}}}
			s.Egress = []v3.Rule{{Action: v3.Allow, Destination: v3.EntityRule{Services: &v3.ServiceMatch{Name: "b", Namespace: "ns"}}}}
		}},
		{name: "global() in namespaceSelector", spec: func(s *v3.GlobalNetworkPolicySpec) { s.NamespaceSelector = "global()" },
			want: []wantErr{invalid("spec.namespaceSelector")}},
		{name: "service matches without namespaces", spec: func(s *v3.GlobalNetworkPolicySpec) {
			s.Ingress = []v3.Rule{{Action: v3.Allow, Source: v3.EntityRule{Services: &v3.ServiceMatch{Name: "a"}}}}
			s.Egress = []v3.Rule{{Action: v3.Allow, Destination: v3.EntityRule{Services: &v3.ServiceMatch{Name: "b"}}}}
		}, want: []wantErr{required("spec.ingress[0].source.services.namespace"), required("spec.egress[0].destination.services.namespace")}},
		{name: "doNotTrack and preDNAT", spec: func(s *v3.GlobalNetworkPolicySpec) { s.DoNotTrack, s.PreDNAT, s.ApplyOnForward = true, true, true },
			want: []wantErr{forbidden("spec.preDNAT")}},
		{name: "preDNAT with an egress rule, without applyOnForward", spec: func(s *v3.GlobalNetworkPolicySpec) {
			s.PreDNAT = true
			s.Egress = []v3.Rule{{Action: v3.Deny}}
		}, want: []wantErr{forbidden("spec.egress"), invalid("spec.types[1]"), invalid("spec.applyOnForward")}},
		{name: "preDNAT with Egress type only", spec: func(s *v3.GlobalNetworkPolicySpec) {
			s.PreDNAT, s.ApplyOnForward = true, true
			s.Types = []v3.PolicyType{v3.PolicyTypeEgress}
		}, want: []wantErr{invalid("spec.types[0]")}},
		{name: "doNotTrack without applyOnForward", spec: func(s *v3.GlobalNetworkPolicySpec) { s.DoNotTrack = true },
			want: []wantErr{invalid("spec.applyOnForward")}},
		{name: "rule checks apply", spec: func(s *v3.GlobalNetworkPolicySpec) { s.Ingress = []v3.Rule{{Action: "Drop"}} },
			want: []wantErr{notSupported("spec.ingress[0].action")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkErrs(t, ValidateGlobalNetworkPolicy(globalNetworkPolicy("security.allow", c.spec)), c.want)
		})
	}
}

func stagedNetworkPolicy(name string, mutate func(*v3.StagedNetworkPolicySpec)) *v3.StagedNetworkPolicy {
	p := &v3.StagedNetworkPolicy{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns"},
		Spec: v3.StagedNetworkPolicySpec{Selector: "all()", Ingress: []v3.Rule{allowTCP(nil)}}}
	if mutate != nil {
		mutate(&p.Spec)
	}
	v3.SetDefaultsStagedNetworkPolicy(p)
	return p
}

func TestValidateStagedNetworkPolicy(t *testing.T) {
	order := 10.0
	cases := []struct {
		name string
		spec func(*v3.StagedNetworkPolicySpec)
		want []wantErr
	}{
		{name: "staged Set"},
		{name: "Learn and Ignore", spec: func(s *v3.StagedNetworkPolicySpec) { s.StagedAction = v3.StagedActionLearn }},
		{name: "Delete with only a tier", spec: func(s *v3.StagedNetworkPolicySpec) {
			*s = v3.StagedNetworkPolicySpec{StagedAction: v3.StagedActionDelete, Tier: "security"}
		}},
		{name: "unknown staged action, other errors still reported", spec: func(s *v3.StagedNetworkPolicySpec) {
			s.StagedAction = "Remove"
			s.Ingress = []v3.Rule{{Action: "allow"}}
		}, want: []wantErr{notSupported("spec.stagedAction"), notSupported("spec.ingress[0].action")}},
		{name: "Delete with a bad tier", spec: func(s *v3.StagedNetworkPolicySpec) {
			*s = v3.StagedNetworkPolicySpec{StagedAction: v3.StagedActionDelete, Tier: "Bad_Tier"}
		}, want: []wantErr{invalid("spec.tier")}},
		{name: "Delete with rules, selector and order", spec: func(s *v3.StagedNetworkPolicySpec) {
			s.StagedAction = v3.StagedActionDelete
			s.Order = &order
			s.Egress = []v3.Rule{{Action: v3.Allow}}
			s.ServiceAccountSelector = "a == 'b'"
			s.PerformanceHints = []v3.PolicyPerformanceHint{v3.PerfHintAssumeNeededOnEveryNode}
		}, want: []wantErr{forbidden("spec.order"), forbidden("spec.ingress"), forbidden("spec.egress"), forbidden("spec.selector"),
			forbidden("spec.serviceAccountSelector"), forbidden("spec.performanceHints")}},
		{name: "Set is validated as a NetworkPolicy", spec: func(s *v3.StagedNetworkPolicySpec) {
			s.Selector = "global()"
			s.Ingress = []v3.Rule{{Action: v3.Allow, Destination: v3.EntityRule{Services: &v3.ServiceMatch{Name: "x"}}}}
		}, want: []wantErr{invalid("spec.selector"), forbidden("spec.ingress[0].destination.services")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkErrs(t, ValidateStagedNetworkPolicy(stagedNetworkPolicy("staged", c.spec)), c.want)
		})
	}
}

func stagedGlobalNetworkPolicy(name string, mutate func(*v3.StagedGlobalNetworkPolicySpec)) *v3.StagedGlobalNetworkPolicy {
	p := &v3.StagedGlobalNetworkPolicy{ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: v3.StagedGlobalNetworkPolicySpec{Selector: "all()", Ingress: []v3.Rule{allowTCP(nil)}}}
	if mutate != nil {
		mutate(&p.Spec)
	}
	v3.SetDefaultsStagedGlobalNetworkPolicy(p)
	return p
}

func TestValidateStagedGlobalNetworkPolicy(t *testing.T) {
	cases := []struct {
		name string
		spec func(*v3.StagedGlobalNetworkPolicySpec)
		want []wantErr
	}{
		{name: "staged Set"},
		{name: "Delete with only a tier", spec: func(s *v3.StagedGlobalNetworkPolicySpec) {
			*s = v3.StagedGlobalNetworkPolicySpec{StagedAction: v3.StagedActionDelete, Tier: "security"}
		}},
		{name: "Ignore", spec: func(s *v3.StagedGlobalNetworkPolicySpec) { s.StagedAction = v3.StagedActionIgnore }},
		{name: "unknown staged action", spec: func(s *v3.StagedGlobalNetworkPolicySpec) { s.StagedAction = "set" },
			want: []wantErr{notSupported("spec.stagedAction")}},
		{name: "Delete with global-only fields", spec: func(s *v3.StagedGlobalNetworkPolicySpec) {
			*s = v3.StagedGlobalNetworkPolicySpec{StagedAction: v3.StagedActionDelete, NamespaceSelector: "all()", DoNotTrack: true, PreDNAT: true, ApplyOnForward: true}
		}, want: []wantErr{forbidden("spec.namespaceSelector"), forbidden("spec.doNotTrack"), forbidden("spec.preDNAT"), forbidden("spec.applyOnForward")}},
		{name: "Set is validated as a GlobalNetworkPolicy", spec: func(s *v3.StagedGlobalNetworkPolicySpec) {
			s.PreDNAT = true
			s.Ingress = []v3.Rule{{Action: v3.Allow, Source: v3.EntityRule{Services: &v3.ServiceMatch{Name: "x"}}}}
		}, want: []wantErr{invalid("spec.applyOnForward"), required("spec.ingress[0].source.services.namespace")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkErrs(t, ValidateStagedGlobalNetworkPolicy(stagedGlobalNetworkPolicy("staged", c.spec)), c.want)
		})
	}
}

func stagedK8sPolicy(mutate func(*v3.StagedKubernetesNetworkPolicySpec)) *v3.StagedKubernetesNetworkPolicy {
	p := &v3.StagedKubernetesNetworkPolicy{ObjectMeta: metav1.ObjectMeta{Name: "staged", Namespace: "ns"},
		Spec: v3.StagedKubernetesNetworkPolicySpec{PodSelector: metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}}}
	if mutate != nil {
		mutate(&p.Spec)
	}
	v3.SetDefaultsStagedKubernetesNetworkPolicy(p)
	return p
}

func TestValidateStagedKubernetesNetworkPolicy(t *testing.T) {
	tcp, udp, icmp, lower := corev1.ProtocolTCP, corev1.ProtocolUDP, corev1.Protocol("ICMP"), corev1.Protocol("tcp")
	port := func(p intstr.IntOrString) *intstr.IntOrString { return &p }
	end := func(e int32) *int32 { return &e }
	cases := []struct {
		name string
		spec func(*v3.StagedKubernetesNetworkPolicySpec)
		want []wantErr
	}{
		{name: "deny all ingress"},
		{name: "typical rules", spec: func(s *v3.StagedKubernetesNetworkPolicySpec) {
			s.PolicyTypes = []networkingv1.PolicyType{networkingv1.PolicyTypeIngress, networkingv1.PolicyTypeEgress}
			s.Ingress = []networkingv1.NetworkPolicyIngressRule{{
				Ports: []networkingv1.NetworkPolicyPort{{Port: port(intstr.FromInt32(80))}, {Protocol: &udp, Port: port(intstr.FromInt32(5000)), EndPort: end(5100)},
					{Port: port(intstr.FromString("http"))}, {Protocol: &icmp}},
				From: []networkingv1.NetworkPolicyPeer{{PodSelector: &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
					{Key: "role", Operator: metav1.LabelSelectorOpIn, Values: []string{"a", "b"}}, {Key: "x", Operator: metav1.LabelSelectorOpDoesNotExist}}}},
					{IPBlock: &networkingv1.IPBlock{CIDR: "10.0.0.1/8", Except: []string{"10.1.0.0/16"}}}},
			}}
			s.Egress = []networkingv1.NetworkPolicyEgressRule{{To: []networkingv1.NetworkPolicyPeer{{NamespaceSelector: &metav1.LabelSelector{}}}}}
		}},
		{name: "Delete with nothing else", spec: func(s *v3.StagedKubernetesNetworkPolicySpec) {
			*s = v3.StagedKubernetesNetworkPolicySpec{StagedAction: v3.StagedActionDelete}
		}},
		{name: "unknown staged action", spec: func(s *v3.StagedKubernetesNetworkPolicySpec) { s.StagedAction = "Drop" },
			want: []wantErr{notSupported("spec.stagedAction")}},
		{name: "Delete with a spec", spec: func(s *v3.StagedKubernetesNetworkPolicySpec) {
			s.StagedAction = v3.StagedActionDelete
			s.Ingress = []networkingv1.NetworkPolicyIngressRule{{}}
			s.Egress = []networkingv1.NetworkPolicyEgressRule{{}}
			s.PolicyTypes = []networkingv1.PolicyType{networkingv1.PolicyTypeIngress}
		}, want: []wantErr{forbidden("spec.podSelector"), forbidden("spec.ingress"), forbidden("spec.egress"), forbidden("spec.policyTypes")}},
		{name: "bad policy types", spec: func(s *v3.StagedKubernetesNetworkPolicySpec) {
			s.PolicyTypes = []networkingv1.PolicyType{"Both", networkingv1.PolicyTypeEgress, networkingv1.PolicyTypeEgress}
		}, want: []wantErr{notSupported("spec.policyTypes[0]"), duplicate("spec.policyTypes[2]"), tooMany("spec.policyTypes")}},
		{name: "bad ports", spec: func(s *v3.StagedKubernetesNetworkPolicySpec) {
			s.Ingress = []networkingv1.NetworkPolicyIngressRule{{Ports: []networkingv1.NetworkPolicyPort{
				{Port: port(intstr.FromInt32(0))}, {Port: port(intstr.FromInt32(70000))}, {Port: port(intstr.FromInt32(90)), EndPort: end(80)},
				{Port: port(intstr.FromString("http")), EndPort: end(90)}, {Port: port(intstr.FromString("Bad_Name"))},
				{EndPort: end(90)}, {Protocol: &lower}, {Protocol: &icmp, Port: port(intstr.FromInt32(80))}, {Protocol: &tcp, Port: port(intstr.FromInt32(80)), EndPort: end(70000)},
			}}}
		}, want: []wantErr{invalid("spec.ingress[0].ports[0].port"), invalid("spec.ingress[0].ports[1].port"), invalid("spec.ingress[0].ports[2].endPort"),
			forbidden("spec.ingress[0].ports[3].endPort"), invalid("spec.ingress[0].ports[4].port"), forbidden("spec.ingress[0].ports[5].endPort"),
			notSupported("spec.ingress[0].ports[6].protocol"), invalid("spec.ingress[0].ports[7].protocol"), invalid("spec.ingress[0].ports[8].endPort")}},
		{name: "bad peers", spec: func(s *v3.StagedKubernetesNetworkPolicySpec) {
			s.Egress = []networkingv1.NetworkPolicyEgressRule{{To: []networkingv1.NetworkPolicyPeer{
				{IPBlock: &networkingv1.IPBlock{CIDR: "10.0.0.1", Except: []string{"fd00::/8", "0.0.0.0/0", "x"}}},
				{IPBlock: &networkingv1.IPBlock{CIDR: "10.0.0.0/8"}, PodSelector: &metav1.LabelSelector{}},
				{PodSelector: &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "a", Operator: "Equals"}}}},
			}}}
		}, want: []wantErr{invalid("spec.egress[0].to[0].ipBlock.cidr"), invalid("spec.egress[0].to[0].ipBlock.except[1]"),
			invalid("spec.egress[0].to[0].ipBlock.except[2]"), forbidden("spec.egress[0].to[1].ipBlock"),
			notSupported("spec.egress[0].to[2].podSelector.matchExpressions[0].operator")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkErrs(t, ValidateStagedKubernetesNetworkPolicy(stagedK8sPolicy(c.spec)), c.want)
		})
	}
}

// The selector hook receives every selector field with its path, so the parser can be
// dropped in without touching the validators.
func TestSelectorHookSeesEverySelector(t *testing.T) {
	old := validateSelector
	defer func() { validateSelector = old }()
	var seen []string
	validateSelector = func(p *field.Path, s string) field.ErrorList {
		if s != "" {
			seen = append(seen, p.String())
		}
		return nil
	}
	p := globalNetworkPolicy("p", func(s *v3.GlobalNetworkPolicySpec) {
		s.ServiceAccountSelector, s.NamespaceSelector = "a == 'b'", "c == 'd'"
		s.Ingress = []v3.Rule{{Action: v3.Allow, Source: v3.EntityRule{Selector: "x == 'y'", NotSelector: "z == 'w'", NamespaceSelector: "n == 'm'",
			ServiceAccounts: &v3.ServiceAccountMatch{Selector: "s == 't'"}}}}
	})
	ValidateGlobalNetworkPolicy(p)
	want := "spec.selector spec.serviceAccountSelector spec.namespaceSelector spec.ingress[0].source.selector spec.ingress[0].source.notSelector " +
		"spec.ingress[0].source.namespaceSelector spec.ingress[0].source.serviceAccounts.selector"
	if got := strings.Join(seen, " "); got != want {
		t.Errorf("selectors validated:\n got  %s\n want %s", got, want)
	}
	seen = nil
	ValidateStagedKubernetesNetworkPolicy(stagedK8sPolicy(nil))
	if len(seen) != 1 || seen[0] != "spec.podSelector" {
		t.Errorf("staged Kubernetes policy selectors validated: %v", seen)
	}
}

func TestK8sSelectorToCalico(t *testing.T) {
	s := &metav1.LabelSelector{MatchLabels: map[string]string{"b": "2", "a": "1"}, MatchExpressions: []metav1.LabelSelectorRequirement{
		{Key: "c", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"x", "y"}}, {Key: "d", Operator: metav1.LabelSelectorOpExists}}}
	if got, want := k8sSelectorToCalico(s), "a == '1' && b == '2' && c not in { 'x', 'y' } && has(d)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
