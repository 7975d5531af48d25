package validation

import (
	"fmt"
	"regexp"

	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// singletonName is the only name of the cluster-wide singleton kinds.
const singletonName = "default"

var (
	enabledDisabled = []string{string(v3.ControllerEnabled), string(v3.ControllerDisabled)}
	// kubeControllersLogSeverities is what both Calico's validator (Trace..Fatal) and the
	// CRD's schema (None, Debug..Fatal, Panic) accept, so only these can be stored.
	kubeControllersLogSeverities = []string{"Debug", "Info", "Warning", "Error", "Fatal"}
	assignIPsValues              = []string{string(v3.AllServices), string(v3.RequestedServicesOnly)}
)

// ValidateKubeControllersConfiguration checks a KubeControllersConfiguration
// (validation-and-defaults.md §3.15).
func ValidateKubeControllersConfiguration(c *v3.KubeControllersConfiguration) field.ErrorList {
	errs := validateSingletonName(c.Name, "KubeControllersConfiguration")
	s := &c.Spec
	errs = append(errs, validateEnum(specPath.Child("logSeverityScreen"), s.LogSeverityScreen, kubeControllersLogSeverities)...)
	errs = append(errs, validateEnum(specPath.Child("healthChecks"), s.HealthChecks, enabledDisabled)...)
	if p := s.PrometheusMetricsPort; p != nil && (*p < 0 || *p > 65535) {
		errs = append(errs, field.Invalid(specPath.Child("prometheusMetricsPort"), *p, rangeReason(0, 65535)))
	}
	if p := s.DebugProfilePort; p != nil && (*p < 0 || *p > 65535) {
		errs = append(errs, field.Invalid(specPath.Child("debugProfilePort"), *p, rangeReason(0, 65535)))
	}

	ctrlPath := specPath.Child("controllers")
	if n := s.Controllers.Node; n != nil {
		nodePath := ctrlPath.Child("node")
		syncPath := nodePath.Child("syncLabels")
		errs = append(errs, validateEnum(syncPath, n.SyncLabels, enabledDisabled)...)
		if n.SyncLabels == string(v3.ControllerDisabled) {
			// With the Kubernetes datastore, Calico's nodes are Kubernetes' nodes and
			// always carry their labels.
			errs = append(errs, field.Forbidden(syncPath, "label syncing cannot be disabled with the Kubernetes datastore"))
		}
		if he := n.HostEndpoint; he != nil {
			hePath := nodePath.Child("hostEndpoint")
			errs = append(errs, validateEnum(hePath.Child("autoCreate"), he.AutoCreate, enabledDisabled)...)
			errs = append(errs, validateEnum(hePath.Child("createDefaultHostEndpoint"), string(he.CreateDefaultHostEndpoint), enabledDisabled)...)
			errs = append(errs, validateHostEndpointTemplates(hePath.Child("templates"), he.Templates)...)
		}
	}
	if lb := s.Controllers.LoadBalancer; lb != nil {
		errs = append(errs, validateEnum(ctrlPath.Child("loadBalancer", "assignIPs"), string(lb.AssignIPs), assignIPsValues)...)
	}
	if m := s.Controllers.Migration; m != nil {
		errs = append(errs, validateEnum(ctrlPath.Child("policyMigration", "enabled"), string(m.PolicyNameMigrator), enabledDisabled)...)
	}
	return errs
}

// validateHostEndpointTemplates checks the templates of automatic host endpoints: each
// needs a unique name prefix and something to choose the node's interfaces by.
func validateHostEndpointTemplates(path *field.Path, templates []v3.Template) field.ErrorList {
	var errs field.ErrorList
	seen := map[string]bool{}
	for i, t := range templates {
		p := path.Index(i)
		namePath := p.Child("generateName")
		switch {
		case t.GenerateName == "":
			errs = append(errs, field.Required(namePath, "each template needs a name, used as the prefix of its host endpoints' names"))
		case seen[t.GenerateName]:
			errs = append(errs, field.Duplicate(namePath, t.GenerateName))
		default:
			for _, msg := range utilvalidation.IsDNS1123Subdomain(t.GenerateName) {
				errs = append(errs, field.Invalid(namePath, t.GenerateName, msg))
			}
		}
		seen[t.GenerateName] = true
		if len(t.InterfaceCIDRs) == 0 && t.InterfacePattern == "" {
			errs = append(errs, field.Required(p.Child("interfaceCIDRs"), "at least one of interfaceCIDRs and interfacePattern must be set"))
		}
		errs = append(errs, validateCIDRList(p.Child("interfaceCIDRs"), t.InterfaceCIDRs, false)...)
		if t.InterfacePattern != "" {
			if _, err := regexp.Compile(t.InterfacePattern); err != nil {
				errs = append(errs, field.Invalid(p.Child("interfacePattern"), t.InterfacePattern, "must be a valid regular expression: "+err.Error()))
			}
		}
		errs = append(errs, metav1validation.ValidateLabels(t.Labels, p.Child("labels"))...)
		// Empty means all() (a default).
		errs = append(errs, validateSelector(p.Child("nodeSelector"), t.NodeSelector)...)
	}
	return errs
}

// validateEnum accepts the empty value (unset) and the listed values.
func validateEnum(path *field.Path, v string, values []string) field.ErrorList {
	if v == "" || contains(values, v) {
		return nil
	}
	return field.ErrorList{field.NotSupported(path, v, values)}
}

// validateSingletonName: the kinds that configure the whole cluster have exactly one
// object, named "default". An empty name is left to the metadata validation.
func validateSingletonName(name, kind string) field.ErrorList {
	if name == "" || name == singletonName {
		return nil
	}
	return field.ErrorList{field.Invalid(metadataNamePath, name, fmt.Sprintf("a %s must be named %q: there is one per cluster", kind, singletonName))}
}
