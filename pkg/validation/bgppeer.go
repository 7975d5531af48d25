package validation

import (
	"k8s.io/apimachinery/pkg/util/validation/field"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// ValidateBGPPeer checks a BGPPeer's selectors (validation-and-defaults.md §3.12). The
// catalogue's other BGPPeer rules (peer addresses, AS numbers, exclusive fields) are
// not implemented yet.
func ValidateBGPPeer(peer *v3.BGPPeer) field.ErrorList {
	var errs field.ErrorList
	errs = append(errs, validateSelector(specPath.Child("nodeSelector"), peer.Spec.NodeSelector)...)
	errs = append(errs, validateSelector(specPath.Child("peerSelector"), peer.Spec.PeerSelector)...)
	return errs
}
