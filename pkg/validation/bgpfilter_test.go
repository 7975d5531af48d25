package validation

import (
	"testing"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

func i32(i int32) *int32 { return &i }

func communities(vs ...string) *v3.BGPFilterCommunityMatch {
	m := &v3.BGPFilterCommunityMatch{Values: []v3.BGPCommunityValue{}}
	for _, v := range vs {
		m.Values = append(m.Values, v3.BGPCommunityValue(v))
	}
	return m
}

func prepend(n int) *v3.BGPFilterPrependASPath {
	p := &v3.BGPFilterPrependASPath{Prefix: []numorstring.ASNumber{}}
	for i := 0; i < n; i++ {
		p.Prefix = append(p.Prefix, numorstring.ASNumber(64512+i))
	}
	return p
}

func TestValidateBGPFilter(t *testing.T) {
	accept, reject := v3.BGPFilterActionAccept, v3.BGPFilterActionReject
	in := v3.BGPFilterMatchOperatorIn
	cases := []struct {
		name string
		spec v3.BGPFilterSpec
		want []wantErr
	}{
		{name: "empty filter is valid"},
		{name: "full filter is valid", spec: v3.BGPFilterSpec{
			ExportV4: []v3.BGPFilterRuleV4{
				{CIDR: "10.0.0.0/8", MatchOperator: in, PrefixLength: &v3.BGPFilterPrefixLengthV4{Min: i32(0), Max: i32(32)},
					Source: v3.BGPFilterSourceRemotePeers, Interface: "eth*", PeerType: v3.BGPFilterPeerTypeEBGP,
					Communities: communities("64512:100"), ASPathPrefix: []numorstring.ASNumber{64512}, Priority: intp(2147483646),
					Action: accept, Operations: []v3.BGPFilterOperation{
						{AddCommunity: &v3.BGPFilterAddCommunity{Value: "64512:100:4294967295"}},
						{PrependASPath: prepend(10)},
						{SetPriority: &v3.BGPFilterSetPriority{Value: 1}},
					}},
				{Action: reject},
			},
			ImportV4: []v3.BGPFilterRuleV4{{CIDR: "192.0.2.1", MatchOperator: v3.BGPFilterMatchOperatorEqual, Interface: "*", Action: accept}},
			ExportV6: []v3.BGPFilterRuleV6{{CIDR: "fd00::/8", MatchOperator: v3.BGPFilterMatchOperatorNotIn,
				PrefixLength: &v3.BGPFilterPrefixLengthV6{Min: i32(64), Max: i32(128)}, PeerType: v3.BGPFilterPeerTypeIBGP, Action: reject}},
			ImportV6: []v3.BGPFilterRuleV6{{CIDR: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", MatchOperator: v3.BGPFilterMatchOperatorNotEqual, Action: accept}},
		}},
		{name: "cidr without operator and operator without cidr", spec: v3.BGPFilterSpec{
			ExportV4: []v3.BGPFilterRuleV4{{CIDR: "10.0.0.0/8", Action: accept}, {MatchOperator: in, Action: accept}},
			ImportV6: []v3.BGPFilterRuleV6{{CIDR: "fd00::/8", Action: accept}, {MatchOperator: in, Action: accept}},
		}, want: []wantErr{
			required("spec.exportV4[0].matchOperator"), required("spec.exportV4[1].cidr"),
			required("spec.importV6[0].matchOperator"), required("spec.importV6[1].cidr"),
		}},
		{name: "prefix length without cidr", spec: v3.BGPFilterSpec{
			ImportV4: []v3.BGPFilterRuleV4{{PrefixLength: &v3.BGPFilterPrefixLengthV4{Min: i32(8)}, Action: accept}},
			ExportV6: []v3.BGPFilterRuleV6{{PrefixLength: &v3.BGPFilterPrefixLengthV6{}, Action: accept}},
		}, want: []wantErr{forbidden("spec.importV4[0].prefixLength"), forbidden("spec.exportV6[0].prefixLength")}},
		{name: "prefix lengths out of range", spec: v3.BGPFilterSpec{
			ImportV4: []v3.BGPFilterRuleV4{{CIDR: "10.0.0.0/8", MatchOperator: in, PrefixLength: &v3.BGPFilterPrefixLengthV4{Min: i32(-1), Max: i32(33)}, Action: accept}},
			ImportV6: []v3.BGPFilterRuleV6{{CIDR: "fd00::/8", MatchOperator: in, PrefixLength: &v3.BGPFilterPrefixLengthV6{Min: i32(-1), Max: i32(129)}, Action: accept}},
		}, want: []wantErr{
			invalid("spec.importV4[0].prefixLength.min"), invalid("spec.importV4[0].prefixLength.max"),
			invalid("spec.importV6[0].prefixLength.min"), invalid("spec.importV6[0].prefixLength.max"),
		}},
		{name: "bad and wrong-family CIDRs", spec: v3.BGPFilterSpec{
			ExportV4: []v3.BGPFilterRuleV4{
				{CIDR: "10.0.0.1/8", MatchOperator: in, Action: accept},
				{CIDR: "fd00::/8", MatchOperator: in, Action: accept},
				{CIDR: "10.0.0.0/8 ", MatchOperator: in, Action: accept},
				{CIDR: "255.255.255.255/32x", MatchOperator: in, Action: accept},
			},
			ExportV6: []v3.BGPFilterRuleV6{
				{CIDR: "10.0.0.0/8", MatchOperator: in, Action: accept},
				{CIDR: "fd00::1/8", MatchOperator: in, Action: accept},
				{CIDR: "0000:0000:0000:0000:0000:0000:255.255.255.255/128", MatchOperator: in, Action: accept},
			},
		}, want: []wantErr{
			invalid("spec.exportV4[0].cidr"), invalid("spec.exportV4[1].cidr"), invalid("spec.exportV4[2].cidr"), tooLong("spec.exportV4[3].cidr"),
			invalid("spec.exportV6[0].cidr"), invalid("spec.exportV6[1].cidr"), tooLong("spec.exportV6[2].cidr"),
		}},
		{name: "unknown enum values", spec: v3.BGPFilterSpec{
			ImportV4: []v3.BGPFilterRuleV4{
				{CIDR: "10.0.0.0/8", MatchOperator: "in", Source: "Peers", PeerType: "ebgp", Action: "Allow"},
				{},
			},
		}, want: []wantErr{
			notSupported("spec.importV4[0].matchOperator"), notSupported("spec.importV4[0].source"),
			notSupported("spec.importV4[0].peerType"), notSupported("spec.importV4[0].action"), required("spec.importV4[1].action"),
		}},
		{name: "bad interfaces", spec: v3.BGPFilterSpec{
			ExportV6: []v3.BGPFilterRuleV6{{Interface: "sixteen-chars-xx", Action: accept}, {Interface: "eth/0", Action: accept}},
		}, want: []wantErr{invalid("spec.exportV6[0].interface"), invalid("spec.exportV6[1].interface")}},
		{name: "community matches", spec: v3.BGPFilterSpec{
			ImportV4: []v3.BGPFilterRuleV4{
				{Communities: communities(), Action: accept},
				{Communities: communities("1:1", "2:2"), Action: accept},
				{Communities: communities("65536:1"), Action: accept},
				{Communities: communities("1:2:3:4"), Action: accept},
			},
		}, want: []wantErr{
			required("spec.importV4[0].communities.values"), tooMany("spec.importV4[1].communities.values"),
			invalid("spec.importV4[2].communities.values[0]"), invalid("spec.importV4[3].communities.values[0]"),
		}},
		{name: "priorities out of range", spec: v3.BGPFilterSpec{
			ExportV4: []v3.BGPFilterRuleV4{{Priority: intp(0), Action: accept, Operations: []v3.BGPFilterOperation{
				{SetPriority: &v3.BGPFilterSetPriority{Value: 2147483647}},
			}}},
		}, want: []wantErr{invalid("spec.exportV4[0].priority"), invalid("spec.exportV4[0].operations[0].setPriority.value")}},
		{name: "operations only with Accept", spec: v3.BGPFilterSpec{
			ExportV6: []v3.BGPFilterRuleV6{{Action: reject, Operations: []v3.BGPFilterOperation{{SetPriority: &v3.BGPFilterSetPriority{Value: 5}}}}},
		}, want: []wantErr{forbidden("spec.exportV6[0].operations")}},
		{name: "bad operations", spec: v3.BGPFilterSpec{
			ExportV4: []v3.BGPFilterRuleV4{{Action: accept, Operations: []v3.BGPFilterOperation{
				{},
				{AddCommunity: &v3.BGPFilterAddCommunity{Value: "1:1"}, SetPriority: &v3.BGPFilterSetPriority{Value: 5}},
				{AddCommunity: &v3.BGPFilterAddCommunity{}},
				{AddCommunity: &v3.BGPFilterAddCommunity{Value: "x:y"}},
				{PrependASPath: prepend(0)},
				{PrependASPath: prepend(11)},
			}}},
		}, want: []wantErr{
			required("spec.exportV4[0].operations[0]"), forbidden("spec.exportV4[0].operations[1]"),
			required("spec.exportV4[0].operations[2].addCommunity.value"), invalid("spec.exportV4[0].operations[3].addCommunity.value"),
			required("spec.exportV4[0].operations[4].prependASPath.prefix"), tooMany("spec.exportV4[0].operations[5].prependASPath.prefix"),
		}},
		{name: "too many operations", spec: v3.BGPFilterSpec{
			ImportV6: []v3.BGPFilterRuleV6{{Action: accept, Operations: make11Priorities()}},
		}, want: []wantErr{tooMany("spec.importV6[0].operations")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := &v3.BGPFilter{Spec: c.spec}
			f.Name = "filter"
			checkErrs(t, ValidateBGPFilter(f), c.want)
		})
	}
}

func make11Priorities() []v3.BGPFilterOperation {
	var ops []v3.BGPFilterOperation
	for i := 0; i < 11; i++ {
		ops = append(ops, v3.BGPFilterOperation{SetPriority: &v3.BGPFilterSetPriority{Value: i + 1}})
	}
	return ops
}
