package validation

import (
	"fmt"
	"net"
	"regexp"
	"sort"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// Shared checks of Calico's tiered policy kinds (validation-and-defaults.md §2.4-§2.15,
// §3.1-§3.5). Every validator expects the object after its v3 defaulting function has
// run: tier set, types derived from the rules, stagedAction Set.

const (
	nameLabelFmt     = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
	nameSubdomainFmt = nameLabelFmt + `(\.` + nameLabelFmt + `)*`

	// Bounds from Calico's CRD schema (§2.14).
	maxHTTPMethods    = 20
	maxHTTPPaths      = 20
	maxHTTPPathLength = 1024
)

var (
	metadataNamePath = field.NewPath("metadata", "name")

	// A namespaced policy's name: a label, two labels joined by one dot, or the names
	// Calico generates for Kubernetes and OpenShift policies (knp./ossg.default. + a
	// subdomain). The generic subdomain check is done by the strategy's ObjectMeta
	// validation, so these patterns only add the narrower per-kind rule.
	namespacedPolicyNameRegex = regexp.MustCompile(`^((` + nameLabelFmt + `\.)?` + nameLabelFmt + `|(knp|ossg)\.default\.` + nameSubdomainFmt + `)$`)
	// A cluster-wide policy's name: a label, optionally preceded by one "label.".
	globalPolicyNameRegex = regexp.MustCompile(`^(` + nameLabelFmt + `\.)?` + nameLabelFmt + `$`)

	ruleActions        = []string{string(v3.Allow), string(v3.Deny), string(v3.Log), string(v3.Pass)}
	policyTypeValues   = []string{string(v3.PolicyTypeIngress), string(v3.PolicyTypeEgress)}
	stagedActionValues = []string{string(v3.StagedActionSet), string(v3.StagedActionDelete), string(v3.StagedActionLearn), string(v3.StagedActionIgnore)}
	perfHintValues     = []string{string(v3.PerfHintAssumeNeededOnEveryNode)}
	ipVersionValues    = []string{"4", "6"}
	protocolNames      = []string{numorstring.ProtocolTCP, numorstring.ProtocolUDP, numorstring.ProtocolICMP,
		numorstring.ProtocolICMPv6, numorstring.ProtocolSCTP, numorstring.ProtocolUDPLite}
)

// policySpec is the union of the fields of the four Calico policy specs, so the rules
// are written once; global marks the cluster-wide kinds, which add fields and rules.
type policySpec struct {
	global                 bool
	tier                   string
	ingress, egress        []v3.Rule
	selector               string
	types                  []v3.PolicyType
	serviceAccountSelector string
	performanceHints       []v3.PolicyPerformanceHint
	namespaceSelector      string
	doNotTrack, preDNAT    bool
	applyOnForward         bool
}

// ValidateNetworkPolicy checks a NetworkPolicy after defaulting (§3.1). The tier's
// existence is checked by the registry, which can read tiers.
func ValidateNetworkPolicy(p *v3.NetworkPolicy) field.ErrorList {
	errs := validatePolicyName(p.Name, false)
	return append(errs, validatePolicySpec(specPath, networkPolicySpec(&p.Spec))...)
}

// ValidateGlobalNetworkPolicy checks a GlobalNetworkPolicy after defaulting (§3.2).
func ValidateGlobalNetworkPolicy(p *v3.GlobalNetworkPolicy) field.ErrorList {
	errs := validatePolicyName(p.Name, true)
	return append(errs, validatePolicySpec(specPath, globalNetworkPolicySpec(&p.Spec))...)
}

// ValidateStagedNetworkPolicy checks a StagedNetworkPolicy after defaulting (§3.3): a
// staged Delete carries nothing but its tier; any other staged policy must be a valid
// NetworkPolicy once enforced.
func ValidateStagedNetworkPolicy(p *v3.StagedNetworkPolicy) field.ErrorList {
	errs := validatePolicyName(p.Name, false)
	s := &p.Spec
	// An unknown action is reported and the rest judged as a Set, so that other
	// mistakes are reported in the same response.
	if !validStagedAction(s.StagedAction) {
		errs = append(errs, field.NotSupported(specPath.Child("stagedAction"), s.StagedAction, stagedActionValues))
	}
	spec := policySpec{
		tier: s.Tier, ingress: s.Ingress, egress: s.Egress, selector: s.Selector, types: s.Types,
		serviceAccountSelector: s.ServiceAccountSelector, performanceHints: s.PerformanceHints,
	}
	if s.StagedAction == v3.StagedActionDelete {
		return append(errs, validateStagedDelete(spec, s.Order != nil)...)
	}
	return append(errs, validatePolicySpec(specPath, spec)...)
}

// ValidateStagedGlobalNetworkPolicy checks a StagedGlobalNetworkPolicy after defaulting
// (§3.4), as ValidateStagedNetworkPolicy does with GlobalNetworkPolicy's rules.
func ValidateStagedGlobalNetworkPolicy(p *v3.StagedGlobalNetworkPolicy) field.ErrorList {
	errs := validatePolicyName(p.Name, true)
	s := &p.Spec
	// An unknown action is reported and the rest judged as a Set, so that other
	// mistakes are reported in the same response.
	if !validStagedAction(s.StagedAction) {
		errs = append(errs, field.NotSupported(specPath.Child("stagedAction"), s.StagedAction, stagedActionValues))
	}
	spec := policySpec{
		global: true,
		tier:   s.Tier, ingress: s.Ingress, egress: s.Egress, selector: s.Selector, types: s.Types,
		serviceAccountSelector: s.ServiceAccountSelector, performanceHints: s.PerformanceHints,
		namespaceSelector: s.NamespaceSelector, doNotTrack: s.DoNotTrack, preDNAT: s.PreDNAT, applyOnForward: s.ApplyOnForward,
	}
	if s.StagedAction == v3.StagedActionDelete {
		return append(errs, validateStagedDelete(spec, s.Order != nil)...)
	}
	return append(errs, validatePolicySpec(specPath, spec)...)
}

func networkPolicySpec(s *v3.NetworkPolicySpec) policySpec {
	return policySpec{
		tier: s.Tier, ingress: s.Ingress, egress: s.Egress, selector: s.Selector, types: s.Types,
		serviceAccountSelector: s.ServiceAccountSelector, performanceHints: s.PerformanceHints,
	}
}

func globalNetworkPolicySpec(s *v3.GlobalNetworkPolicySpec) policySpec {
	return policySpec{
		global: true,
		tier:   s.Tier, ingress: s.Ingress, egress: s.Egress, selector: s.Selector, types: s.Types,
		serviceAccountSelector: s.ServiceAccountSelector, performanceHints: s.PerformanceHints,
		namespaceSelector: s.NamespaceSelector, doNotTrack: s.DoNotTrack, preDNAT: s.PreDNAT, applyOnForward: s.ApplyOnForward,
	}
}

// validatePolicyName adds the per-kind name pattern (§2.1) to the generic DNS-subdomain
// check that the strategy's ObjectMeta validation already performs.
func validatePolicyName(name string, global bool) field.ErrorList {
	if name == "" {
		return nil // generateName or a missing name is reported by the ObjectMeta validation
	}
	if global {
		if !globalPolicyNameRegex.MatchString(name) {
			return field.ErrorList{field.Invalid(metadataNamePath, name,
				"must be a lower-case DNS label, optionally preceded by one other label and a dot (regex "+globalPolicyNameRegex.String()+")")}
		}
		return nil
	}
	if !namespacedPolicyNameRegex.MatchString(name) {
		return field.ErrorList{field.Invalid(metadataNamePath, name,
			`must be a lower-case DNS label, two DNS labels joined by a dot, or "knp.default." or "ossg.default." followed by a DNS subdomain (regex `+namespacedPolicyNameRegex.String()+")")}
	}
	return nil
}

func validStagedAction(a v3.StagedAction) bool {
	// Empty is accepted as Calico does; defaulting turns it into Set anyway.
	return a == "" || contains(stagedActionValues, string(a))
}

// validateStagedDelete enforces that a staged Delete names only its tier: it stages the
// removal of the enforced policy of the same name, so rules or selectors would be
// misleading (Calico: "all spec fields except tier must be zero for a Delete").
func validateStagedDelete(s policySpec, hasOrder bool) field.ErrorList {
	errs := validatePolicyTier(specPath.Child("tier"), s.tier)
	forbid := func(name string, set bool) {
		if set {
			errs = append(errs, field.Forbidden(specPath.Child(name), "must be empty when stagedAction is Delete: only the tier may be set"))
		}
	}
	forbid("order", hasOrder)
	forbid("ingress", len(s.ingress) > 0)
	forbid("egress", len(s.egress) > 0)
	forbid("selector", s.selector != "")
	forbid("types", len(s.types) > 0)
	forbid("serviceAccountSelector", s.serviceAccountSelector != "")
	forbid("performanceHints", len(s.performanceHints) > 0)
	if s.global {
		forbid("namespaceSelector", s.namespaceSelector != "")
		forbid("doNotTrack", s.doNotTrack)
		forbid("preDNAT", s.preDNAT)
		forbid("applyOnForward", s.applyOnForward)
	}
	return errs
}

// validatePolicySpec checks the spec rules shared by the four Calico policy kinds, and
// the cluster-wide kinds' extra fields when s.global is set.
func validatePolicySpec(path *field.Path, s policySpec) field.ErrorList {
	errs := validatePolicyTier(path.Child("tier"), s.tier)
	errs = append(errs, validatePolicySelector(path.Child("selector"), s.selector)...)
	errs = append(errs, validatePolicySelector(path.Child("serviceAccountSelector"), s.serviceAccountSelector)...)
	if s.global {
		errs = append(errs, validatePolicySelector(path.Child("namespaceSelector"), s.namespaceSelector)...)
	}
	errs = append(errs, validatePolicyTypes(path.Child("types"), s.types)...)
	hintsPath := path.Child("performanceHints")
	seenHints := map[v3.PolicyPerformanceHint]bool{}
	for i, h := range s.performanceHints {
		if !contains(perfHintValues, string(h)) {
			errs = append(errs, field.NotSupported(hintsPath.Index(i), h, perfHintValues))
		} else if seenHints[h] {
			errs = append(errs, field.Duplicate(hintsPath.Index(i), h))
		}
		seenHints[h] = true
	}
	for i := range s.ingress {
		errs = append(errs, validateRule(path.Child("ingress").Index(i), &s.ingress[i], false, s.global)...)
	}
	for i := range s.egress {
		errs = append(errs, validateRule(path.Child("egress").Index(i), &s.egress[i], true, s.global)...)
	}
	if s.global {
		errs = append(errs, validateHostPolicyOptions(path, s)...)
	}
	return errs
}

// validateHostPolicyOptions checks doNotTrack/preDNAT/applyOnForward (§3.2): untracked
// and pre-DNAT policies are enforced in raw/mangle tables where Calico can only apply
// them to forwarded traffic too, and pre-DNAT happens before routing, so only on ingress.
func validateHostPolicyOptions(path *field.Path, s policySpec) field.ErrorList {
	var errs field.ErrorList
	if s.doNotTrack && s.preDNAT {
		errs = append(errs, field.Forbidden(path.Child("preDNAT"), "preDNAT and doNotTrack cannot both be true"))
	}
	if s.preDNAT {
		if len(s.egress) > 0 {
			errs = append(errs, field.Forbidden(path.Child("egress"), "preDNAT policies cannot have egress rules"))
		}
		for i, t := range s.types {
			if t == v3.PolicyTypeEgress {
				errs = append(errs, field.Invalid(path.Child("types").Index(i), t, "preDNAT policies can only apply to Ingress"))
			}
		}
	}
	if (s.doNotTrack || s.preDNAT) && !s.applyOnForward {
		errs = append(errs, field.Invalid(path.Child("applyOnForward"), s.applyOnForward, "must be true when doNotTrack or preDNAT is true"))
	}
	return errs
}

// validatePolicyTier checks spec.tier when set. Calico checks a subdomain although tier
// names are labels; a policy naming a label-invalid tier fails the tier lookup instead.
func validatePolicyTier(path *field.Path, tier string) field.ErrorList {
	var errs field.ErrorList
	if tier != "" {
		for _, msg := range utilvalidation.IsDNS1123Subdomain(tier) {
			errs = append(errs, field.Invalid(path, tier, msg))
		}
	}
	return errs
}

// validatePolicySelector checks a policy-level selector: syntax, and no global(), which
// only means something in a rule's namespaceSelector (§2.4).
func validatePolicySelector(path *field.Path, s string) field.ErrorList {
	if errs := forbidGlobal(path, s); len(errs) > 0 {
		return errs
	}
	return validateSelector(path, s)
}

// validatePolicyTypes checks types (§2.15): Ingress or Egress, each at most once.
func validatePolicyTypes(path *field.Path, types []v3.PolicyType) field.ErrorList {
	var errs field.ErrorList
	seen := map[v3.PolicyType]bool{}
	for i, t := range types {
		switch {
		case !contains(policyTypeValues, string(t)):
			errs = append(errs, field.NotSupported(path.Index(i), t, policyTypeValues))
		case seen[t]:
			errs = append(errs, field.Duplicate(path.Index(i), t))
		}
		seen[t] = true
	}
	if len(types) > 2 {
		errs = append(errs, field.TooMany(path, len(types), 2))
	}
	return errs
}

// validateRule checks one ingress or egress rule (§2.7, §2.9, §2.11-§2.14). global marks
// the cluster-wide kinds, whose service matches cannot default to the policy's namespace.
func validateRule(path *field.Path, r *v3.Rule, egress, global bool) field.ErrorList {
	var errs field.ErrorList
	switch {
	case r.Action == "":
		errs = append(errs, field.Required(path.Child("action"), "one of "+strings.Join(ruleActions, ", ")))
	case !contains(ruleActions, string(r.Action)):
		errs = append(errs, field.NotSupported(path.Child("action"), r.Action, ruleActions))
	}
	ipVersion := 0
	if r.IPVersion != nil {
		ipVersion = *r.IPVersion
		if ipVersion != 4 && ipVersion != 6 {
			errs = append(errs, field.NotSupported(path.Child("ipVersion"), ipVersion, ipVersionValues))
			ipVersion = 0 // judge nets without a version rather than report each one again
		}
	}
	protoValid := true
	if r.Protocol != nil {
		pErrs := validateProtocol(path.Child("protocol"), *r.Protocol)
		protoValid = len(pErrs) == 0
		errs = append(errs, pErrs...)
		errs = append(errs, validateICMPVersion(path, *r.Protocol, r.IPVersion)...)
	}
	if r.NotProtocol != nil {
		pErrs := validateProtocol(path.Child("notProtocol"), *r.NotProtocol)
		errs = append(errs, pErrs...)
		errs = append(errs, validateICMPVersion(path, *r.NotProtocol, r.IPVersion)...)
	}
	if r.ICMP != nil {
		errs = append(errs, validateICMPFields(path.Child("icmp"), r.ICMP)...)
		if r.Protocol == nil || !isICMPName(*r.Protocol) {
			errs = append(errs, field.Forbidden(path.Child("icmp"), `ICMP fields require protocol "ICMP" or "ICMPv6"`))
		}
	}
	if r.NotICMP != nil {
		errs = append(errs, validateICMPFields(path.Child("notICMP"), r.NotICMP)...)
	}

	srcPath, dstPath := path.Child("source"), path.Child("destination")
	errs = append(errs, validateEntityRule(srcPath, &r.Source)...)
	errs = append(errs, validateEntityRule(dstPath, &r.Destination)...)

	// Port matches need a protocol with ports. An invalid protocol is already reported,
	// so the ports are only judged against a valid one.
	if protoValid {
		for _, pl := range []struct {
			path  *field.Path
			ports []numorstring.Port
		}{
			{srcPath.Child("ports"), r.Source.Ports}, {srcPath.Child("notPorts"), r.Source.NotPorts},
			{dstPath.Child("ports"), r.Destination.Ports}, {dstPath.Child("notPorts"), r.Destination.NotPorts},
		} {
			if len(pl.ports) == 0 {
				continue
			}
			if r.Protocol == nil {
				// Named ports may resolve to different protocols, so they alone need none.
				if hasNumericPort(pl.ports) {
					errs = append(errs, field.Forbidden(pl.path, `numeric ports need protocol "TCP", "UDP" or "SCTP" (6, 17 or 132)`))
				}
			} else if !protocolSupportsPorts(*r.Protocol) {
				errs = append(errs, field.Forbidden(pl.path, fmt.Sprintf(`ports need protocol "TCP", "UDP" or "SCTP" (6, 17 or 132), not %q`, r.Protocol.String())))
			}
		}
	}

	// Services are matched where the traffic goes to a service: as the destination of
	// egress rules and the source (the service's endpoints) of ingress rules.
	if egress && r.Source.Services != nil {
		errs = append(errs, field.Forbidden(srcPath.Child("services"), "not allowed in the source of an egress rule"))
	}
	if !egress && r.Destination.Services != nil {
		errs = append(errs, field.Forbidden(dstPath.Child("services"), "not allowed in the destination of an ingress rule"))
	}
	if global {
		// A namespaced policy's service match defaults to the policy's namespace; a
		// cluster-wide policy has none to default to.
		svcPath, svc := dstPath.Child("services"), r.Destination.Services
		if !egress {
			svcPath, svc = srcPath.Child("services"), r.Source.Services
		}
		if svc != nil && svc.Namespace == "" {
			errs = append(errs, field.Required(svcPath.Child("namespace"), "a service match in a cluster-wide policy must name the service's namespace"))
		}
	}
	if r.Destination.Services != nil {
		if len(r.Destination.Ports) > 0 {
			errs = append(errs, field.Forbidden(dstPath.Child("ports"), "cannot be combined with destination.services: the service's ports are matched"))
		}
		if len(r.Destination.NotPorts) > 0 {
			errs = append(errs, field.Forbidden(dstPath.Child("notPorts"), "cannot be combined with destination.services: the service's ports are matched"))
		}
	}

	errs = append(errs, validateRuleNets(path, r, ipVersion)...)

	if r.HTTP != nil {
		httpPath := path.Child("http")
		if egress {
			errs = append(errs, field.Forbidden(httpPath, "HTTP matches are not allowed in egress rules"))
		}
		if r.Action != "" && r.Action != v3.Allow {
			errs = append(errs, field.Forbidden(httpPath, "HTTP matches are only allowed in Allow rules"))
		}
		// Calico compares the string form, so the number 6 is refused too.
		if r.Protocol != nil && !(r.Protocol.Type == numorstring.NumOrStringString && r.Protocol.StrVal == numorstring.ProtocolTCP) {
			errs = append(errs, field.Invalid(path.Child("protocol"), r.Protocol.String(), `must be "TCP" or unset when http is set`))
		}
		errs = append(errs, validateHTTPMatch(httpPath, r.HTTP)...)
	}
	if r.Metadata != nil {
		errs = append(errs, apivalidation.ValidateAnnotations(r.Metadata.Annotations, path.Child("metadata", "annotations"))...)
	}
	return errs
}

// validateProtocol accepts the numbers 1-255 and Calico's protocol names, which are
// case-sensitive (§2.6).
func validateProtocol(path *field.Path, p numorstring.Protocol) field.ErrorList {
	if p.Type == numorstring.NumOrStringString {
		if !contains(protocolNames, p.StrVal) {
			return field.ErrorList{field.NotSupported(path, p.StrVal, protocolNames)}
		}
		return nil
	}
	if p.Type != numorstring.NumOrStringNum {
		return field.ErrorList{field.Invalid(path, p.String(), "must be a protocol number or name")}
	}
	if p.NumVal == 0 {
		return field.ErrorList{field.Invalid(path, p.NumVal, "protocol number must be between 1 and 255")}
	}
	return nil
}

// protocolSupportsPorts: TCP, UDP and SCTP by name or number (UDPLite does not).
func protocolSupportsPorts(p numorstring.Protocol) bool {
	if p.Type == numorstring.NumOrStringString {
		return p.StrVal == numorstring.ProtocolTCP || p.StrVal == numorstring.ProtocolUDP || p.StrVal == numorstring.ProtocolSCTP
	}
	return p.Type == numorstring.NumOrStringNum && (p.NumVal == 6 || p.NumVal == 17 || p.NumVal == 132)
}

// isICMPName compares the string form only, as Calico does: protocol 1 or 58 with an
// icmp block is refused.
func isICMPName(p numorstring.Protocol) bool {
	return p.Type == numorstring.NumOrStringString && (p.StrVal == numorstring.ProtocolICMP || p.StrVal == numorstring.ProtocolICMPv6)
}

// validateICMPVersion rejects ICMP (an IPv4 protocol) and ICMPv6 with the other ipVersion.
func validateICMPVersion(path *field.Path, p numorstring.Protocol, ipVersion *int) field.ErrorList {
	if ipVersion == nil || p.Type != numorstring.NumOrStringString {
		return nil
	}
	switch {
	case p.StrVal == numorstring.ProtocolICMP && *ipVersion != 4:
		return field.ErrorList{field.Invalid(path.Child("ipVersion"), *ipVersion, `must be 4 for protocol "ICMP"`)}
	case p.StrVal == numorstring.ProtocolICMPv6 && *ipVersion != 6:
		return field.ErrorList{field.Invalid(path.Child("ipVersion"), *ipVersion, `must be 6 for protocol "ICMPv6"`)}
	}
	return nil
}

// validateICMPFields: type 0-254 (255 is reserved), code 0-255, and a code only with a type.
func validateICMPFields(path *field.Path, f *v3.ICMPFields) field.ErrorList {
	var errs field.ErrorList
	if f.Type != nil && (*f.Type < 0 || *f.Type > 254) {
		errs = append(errs, field.Invalid(path.Child("type"), *f.Type, "must be between 0 and 254"))
	}
	if f.Code != nil {
		if *f.Code < 0 || *f.Code > 255 {
			errs = append(errs, field.Invalid(path.Child("code"), *f.Code, "must be between 0 and 255"))
		}
		if f.Type == nil {
			errs = append(errs, field.Required(path.Child("type"), "an ICMP code needs an ICMP type"))
		}
	}
	return errs
}

func hasNumericPort(ports []numorstring.Port) bool {
	for _, p := range ports {
		if p.PortName == "" {
			return true
		}
	}
	return false
}

// validatePorts checks each port or range (§2.5): numbers 1-65535, min <= max, and names
// that are valid Kubernetes (IANA) service port names, since they resolve against them.
func validatePorts(path *field.Path, ports []numorstring.Port) field.ErrorList {
	var errs field.ErrorList
	for i, p := range ports {
		errs = append(errs, validatePort(path.Index(i), p)...)
	}
	return errs
}

func validatePort(path *field.Path, p numorstring.Port) field.ErrorList {
	if p.PortName != "" {
		if p.MinPort != 0 || p.MaxPort != 0 {
			return field.ErrorList{field.Invalid(path, p.String(), "a named port cannot also have a port number")}
		}
		var errs field.ErrorList
		for _, msg := range utilvalidation.IsValidPortName(p.PortName) {
			errs = append(errs, field.Invalid(path, p.PortName, msg))
		}
		return errs
	}
	switch {
	case p.MinPort > p.MaxPort:
		return field.ErrorList{field.Invalid(path, p.String(), "port range invalid: the minimum is above the maximum")}
	case p.MinPort == 0:
		return field.ErrorList{field.Invalid(path, p.String(), "port number must be between 1 and 65535")}
	}
	return nil
}

// validateEntityRule checks a rule's source or destination (§2.12).
func validateEntityRule(path *field.Path, e *v3.EntityRule) field.ErrorList {
	var errs field.ErrorList
	selPath := path.Child("selector")
	if gErrs := forbidGlobal(selPath, e.Selector); len(gErrs) > 0 {
		errs = append(errs, gErrs...)
	} else {
		errs = append(errs, validateSelector(selPath, e.Selector)...)
	}
	// Calico does not check notSelector or serviceAccounts.selector for global().
	errs = append(errs, validateSelector(path.Child("notSelector"), e.NotSelector)...)
	errs = append(errs, validateRuleNamespaceSelector(path.Child("namespaceSelector"), e.NamespaceSelector)...)
	if sa := e.ServiceAccounts; sa != nil {
		saPath := path.Child("serviceAccounts")
		errs = append(errs, validateSelector(saPath.Child("selector"), sa.Selector)...)
		errs = append(errs, forbidDuplicates(saPath.Child("names"), sa.Names)...)
	}
	errs = append(errs, validatePorts(path.Child("ports"), e.Ports)...)
	errs = append(errs, validatePorts(path.Child("notPorts"), e.NotPorts)...)
	errs = append(errs, forbidDuplicates(path.Child("nets"), e.Nets)...)
	errs = append(errs, forbidDuplicates(path.Child("notNets"), e.NotNets)...)

	if svc := e.Services; svc != nil {
		svcPath := path.Child("services")
		if svc.Name == "" {
			errs = append(errs, field.Required(svcPath.Child("name"), "a service match must name the service"))
		} else {
			for _, msg := range utilvalidation.IsDNS1123Subdomain(svc.Name) {
				errs = append(errs, field.Invalid(svcPath.Child("name"), svc.Name, msg))
			}
		}
		if svc.Namespace != "" {
			for _, msg := range utilvalidation.IsDNS1123Subdomain(svc.Namespace) {
				errs = append(errs, field.Invalid(svcPath.Child("namespace"), svc.Namespace, msg))
			}
		}
		// A service match selects the service's endpoints itself; other endpoint
		// matches in the same entity would be silently ambiguous.
		conflict := func(name string, set bool) {
			if set {
				errs = append(errs, field.Forbidden(path.Child(name), "cannot be combined with "+svcPath.String()))
			}
		}
		conflict("selector", e.Selector != "")
		conflict("notSelector", e.NotSelector != "")
		conflict("namespaceSelector", e.NamespaceSelector != "")
		conflict("serviceAccounts", e.ServiceAccounts != nil)
		conflict("nets", len(e.Nets) > 0)
		conflict("notNets", len(e.NotNets) > 0)
	}
	return errs
}

func forbidDuplicates(path *field.Path, values []string) field.ErrorList {
	var errs field.ErrorList
	seen := map[string]bool{}
	for i, v := range values {
		if seen[v] {
			errs = append(errs, field.Duplicate(path.Index(i), v))
		}
		seen[v] = true
	}
	return errs
}

// validateRuleNets checks the four nets fields of a rule together (§2.8, §2.11): each a
// strictly masked CIDR; all of one IP family, matching ipVersion when it is set; and no
// catch-all in a negation, which would make the rule match nothing.
func validateRuleNets(rulePath *field.Path, r *v3.Rule, ipVersion int) field.ErrorList {
	var errs field.ErrorList
	family, mixReported := 0, false
	for _, nl := range []struct {
		path *field.Path
		nets []string
		not  bool
	}{
		{rulePath.Child("source", "nets"), r.Source.Nets, false},
		{rulePath.Child("source", "notNets"), r.Source.NotNets, true},
		{rulePath.Child("destination", "nets"), r.Destination.Nets, false},
		{rulePath.Child("destination", "notNets"), r.Destination.NotNets, true},
	} {
		for i, n := range nl.nets {
			p := nl.path.Index(i)
			ipNet, err := parseStrictCIDR(n)
			if err != "" {
				errs = append(errs, field.Invalid(p, n, err))
				continue
			}
			v := 4
			if ipNet.IP.To4() == nil {
				v = 6
			}
			if ipVersion != 0 && v != ipVersion {
				errs = append(errs, field.Invalid(p, n, fmt.Sprintf("is an IPv%d CIDR but the rule's ipVersion is %d", v, ipVersion)))
			} else if ipVersion == 0 {
				if family == 0 {
					family = v
				} else if v != family && !mixReported {
					errs = append(errs, field.Invalid(p, n, "a rule cannot mix IPv4 and IPv6 CIDRs"))
					mixReported = true
				}
			}
			if ones, _ := ipNet.Mask.Size(); nl.not && ones == 0 {
				errs = append(errs, field.Invalid(p, n, "a catch-all CIDR in notNets would make the rule match nothing"))
			}
		}
	}
	return errs
}

// parseStrictCIDR parses address/prefix with zero host bits; it returns a reason when the
// value is not one. Calico requires the "/" in rules, although its net type also accepts a
// bare address elsewhere.
func parseStrictCIDR(s string) (*net.IPNet, string) {
	if !strings.Contains(s, "/") {
		return nil, "must be a CIDR (address/prefix), e.g. 10.0.0.0/8 or fd00::/64"
	}
	ip, ipNet, err := net.ParseCIDR(s)
	if err != nil {
		return nil, "must be a valid CIDR (address/prefix), e.g. 10.0.0.0/8 or fd00::/64"
	}
	if !ip.Equal(ipNet.IP) {
		return nil, fmt.Sprintf("must be strictly masked (the network address is %s)", ipNet)
	}
	return ipNet, ""
}

// validateHTTPMatch checks an HTTP match (§2.14): unique methods, and paths that are each
// exactly one of exact/prefix, an absolute path without query, fragment or spaces.
func validateHTTPMatch(path *field.Path, h *v3.HTTPMatch) field.ErrorList {
	var errs field.ErrorList
	methodsPath := path.Child("methods")
	if len(h.Methods) > maxHTTPMethods {
		errs = append(errs, field.TooMany(methodsPath, len(h.Methods), maxHTTPMethods))
	}
	errs = append(errs, forbidDuplicates(methodsPath, h.Methods)...)
	pathsPath := path.Child("paths")
	if len(h.Paths) > maxHTTPPaths {
		errs = append(errs, field.TooMany(pathsPath, len(h.Paths), maxHTTPPaths))
	}
	for i, p := range h.Paths {
		pp := pathsPath.Index(i)
		switch {
		case p.Exact != "" && p.Prefix != "":
			errs = append(errs, field.Forbidden(pp.Child("prefix"), "exactly one of exact and prefix may be set"))
		case p.Exact != "":
			errs = append(errs, validateHTTPPath(pp.Child("exact"), p.Exact)...)
		case p.Prefix != "":
			errs = append(errs, validateHTTPPath(pp.Child("prefix"), p.Prefix)...)
		default:
			errs = append(errs, field.Required(pp, "one of exact or prefix must be set"))
		}
	}
	return errs
}

func validateHTTPPath(path *field.Path, p string) field.ErrorList {
	switch {
	case len(p) > maxHTTPPathLength:
		return field.ErrorList{field.TooLong(path, "", maxHTTPPathLength)}
	case !strings.HasPrefix(p, "/"):
		return field.ErrorList{field.Invalid(path, p, `must start with "/"`)}
	case strings.ContainsAny(p, "?# "):
		return field.ErrorList{field.Invalid(path, p, `must not contain "?", "#" or spaces: only the path is matched`)}
	}
	return nil
}

// ValidateStagedKubernetesNetworkPolicy checks a StagedKubernetesNetworkPolicy after
// defaulting (§3.5). Calico converts it to a Calico policy as Felix would and validates
// the result; the checks here are the ones that conversion and validation can fail on,
// reported at the Kubernetes-shaped field that caused them.
func ValidateStagedKubernetesNetworkPolicy(p *v3.StagedKubernetesNetworkPolicy) field.ErrorList {
	var errs field.ErrorList
	s := &p.Spec
	// An unknown action is reported and the rest judged as a Set, so that other
	// mistakes are reported in the same response.
	if !validStagedAction(s.StagedAction) {
		errs = append(errs, field.NotSupported(specPath.Child("stagedAction"), s.StagedAction, stagedActionValues))
	}
	if s.StagedAction == v3.StagedActionDelete {
		forbid := func(name string, set bool) {
			if set {
				errs = append(errs, field.Forbidden(specPath.Child(name), "must be empty when stagedAction is Delete"))
			}
		}
		forbid("podSelector", len(s.PodSelector.MatchLabels) > 0 || len(s.PodSelector.MatchExpressions) > 0)
		forbid("ingress", len(s.Ingress) > 0)
		forbid("egress", len(s.Egress) > 0)
		forbid("policyTypes", len(s.PolicyTypes) > 0)
		return errs
	}
	errs = append(errs, validateK8sSelector(specPath.Child("podSelector"), &s.PodSelector)...)
	typesPath := specPath.Child("policyTypes")
	seen := map[networkingv1.PolicyType]bool{}
	for i, t := range s.PolicyTypes {
		switch {
		case t != networkingv1.PolicyTypeIngress && t != networkingv1.PolicyTypeEgress:
			errs = append(errs, field.NotSupported(typesPath.Index(i), t, policyTypeValues))
		case seen[t]:
			errs = append(errs, field.Duplicate(typesPath.Index(i), t))
		}
		seen[t] = true
	}
	if len(s.PolicyTypes) > 2 {
		errs = append(errs, field.TooMany(typesPath, len(s.PolicyTypes), 2))
	}
	for i, r := range s.Ingress {
		rp := specPath.Child("ingress").Index(i)
		errs = append(errs, validateK8sPorts(rp.Child("ports"), r.Ports)...)
		errs = append(errs, validateK8sPeers(rp.Child("from"), r.From)...)
	}
	for i, r := range s.Egress {
		rp := specPath.Child("egress").Index(i)
		errs = append(errs, validateK8sPorts(rp.Child("ports"), r.Ports)...)
		errs = append(errs, validateK8sPeers(rp.Child("to"), r.To)...)
	}
	return errs
}

// validateK8sPorts checks Kubernetes network policy ports as Calico converts them: the
// protocol (TCP when unset) becomes the rule's protocol and must carry ports, and
// port[:endPort] must parse as a Calico port or range.
func validateK8sPorts(path *field.Path, ports []networkingv1.NetworkPolicyPort) field.ErrorList {
	var errs field.ErrorList
	for i, p := range ports {
		pp := path.Index(i)
		if p.Protocol != nil {
			proto := numorstring.ProtocolFromString(string(*p.Protocol))
			if pErrs := validateProtocol(pp.Child("protocol"), proto); len(pErrs) > 0 {
				errs = append(errs, pErrs...)
			} else if p.Port != nil && !protocolSupportsPorts(proto) {
				errs = append(errs, field.Invalid(pp.Child("protocol"), *p.Protocol, `must be "TCP", "UDP" or "SCTP" when a port is given`))
			}
		}
		if p.Port == nil {
			if p.EndPort != nil {
				errs = append(errs, field.Forbidden(pp.Child("endPort"), "may only be set together with port"))
			}
			continue
		}
		if p.Port.Type == intstr.String {
			if p.EndPort != nil {
				errs = append(errs, field.Forbidden(pp.Child("endPort"), "may not be set with a named port"))
			}
			for _, msg := range utilvalidation.IsValidPortName(p.Port.StrVal) {
				errs = append(errs, field.Invalid(pp.Child("port"), p.Port.StrVal, msg))
			}
			continue
		}
		port := p.Port.IntVal
		if port < 1 || port > 65535 {
			errs = append(errs, field.Invalid(pp.Child("port"), port, "port number must be between 1 and 65535"))
			continue
		}
		if p.EndPort != nil && (*p.EndPort < port || *p.EndPort > 65535) {
			errs = append(errs, field.Invalid(pp.Child("endPort"), *p.EndPort, fmt.Sprintf("must be between the port (%d) and 65535", port)))
		}
	}
	return errs
}

// validateK8sPeers checks the peers Calico turns into rule sources/destinations: ipBlock
// CIDRs become nets/notNets (so one IP family, no catch-all exception), selectors become
// Calico selectors. Calico itself drops an unparsable ipBlock CIDR silently, which would
// widen the rule to every address; that is refused here instead.
func validateK8sPeers(path *field.Path, peers []networkingv1.NetworkPolicyPeer) field.ErrorList {
	var errs field.ErrorList
	for i, peer := range peers {
		pp := path.Index(i)
		if b := peer.IPBlock; b != nil {
			bp := pp.Child("ipBlock")
			if peer.PodSelector != nil || peer.NamespaceSelector != nil {
				errs = append(errs, field.Forbidden(bp, "may not be combined with podSelector or namespaceSelector"))
			}
			_, cidr, err := net.ParseCIDR(b.CIDR)
			if err != nil {
				errs = append(errs, field.Invalid(bp.Child("cidr"), b.CIDR, "must be a valid CIDR (address/prefix), e.g. 10.0.0.0/8"))
			}
			for j, ex := range b.Except {
				ep := bp.Child("except").Index(j)
				_, exNet, err := net.ParseCIDR(ex)
				switch {
				case err != nil:
					errs = append(errs, field.Invalid(ep, ex, "must be a valid CIDR (address/prefix), e.g. 10.0.0.0/8"))
				case cidr != nil && (exNet.IP.To4() == nil) != (cidr.IP.To4() == nil):
					errs = append(errs, field.Invalid(ep, ex, "must be of the same IP family as cidr: a rule cannot mix IPv4 and IPv6 CIDRs"))
				default:
					if ones, _ := exNet.Mask.Size(); ones == 0 {
						errs = append(errs, field.Invalid(ep, ex, "a catch-all exception would make the rule match nothing"))
					}
				}
			}
			continue
		}
		if peer.PodSelector != nil {
			errs = append(errs, validateK8sSelector(pp.Child("podSelector"), peer.PodSelector)...)
		}
		if peer.NamespaceSelector != nil {
			errs = append(errs, validateK8sSelector(pp.Child("namespaceSelector"), peer.NamespaceSelector)...)
		}
	}
	return errs
}

var k8sSelectorOps = []string{string(metav1.LabelSelectorOpIn), string(metav1.LabelSelectorOpNotIn),
	string(metav1.LabelSelectorOpExists), string(metav1.LabelSelectorOpDoesNotExist)}

// validateK8sSelector checks a Kubernetes label selector's operators, then hands the
// Calico selector it converts to (as Felix converts it) to the selector syntax check, so a
// label value that cannot be expressed in Calico's grammar is caught.
func validateK8sSelector(path *field.Path, s *metav1.LabelSelector) field.ErrorList {
	var errs field.ErrorList
	for i, e := range s.MatchExpressions {
		if !contains(k8sSelectorOps, string(e.Operator)) {
			errs = append(errs, field.NotSupported(path.Child("matchExpressions").Index(i).Child("operator"), e.Operator, k8sSelectorOps))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return validateSelector(path, k8sSelectorToCalico(s))
}

// k8sSelectorToCalico renders a label selector in Calico's selector syntax.
func k8sSelectorToCalico(s *metav1.LabelSelector) string {
	var terms []string
	keys := make([]string, 0, len(s.MatchLabels))
	for k := range s.MatchLabels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		terms = append(terms, fmt.Sprintf("%s == '%s'", k, s.MatchLabels[k]))
	}
	for _, e := range s.MatchExpressions {
		switch e.Operator {
		case metav1.LabelSelectorOpIn:
			terms = append(terms, fmt.Sprintf("%s in { '%s' }", e.Key, strings.Join(e.Values, "', '")))
		case metav1.LabelSelectorOpNotIn:
			terms = append(terms, fmt.Sprintf("%s not in { '%s' }", e.Key, strings.Join(e.Values, "', '")))
		case metav1.LabelSelectorOpExists:
			terms = append(terms, fmt.Sprintf("has(%s)", e.Key))
		case metav1.LabelSelectorOpDoesNotExist:
			terms = append(terms, fmt.Sprintf("! has(%s)", e.Key))
		}
	}
	return strings.Join(terms, " && ")
}
