package registry

import (
	crdv1 "github.com/calico-apiserver/calico-apiserver/pkg/apis/crd/v1"
	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/crd"
)

// BlockAffinity's "deleted" is a boolean in v3 and the string "true"/"false" in the
// stored v1 object (storage contract §10.2); only the exact string "true" is true.
var blockAffinitySpec = crd.ConvertSpec(
	func(stored *crdv1.BlockAffinitySpec, spec *v3.BlockAffinitySpec) error {
		*spec = v3.BlockAffinitySpec{
			State: v3.BlockAffinityState(stored.State), Node: stored.Node, Type: stored.Type, CIDR: stored.CIDR,
			Deleted: stored.Deleted == "true",
		}
		return nil
	},
	func(spec *v3.BlockAffinitySpec) (*crdv1.BlockAffinitySpec, error) {
		deleted := "false"
		if spec.Deleted {
			deleted = "true"
		}
		return &crdv1.BlockAffinitySpec{State: string(spec.State), Node: spec.Node, Type: spec.Type, CIDR: spec.CIDR, Deleted: deleted}, nil
	},
)
