package validation

import (
	"net"
	"regexp"

	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// interfaceNameRegex is a Linux interface name (at most 15 bytes); "*" alone means all
// of the node's interfaces.
var interfaceNameRegex = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,15}$`)

// ValidateHostEndpoint checks a HostEndpoint (§3.18). It has no defaults.
func ValidateHostEndpoint(h *v3.HostEndpoint) field.ErrorList {
	var errs field.ErrorList
	s := &h.Spec
	nodePath := specPath.Child("node")
	if s.Node == "" {
		errs = append(errs, field.Required(nodePath, "a host endpoint belongs to a node"))
	} else {
		for _, msg := range utilvalidation.IsDNS1123Subdomain(s.Node) {
			errs = append(errs, field.Invalid(nodePath, s.Node, msg))
		}
	}
	ifacePath := specPath.Child("interfaceName")
	switch {
	case s.InterfaceName == "" && len(s.ExpectedIPs) == 0:
		// Felix needs one of them to find the interface the endpoint stands for.
		errs = append(errs, field.Required(ifacePath, "at least one of interfaceName and expectedIPs must be set"))
	case s.InterfaceName != "" && s.InterfaceName != "*" && !interfaceNameRegex.MatchString(s.InterfaceName):
		errs = append(errs, field.Invalid(ifacePath, s.InterfaceName, `must be "*" or 1-15 characters of letters, digits, "_", "." and "-"`))
	}
	ipsPath := specPath.Child("expectedIPs")
	for i, ip := range s.ExpectedIPs {
		if net.ParseIP(ip) == nil {
			errs = append(errs, field.Invalid(ipsPath.Index(i), ip, "must be an IP address, e.g. 10.0.0.1 or fd00::1 (not a CIDR)"))
		}
	}
	errs = append(errs, forbidDuplicates(ipsPath, s.ExpectedIPs)...)
	profilesPath := specPath.Child("profiles")
	for i, p := range s.Profiles {
		for _, msg := range utilvalidation.IsDNS1123Subdomain(p) {
			errs = append(errs, field.Invalid(profilesPath.Index(i), p, msg))
		}
	}
	errs = append(errs, forbidDuplicates(profilesPath, s.Profiles)...)
	for i, port := range s.Ports {
		pp := specPath.Child("ports").Index(i)
		// Named ports are what policies' named port matches resolve against.
		if port.Name == "" {
			errs = append(errs, field.Required(pp.Child("name"), "a host endpoint port needs a name"))
		} else {
			for _, msg := range utilvalidation.IsValidPortName(port.Name) {
				errs = append(errs, field.Invalid(pp.Child("name"), port.Name, msg))
			}
		}
		protoPath := pp.Child("protocol")
		if port.Protocol == (numorstring.Protocol{}) {
			// The zero value is what an omitted protocol decodes to.
			errs = append(errs, field.Required(protoPath, `one of "TCP", "UDP" or "SCTP"`))
		} else if pErrs := validateProtocol(protoPath, port.Protocol); len(pErrs) > 0 {
			errs = append(errs, pErrs...)
		} else if !protocolSupportsPorts(port.Protocol) {
			errs = append(errs, field.Invalid(protoPath, port.Protocol.String(), `must be "TCP", "UDP" or "SCTP" (6, 17 or 132)`))
		}
		if port.Port == 0 {
			errs = append(errs, field.Invalid(pp.Child("port"), port.Port, "port number must be between 1 and 65535"))
		}
	}
	return errs
}
