package validation

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// felixFromJSON builds a FelixConfiguration as the API server decodes one, so that the
// table-generated cases name fields exactly as clients do.
func felixFromJSON(t *testing.T, name, spec string) *v3.FelixConfiguration {
	t.Helper()
	fc := &v3.FelixConfiguration{}
	if err := json.Unmarshal([]byte(`{"metadata":{"name":"`+name+`"},"spec":`+spec+`}`), fc); err != nil {
		t.Fatalf("decoding %s: %v", spec, err)
	}
	return fc
}

type felixCase struct {
	name string
	spec string
	want []wantErr
}

func runFelixCases(t *testing.T, cases []felixCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkErrs(t, ValidateFelixConfiguration(felixFromJSON(t, "custom", c.spec)), c.want)
		})
	}
}

func one(name string, v interface{}) string {
	b, _ := json.Marshal(map[string]interface{}{name: v})
	return string(b)
}

func TestFelixEnums(t *testing.T) {
	var cases []felixCase
	for _, e := range felixEnums {
		for _, v := range e.values {
			cases = append(cases, felixCase{e.name + "=" + v, one(e.name, v), nil})
		}
		lower := strings.ToLower(e.values[0])
		if e.foldCase {
			cases = append(cases, felixCase{e.name + " case-insensitive", one(e.name, lower), nil})
		} else {
			cases = append(cases, felixCase{e.name + " case-sensitive", one(e.name, lower), []wantErr{notSupported("spec." + e.name)}})
		}
		cases = append(cases, felixCase{e.name + " unknown", one(e.name, "Bogus"), []wantErr{notSupported("spec." + e.name)}})
	}
	runFelixCases(t, cases)
}

func TestFelixIntRanges(t *testing.T) {
	var cases []felixCase
	for _, r := range felixInts {
		cases = append(cases, felixCase{fmt.Sprintf("%s=%d", r.name, r.min), one(r.name, r.min), nil})
		cases = append(cases, felixCase{fmt.Sprintf("%s=%d", r.name, r.min-1), one(r.name, r.min-1), []wantErr{invalid("spec." + r.name)}})
		if r.max != noMax {
			cases = append(cases, felixCase{fmt.Sprintf("%s=%d", r.name, r.max), one(r.name, r.max), nil})
			cases = append(cases, felixCase{fmt.Sprintf("%s=%d", r.name, r.max+1), one(r.name, r.max+1), []wantErr{invalid("spec." + r.name)}})
		}
	}
	runFelixCases(t, cases)
}

func TestFelixDurations(t *testing.T) {
	var cases []felixCase
	for _, d := range felixDurations {
		p := "spec." + d.name
		cases = append(cases,
			felixCase{d.name + " 1m30s", one(d.name, "90s"), nil},
			felixCase{d.name + " 500ms", one(d.name, "500ms"), nil},
			felixCase{d.name + " 0", one(d.name, "0s"), nil},
			felixCase{d.name + " negative", one(d.name, "-1s"), []wantErr{invalid(p)}},
			felixCase{d.name + " microseconds", one(d.name, "10us"), []wantErr{invalid(p)}},
		)
		if d.decimals {
			cases = append(cases, felixCase{d.name + " decimal", one(d.name, "1500ms"), nil})
		} else {
			cases = append(cases, felixCase{d.name + " written back as 1.5s", one(d.name, "1500ms"), []wantErr{invalid(p)}})
		}
	}
	runFelixCases(t, cases)
}

// Every duration field of the spec is in the duration table.
func TestFelixDurationTableIsComplete(t *testing.T) {
	inTable := map[string]bool{}
	for _, d := range felixDurations {
		inTable[d.name] = true
	}
	typ := reflect.TypeOf(v3.FelixConfigurationSpec{})
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		if f.Type == reflect.TypeOf(&metav1.Duration{}) {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !inTable[name] {
				t.Errorf("duration field %s is not in felixDurations", name)
			}
		}
	}
}

func TestFelixRegexps(t *testing.T) {
	var cases []felixCase
	for _, r := range felixRegexpFields {
		cases = append(cases,
			felixCase{r.name + " valid", one(r.name, "^(eth|ens)[0-9]+$"), nil},
			felixCase{r.name + " invalid", one(r.name, "eth(["), []wantErr{invalid("spec." + r.name)}},
		)
	}
	runFelixCases(t, cases)
}

func TestFelixPatterns(t *testing.T) {
	examples := map[string]struct{ good, bad []string }{
		"featureDetectOverride":              {[]string{"SNATFullyRandom=true,MASQFullyRandom=false", "a=b,,c=", ""}, []string{"=true", "a b=c", "x"}},
		"featureGates":                       {[]string{"BPFConnectTimeLoadBalancingWorkaround=enabled"}, []string{"a-b=c"}},
		"prometheusMetricsHost":              {[]string{"0.0.0.0", "::", "localhost"}, []string{"host name", strings.Repeat("a", 65)}},
		"iptablesNATOutgoingInterfaceFilter": {[]string{"eth+", "cali.1:2"}, []string{"eth0*", strings.Repeat("e", 16)}},
		"wireguardInterfaceName":             {[]string{"*", "wireguard.cali"}, []string{"wg+", strings.Repeat("w", 16)}},
		"wireguardInterfaceNameV6":           {[]string{"wg-v6.cali"}, []string{"a b"}},
		"logActionRateLimit":                 {[]string{"10/second", "9999/day"}, []string{"0/second", "10000/hour", "5/week", "5"}},
		"logPrefix":                          {[]string{"calico-packet %t: /x_"}, []string{"calico;", "a\nb"}},
	}
	var cases []felixCase
	for _, p := range felixPatterns {
		ex, ok := examples[p.name]
		if !ok {
			t.Fatalf("no examples for %s", p.name)
		}
		for _, v := range ex.good {
			cases = append(cases, felixCase{p.name + " " + v, one(p.name, v), nil})
		}
		for _, v := range ex.bad {
			cases = append(cases, felixCase{p.name + " " + v, one(p.name, v), []wantErr{invalid("spec." + p.name)}})
		}
	}
	cases = append(cases, felixCase{"empty logActionRateLimit", `{"logActionRateLimit":""}`, []wantErr{invalid("spec.logActionRateLimit")}})
	runFelixCases(t, cases)
}

func TestFelixAddressesAndCIDRs(t *testing.T) {
	var cases []felixCase
	for _, a := range felixAddresses {
		good, bad := "10.0.0.1", "fd00::1"
		if a.ipv6 {
			good, bad = bad, good
		}
		cases = append(cases,
			felixCase{a.name + " " + good, one(a.name, good), nil},
			felixCase{a.name + " " + bad, one(a.name, bad), []wantErr{invalid("spec." + a.name)}},
			felixCase{a.name + " garbage", one(a.name, "10.0.0.0/8"), []wantErr{invalid("spec." + a.name)}},
		)
	}
	for _, l := range felixCIDRLists {
		cases = append(cases,
			felixCase{l.name + " valid", one(l.name, []string{"10.0.0.0/8", "10.1.2.3/16", "192.168.0.1"}), nil},
			felixCase{l.name + " invalid", one(l.name, []string{"10.0.0.0/8", "10.0.0.0/33", "x"}),
				[]wantErr{invalid("spec." + l.name + "[1]"), invalid("spec." + l.name + "[2]")}},
		)
		if l.ipv4Only {
			cases = append(cases, felixCase{l.name + " IPv6", one(l.name, []string{"fd00::/8"}), []wantErr{invalid("spec." + l.name + "[0]")}})
		} else {
			cases = append(cases, felixCase{l.name + " IPv6", one(l.name, []string{"fd00::/8", "fd00::1"}), nil})
		}
	}
	runFelixCases(t, cases)
}

func TestFelixOtherRules(t *testing.T) {
	runFelixCases(t, []felixCase{
		{"empty spec", `{}`, nil},
		{"openstackRegion", `{"openstackRegion":"region-one"}`, nil},
		{"openstackRegion not a DNS label", `{"openstackRegion":"Region.One"}`, []wantErr{invalid("spec.openstackRegion")}},
		{"openstackRegion too long", one("openstackRegion", strings.Repeat("r", 47)), []wantErr{tooLong("spec.openstackRegion")}},
		{"bpfForceTrackPacketsFromIfaces", `{"bpfForceTrackPacketsFromIfaces":["docker+","eth0"]}`, nil},
		{"bpfForceTrackPacketsFromIfaces bad", `{"bpfForceTrackPacketsFromIfaces":["ok","docker*",""]}`,
			[]wantErr{invalid("spec.bpfForceTrackPacketsFromIfaces[1]"), invalid("spec.bpfForceTrackPacketsFromIfaces[2]")}},
		{"bpfLogFilters", `{"bpfLogFilters":{"eth0":"tcp port 80","all":""}}`, nil},
		{"bpfLogFilters wildcard key", `{"bpfLogFilters":{"*":"tcp"}}`, []wantErr{invalid("spec.bpfLogFilters[*]")}},
		{"bpfConntrackTimeouts", `{"bpfConntrackTimeouts":{"tcpFinsSeen":"Auto","udpTimeout":"60s","icmpTimeout":"1.5s","genericTimeout":"100us"}}`, nil},
		{"bpfConntrackTimeouts bad", `{"bpfConntrackTimeouts":{"tcpFinsSeen":"auto","udpTimeout":"-1s","creationGracePeriod":""}}`,
			[]wantErr{invalid("spec.bpfConntrackTimeouts.tcpFinsSeen"), invalid("spec.bpfConntrackTimeouts.udpTimeout"), invalid("spec.bpfConntrackTimeouts.creationGracePeriod")}},
		{"healthTimeoutOverrides", `{"healthTimeoutOverrides":[{"name":"InternalDataplaneMainLoop","timeout":"5m"},{"name":"calc graph-1","timeout":"0s"}]}`, nil},
		{"healthTimeoutOverrides bad", `{"healthTimeoutOverrides":[{"name":"a.b","timeout":"-1s"},{"name":"","timeout":"1s"}]}`,
			[]wantErr{invalid("spec.healthTimeoutOverrides[0].name"), invalid("spec.healthTimeoutOverrides[0].timeout"), required("spec.healthTimeoutOverrides[1].name")}},
		{"kubeNodePortRanges", `{"kubeNodePortRanges":[30000,"30000:32767","80"]}`, nil},
		{"kubeNodePortRanges bad", `{"kubeNodePortRanges":["http",0,"0:10"]}`,
			[]wantErr{invalid("spec.kubeNodePortRanges[0]"), invalid("spec.kubeNodePortRanges[1]"), invalid("spec.kubeNodePortRanges[2]")}},
		{"kubeNodePortRanges too many", `{"kubeNodePortRanges":[1,2,3,4,5,6,7,8]}`, []wantErr{tooMany("spec.kubeNodePortRanges")}},
		{"NAT port ranges", `{"natPortRange":"32768:65000","bpfPSNATPorts":"20000:29999"}`, nil},
		{"NAT port ranges bad", `{"natPortRange":"nat","bpfPSNATPorts":0}`, []wantErr{invalid("spec.natPortRange"), invalid("spec.bpfPSNATPorts")}},
		{"failsafe ports", `{"failsafeInboundHostPorts":[{"protocol":"tcp","port":22},{"port":68},{"protocol":"UDP","port":53,"net":"10.0.0.0/8"}],"failsafeOutboundHostPorts":[]}`, nil},
		{"failsafe ports bad", `{"failsafeInboundHostPorts":[{"protocol":"icmp","port":22}],"failsafeOutboundHostPorts":[{"protocol":"tcp","port":1,"net":"nowhere"}]}`,
			[]wantErr{notSupported("spec.failsafeInboundHostPorts[0].protocol"), invalid("spec.failsafeOutboundHostPorts[0].net")}},
		{"routeTableRange", `{"routeTableRange":{"min":1,"max":250}}`, nil},
		{"routeTableRange bad", `{"routeTableRange":{"min":0,"max":251}}`, []wantErr{invalid("spec.routeTableRange.min"), invalid("spec.routeTableRange.max")}},
		{"routeTableRange reversed", `{"routeTableRange":{"min":20,"max":10}}`, []wantErr{invalid("spec.routeTableRange")}},
		{"routeTableRanges", `{"routeTableRanges":[{"min":1,"max":250},{"min":4294967000,"max":4294967295}]}`, nil},
		{"routeTableRanges bad", `{"routeTableRanges":[{"min":0,"max":10},{"min":10,"max":5},{"min":1,"max":4294967296}]}`,
			[]wantErr{invalid("spec.routeTableRanges[0].min"), invalid("spec.routeTableRanges[1]"), invalid("spec.routeTableRanges[2].max")}},
		{"routeTableRanges too many tables", `{"routeTableRanges":[{"min":1,"max":65535},{"min":100000,"max":100000}]}`, []wantErr{invalid("spec.routeTableRanges")}},
		{"both route table fields", `{"routeTableRange":{"min":1,"max":2},"routeTableRanges":[{"min":1,"max":2}]}`, []wantErr{forbidden("spec.routeTableRanges")}},
		{"nodeSelector", `{"nodeSelector":"role == 'edge'"}`, nil},
		{"nodeSelector invalid", `{"nodeSelector":"role = 'edge'"}`, []wantErr{invalid("spec.nodeSelector")}},
		{"nodeSelector too long", one("nodeSelector", "has("+strings.Repeat("a", 1100)+")"), []wantErr{tooLong("spec.nodeSelector")}},
		{"everything together", `{"bpfLogLevel":"debug","debugPort":70000,"routeRefreshInterval":"1500ms","mtuIfacePattern":"(","natOutgoingAddress":"fd00::1"}`,
			[]wantErr{notSupported("spec.bpfLogLevel"), invalid("spec.debugPort"), invalid("spec.routeRefreshInterval"), invalid("spec.mtuIfacePattern"), invalid("spec.natOutgoingAddress")}},
	})
}

func TestFelixNodeSelectorForbiddenOnDefaultAndNodeConfigs(t *testing.T) {
	for _, name := range []string{"default", "node.worker-1"} {
		errs := ValidateFelixConfiguration(felixFromJSON(t, name, `{"nodeSelector":"all()"}`))
		checkErrs(t, errs, []wantErr{forbidden("spec.nodeSelector")})
		checkErrs(t, ValidateFelixConfiguration(felixFromJSON(t, name, `{"logSeverityScreen":"Info"}`)), nil)
	}
}
