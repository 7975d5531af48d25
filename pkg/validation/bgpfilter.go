package validation

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

const (
	// Bounds from Calico's BGPFilter CRD schema.
	maxFilterOperations = 10
	maxASPathPrepend    = 10
)

var (
	filterActions        = []string{string(v3.BGPFilterActionAccept), string(v3.BGPFilterActionReject)}
	filterMatchOperators = []string{string(v3.BGPFilterMatchOperatorEqual), string(v3.BGPFilterMatchOperatorNotEqual),
		string(v3.BGPFilterMatchOperatorIn), string(v3.BGPFilterMatchOperatorNotIn)}
	filterSources   = []string{string(v3.BGPFilterSourceRemotePeers)}
	filterPeerTypes = []string{string(v3.BGPFilterPeerTypeEBGP), string(v3.BGPFilterPeerTypeIBGP)}
)

// filterRule is the union of BGPFilterRuleV4 and BGPFilterRuleV6, which differ only in
// the type of their prefix length, so the rules are written once.
type filterRule struct {
	family          int
	cidr            string
	hasPrefixLen    bool
	prefixMin       *int32
	prefixMax       *int32
	source          v3.BGPFilterMatchSource
	iface           string
	matchOperator   v3.BGPFilterMatchOperator
	peerType        v3.BGPFilterPeerType
	communities     *v3.BGPFilterCommunityMatch
	priority        *int
	action          v3.BGPFilterAction
	operations      []v3.BGPFilterOperation
	maxCIDRLength   int
	maxPrefixLength int32
}

func filterRuleV4(r *v3.BGPFilterRuleV4) filterRule {
	f := filterRule{family: 4, cidr: r.CIDR, source: r.Source, iface: r.Interface, matchOperator: r.MatchOperator,
		peerType: r.PeerType, communities: r.Communities, priority: r.Priority, action: r.Action, operations: r.Operations,
		maxCIDRLength: 18, maxPrefixLength: 32}
	if r.PrefixLength != nil {
		f.hasPrefixLen, f.prefixMin, f.prefixMax = true, r.PrefixLength.Min, r.PrefixLength.Max
	}
	return f
}

func filterRuleV6(r *v3.BGPFilterRuleV6) filterRule {
	f := filterRule{family: 6, cidr: r.CIDR, source: r.Source, iface: r.Interface, matchOperator: r.MatchOperator,
		peerType: r.PeerType, communities: r.Communities, priority: r.Priority, action: r.Action, operations: r.Operations,
		maxCIDRLength: 43, maxPrefixLength: 128}
	if r.PrefixLength != nil {
		f.hasPrefixLen, f.prefixMin, f.prefixMax = true, r.PrefixLength.Min, r.PrefixLength.Max
	}
	return f
}

// ValidateBGPFilter checks a BGPFilter's rules (validation-and-defaults.md §3.13). It
// has no defaults. AS numbers are checked when they are decoded.
func ValidateBGPFilter(f *v3.BGPFilter) field.ErrorList {
	var errs field.ErrorList
	for i := range f.Spec.ExportV4 {
		errs = append(errs, validateFilterRule(specPath.Child("exportV4").Index(i), filterRuleV4(&f.Spec.ExportV4[i]))...)
	}
	for i := range f.Spec.ImportV4 {
		errs = append(errs, validateFilterRule(specPath.Child("importV4").Index(i), filterRuleV4(&f.Spec.ImportV4[i]))...)
	}
	for i := range f.Spec.ExportV6 {
		errs = append(errs, validateFilterRule(specPath.Child("exportV6").Index(i), filterRuleV6(&f.Spec.ExportV6[i]))...)
	}
	for i := range f.Spec.ImportV6 {
		errs = append(errs, validateFilterRule(specPath.Child("importV6").Index(i), filterRuleV6(&f.Spec.ImportV6[i]))...)
	}
	return errs
}

func validateFilterRule(path *field.Path, r filterRule) field.ErrorList {
	var errs field.ErrorList
	cidrPath, opPath := path.Child("cidr"), path.Child("matchOperator")

	// A CIDR match is a CIDR and an operator; a prefix length narrows a CIDR match.
	switch {
	case r.cidr != "" && r.matchOperator == "":
		errs = append(errs, field.Required(opPath, "a cidr match needs a matchOperator"))
	case r.cidr == "" && r.matchOperator != "":
		errs = append(errs, field.Required(cidrPath, "a matchOperator needs a cidr to match"))
	}
	if r.hasPrefixLen && r.cidr == "" {
		errs = append(errs, field.Forbidden(path.Child("prefixLength"), "can only be used together with cidr"))
	}
	if r.cidr != "" {
		if len(r.cidr) > r.maxCIDRLength {
			errs = append(errs, field.TooLong(cidrPath, r.cidr, r.maxCIDRLength))
		} else {
			errs = append(errs, validateBGPNet(cidrPath, r.cidr, r.family)...)
		}
	}
	if r.matchOperator != "" && !contains(filterMatchOperators, string(r.matchOperator)) {
		errs = append(errs, field.NotSupported(opPath, r.matchOperator, filterMatchOperators))
	}
	for _, b := range []struct {
		name string
		v    *int32
	}{{"min", r.prefixMin}, {"max", r.prefixMax}} {
		if b.v != nil && (*b.v < 0 || *b.v > r.maxPrefixLength) {
			errs = append(errs, field.Invalid(path.Child("prefixLength", b.name), *b.v,
				fmt.Sprintf("must be between 0 and %d for an IPv%d rule", r.maxPrefixLength, r.family)))
		}
	}

	if r.source != "" && !contains(filterSources, string(r.source)) {
		errs = append(errs, field.NotSupported(path.Child("source"), r.source, filterSources))
	}
	if r.iface != "" && !ignoredInterfaceRegex.MatchString(r.iface) {
		errs = append(errs, field.Invalid(path.Child("interface"), r.iface,
			`must be "*" or 1-15 characters of letters, digits, "_", ".", "-" and "*"`))
	}
	if r.peerType != "" && !contains(filterPeerTypes, string(r.peerType)) {
		errs = append(errs, field.NotSupported(path.Child("peerType"), r.peerType, filterPeerTypes))
	}
	if r.communities != nil {
		valuesPath := path.Child("communities", "values")
		switch n := len(r.communities.Values); {
		case n == 0:
			errs = append(errs, field.Required(valuesPath, "the community to match"))
		case n > 1:
			errs = append(errs, field.TooMany(valuesPath, n, 1))
		}
		for i, v := range r.communities.Values {
			errs = append(errs, validateCommunityValue(valuesPath.Index(i), string(v))...)
		}
	}
	errs = append(errs, validatePriority(path.Child("priority"), r.priority)...)

	actionPath := path.Child("action")
	switch {
	case r.action == "":
		errs = append(errs, field.Required(actionPath, `one of "Accept" or "Reject"`))
	case !contains(filterActions, string(r.action)):
		errs = append(errs, field.NotSupported(actionPath, r.action, filterActions))
	}
	opsPath := path.Child("operations")
	if len(r.operations) > 0 && r.action != v3.BGPFilterActionAccept {
		errs = append(errs, field.Forbidden(opsPath, "operations can only be used with action Accept"))
	}
	if len(r.operations) > maxFilterOperations {
		errs = append(errs, field.TooMany(opsPath, len(r.operations), maxFilterOperations))
	}
	for i := range r.operations {
		errs = append(errs, validateFilterOperation(opsPath.Index(i), &r.operations[i])...)
	}
	return errs
}

// validateFilterOperation checks that an operation does exactly one thing, and that
// thing.
func validateFilterOperation(path *field.Path, op *v3.BGPFilterOperation) field.ErrorList {
	var errs field.ErrorList
	set := 0
	if op.AddCommunity != nil {
		set++
		errs = append(errs, validateCommunityValue(path.Child("addCommunity", "value"), string(op.AddCommunity.Value))...)
	}
	if op.PrependASPath != nil {
		set++
		prefixPath := path.Child("prependASPath", "prefix")
		switch n := len(op.PrependASPath.Prefix); {
		case n == 0:
			errs = append(errs, field.Required(prefixPath, "the AS numbers to prepend (1 to 10)"))
		case n > maxASPathPrepend:
			errs = append(errs, field.TooMany(prefixPath, n, maxASPathPrepend))
		}
	}
	if op.SetPriority != nil {
		set++
		errs = append(errs, validatePriority(path.Child("setPriority", "value"), &op.SetPriority.Value)...)
	}
	switch {
	case set == 0:
		errs = append(errs, field.Required(path, "exactly one of addCommunity, prependASPath and setPriority must be set"))
	case set > 1:
		errs = append(errs, field.Forbidden(path, "exactly one of addCommunity, prependASPath and setPriority may be set"))
	}
	return errs
}
