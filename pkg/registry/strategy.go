package registry

import (
	"context"
	"fmt"

	"k8s.io/apimachinery/pkg/api/meta"
	genericvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/apiserver/pkg/storage/names"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/lookup"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/crd"
)

// strategy is the one create/update/delete strategy of every kind; the kind's table
// entry supplies what differs. Defaulting and validation live here, not in storage, so
// that dry-run, apply and server-side apply all see them.
type strategy struct {
	runtime.ObjectTyper
	names.NameGenerator
	kind    *Kind
	lookups *lookup.Lookups
}

func newStrategy(kind *Kind, typer runtime.ObjectTyper, lookups *lookup.Lookups) *strategy {
	return &strategy{ObjectTyper: typer, NameGenerator: names.SimpleNameGenerator, kind: kind, lookups: lookups}
}

func (s *strategy) NamespaceScoped() bool { return s.kind.Storage.Namespaced }

func (s *strategy) PrepareForCreate(_ context.Context, obj runtime.Object) {
	if s.kind.StatusSubresource {
		clearField(obj, "Status") // status is written through /status only
	}
	if s.kind.Default != nil {
		s.kind.Default(obj)
	}
}

func (s *strategy) PrepareForUpdate(_ context.Context, obj, old runtime.Object) {
	if s.kind.StatusSubresource {
		setField(obj, "Status", getField(old, "Status"))
	}
	if s.kind.Default != nil {
		s.kind.Default(obj)
	}
}

// GetResetFields implements rest.ResetFieldsStrategy: with a status subresource,
// server-side apply to the main resource does not own status.
func (s *strategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	if !s.kind.StatusSubresource {
		return nil
	}
	return map[fieldpath.APIVersion]*fieldpath.Set{
		fieldpath.APIVersion(v3.SchemeGroupVersion.String()): fieldpath.NewSet(fieldpath.MakePathOrDie("status")),
	}
}

func (s *strategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	errs := s.kind.ValidateObject(obj)
	// Checks against other objects only for an object valid on its own: one round of
	// errors the user can fix, not a lookup error on top of a typo.
	if len(errs) == 0 && s.lookups != nil {
		if s.kind.Tier != nil {
			errs = append(errs, checkPolicyTier(ctx, s.kind.Tier(obj), s.lookups)...)
		}
		if s.kind.CheckCreate != nil {
			errs = append(errs, s.kind.CheckCreate(ctx, obj, s.lookups)...)
		}
	}
	return errs
}

func (s *strategy) ValidateUpdate(ctx context.Context, obj, old runtime.Object) field.ErrorList {
	errs := s.validateMetaUpdate(obj, old)
	switch {
	case s.kind.ValidateUpdate != nil:
		errs = append(errs, s.kind.ValidateUpdate(obj, old)...)
	case s.kind.Validate != nil:
		errs = append(errs, s.kind.Validate(obj)...)
	}
	// The checks against other objects extend the create's: an update (or patch, or
	// apply) must not move a policy into a tier that does not exist either.
	if len(errs) == 0 && s.lookups != nil {
		if s.kind.Tier != nil {
			errs = append(errs, checkPolicyTier(ctx, s.kind.Tier(obj), s.lookups)...)
		}
		if s.kind.CheckUpdate != nil {
			errs = append(errs, s.kind.CheckUpdate(ctx, obj, s.lookups)...)
		}
	}
	return errs
}

// ValidateObject checks one object on its own, as a create does: its metadata, then
// the kind's rules. Checks against other objects are not part of it.
func (k *Kind) ValidateObject(obj runtime.Object) field.ErrorList {
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return field.ErrorList{field.InternalError(field.NewPath("metadata"), err)}
	}
	// Calico names are DNS subdomains for every kind (validation-and-defaults.md §2.1);
	// per-kind name rules (tiers, policies) come from the kind's own validation.
	errs := genericvalidation.ValidateObjectMetaAccessor(accessor, k.Storage.Namespaced, genericvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	errs = append(errs, validateReservedAnnotation(accessor)...)
	if k.Validate != nil {
		errs = append(errs, k.Validate(obj)...)
	}
	return errs
}

// validateMetaUpdate checks the metadata of an update.
func (s *strategy) validateMetaUpdate(obj, old runtime.Object) field.ErrorList {
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return field.ErrorList{field.InternalError(field.NewPath("metadata"), err)}
	}
	oldAccessor, err := meta.Accessor(old)
	if err != nil {
		return field.ErrorList{field.InternalError(field.NewPath("metadata"), err)}
	}
	errs := genericvalidation.ValidateObjectMetaAccessorUpdate(accessor, oldAccessor, field.NewPath("metadata"))
	return append(errs, validateReservedAnnotation(accessor)...)
}

// validateReservedAnnotation refuses the annotation that holds the stored metadata: a
// client-supplied value would overwrite it in storage (storage contract §4.1).
func validateReservedAnnotation(accessor metav1.Object) field.ErrorList {
	if _, ok := accessor.GetAnnotations()[crd.MetadataAnnotation]; ok {
		return field.ErrorList{field.Forbidden(field.NewPath("metadata", "annotations").Key(crd.MetadataAnnotation),
			"this annotation is reserved: it holds the object's metadata in storage")}
	}
	return nil
}

// WarningsOnCreate and WarningsOnUpdate return the kind's warnings about the object
// as written; an update warns as a create does, so that every apply of a manifest
// with a deprecated field says so.
func (s *strategy) WarningsOnCreate(_ context.Context, obj runtime.Object) []string {
	if s.kind.Warn == nil {
		return nil
	}
	return s.kind.Warn(obj)
}

func (s *strategy) WarningsOnUpdate(_ context.Context, obj, _ runtime.Object) []string {
	if s.kind.Warn == nil {
		return nil
	}
	return s.kind.Warn(obj)
}

func (s *strategy) Canonicalize(runtime.Object) {}

// AllowCreateOnUpdate is false: a PUT to a missing object is a 404, as for most
// Kubernetes kinds (server-side apply still creates).
func (s *strategy) AllowCreateOnUpdate(context.Context) bool { return false }

// AllowUnconditionalUpdate lets a PUT without resourceVersion overwrite, as kubectl
// replace expects.
func (s *strategy) AllowUnconditionalUpdate(context.Context) bool { return true }

// getAttrs returns the labels and fields that list and watch selectors match against.
func (s *strategy) getAttrs(obj runtime.Object) (labels.Set, fields.Set, error) {
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return nil, nil, err
	}
	fieldSet := fields.Set{"metadata.name": accessor.GetName()}
	if s.NamespaceScoped() {
		fieldSet["metadata.namespace"] = accessor.GetNamespace()
	}
	if s.kind.Tier != nil {
		fieldSet[tierField] = s.kind.Tier(obj)
	}
	if s.kind.SelectableFields != nil {
		for k, v := range s.kind.SelectableFields(obj) {
			fieldSet[k] = v
		}
	}
	return labels.Set(accessor.GetLabels()), fieldSet, nil
}

// matcher is the predicate the generic registry uses for list and watch.
// For tiered policies, spec.tier is an index of the watch cache (see newREST).
func (s *strategy) matcher(label labels.Selector, field fields.Selector) storage.SelectionPredicate {
	pred := storage.SelectionPredicate{Label: label, Field: field, GetAttrs: s.getAttrs}
	if s.kind.Tier != nil {
		pred.IndexFields = []string{tierField}
	}
	return pred
}

// tierField is the field selector of a tiered policy's tier.
const tierField = "spec.tier"

// AddFieldLabelConversions tells the scheme which field selectors each kind accepts:
// the object's name and namespace, spec.tier for tiered policies and the kind's
// SelectableFields. Requests with any other field are refused with a clear error
// before they reach storage.
func AddFieldLabelConversions(scheme *runtime.Scheme) error {
	for _, kind := range Kinds() {
		tiered := kind.Tier != nil
		var selectable fields.Set
		if kind.SelectableFields != nil {
			selectable = kind.SelectableFields(kind.Storage.NewFunc())
		}
		gvk := v3.SchemeGroupVersion.WithKind(kind.Storage.Kind)
		err := scheme.AddFieldLabelConversionFunc(gvk, func(label, value string) (string, string, error) {
			_, isSelectable := selectable[label]
			switch {
			case label == "metadata.name", label == "metadata.namespace", tiered && label == tierField, isSelectable:
				return label, value, nil
			}
			return "", "", fmt.Errorf("field label not supported: %s", label)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
