package server

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/pflag"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apiserver/pkg/admission"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/validation"
)

// LimitsPluginName is the admission plugin that enforces --max-selector-length and
// --max-rules on every write of a projectcalico.org object (on by default, like the
// generic plugins; --disable-admission-plugins turns it off).
const LimitsPluginName = "CalicoLimits"

// addLimitFlags adds the flags that bound what one request may carry.
func (o *Options) addLimitFlags(fs *pflag.FlagSet) {
	fs.Int64Var(&o.ServerRun.MaxRequestBodyBytes, "max-request-body-bytes", o.ServerRun.MaxRequestBodyBytes,
		"Largest request body (create, update, patch, apply) the server reads, in bytes; a larger one is refused with 413 Request Entity Too Large. The kube-apiserver's own limit is 3 MiB, as here by default.")
	fs.IntVar(&o.Limits.MaxSelectorLength, "max-selector-length", o.Limits.MaxSelectorLength,
		"Longest selector expression (any spec field named selector or *Selector) a write may set, in bytes; longer ones are refused with 422. 0: no limit.")
	fs.IntVar(&o.Limits.MaxRules, "max-rules", o.Limits.MaxRules,
		"Most ingress or egress rules one object may have per direction; more are refused with 422. 0: no limit.")
}

// validateLimits reports invalid limit flags.
func (o *Options) validateLimits() []error {
	var errs []error
	if o.ServerRun.MaxRequestBodyBytes <= 0 {
		errs = append(errs, fmt.Errorf("--max-request-body-bytes must be positive"))
	}
	if o.Limits.MaxSelectorLength < 0 {
		errs = append(errs, fmt.Errorf("--max-selector-length must not be negative"))
	}
	if o.Limits.MaxRules < 0 {
		errs = append(errs, fmt.Errorf("--max-rules must not be negative"))
	}
	return errs
}

// registerLimitsPlugin adds the limits plugin to the admission chain, after the
// generic plugins. The plugin is built when the admission options are applied, after
// the flags are parsed, and reads the limits then.
func (o *Options) registerLimitsPlugin() {
	admissionOptions := o.RecommendedOptions.Admission
	admissionOptions.Plugins.Register(LimitsPluginName, func(io.Reader) (admission.Interface, error) {
		return &limitsAdmission{Handler: admission.NewHandler(admission.Create, admission.Update), limits: o.Limits}, nil
	})
	admissionOptions.RecommendedPluginOrder = append(admissionOptions.RecommendedPluginOrder, LimitsPluginName)
}

// limitsAdmission refuses writes beyond the limits with a 422 naming each field.
type limitsAdmission struct {
	*admission.Handler
	limits validation.Limits
}

var _ admission.ValidationInterface = &limitsAdmission{}

// Validate checks the object a create or update would store; an update may keep what
// was already beyond a limit (validation.Limits.ValidateUpdate).
func (l *limitsAdmission) Validate(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.GetResource().Group != v3.GroupName || a.GetObject() == nil {
		return nil
	}
	errs := l.limits.Validate(a.GetObject())
	if old := a.GetOldObject(); a.GetOperation() == admission.Update && old != nil {
		errs = l.limits.ValidateUpdate(a.GetObject(), old)
	}
	if len(errs) == 0 {
		return nil
	}
	return apierrors.NewInvalid(a.GetKind().GroupKind(), a.GetName(), errs)
}
