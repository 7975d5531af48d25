package validation

import (
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/calico-apiserver/calico-apiserver/pkg/selector"
)

// validateSelector checks the syntax of a Calico selector expression
// (validation-and-defaults.md §2.3) with Calico's grammar; the message names the
// position of the first error. It is a variable so that tests can see which fields
// reach it.
var validateSelector = func(fldPath *field.Path, s string) field.ErrorList {
	if err := selector.Validate(s); err != nil {
		return field.ErrorList{field.Invalid(fldPath, s, "invalid selector: "+err.Error())}
	}
	return nil
}

// globalFunc is the selector function that only an EntityRule namespaceSelector may use
// (§2.4). Calico checks its placement with plain substring tests, before and independently
// of parsing, so the same is done here without needing the parser.
const globalFunc = "global()"

// forbidGlobal rejects global() in a selector where it has no meaning (the policy's own
// selectors, a rule's selector). Like Calico, this is a substring test, so a quoted value
// containing "global()" is refused too.
func forbidGlobal(fldPath *field.Path, s string) field.ErrorList {
	if strings.Contains(s, globalFunc) {
		return field.ErrorList{field.Invalid(fldPath, s, "global() is only allowed in a rule's source or destination namespaceSelector")}
	}
	return nil
}

// validateRuleNamespaceSelector allows global() in a rule's namespaceSelector only on its
// own (surrounding spaces and tabs are fine): it selects non-namespaced endpoints, which
// no namespace label can be combined with.
func validateRuleNamespaceSelector(fldPath *field.Path, s string) field.ErrorList {
	if strings.Contains(s, "global(") {
		rest, ok := strings.CutPrefix(strings.Trim(s, " \t"), "global(")
		if !ok || strings.Trim(rest, " \t") != ")" {
			return field.ErrorList{field.Invalid(fldPath, s, "global() cannot be combined with other selectors")}
		}
		return nil
	}
	return validateSelector(fldPath, s)
}
