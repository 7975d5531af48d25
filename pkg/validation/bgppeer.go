package validation

import (
	"net"
	"strconv"
	"strings"

	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

const (
	// Bounds from Calico's BGPPeer CRD schema.
	maxSelectorLength = 4096
	maxPeerIPLength   = 64
)

var (
	sourceAddresses = []string{string(v3.SourceAddressUseNodeIP), string(v3.SourceAddressNone)}
	nextHopModes    = []string{string(v3.NextHopModeAuto), string(v3.NextHopModeSelf), string(v3.NextHopModeKeep)}
	reversePeerings = []string{string(v3.ReversePeeringAuto), string(v3.ReversePeeringManual)}
)

// ValidateBGPPeer checks a BGPPeer (validation-and-defaults.md §3.12). It has no
// server-side defaults. That every name in filters is an existing BGPFilter needs a
// lookup and is left to the strategy; AS numbers are checked when they are decoded.
func ValidateBGPPeer(peer *v3.BGPPeer) field.ErrorList {
	var errs field.ErrorList
	s := &peer.Spec

	// Which nodes peer: one node, or the nodes a selector picks.
	nodePath := specPath.Child("node")
	if s.Node != "" {
		for _, msg := range utilvalidation.IsDNS1123Subdomain(s.Node) {
			errs = append(errs, field.Invalid(nodePath, s.Node, msg))
		}
	}
	if s.Node != "" && s.NodeSelector != "" {
		errs = append(errs, field.Forbidden(specPath.Child("nodeSelector"), "cannot be set together with node"))
	}

	// Whom they peer with: an address, the nodes a selector picks, or local workloads.
	peerIPPath, peerSelPath, asPath := specPath.Child("peerIP"), specPath.Child("peerSelector"), specPath.Child("asNumber")
	peerHost, peerIPOK := "", false
	if s.PeerIP != "" {
		if len(s.PeerIP) > maxPeerIPLength {
			errs = append(errs, field.TooLong(peerIPPath, s.PeerIP, maxPeerIPLength))
		} else if peerHost, peerIPOK = parseIPPort(s.PeerIP); !peerIPOK {
			errs = append(errs, field.Invalid(peerIPPath, s.PeerIP,
				"must be an IP address, optionally with a port 1-65535: <ip>, <ipv4>:<port> or [<ipv6>]:<port>"))
		}
	}
	if s.PeerIP != "" && s.PeerSelector != "" {
		errs = append(errs, field.Forbidden(peerSelPath, "cannot be set together with peerIP"))
	}
	if s.PeerSelector != "" && s.ASNumber != 0 {
		errs = append(errs, field.Forbidden(asPath, "must not be set with peerSelector: the AS numbers of the selected nodes are used"))
	}
	if s.LocalWorkloadSelector != "" {
		if s.ASNumber == 0 {
			errs = append(errs, field.Required(asPath, "the AS number of the local workloads is needed with localWorkloadSelector"))
		}
		if s.PeerIP != "" {
			errs = append(errs, field.Forbidden(peerIPPath, "cannot be set together with localWorkloadSelector"))
		}
		if s.PeerSelector != "" {
			errs = append(errs, field.Forbidden(peerSelPath, "cannot be set together with localWorkloadSelector"))
		}
	}

	if s.ReachableBy != "" {
		rbPath := specPath.Child("reachableBy")
		rb := net.ParseIP(s.ReachableBy)
		switch {
		case rb == nil:
			errs = append(errs, field.Invalid(rbPath, s.ReachableBy, "must be an IP address (the gateway through which the peer is reached)"))
		case s.PeerIP == "":
			errs = append(errs, field.Required(peerIPPath, "the peer's address is needed with reachableBy"))
		case peerIPOK && netFamily(s.ReachableBy) != netFamily(peerHost):
			errs = append(errs, field.Invalid(rbPath, s.ReachableBy, "must be of the same IP family as peerIP"))
		}
	}

	if s.KeepOriginalNextHop && s.NextHopMode != nil {
		errs = append(errs, field.Forbidden(specPath.Child("keepOriginalNextHop"),
			"deprecated: cannot be combined with nextHopMode (use nextHopMode Keep instead)"))
	}

	errs = append(errs, validatePeerSelector(specPath.Child("nodeSelector"), s.NodeSelector)...)
	errs = append(errs, validatePeerSelector(peerSelPath, s.PeerSelector)...)
	errs = append(errs, validatePeerSelector(specPath.Child("localWorkloadSelector"), s.LocalWorkloadSelector)...)

	if s.SourceAddress != "" && !contains(sourceAddresses, string(s.SourceAddress)) {
		errs = append(errs, field.NotSupported(specPath.Child("sourceAddress"), s.SourceAddress, sourceAddresses))
	}
	if s.NextHopMode != nil && !contains(nextHopModes, string(*s.NextHopMode)) {
		errs = append(errs, field.NotSupported(specPath.Child("nextHopMode"), *s.NextHopMode, nextHopModes))
	}
	if s.ReversePeering != nil && !contains(reversePeerings, string(*s.ReversePeering)) {
		errs = append(errs, field.NotSupported(specPath.Child("reversePeering"), *s.ReversePeering, reversePeerings))
	}
	errs = append(errs, validateBGPPassword(specPath.Child("password"), s.Password)...)

	filtersPath := specPath.Child("filters")
	for i, f := range s.Filters {
		for _, msg := range utilvalidation.IsDNS1123Subdomain(f) {
			errs = append(errs, field.Invalid(filtersPath.Index(i), f, msg))
		}
	}
	return errs
}

// validatePeerSelector checks an optional selector: at most 4096 characters, Calico's
// selector grammar.
func validatePeerSelector(path *field.Path, s string) field.ErrorList {
	if len(s) > maxSelectorLength {
		return field.ErrorList{field.TooLong(path, s, maxSelectorLength)}
	}
	return validateSelector(path, s)
}

// parseIPPort parses a BGP peer address: <ip>, <ipv4>:<port> or [<ipv6>]:<port>, with
// a port of 1-65535. It returns the address without the port.
func parseIPPort(s string) (string, bool) {
	if net.ParseIP(s) != nil {
		return s, true
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil || net.ParseIP(host) == nil {
		return "", false
	}
	// An IPv6 address needs brackets before a port, an IPv4 address must not have them.
	if bracketed := strings.HasPrefix(s, "["); bracketed != (netFamily(host) == 6) {
		return "", false
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || n == 0 {
		return "", false
	}
	return host, true
}
