// Package crd stores projectcalico.org/v3 objects as crd.projectcalico.org/v1 custom
// resources in the kube-apiserver, in exactly the layout Calico's own components read
// and write (../shared/docs/kdd-storage-contract.md). It has two parts: the conversion
// between the two forms (convert.go, codec.go) and an implementation of k8s.io/apiserver's
// storage.Interface over the kube-apiserver's REST API (store.go, watch.go).
//
// Storage is dumb and exact: it converts and forwards. It never validates, defaults or
// authorizes; the registry's strategies do that before an object gets here.
package crd

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
)

// CRDGroupVersion is the group and version of the custom resources Calico stores in.
var CRDGroupVersion = schema.GroupVersion{Group: "crd.projectcalico.org", Version: "v1"}

// Resource describes how one v3 kind is stored. The registry's table of kinds fills one
// per kind; everything kind-specific that storage needs is here, so the code paths stay
// generic.
type Resource struct {
	// Kind and Resource are the v3 kind and plural, e.g. "IPPool" and "ippools";
	// APIVersion is projectcalico.org/v3.
	Kind       string
	Resource   string
	APIVersion string
	// CRDResource and CRDKind name the backing crd.projectcalico.org/v1 resource, e.g.
	// "ippools" / "IPPool" (IPAMConfiguration is stored as "ipamconfigs" / "IPAMConfig").
	CRDResource string
	CRDKind     string
	Namespaced  bool
	// KeepNameInMetadata puts the name into the metadata annotation as well. Calico does
	// so only for the four tiered policy kinds, so readers can tell a v3.32-style custom
	// resource from one with a legacy "default." name prefix (contract §5.3, §9.2).
	KeepNameInMetadata bool
	// StoresStatus is true when the v1 CRD has a status field; otherwise status is
	// dropped on write, as the kube-apiserver would prune it (contract §12).
	StoresStatus bool
	// StatusSubresource is true when the v1 CRD serves status at /status: the
	// kube-apiserver then ignores status in ordinary writes, so status changes are
	// written there (KubeControllersConfiguration, contract §10.5).
	StatusSubresource bool

	NewFunc     func() runtime.Object
	NewListFunc func() runtime.Object

	// SpecConversion, when set, converts the spec where the stored form differs from
	// the v3 form (BlockAffinity's "deleted" is a string in v1).
	SpecConversion *SpecConversion

	// Decorate, when set, completes every object read (Calico's read-side decorations,
	// contract §8.2: a policy without a tier is in the default tier, and carries the
	// tier label), so that reads and label selectors see what Calico's clients see.
	Decorate func(obj runtime.Object)
}

// GVR is the backing custom resource's group, version and resource.
func (r *Resource) GVR() schema.GroupVersionResource {
	return CRDGroupVersion.WithResource(r.CRDResource)
}

// NewRESTClient returns the client every Store shares to reach
// /apis/crd.projectcalico.org/v1, from config (kept as it is, rate limits included).
// Stores exchange JSON bodies only; the codecs decode the kube-apiserver's errors.
func NewRESTClient(config *rest.Config) (*rest.RESTClient, error) {
	c := rest.CopyConfig(config)
	gv := CRDGroupVersion
	c.GroupVersion = &gv
	c.APIPath = "/apis"
	c.ContentType = "application/json"
	c.AcceptContentTypes = "application/json"
	c.NegotiatedSerializer = clientgoscheme.Codecs.WithoutConversion()
	return rest.RESTClientFor(c)
}
