// Package profile serves Calico's Profiles, which have no custom resource of their own:
// Calico synthesizes them, read-only, from every Namespace ("kns.<namespace>"), every
// ServiceAccount ("ksa.<namespace>.<name>") and one built-in profile that allows
// everything (storage contract §11). This package does the same, as a
// storage.Interface over the kube-apiserver's core/v1 API (Store), so Profiles go
// through the same generic registry as every other kind, and as a cache of it fed by
// one list and watch of each source (Cache, history.go, cachewatch.go).
package profile

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/crd"
)

const (
	// DefaultAllowName is the built-in profile that allows all traffic.
	DefaultAllowName = "projectcalico-default-allow"
	// defaultAllowRV is the built-in profile's fixed resourceVersion.
	defaultAllowRV = "1"

	namespacePrefix      = "kns."
	serviceAccountPrefix = "ksa."
	// The labels of a Namespace or ServiceAccount become the profile's labelsToApply
	// under these prefixes, plus one label carrying the source's name.
	namespaceLabelPrefix      = "pcns."
	serviceAccountLabelPrefix = "pcsa."
	nameLabel                 = "projectcalico.org/name"
)

// allowAll is the rule list of namespace profiles and of the default-allow profile.
func allowAll() []v3.Rule { return []v3.Rule{{Action: v3.Allow}} }

// defaultAllow is the built-in profile: a name, a fixed resourceVersion and the given
// creation time, nothing else.
func defaultAllow(created metav1.Time) *v3.Profile {
	return &v3.Profile{
		TypeMeta:   typeMeta(),
		ObjectMeta: metav1.ObjectMeta{Name: DefaultAllowName, ResourceVersion: defaultAllowRV, CreationTimestamp: created},
		Spec:       v3.ProfileSpec{Ingress: allowAll(), Egress: allowAll()},
	}
}

func typeMeta() metav1.TypeMeta {
	return metav1.TypeMeta{Kind: "Profile", APIVersion: v3.SchemeGroupVersion.String()}
}

// fromNamespace is the profile of a Namespace; rv is its composite resourceVersion.
func fromNamespace(ns *corev1.Namespace, rv string) (*v3.Profile, error) {
	uid, err := sourceUID(ns.UID)
	if err != nil {
		return nil, fmt.Errorf("namespace %q: %w", ns.Name, err)
	}
	return &v3.Profile{
		TypeMeta: typeMeta(),
		ObjectMeta: metav1.ObjectMeta{
			Name: NamespaceProfileName(ns.Name), UID: uid, ResourceVersion: rv,
			CreationTimestamp: ns.CreationTimestamp,
		},
		Spec: v3.ProfileSpec{
			Ingress: allowAll(), Egress: allowAll(),
			LabelsToApply: prefixedLabels(namespaceLabelPrefix, ns.Labels, ns.Name),
		},
	}, nil
}

// fromServiceAccount is the profile of a ServiceAccount; it has no rules.
func fromServiceAccount(sa *corev1.ServiceAccount, rv string) (*v3.Profile, error) {
	uid, err := sourceUID(sa.UID)
	if err != nil {
		return nil, fmt.Errorf("service account %s/%s: %w", sa.Namespace, sa.Name, err)
	}
	return &v3.Profile{
		TypeMeta: typeMeta(),
		ObjectMeta: metav1.ObjectMeta{
			Name: ServiceAccountProfileName(sa.Namespace, sa.Name), UID: uid, ResourceVersion: rv,
			CreationTimestamp: sa.CreationTimestamp,
		},
		Spec: v3.ProfileSpec{LabelsToApply: prefixedLabels(serviceAccountLabelPrefix, sa.Labels, sa.Name)},
	}, nil
}

// NamespaceProfileName is the name of the profile of a Namespace: "kns.<namespace>".
func NamespaceProfileName(namespace string) string { return namespacePrefix + namespace }

// ServiceAccountProfileName is the name of the profile of a ServiceAccount:
// "ksa.<namespace>.<name>", in namespace default when none is given.
func ServiceAccountProfileName(namespace, name string) string {
	if namespace == "" {
		namespace = metav1.NamespaceDefault
	}
	return serviceAccountPrefix + namespace + "." + name
}

// sourceUID is the profile's UID: the source object's, mapped as Calico maps CR UIDs.
func sourceUID(uid types.UID) (types.UID, error) {
	if uid == "" {
		return "", nil
	}
	return crd.ConvertUID(uid)
}

func prefixedLabels(prefix string, labels map[string]string, name string) map[string]string {
	out := make(map[string]string, len(labels)+1)
	for k, v := range labels {
		out[prefix+k] = v
	}
	out[prefix+nameLabel] = name
	return out
}

// source is what a profile name refers to.
type source struct {
	defaultAllow bool
	// namespace is set for both kinds of profile; name only for a service account's.
	namespace, serviceAccount string
}

// parseName maps a profile name to its source: "kns.<ns>", "ksa.<ns>.<sa>" (service
// account names may contain dots, namespace names cannot) or the default-allow profile.
func parseName(name string) (source, error) {
	switch {
	case name == DefaultAllowName:
		return source{defaultAllow: true}, nil
	case strings.HasPrefix(name, namespacePrefix) && len(name) > len(namespacePrefix):
		return source{namespace: strings.TrimPrefix(name, namespacePrefix)}, nil
	case strings.HasPrefix(name, serviceAccountPrefix):
		ns, sa, ok := strings.Cut(strings.TrimPrefix(name, serviceAccountPrefix), ".")
		if ok && ns != "" && sa != "" {
			return source{namespace: ns, serviceAccount: sa}, nil
		}
	}
	return source{}, fmt.Errorf("%q is not a profile name: profiles are %q, %q<namespace> or %q<namespace>.<serviceaccount>",
		name, DefaultAllowName, namespacePrefix, serviceAccountPrefix)
}

// A profile's resourceVersion joins the two sources' revisions as
// "<namespace RV>/<service account RV>"; either half may be empty.

func joinRV(namespaceRV, serviceAccountRV string) string { return namespaceRV + "/" + serviceAccountRV }

// splitRV parses a requested resourceVersion: "" and "0" mean "any" for both halves.
func splitRV(rv string) (namespaceRV, serviceAccountRV string, err error) {
	if rv == "" || rv == "0" {
		return rv, rv, nil
	}
	parts := strings.Split(rv, "/")
	if len(parts) != 2 {
		return "", "", fmt.Errorf("resourceVersion %q is not a profile resourceVersion (<namespace RV>/<serviceaccount RV>)", rv)
	}
	return parts[0], parts[1], nil
}
