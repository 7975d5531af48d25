package validation

import (
	"net"

	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

var nodeStatusClasses = []string{string(v3.NodeStatusClassTypeAgent), string(v3.NodeStatusClassTypeBGP), string(v3.NodeStatusClassTypeRoutes)}

// maxUpdatePeriodSeconds is one day.
const maxUpdatePeriodSeconds = 86400

// ValidateCalicoNodeStatus checks a CalicoNodeStatus (validation-and-defaults.md §3.17):
// the node to report on, the classes of status to report (possibly none, but stated),
// how often, and the peer addresses in the reported status.
func ValidateCalicoNodeStatus(ns *v3.CalicoNodeStatus) field.ErrorList {
	var errs field.ErrorList
	s := &ns.Spec
	nodePath := specPath.Child("node")
	if s.Node == "" {
		errs = append(errs, field.Required(nodePath, "the name of the node to report the status of"))
	} else {
		for _, msg := range utilvalidation.IsDNS1123Subdomain(s.Node) {
			errs = append(errs, field.Invalid(nodePath, s.Node, msg))
		}
	}
	classesPath := specPath.Child("classes")
	if s.Classes == nil {
		errs = append(errs, field.Required(classesPath, "the classes of status to report: Agent, BGP and/or Routes (an empty list reports none)"))
	}
	seen := map[v3.NodeStatusClassType]bool{}
	for i, c := range s.Classes {
		switch {
		case !contains(nodeStatusClasses, string(c)):
			errs = append(errs, field.NotSupported(classesPath.Index(i), c, nodeStatusClasses))
		case seen[c]:
			errs = append(errs, field.Duplicate(classesPath.Index(i), c))
		}
		seen[c] = true
	}
	periodPath := specPath.Child("updatePeriodSeconds")
	switch p := s.UpdatePeriodSeconds; {
	case p == nil:
		errs = append(errs, field.Required(periodPath, "how often, in seconds, to update the status (0 stops updates)"))
	case *p > maxUpdatePeriodSeconds:
		errs = append(errs, field.Invalid(periodPath, *p, rangeReason(0, maxUpdatePeriodSeconds)))
	}

	statusPath := field.NewPath("status")
	bgpPath := statusPath.Child("bgp")
	for _, peers := range []struct {
		name  string
		peers []v3.CalicoNodePeer
	}{{"peersV4", ns.Status.BGP.PeersV4}, {"peersV6", ns.Status.BGP.PeersV6}} {
		for i, peer := range peers.peers {
			errs = append(errs, validateOptionalIP(bgpPath.Child(peers.name).Index(i).Child("peerIP"), peer.PeerIP)...)
		}
	}
	routesPath := statusPath.Child("routes")
	for _, routes := range []struct {
		name   string
		routes []v3.CalicoNodeRoute
	}{{"routesV4", ns.Status.Routes.RoutesV4}, {"routesV6", ns.Status.Routes.RoutesV6}} {
		for i, r := range routes.routes {
			errs = append(errs, validateOptionalIP(routesPath.Child(routes.name).Index(i).Child("learnedFrom", "peerIP"), r.LearnedFrom.PeerIP)...)
		}
	}
	return errs
}

func validateOptionalIP(path *field.Path, s string) field.ErrorList {
	if s != "" && net.ParseIP(s) == nil {
		return field.ErrorList{field.Invalid(path, s, "must be a valid IP address")}
	}
	return nil
}
