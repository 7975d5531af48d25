package validation

import (
	"k8s.io/apimachinery/pkg/util/validation/field"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// ValidateClusterInformation checks a ClusterInformation (validation-and-defaults.md
// §3.16). Calico's components write it; its only rule beyond the metadata is the
// singleton name. Whether it may be written through this API at all is the registry's
// concern.
func ValidateClusterInformation(ci *v3.ClusterInformation) field.ErrorList {
	return validateSingletonName(ci.Name, "ClusterInformation")
}
