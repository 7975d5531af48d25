package validation

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

func TestValidateBGPPeer(t *testing.T) {
	keep := v3.NextHopModeKeep
	cases := []struct {
		name string
		spec v3.BGPPeerSpec
		want []wantErr
	}{
		{name: "empty peer is valid"},
		{name: "node-specific peer is valid", spec: v3.BGPPeerSpec{
			Node: "worker-1.example.com", PeerIP: "10.0.0.1", ASNumber: 64512, SourceAddress: v3.SourceAddressNone,
			Password: secretRef("peer"), Filters: []string{"export-only", "v6.filter"},
		}},
		{name: "global peer with port is valid", spec: v3.BGPPeerSpec{
			NodeSelector: "rack == 'a'", PeerIP: "192.0.2.1:1179", ASNumber: 65000, SourceAddress: v3.SourceAddressUseNodeIP,
			NextHopMode: &keep, ReversePeering: (*v3.ReversePeering)(strPtr("Manual")),
		}},
		{name: "IPv6 peer with port and gateway is valid", spec: v3.BGPPeerSpec{
			PeerIP: "[fd00::1]:179", ReachableBy: "fd00::fe", ASNumber: 65000,
		}},
		{name: "IPv4 peer with gateway is valid", spec: v3.BGPPeerSpec{PeerIP: "10.0.0.1", ReachableBy: "10.0.0.254"}},
		{name: "peer selector is valid", spec: v3.BGPPeerSpec{NodeSelector: "all()", PeerSelector: "has(route-reflector)"}},
		{name: "local workload peering is valid", spec: v3.BGPPeerSpec{LocalWorkloadSelector: "app == 'bird'", ASNumber: 65001}},
		{name: "keepOriginalNextHop alone is valid", spec: v3.BGPPeerSpec{PeerIP: "10.0.0.1", KeepOriginalNextHop: true}},
		{name: "node and nodeSelector", spec: v3.BGPPeerSpec{Node: "n1", NodeSelector: "all()"},
			want: []wantErr{forbidden("spec.nodeSelector")}},
		{name: "bad node name", spec: v3.BGPPeerSpec{Node: "Node_1"}, want: []wantErr{invalid("spec.node")}},
		{name: "peerIP and peerSelector", spec: v3.BGPPeerSpec{PeerIP: "10.0.0.1", PeerSelector: "all()"},
			want: []wantErr{forbidden("spec.peerSelector")}},
		{name: "asNumber with peerSelector", spec: v3.BGPPeerSpec{PeerSelector: "all()", ASNumber: 64512},
			want: []wantErr{forbidden("spec.asNumber")}},
		{name: "local workload peering without AS number", spec: v3.BGPPeerSpec{LocalWorkloadSelector: "all()"},
			want: []wantErr{required("spec.asNumber")}},
		{name: "local workload peering with peerIP", spec: v3.BGPPeerSpec{LocalWorkloadSelector: "all()", ASNumber: 1, PeerIP: "10.0.0.1"},
			want: []wantErr{forbidden("spec.peerIP")}},
		{name: "local workload peering with peerSelector", spec: v3.BGPPeerSpec{LocalWorkloadSelector: "all()", PeerSelector: "all()"},
			want: []wantErr{forbidden("spec.peerSelector"), required("spec.asNumber")}},
		{name: "reachableBy without peerIP", spec: v3.BGPPeerSpec{ReachableBy: "10.0.0.254"},
			want: []wantErr{required("spec.peerIP")}},
		{name: "reachableBy not an address", spec: v3.BGPPeerSpec{PeerIP: "10.0.0.1", ReachableBy: "10.0.0.0/24"},
			want: []wantErr{invalid("spec.reachableBy")}},
		{name: "reachableBy of another family", spec: v3.BGPPeerSpec{PeerIP: "[fd00::1]:179", ReachableBy: "10.0.0.254"},
			want: []wantErr{invalid("spec.reachableBy")}},
		{name: "keepOriginalNextHop with nextHopMode", spec: v3.BGPPeerSpec{KeepOriginalNextHop: true, NextHopMode: &keep},
			want: []wantErr{forbidden("spec.keepOriginalNextHop")}},
		{name: "port out of range", spec: v3.BGPPeerSpec{PeerIP: "10.0.0.1:70000"}, want: []wantErr{invalid("spec.peerIP")}},
		{name: "port zero", spec: v3.BGPPeerSpec{PeerIP: "10.0.0.1:0"}, want: []wantErr{invalid("spec.peerIP")}},
		{name: "IPv6 with port but no brackets", spec: v3.BGPPeerSpec{PeerIP: "fd00::1::179"}, want: []wantErr{invalid("spec.peerIP")}},
		{name: "IPv4 in brackets", spec: v3.BGPPeerSpec{PeerIP: "[10.0.0.1]:179"}, want: []wantErr{invalid("spec.peerIP")}},
		{name: "hostname", spec: v3.BGPPeerSpec{PeerIP: "router.example.com:179"}, want: []wantErr{invalid("spec.peerIP")}},
		{name: "CIDR", spec: v3.BGPPeerSpec{PeerIP: "10.0.0.0/24"}, want: []wantErr{invalid("spec.peerIP")}},
		{name: "peerIP too long", spec: v3.BGPPeerSpec{PeerIP: strings.Repeat("1", 65)}, want: []wantErr{tooLong("spec.peerIP")}},
		{name: "bad selectors", spec: v3.BGPPeerSpec{NodeSelector: "a ==", PeerSelector: "has(", LocalWorkloadSelector: "!", ASNumber: 0},
			want: []wantErr{invalid("spec.nodeSelector"), invalid("spec.peerSelector"), invalid("spec.localWorkloadSelector"),
				forbidden("spec.peerSelector"), required("spec.asNumber")}},
		{name: "selector too long", spec: v3.BGPPeerSpec{NodeSelector: "a == '" + strings.Repeat("x", 4096) + "'"},
			want: []wantErr{tooLong("spec.nodeSelector")}},
		{name: "unknown enum values", spec: v3.BGPPeerSpec{
			SourceAddress: "NodeIP", NextHopMode: (*v3.NextHopMode)(strPtr("keep")), ReversePeering: (*v3.ReversePeering)(strPtr("")),
		}, want: []wantErr{notSupported("spec.sourceAddress"), notSupported("spec.nextHopMode"), notSupported("spec.reversePeering")}},
		{name: "password without a key", spec: v3.BGPPeerSpec{Password: secretRef("")}, want: []wantErr{required("spec.password.secretKeyRef.key")}},
		{name: "bad filter names", spec: v3.BGPPeerSpec{Filters: []string{"ok", "Not_OK", ""}},
			want: []wantErr{invalid("spec.filters[1]"), invalid("spec.filters[2]")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			peer := &v3.BGPPeer{Spec: c.spec}
			peer.Name = "peer"
			checkErrs(t, ValidateBGPPeer(peer), c.want)
		})
	}
}

func TestValidateBGPPeerSelectorsUseCalicoGrammar(t *testing.T) {
	var seen []string
	orig := validateSelector
	t.Cleanup(func() { validateSelector = orig })
	validateSelector = func(p *field.Path, s string) field.ErrorList {
		seen = append(seen, p.String())
		return orig(p, s)
	}
	ValidateBGPPeer(&v3.BGPPeer{Spec: v3.BGPPeerSpec{NodeSelector: "a", PeerSelector: "b", LocalWorkloadSelector: "c"}})
	if got := strings.Join(seen, ","); got != "spec.nodeSelector,spec.peerSelector,spec.localWorkloadSelector" {
		t.Errorf("selector fields checked: %s", got)
	}
}
