package validation

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

func hostEndpoint(mutate func(*v3.HostEndpointSpec)) *v3.HostEndpoint {
	h := &v3.HostEndpoint{ObjectMeta: metav1.ObjectMeta{Name: "node1-eth0"},
		Spec: v3.HostEndpointSpec{Node: "node1", InterfaceName: "eth0", ExpectedIPs: []string{"10.0.0.1"}}}
	if mutate != nil {
		mutate(&h.Spec)
	}
	return h
}

func TestValidateHostEndpoint(t *testing.T) {
	tcp, n17 := *proto("TCP"), numorstring.ProtocolFromInt(17)
	cases := []struct {
		name string
		spec func(*v3.HostEndpointSpec)
		want []wantErr
	}{
		{name: "interface and IP"},
		{name: "all interfaces", spec: func(s *v3.HostEndpointSpec) { s.InterfaceName, s.ExpectedIPs = "*", nil }},
		{name: "IPs only", spec: func(s *v3.HostEndpointSpec) { s.InterfaceName, s.ExpectedIPs = "", []string{"fd00::1", "192.168.0.1"} }},
		{name: "profiles and ports", spec: func(s *v3.HostEndpointSpec) {
			s.Profiles = []string{"kns.default", "ksa.default.sa"}
			s.Ports = []v3.EndpointPort{{Name: "ssh", Protocol: tcp, Port: 22}, {Name: "dns", Protocol: n17, Port: 53},
				{Name: "sctp", Protocol: *proto("SCTP"), Port: 65535}}
		}},
		{name: "no node, no interface, no IPs", spec: func(s *v3.HostEndpointSpec) { *s = v3.HostEndpointSpec{} },
			want: []wantErr{required("spec.node"), required("spec.interfaceName")}},
		{name: "bad node and interface", spec: func(s *v3.HostEndpointSpec) { s.Node, s.InterfaceName = "Node_1", "eth0/1" },
			want: []wantErr{invalid("spec.node"), invalid("spec.interfaceName")}},
		{name: "interface name too long", spec: func(s *v3.HostEndpointSpec) { s.InterfaceName = "a1234567890123456" },
			want: []wantErr{invalid("spec.interfaceName")}},
		{name: "CIDR and duplicate IPs", spec: func(s *v3.HostEndpointSpec) { s.ExpectedIPs = []string{"10.0.0.0/24", "10.0.0.1", "10.0.0.1"} },
			want: []wantErr{invalid("spec.expectedIPs[0]"), duplicate("spec.expectedIPs[2]")}},
		{name: "bad and duplicate profiles", spec: func(s *v3.HostEndpointSpec) { s.Profiles = []string{"Bad Profile", "p", "p"} },
			want: []wantErr{invalid("spec.profiles[0]"), duplicate("spec.profiles[2]")}},
		{name: "bad ports", spec: func(s *v3.HostEndpointSpec) {
			s.Ports = []v3.EndpointPort{{Protocol: tcp, Port: 22}, {Name: "Bad_Name", Protocol: tcp, Port: 0},
				{Name: "icmp", Protocol: *proto("ICMP"), Port: 1}, {Name: "none", Port: 1}, {Name: "lower", Protocol: *proto("tcp"), Port: 1},
				{Name: "udplite", Protocol: numorstring.ProtocolFromInt(136), Port: 1}}
		}, want: []wantErr{required("spec.ports[0].name"), invalid("spec.ports[1].name"), invalid("spec.ports[1].port"),
			invalid("spec.ports[2].protocol"), required("spec.ports[3].protocol"), notSupported("spec.ports[4].protocol"), invalid("spec.ports[5].protocol")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkErrs(t, ValidateHostEndpoint(hostEndpoint(c.spec)), c.want) })
	}
}
