package registry

import (
	"context"
	"reflect"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// The status subresource, for kinds whose table entry asks for one: the main resource
// ignores status (kept from the stored object), <resource>/status changes status only,
// as for Kubernetes' own kinds.

// StatusREST serves <resource>/status.
type StatusREST struct {
	store *genericregistry.Store
}

var (
	_ rest.Getter  = &StatusREST{}
	_ rest.Updater = &StatusREST{}
	_ rest.Patcher = &StatusREST{}
)

func newStatusREST(main *REST) *StatusREST {
	store := *main.Store
	s := &statusStrategy{strategy: main.strategy}
	store.UpdateStrategy = s
	store.ResetFieldsStrategy = s
	store.CreateStrategy, store.DeleteStrategy = nil, nil
	return &StatusREST{store: &store}
}

// New implements rest.Storage.
func (r *StatusREST) New() runtime.Object { return r.store.New() }

// Destroy implements rest.Storage; the main resource owns the storage.
func (r *StatusREST) Destroy() {}

// Get implements rest.Getter, for the patch and apply flows.
func (r *StatusREST) Get(ctx context.Context, name string, options *metav1.GetOptions) (runtime.Object, error) {
	return r.store.Get(ctx, name, options)
}

// Update implements rest.Updater. A status update never creates the object.
func (r *StatusREST) Update(ctx context.Context, name string, objInfo rest.UpdatedObjectInfo, createValidation rest.ValidateObjectFunc,
	updateValidation rest.ValidateObjectUpdateFunc, _ bool, options *metav1.UpdateOptions) (runtime.Object, bool, error) {
	return r.store.Update(ctx, name, objInfo, createValidation, updateValidation, false, options)
}

// GetResetFields implements rest.ResetFieldsStrategy, for server-side apply.
func (r *StatusREST) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return r.store.GetResetFields()
}

// statusStrategy updates status only: spec and metadata come from the stored object.
type statusStrategy struct {
	*strategy
}

func (s *statusStrategy) PrepareForUpdate(_ context.Context, obj, old runtime.Object) {
	setField(obj, "Spec", getField(old, "Spec"))
	newMeta, oldMeta := mustAccessor(obj), mustAccessor(old)
	metav1.ResetObjectMetaForStatus(newMeta, oldMeta)
}

func (s *statusStrategy) ValidateUpdate(_ context.Context, obj, old runtime.Object) field.ErrorList {
	return s.validateMetaUpdate(obj, old)
}

func (s *statusStrategy) WarningsOnUpdate(context.Context, runtime.Object, runtime.Object) []string {
	return nil
}

// GetResetFields: a status write resets everything but status.
func (s *statusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return map[fieldpath.APIVersion]*fieldpath.Set{
		fieldpath.APIVersion(v3.SchemeGroupVersion.String()): fieldpath.NewSet(
			fieldpath.MakePathOrDie("spec"), fieldpath.MakePathOrDie("metadata", "labels"),
			fieldpath.MakePathOrDie("metadata", "annotations"),
		),
	}
}

// getField and setField read and write a top-level field (Spec, Status) of a kind's
// Go type, so one strategy serves every kind.
func getField(obj runtime.Object, name string) reflect.Value {
	return reflect.ValueOf(obj).Elem().FieldByName(name)
}

func setField(obj runtime.Object, name string, value reflect.Value) {
	reflect.ValueOf(obj).Elem().FieldByName(name).Set(value)
}

// clearField sets a top-level field to its zero value.
func clearField(obj runtime.Object, name string) {
	f := reflect.ValueOf(obj).Elem().FieldByName(name)
	f.Set(reflect.Zero(f.Type()))
}

func mustAccessor(obj runtime.Object) metav1.Object {
	accessor, err := meta.Accessor(obj)
	if err != nil {
		panic(err) // every kind of the table has ObjectMeta
	}
	return accessor
}
