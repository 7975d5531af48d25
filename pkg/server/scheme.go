package server

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/registry"
)

var (
	// Scheme holds every type this server serves, plus the meta types the generic
	// apiserver needs.
	Scheme = runtime.NewScheme()
	// Codecs encode and decode the server's types.
	Codecs = serializer.NewCodecFactory(Scheme)
)

func init() {
	utilruntime.Must(v3.AddToServerScheme(Scheme))
	utilruntime.Must(registry.AddFieldLabelConversions(Scheme))
	// Options types (ListOptions, DeleteOptions, ...) and the unversioned meta types
	// every generic apiserver registers.
	metav1.AddToGroupVersion(Scheme, schema.GroupVersion{Version: "v1"})
	Scheme.AddUnversionedTypes(schema.GroupVersion{Group: "", Version: "v1"},
		&metav1.Status{},
		&metav1.APIVersions{},
		&metav1.APIGroupList{},
		&metav1.APIGroup{},
		&metav1.APIResourceList{},
	)
}
