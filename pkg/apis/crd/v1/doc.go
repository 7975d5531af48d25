// Package v1 describes, in Go, the crd.projectcalico.org/v1 custom resources that this
// server stores projectcalico.org/v3 objects in: the same layout Calico's own
// components use (libcalico-go's crd.projectcalico.org/v1 types). Each kind embeds the
// v3 spec, since the stored spec is the v3 spec verbatim (BlockAffinity is the one
// exception, storage contract §10.2).
//
// Nothing serves or decodes these types at run time; the storage layer works on
// unstructured objects. They exist so that controller-gen generates the project's CRD
// manifests (artifacts/crds, `hack/update-crds.sh`) from the very types the server
// serves, and tests prove those manifests match Calico's.
//
// +groupName=crd.projectcalico.org
package v1
