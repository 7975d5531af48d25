package validation

import (
	"k8s.io/apimachinery/pkg/util/validation/field"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// ValidateIPAMConfiguration checks an IPAMConfiguration: Calico keeps exactly one, named
// "default" (validation-and-defaults.md §3.9).
func ValidateIPAMConfiguration(c *v3.IPAMConfiguration) field.ErrorList {
	var errs field.ErrorList
	if c.Name != "default" {
		errs = append(errs, field.Invalid(field.NewPath("metadata", "name"), c.Name, `the IPAM configuration must be named "default"`))
	}
	if c.Spec.MaxBlocksPerHost < 0 || c.Spec.MaxBlocksPerHost > 1000000 {
		errs = append(errs, field.Invalid(specPath.Child("maxBlocksPerHost"), c.Spec.MaxBlocksPerHost, "must be between 0 and 1000000"))
	}
	return errs
}
