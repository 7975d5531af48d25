package validation

import (
	"fmt"
	"net"
	"regexp"
	"sort"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// FelixConfiguration has well over a hundred optional fields, most constrained by one
// simple rule each. They are checked from tables (validation-and-defaults.md §3.14): one
// of enums, one of integer ranges, one of durations, one of regular expressions and one
// of string patterns. Each row names its field by its JSON name, which is also its field
// path under spec, and reads the value with a getter; an unset field is never checked.

type felixSpec = v3.FelixConfigurationSpec

// logSeverities and maxRoutePriority are shared with BGPConfiguration (bgpconfiguration.go).

// felixEnum is a field that takes one of a fixed set of values. Calico's Go validator
// compares case-sensitively; the values only constrained by the CRD's patterns
// (foldCase) are compared case-insensitively, as the kube-apiserver does.
type felixEnum struct {
	name     string
	get      func(*felixSpec) string
	values   []string
	foldCase bool
}

func strp[T ~string](p *T) string {
	if p == nil {
		return ""
	}
	return string(*p)
}

var felixEnums = []felixEnum{
	{"iptablesBackend", func(s *felixSpec) string { return strp(s.IptablesBackend) }, []string{"Auto", "NFT", "Legacy"}, false},
	{"defaultEndpointToHostAction", func(s *felixSpec) string { return s.DefaultEndpointToHostAction }, []string{"Drop", "Accept", "Return"}, false},
	{"iptablesFilterAllowAction", func(s *felixSpec) string { return s.IptablesFilterAllowAction }, []string{"Accept", "Return"}, false},
	{"iptablesMangleAllowAction", func(s *felixSpec) string { return s.IptablesMangleAllowAction }, []string{"Accept", "Return"}, false},
	{"iptablesFilterDenyAction", func(s *felixSpec) string { return s.IptablesFilterDenyAction }, []string{"Drop", "Reject"}, false},
	{"nftablesFilterAllowAction", func(s *felixSpec) string { return s.NftablesFilterAllowAction }, []string{"Accept", "Return"}, false},
	{"nftablesMangleAllowAction", func(s *felixSpec) string { return s.NftablesMangleAllowAction }, []string{"Accept", "Return"}, false},
	{"nftablesFilterDenyAction", func(s *felixSpec) string { return s.NftablesFilterDenyAction }, []string{"Drop", "Reject"}, false},
	{"logSeverityFile", func(s *felixSpec) string { return s.LogSeverityFile }, logSeverities, false},
	{"logSeverityScreen", func(s *felixSpec) string { return s.LogSeverityScreen }, logSeverities, false},
	{"logSeveritySys", func(s *felixSpec) string { return s.LogSeveritySys }, logSeverities, false},
	{"prometheusMetricsClientAuth", func(s *felixSpec) string { return s.PrometheusMetricsClientAuth },
		[]string{"RequireAndVerifyClientCert", "RequireAnyClientCert", "VerifyClientCertIfGiven", "NoClientCert"}, false},
	{"natOutgoingExclusions", func(s *felixSpec) string { return strp(s.NATOutgoingExclusions) }, []string{"IPPoolsOnly", "IPPoolsAndHostIPs"}, false},
	{"bpfJITHardening", func(s *felixSpec) string { return strp(s.BPFJITHardening) }, []string{"Auto", "Strict"}, false},
	{"bpfLogLevel", func(s *felixSpec) string { return s.BPFLogLevel }, []string{"Debug", "Info", "Off"}, false},
	{"bpfConntrackLogLevel", func(s *felixSpec) string { return s.BPFConntrackLogLevel }, []string{"Off", "Debug"}, false},
	{"bpfConntrackMode", func(s *felixSpec) string { return strp(s.BPFConntrackCleanupMode) }, []string{"Auto", "Userspace", "BPFProgram"}, false},
	{"bpfConnectTimeLoadBalancing", func(s *felixSpec) string { return strp(s.BPFConnectTimeLoadBalancing) }, []string{"TCP", "Enabled", "Disabled"}, false},
	{"bpfHostNetworkedNATWithoutCTLB", func(s *felixSpec) string { return strp(s.BPFHostNetworkedNATWithoutCTLB) }, []string{"Enabled", "Disabled"}, false},
	{"bpfExternalServiceMode", func(s *felixSpec) string { return s.BPFExternalServiceMode }, []string{"Tunnel", "DSR"}, false},
	{"bpfAttachType", func(s *felixSpec) string { return strp(s.BPFAttachType) }, []string{"TC", "TCX"}, false},
	{"awsSrcDstCheck", func(s *felixSpec) string { return strp(s.AWSSrcDstCheck) }, []string{"DoNothing", "Enable", "Disable"}, false},
	{"serviceLoopPrevention", func(s *felixSpec) string { return s.ServiceLoopPrevention }, []string{"Drop", "Reject", "Disabled"}, false},
	{"workloadSourceSpoofing", func(s *felixSpec) string { return s.WorkloadSourceSpoofing }, []string{"Disabled", "Any"}, false},
	{"windowsManageFirewallRules", func(s *felixSpec) string { return strp(s.WindowsManageFirewallRules) }, []string{"Enabled", "Disabled"}, false},
	// Constrained only by the CRD's case-insensitive patterns (§3.14 [SCHEMA]).
	{"chainInsertMode", func(s *felixSpec) string { return s.ChainInsertMode }, []string{"Insert", "Append"}, true},
	{"bpfEnforceRPF", func(s *felixSpec) string { return s.BPFEnforceRPF }, []string{"Disabled", "Strict", "Loose"}, true},
	{"nftablesMode", func(s *felixSpec) string { return strp(s.NFTablesMode) }, []string{"Enabled", "Disabled", "Auto"}, true},
}

// felixInt is an integer field with an inclusive range.
type felixInt struct {
	name     string
	get      func(*felixSpec) *int
	min, max int64
}

const noMax = int64(1) << 62

var felixInts = []felixInt{
	{"debugPort", func(s *felixSpec) *int { return s.DebugPort }, 0, 65535},
	{"bpfKubeProxyHealthzPort", func(s *felixSpec) *int { return s.BPFKubeProxyHealthzPort }, 0, 65535},
	{"bpfExtToServiceConnmark", func(s *felixSpec) *int { return s.BPFExtToServiceConnmark }, 0, 4294967295},
	{"bpfMapSizeConntrackCleanupQueue", func(s *felixSpec) *int { return s.BPFMapSizeConntrackCleanupQueue }, 1, noMax},
	{"ipv4NormalRoutePriority", func(s *felixSpec) *int { return s.IPv4NormalRoutePriority }, 1, maxRoutePriority},
	{"ipv4ElevatedRoutePriority", func(s *felixSpec) *int { return s.IPv4ElevatedRoutePriority }, 1, maxRoutePriority},
	{"ipv6NormalRoutePriority", func(s *felixSpec) *int { return s.IPv6NormalRoutePriority }, 1, maxRoutePriority},
	{"ipv6ElevatedRoutePriority", func(s *felixSpec) *int { return s.IPv6ElevatedRoutePriority }, 1, maxRoutePriority},
	{"wireguardListeningPort", func(s *felixSpec) *int { return s.WireguardListeningPort }, 1, 65535},
	{"wireguardListeningPortV6", func(s *felixSpec) *int { return s.WireguardListeningPortV6 }, 1, 65535},
	{"wireguardRoutingRulePriority", func(s *felixSpec) *int { return s.WireguardRoutingRulePriority }, 1, 32765},
	{"goGCThreshold", func(s *felixSpec) *int { return s.GoGCThreshold }, -1, noMax},
	{"goMemoryLimitMB", func(s *felixSpec) *int { return s.GoMemoryLimitMB }, -1, noMax},
	{"goMaxProcs", func(s *felixSpec) *int { return s.GoMaxProcs }, -1, noMax},
	{"bpfMaglevMaxEndpointsPerService", func(s *felixSpec) *int { return s.BPFMaglevMaxEndpointsPerService }, 1, 3000},
	{"bpfMaglevMaxServices", func(s *felixSpec) *int { return s.BPFMaglevMaxServices }, 1, 3000},
	{"logActionRateLimitBurst", func(s *felixSpec) *int { return s.LogActionRateLimitBurst }, 0, 9999},
	// Calico tags this field with its CIDR-list validator and panics on any value (§6);
	// here it is what it is meant to be, a buffer size of at least one megabyte.
	{"bpfExportBufferSizeMB", func(s *felixSpec) *int { return s.BPFExportBufferSizeMB }, 1, noMax},
}

// felixDuration is a duration field. The CRD's pattern (enforced when the object is
// stored) accepts only sequences of <digits><unit> with units ms, s, m and h, and is
// matched against Go's spelling of the duration; decimals are allowed for one field.
type felixDuration struct {
	name     string
	get      func(*felixSpec) *metav1.Duration
	decimals bool
}

var felixDurations = []felixDuration{
	{"dataplaneWatchdogTimeout", func(s *felixSpec) *metav1.Duration { return s.DataplaneWatchdogTimeout }, false},
	{"routeRefreshInterval", func(s *felixSpec) *metav1.Duration { return s.RouteRefreshInterval }, false},
	{"interfaceRefreshInterval", func(s *felixSpec) *metav1.Duration { return s.InterfaceRefreshInterval }, false},
	{"iptablesRefreshInterval", func(s *felixSpec) *metav1.Duration { return s.IptablesRefreshInterval }, false},
	{"iptablesPostWriteCheckInterval", func(s *felixSpec) *metav1.Duration { return s.IptablesPostWriteCheckInterval }, false},
	{"iptablesLockProbeInterval", func(s *felixSpec) *metav1.Duration { return s.IptablesLockProbeInterval }, false},
	{"ipsetsRefreshInterval", func(s *felixSpec) *metav1.Duration { return s.IpsetsRefreshInterval }, false},
	{"xdpRefreshInterval", func(s *felixSpec) *metav1.Duration { return s.XDPRefreshInterval }, false},
	{"netlinkTimeout", func(s *felixSpec) *metav1.Duration { return s.NetlinkTimeout }, false},
	{"reportingInterval", func(s *felixSpec) *metav1.Duration { return s.ReportingInterval }, false},
	{"reportingTTL", func(s *felixSpec) *metav1.Duration { return s.ReportingTTL }, false},
	{"endpointReportingDelay", func(s *felixSpec) *metav1.Duration { return s.EndpointReportingDelay }, false},
	{"usageReportingInitialDelay", func(s *felixSpec) *metav1.Duration { return s.UsageReportingInitialDelay }, false},
	{"usageReportingInterval", func(s *felixSpec) *metav1.Duration { return s.UsageReportingInterval }, false},
	{"debugSimulateCalcGraphHangAfter", func(s *felixSpec) *metav1.Duration { return s.DebugSimulateCalcGraphHangAfter }, false},
	{"debugSimulateDataplaneHangAfter", func(s *felixSpec) *metav1.Duration { return s.DebugSimulateDataplaneHangAfter }, false},
	{"debugSimulateDataplaneApplyDelay", func(s *felixSpec) *metav1.Duration { return s.DebugSimulateDataplaneApplyDelay }, false},
	{"nftablesRefreshInterval", func(s *felixSpec) *metav1.Duration { return s.NftablesRefreshInterval }, false},
	{"bpfKubeProxyMinSyncPeriod", func(s *felixSpec) *metav1.Duration { return s.BPFKubeProxyMinSyncPeriod }, false},
	{"flowLogsFlushInterval", func(s *felixSpec) *metav1.Duration { return s.FlowLogsFlushInterval }, false},
	{"wireguardKeepAlive", func(s *felixSpec) *metav1.Duration { return s.WireguardPersistentKeepAlive }, false},
	{"liveMigrationRouteConvergenceTime", func(s *felixSpec) *metav1.Duration { return s.LiveMigrationRouteConvergenceTime }, true},
}

var (
	wholeDurationRegex   = regexp.MustCompile(`^([0-9]+(ms|s|m|h))+$`)
	decimalDurationRegex = regexp.MustCompile(`^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$`)
	conntrackTimeoutRe   = regexp.MustCompile(`^(Auto|([0-9]+(\.[0-9]+)?(us|ms|s|m|h))+)$`)
)

// felixRegexpFields must compile as Go regular expressions. routeSource is among them
// because Calico's validator tags it so, although it is really WorkloadIPs or CalicoIPAM.
var felixRegexpFields = []struct {
	name string
	get  func(*felixSpec) string
}{
	{"logDebugFilenameRegex", func(s *felixSpec) string { return s.LogDebugFilenameRegex }},
	{"bpfDataIfacePattern", func(s *felixSpec) string { return s.BPFDataIfacePattern }},
	{"bpfL3IfacePattern", func(s *felixSpec) string { return s.BPFL3IfacePattern }},
	{"bpfDisableGROForIfaces", func(s *felixSpec) string { return s.BPFDisableGROForIfaces }},
	{"mtuIfacePattern", func(s *felixSpec) string { return s.MTUIfacePattern }},
	{"routeSource", func(s *felixSpec) string { return s.RouteSource }},
}

// felixPattern is a string field that must match a regular expression; reason says what
// the expression means.
type felixPattern struct {
	name   string
	get    func(*felixSpec) string
	re     *regexp.Regexp
	reason string
}

var (
	ifaceChars15         = regexp.MustCompile(`^[a-zA-Z0-9:._+-]{1,15}$`)
	ifaceChars15Reason   = `must be 1-15 characters of letters, digits, ":", ".", "_", "+" and "-"`
	keyValueListRegex    = regexp.MustCompile(`^\s*(\w+\s*=[^,]*)?(,\s*(\w+\s*=[^,]*)?)*$`)
	keyValueListReason   = `must be a comma-separated list of key=value pairs, with keys of letters, digits and "_", e.g. "Name=true,Other=false"`
	wireguardIfaceRegex  = regexp.MustCompile(`^(\*|[a-zA-Z0-9_.-]{1,15})$`)
	wireguardIfaceReason = `must be "*" or 1-15 characters of letters, digits, "_", "." and "-"`
)

var felixPatterns = []felixPattern{
	{"featureDetectOverride", func(s *felixSpec) string { return s.FeatureDetectOverride }, keyValueListRegex, keyValueListReason},
	{"featureGates", func(s *felixSpec) string { return s.FeatureGates }, keyValueListRegex, keyValueListReason},
	{"prometheusMetricsHost", func(s *felixSpec) string { return s.PrometheusMetricsHost },
		regexp.MustCompile(`^[a-zA-Z0-9:._+-]{1,64}$`), `must be a host name or address: 1-64 characters of letters, digits, ":", ".", "_", "+" and "-"`},
	{"iptablesNATOutgoingInterfaceFilter", func(s *felixSpec) string { return s.IptablesNATOutgoingInterfaceFilter }, ifaceChars15, ifaceChars15Reason},
	{"wireguardInterfaceName", func(s *felixSpec) string { return s.WireguardInterfaceName }, wireguardIfaceRegex, wireguardIfaceReason},
	{"wireguardInterfaceNameV6", func(s *felixSpec) string { return s.WireguardInterfaceNameV6 }, wireguardIfaceRegex, wireguardIfaceReason},
	{"logActionRateLimit", func(s *felixSpec) string { return strp(s.LogActionRateLimit) },
		regexp.MustCompile(`^[1-9][0-9]{0,3}/(second|minute|hour|day)$`), `must be N/second, N/minute, N/hour or N/day with N from 1 to 9999`},
	{"logPrefix", func(s *felixSpec) string { return s.LogPrefix },
		regexp.MustCompile(`^[a-zA-Z0-9%: /_-]*$`), `may contain only letters, digits, "%", ":", " ", "/", "_" and "-"`},
}

// felixAddresses are single IP addresses of one family.
var felixAddresses = []struct {
	name string
	get  func(*felixSpec) string
	ipv6 bool
}{
	{"natOutgoingAddress", func(s *felixSpec) string { return s.NATOutgoingAddress }, false},
	{"deviceRouteSourceAddress", func(s *felixSpec) string { return s.DeviceRouteSourceAddress }, false},
	{"deviceRouteSourceAddressIPv6", func(s *felixSpec) string { return s.DeviceRouteSourceAddressIPv6 }, true},
}

// felixCIDRLists are lists of CIDRs or bare addresses (host bits may be set).
var felixCIDRLists = []struct {
	name     string
	get      func(*felixSpec) *[]string
	ipv4Only bool
}{
	{"externalNodesList", func(s *felixSpec) *[]string { return s.ExternalNodesCIDRList }, true},
	{"bpfDSROptoutCIDRs", func(s *felixSpec) *[]string { return s.BPFDSROptoutCIDRs }, false},
	{"bpfExcludeCIDRsFromNAT", func(s *felixSpec) *[]string { return s.BPFExcludeCIDRsFromNAT }, false},
}

var (
	healthNameRegex   = regexp.MustCompile(`^[a-zA-Z0-9_ -]+$`)
	logFilterKeyRegex = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,15}$`)
	failsafeProtocols = []string{"tcp", "udp", "sctp"}
)

const (
	maxNodePortRanges       = 7
	maxRouteTableRangeIndex = 250
	maxRouteTableIndex      = 4294967295
	maxRouteTables          = 65535
	maxFelixNodeSelector    = 1024
)

// ValidateFelixConfiguration checks a FelixConfiguration (validation-and-defaults.md
// §3.14), reporting every violation.
func ValidateFelixConfiguration(fc *v3.FelixConfiguration) field.ErrorList {
	var errs field.ErrorList
	s := &fc.Spec

	for _, e := range felixEnums {
		v := e.get(s)
		if v == "" || containsFold(e.values, v, e.foldCase) {
			continue
		}
		errs = append(errs, field.NotSupported(specPath.Child(e.name), v, e.values))
	}
	for _, r := range felixInts {
		p := r.get(s)
		if p == nil || (int64(*p) >= r.min && int64(*p) <= r.max) {
			continue
		}
		errs = append(errs, field.Invalid(specPath.Child(r.name), *p, rangeReason(r.min, r.max)))
	}
	for _, d := range felixDurations {
		errs = append(errs, validateFelixDuration(specPath.Child(d.name), d.get(s), d.decimals)...)
	}
	for _, r := range felixRegexpFields {
		if v := r.get(s); v != "" {
			if _, err := regexp.Compile(v); err != nil {
				errs = append(errs, field.Invalid(specPath.Child(r.name), v, "must be a valid regular expression: "+err.Error()))
			}
		}
	}
	for _, p := range felixPatterns {
		if v := p.get(s); v != "" && !p.re.MatchString(v) {
			errs = append(errs, field.Invalid(specPath.Child(p.name), v, p.reason))
		}
	}
	if s.LogActionRateLimit != nil && *s.LogActionRateLimit == "" {
		errs = append(errs, field.Invalid(specPath.Child("logActionRateLimit"), "", "must be N/second, N/minute, N/hour or N/day with N from 1 to 9999"))
	}
	for _, a := range felixAddresses {
		errs = append(errs, validateFamilyIP(specPath.Child(a.name), a.get(s), a.ipv6)...)
	}
	for _, l := range felixCIDRLists {
		if p := l.get(s); p != nil {
			errs = append(errs, validateCIDRList(specPath.Child(l.name), *p, l.ipv4Only)...)
		}
	}

	if s.OpenstackRegion != "" {
		regionPath := specPath.Child("openstackRegion")
		if len(s.OpenstackRegion) > 46 {
			errs = append(errs, field.TooLong(regionPath, s.OpenstackRegion, 46))
		}
		for _, msg := range utilvalidation.IsDNS1123Label(s.OpenstackRegion) {
			if !strings.Contains(msg, "must be no more than") {
				errs = append(errs, field.Invalid(regionPath, s.OpenstackRegion, msg))
			}
		}
	}
	if s.BPFForceTrackPacketsFromIfaces != nil {
		for i, iface := range *s.BPFForceTrackPacketsFromIfaces {
			if !ifaceChars15.MatchString(iface) {
				errs = append(errs, field.Invalid(specPath.Child("bpfForceTrackPacketsFromIfaces").Index(i), iface, ifaceChars15Reason))
			}
		}
	}
	if s.BPFLogFilters != nil {
		for _, k := range sortedKeys(*s.BPFLogFilters) {
			if !logFilterKeyRegex.MatchString(k) {
				errs = append(errs, field.Invalid(specPath.Child("bpfLogFilters").Key(k), k,
					`keys must be interface names: 1-15 characters of letters, digits, "_", "." and "-"`))
			}
		}
	}
	if s.BPFConntrackTimeouts != nil {
		errs = append(errs, validateConntrackTimeouts(specPath.Child("bpfConntrackTimeouts"), s.BPFConntrackTimeouts)...)
	}
	for i, o := range s.HealthTimeoutOverrides {
		p := specPath.Child("healthTimeoutOverrides").Index(i)
		if !healthNameRegex.MatchString(o.Name) {
			if o.Name == "" {
				errs = append(errs, field.Required(p.Child("name"), "the name of a Felix component, as in its health reports"))
			} else {
				errs = append(errs, field.Invalid(p.Child("name"), o.Name, `must be letters, digits, "_", " " and "-"`))
			}
		}
		if o.Timeout.Duration < 0 {
			errs = append(errs, field.Invalid(p.Child("timeout"), o.Timeout.Duration.String(), "must not be negative"))
		}
	}
	errs = append(errs, validateFelixPorts(s)...)
	errs = append(errs, validateRouteTables(s)...)
	errs = append(errs, validateFelixNodeSelector(fc.Name, s.NodeSelector)...)
	return errs
}

func containsFold(values []string, v string, fold bool) bool {
	for _, value := range values {
		if value == v || (fold && strings.EqualFold(value, v)) {
			return true
		}
	}
	return false
}

func rangeReason(min, max int64) string {
	if max == noMax {
		return fmt.Sprintf("must be greater than or equal to %d", min)
	}
	return fmt.Sprintf("must be between %d and %d, inclusive", min, max)
}

// validateFelixDuration refuses what the datastore's schema would: negative durations
// and durations whose Go spelling has a fraction (1500ms is written back as 1.5s) or a
// unit below milliseconds.
func validateFelixDuration(path *field.Path, d *metav1.Duration, decimals bool) field.ErrorList {
	if d == nil {
		return nil
	}
	spelled := d.Duration.String()
	switch {
	case d.Duration < 0:
		return field.ErrorList{field.Invalid(path, spelled, "must not be negative")}
	case decimals && !decimalDurationRegex.MatchString(spelled):
		return field.ErrorList{field.Invalid(path, spelled, "must be a duration in ms, s, m or h, at least a millisecond's precision")}
	case !decimals && !wholeDurationRegex.MatchString(spelled):
		return field.ErrorList{field.Invalid(path, spelled,
			"is written back as a duration with a fraction or a unit below ms, which the datastore refuses: use whole milliseconds below one second and whole seconds above, e.g. 500ms or 1m30s")}
	}
	return nil
}

func validateConntrackTimeouts(path *field.Path, t *v3.BPFConntrackTimeouts) field.ErrorList {
	var errs field.ErrorList
	for _, f := range []struct {
		name string
		v    *v3.BPFConntrackTimeout
	}{
		{"creationGracePeriod", t.CreationGracePeriod}, {"tcpSynSent", t.TCPSynSent},
		{"tcpEstablished", t.TCPEstablished}, {"tcpFinsSeen", t.TCPFinsSeen},
		{"tcpResetSeen", t.TCPResetSeen}, {"udpTimeout", t.UDPTimeout},
		{"genericTimeout", t.GenericTimeout}, {"icmpTimeout", t.ICMPTimeout},
	} {
		if f.v != nil && !conntrackTimeoutRe.MatchString(string(*f.v)) {
			errs = append(errs, field.Invalid(path.Child(f.name), string(*f.v), `must be "Auto" or a duration in us, ms, s, m or h, e.g. 30s or 1h`))
		}
	}
	return errs
}

func validateFamilyIP(path *field.Path, s string, ipv6 bool) field.ErrorList {
	if s == "" {
		return nil
	}
	ip := net.ParseIP(s)
	switch {
	case ip == nil:
		return field.ErrorList{field.Invalid(path, s, "must be a valid IP address")}
	case ipv6 && ip.To4() != nil:
		return field.ErrorList{field.Invalid(path, s, "must be an IPv6 address")}
	case !ipv6 && ip.To4() == nil:
		return field.ErrorList{field.Invalid(path, s, "must be an IPv4 address")}
	}
	return nil
}

// validateCIDRList accepts CIDRs (host bits may be set) and bare addresses.
func validateCIDRList(path *field.Path, list []string, ipv4Only bool) field.ErrorList {
	var errs field.ErrorList
	for i, n := range list {
		errs = append(errs, validateCIDROrIP(path.Index(i), n, ipv4Only)...)
	}
	return errs
}

func validateCIDROrIP(path *field.Path, n string, ipv4Only bool) field.ErrorList {
	ip, _, err := net.ParseCIDR(n)
	if err != nil {
		ip = net.ParseIP(n)
	}
	switch {
	case ip == nil:
		return field.ErrorList{field.Invalid(path, n, "must be an IP address or a CIDR, e.g. 10.0.0.0/8 or fd00::1")}
	case ipv4Only && ip.To4() == nil:
		return field.ErrorList{field.Invalid(path, n, "must be an IPv4 address or CIDR")}
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// validateFelixPorts checks the port fields: kubeNodePortRanges (at most 7 numeric ports
// or ranges), the NAT port ranges, and the failsafe ports' protocol and net (Calico has
// this check but never reaches it; Felix cannot program anything else).
func validateFelixPorts(s *felixSpec) field.ErrorList {
	var errs field.ErrorList
	if s.KubeNodePortRanges != nil {
		p := specPath.Child("kubeNodePortRanges")
		if n := len(*s.KubeNodePortRanges); n > maxNodePortRanges {
			errs = append(errs, field.TooMany(p, n, maxNodePortRanges))
		}
		for i, port := range *s.KubeNodePortRanges {
			errs = append(errs, validateNumericPort(p.Index(i), port)...)
		}
	}
	if s.NATPortRange != nil {
		errs = append(errs, validateNumericPort(specPath.Child("natPortRange"), *s.NATPortRange)...)
	}
	if s.BPFPSNATPorts != nil {
		errs = append(errs, validateNumericPort(specPath.Child("bpfPSNATPorts"), *s.BPFPSNATPorts)...)
	}
	for _, fp := range []struct {
		name  string
		ports *v3.ProtoPorts
	}{{"failsafeInboundHostPorts", s.FailsafeInboundHostPorts}, {"failsafeOutboundHostPorts", s.FailsafeOutboundHostPorts}} {
		if fp.ports == nil {
			continue
		}
		for i, pp := range *fp.ports {
			p := specPath.Child(fp.name).Index(i)
			if pp.Protocol != "" && !containsFold(failsafeProtocols, pp.Protocol, true) {
				errs = append(errs, field.NotSupported(p.Child("protocol"), pp.Protocol, failsafeProtocols))
			}
			if pp.Net != "" {
				errs = append(errs, validateCIDROrIP(p.Child("net"), pp.Net, false)...)
			}
		}
	}
	return errs
}

func validateNumericPort(path *field.Path, p numorstring.Port) field.ErrorList {
	if p.PortName != "" {
		return field.ErrorList{field.Invalid(path, p.String(), "must be a port number or a range of port numbers, not a named port")}
	}
	return validatePort(path, p)
}

// validateRouteTables checks the two ways of giving Felix its routing tables: the
// deprecated single range (indices 1-250) or a list of ranges (up to 2^32-1, at most
// 65535 tables in all), never both.
func validateRouteTables(s *felixSpec) field.ErrorList {
	var errs field.ErrorList
	if s.RouteTableRange != nil && s.RouteTableRanges != nil {
		errs = append(errs, field.Forbidden(specPath.Child("routeTableRanges"), "cannot be set together with routeTableRange"))
	}
	if r := s.RouteTableRange; r != nil {
		p := specPath.Child("routeTableRange")
		if r.Min < 1 || r.Min > maxRouteTableRangeIndex {
			errs = append(errs, field.Invalid(p.Child("min"), r.Min, rangeReason(1, maxRouteTableRangeIndex)))
		}
		if r.Max < 1 || r.Max > maxRouteTableRangeIndex {
			errs = append(errs, field.Invalid(p.Child("max"), r.Max, rangeReason(1, maxRouteTableRangeIndex)))
		}
		if r.Min > r.Max {
			errs = append(errs, field.Invalid(p, fmt.Sprintf("%d-%d", r.Min, r.Max), "min must not be greater than max"))
		}
	}
	if s.RouteTableRanges != nil {
		p := specPath.Child("routeTableRanges")
		var total int64
		for i, r := range *s.RouteTableRanges {
			ip := p.Index(i)
			ok := true
			if r.Min < 1 || int64(r.Min) > maxRouteTableIndex {
				errs = append(errs, field.Invalid(ip.Child("min"), r.Min, rangeReason(1, maxRouteTableIndex)))
				ok = false
			}
			if r.Max < 1 || int64(r.Max) > maxRouteTableIndex {
				errs = append(errs, field.Invalid(ip.Child("max"), r.Max, rangeReason(1, maxRouteTableIndex)))
				ok = false
			}
			if r.Min > r.Max {
				errs = append(errs, field.Invalid(ip, fmt.Sprintf("%d-%d", r.Min, r.Max), "min must not be greater than max"))
				ok = false
			}
			if ok {
				total += int64(r.Max) - int64(r.Min) + 1
			}
		}
		if total > maxRouteTables {
			errs = append(errs, field.Invalid(p, total, fmt.Sprintf("the ranges cover %d routing tables; at most %d are allowed", total, maxRouteTables)))
		}
	}
	return errs
}

// validateFelixNodeSelector: the cluster-wide object "default" and the per-node objects
// "node.<name>" apply to fixed nodes, so only other objects may select nodes.
func validateFelixNodeSelector(name, sel string) field.ErrorList {
	if sel == "" {
		return nil
	}
	p := specPath.Child("nodeSelector")
	if name == "default" || strings.HasPrefix(name, "node.") {
		return field.ErrorList{field.Forbidden(p, fmt.Sprintf("must not be set on FelixConfiguration %q: it applies to fixed nodes", name))}
	}
	if len(sel) > maxFelixNodeSelector {
		return field.ErrorList{field.TooLong(p, "", maxFelixNodeSelector)}
	}
	return validateSelector(p, sel)
}
