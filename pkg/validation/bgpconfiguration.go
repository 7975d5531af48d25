package validation

import (
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"

	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

const (
	// defaultBGPConfigName is the only BGPConfiguration that may set the cluster-wide
	// fields; the others are per-node overrides (validation-and-defaults.md §3.11).
	defaultBGPConfigName = "default"
	// maxRoutePriority bounds route priorities (Linux route metrics): 1 to 2^31-2, for
	// BGPConfiguration and FelixConfiguration alike.
	maxRoutePriority = 2147483646
	// maxCommunityLength is the CRD's maxLength for a community value.
	maxCommunityLength = 32
)

var (
	// logSeverities are the log levels of BGPConfiguration and FelixConfiguration.
	logSeverities     = []string{"Trace", "Debug", "Info", "Warning", "Error", "Fatal"}
	bindModes         = []string{string(v3.BindModeNone), string(v3.BindModeNodeIP)}
	enabledOrDisabled = []string{"Enabled", "Disabled"}

	// ignoredInterfaceRegex is an interface name or a glob over names (at most 15 bytes).
	ignoredInterfaceRegex = regexp.MustCompile(`^[a-zA-Z0-9_.*-]{1,15}$`)
)

// ValidateBGPConfiguration checks a BGPConfiguration (validation-and-defaults.md §3.11).
// It has no server-side defaults. AS numbers are checked when they are decoded.
func ValidateBGPConfiguration(c *v3.BGPConfiguration) field.ErrorList {
	var errs field.ErrorList
	s := &c.Spec

	errs = append(errs, validateDefaultOnlyBGPFields(c.Name, s)...)
	if s.NodeToNodeMeshEnabled != nil && !*s.NodeToNodeMeshEnabled {
		if s.NodeMeshPassword != nil {
			errs = append(errs, field.Forbidden(specPath.Child("nodeMeshPassword"), "cannot be set when nodeToNodeMeshEnabled is false"))
		}
		if s.NodeMeshMaxRestartTime != nil {
			errs = append(errs, field.Forbidden(specPath.Child("nodeMeshMaxRestartTime"), "cannot be set when nodeToNodeMeshEnabled is false"))
		}
	}
	errs = append(errs, validateBGPPassword(specPath.Child("nodeMeshPassword"), s.NodeMeshPassword)...)

	// Communities, and the prefix advertisements that use them by value or by name.
	commPath := specPath.Child("communities")
	names := map[string]bool{}
	for i, comm := range s.Communities {
		p := commPath.Index(i)
		if comm.Name == "" {
			errs = append(errs, field.Required(p.Child("name"), "a community needs a name"))
		} else {
			for _, msg := range utilvalidation.IsDNS1123Subdomain(comm.Name) {
				errs = append(errs, field.Invalid(p.Child("name"), comm.Name, msg))
			}
			names[comm.Name] = true
		}
		errs = append(errs, validateCommunityValue(p.Child("value"), comm.Value)...)
	}
	if len(s.Communities) > 0 && len(s.PrefixAdvertisements) == 0 {
		errs = append(errs, field.Forbidden(commPath, "communities defined but not used: no prefixAdvertisements refer to them"))
	}
	advPath := specPath.Child("prefixAdvertisements")
	for i, adv := range s.PrefixAdvertisements {
		p := advPath.Index(i)
		if adv.CIDR == "" {
			errs = append(errs, field.Required(p.Child("cidr"), "a prefix advertisement needs a CIDR"))
		} else {
			errs = append(errs, validateBGPNet(p.Child("cidr"), adv.CIDR, 0)...)
		}
		// No communities is not an error: an empty list does not survive storage (the
		// field is omitempty), so requiring one would refuse later updates of the object.
		for j, v := range adv.Communities {
			if !names[v] && !isCommunityValue(v) {
				errs = append(errs, field.Invalid(p.Child("communities").Index(j), v,
					"community invalid or not defined: must be a community value (a:b or a:b:c) or the name of an entry in spec.communities"))
			}
		}
	}

	if s.LogSeverityScreen != "" && !contains(logSeverities, s.LogSeverityScreen) {
		errs = append(errs, field.NotSupported(specPath.Child("logSeverityScreen"), s.LogSeverityScreen, logSeverities))
	}
	// listenPort is a uint16 whose zero value means "not set", so "> 0" needs no check.

	ifPath := specPath.Child("ignoredInterfaces")
	for i, name := range s.IgnoredInterfaces {
		if name == "*" || !ignoredInterfaceRegex.MatchString(name) {
			errs = append(errs, field.Invalid(ifPath.Index(i), name,
				`must be 1-15 characters of letters, digits, "_", ".", "-" and "*", and not "*" alone`))
		}
	}
	errs = append(errs, forbidDuplicates(ifPath, s.IgnoredInterfaces)...)

	if v := s.LocalWorkloadPeeringIPV4; v != "" && !isIPv4(v) {
		errs = append(errs, field.Invalid(specPath.Child("localWorkloadPeeringIPV4"), v, "must be an IPv4 address"))
	}
	if v := s.LocalWorkloadPeeringIPV6; v != "" && !isIPv6(v) {
		errs = append(errs, field.Invalid(specPath.Child("localWorkloadPeeringIPV6"), v, "must be an IPv6 address"))
	}

	for i, b := range s.ServiceLoadBalancerIPs {
		errs = append(errs, validateServiceCIDR(specPath.Child("serviceLoadBalancerIPs").Index(i).Child("cidr"), b.CIDR)...)
	}
	for i, b := range s.ServiceExternalIPs {
		errs = append(errs, validateServiceCIDR(specPath.Child("serviceExternalIPs").Index(i).Child("cidr"), b.CIDR)...)
	}
	for i, b := range s.ServiceClusterIPs {
		errs = append(errs, validateServiceCIDR(specPath.Child("serviceClusterIPs").Index(i).Child("cidr"), b.CIDR)...)
	}

	errs = append(errs, validatePriority(specPath.Child("ipv4NormalRoutePriority"), s.IPv4NormalRoutePriority)...)
	errs = append(errs, validatePriority(specPath.Child("ipv6NormalRoutePriority"), s.IPv6NormalRoutePriority)...)

	if s.BindMode != nil && !contains(bindModes, string(*s.BindMode)) {
		errs = append(errs, field.NotSupported(specPath.Child("bindMode"), *s.BindMode, bindModes))
	}
	if s.ProgramClusterRoutes != nil && !contains(enabledOrDisabled, *s.ProgramClusterRoutes) {
		errs = append(errs, field.NotSupported(specPath.Child("programClusterRoutes"), *s.ProgramClusterRoutes, enabledOrDisabled))
	}
	if s.ServiceLoadBalancerAggregation != nil && !contains(enabledOrDisabled, string(*s.ServiceLoadBalancerAggregation)) {
		errs = append(errs, field.NotSupported(specPath.Child("serviceLoadBalancerAggregation"), *s.ServiceLoadBalancerAggregation, enabledOrDisabled))
	}
	return errs
}

// validateDefaultOnlyBGPFields forbids the cluster-wide fields on the per-node
// BGPConfigurations: only the one named "default" may set them.
func validateDefaultOnlyBGPFields(name string, s *v3.BGPConfigurationSpec) field.ErrorList {
	if name == defaultBGPConfigName {
		return nil
	}
	var errs field.ErrorList
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"nodeToNodeMeshEnabled", s.NodeToNodeMeshEnabled != nil},
		{"asNumber", s.ASNumber != nil},
		{"serviceLoadBalancerIPs", len(s.ServiceLoadBalancerIPs) > 0},
		{"serviceExternalIPs", len(s.ServiceExternalIPs) > 0},
		{"serviceClusterIPs", len(s.ServiceClusterIPs) > 0},
		{"nodeMeshPassword", s.NodeMeshPassword != nil},
		{"nodeMeshMaxRestartTime", s.NodeMeshMaxRestartTime != nil},
	} {
		if f.set {
			errs = append(errs, field.Forbidden(specPath.Child(f.name), `may only be set on the BGPConfiguration named "default"`))
		}
	}
	return errs
}

// validateBGPPassword checks a BGP password reference: the key within the secret is
// required (the secret's name defaults to "").
func validateBGPPassword(path *field.Path, p *v3.BGPPassword) field.ErrorList {
	if p != nil && p.SecretKeyRef != nil && p.SecretKeyRef.Key == "" {
		return field.ErrorList{field.Required(path.Child("secretKeyRef", "key"), "the key of the password within the secret")}
	}
	return nil
}

func validateServiceCIDR(path *field.Path, cidr string) field.ErrorList {
	if cidr == "" {
		return field.ErrorList{field.Required(path, "a service address block needs a CIDR")}
	}
	return validateBGPNet(path, cidr, 0)
}

// validateBGPNet checks Calico's "net" type: a CIDR with zero host bits, or a bare
// address (a /32 or /128). family 4 or 6 also requires that IP family; 0 accepts both.
func validateBGPNet(path *field.Path, s string, family int) field.ErrorList {
	if _, reason := parseNet(s); reason != "" {
		return field.ErrorList{field.Invalid(path, s, reason)}
	}
	if family != 0 && netFamily(s) != family {
		return field.ErrorList{field.Invalid(path, s, fmt.Sprintf("must be an IPv%d CIDR", family))}
	}
	return nil
}

// parseNet parses a strictly masked CIDR or a bare address; it returns a reason when the
// value is neither.
func parseNet(s string) (*net.IPNet, string) {
	if !strings.Contains(s, "/") {
		ip := net.ParseIP(s)
		if ip == nil {
			return nil, "must be a CIDR or an IP address, e.g. 10.0.0.0/24 or fd00::/64"
		}
		bits := 128
		if netFamily(s) == 4 {
			ip, bits = ip.To4(), 32
		}
		return &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)}, ""
	}
	return parseStrictCIDR(s)
}

// netFamily is 6 for an address or CIDR written in IPv6 notation, 4 otherwise.
func netFamily(s string) int {
	if strings.Contains(s, ":") {
		return 6
	}
	return 4
}

func isIPv4(s string) bool { return net.ParseIP(s) != nil && netFamily(s) == 4 }
func isIPv6(s string) bool { return net.ParseIP(s) != nil && netFamily(s) == 6 }

// validatePriority checks an optional route priority: 1 to 2147483646.
func validatePriority(path *field.Path, p *int) field.ErrorList {
	if p != nil && (*p < 1 || *p > maxRoutePriority) {
		return field.ErrorList{field.Invalid(path, *p, fmt.Sprintf("must be between 1 and %d", maxRoutePriority))}
	}
	return nil
}

// validateCommunityValue checks a BGP community: a standard community a:b (16-bit parts)
// or a large community a:b:c (32-bit parts).
func validateCommunityValue(path *field.Path, v string) field.ErrorList {
	if v == "" {
		return field.ErrorList{field.Required(path, "a community value, e.g. 64512:100 or 64512:100:200")}
	}
	if !isCommunityValue(v) {
		return field.ErrorList{field.Invalid(path, v,
			"must be a standard community a:b with parts 0-65535 or a large community a:b:c with parts 0-4294967295")}
	}
	return nil
}

func isCommunityValue(v string) bool {
	if len(v) > maxCommunityLength {
		return false
	}
	parts := strings.Split(v, ":")
	bits := 0
	switch len(parts) {
	case 2:
		bits = 16
	case 3:
		bits = 32
	default:
		return false
	}
	for _, p := range parts {
		// ParseUint also rejects signs, so only digits pass.
		if _, err := strconv.ParseUint(p, 10, bits); err != nil {
			return false
		}
	}
	return true
}
