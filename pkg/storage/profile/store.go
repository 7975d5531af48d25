package profile

import (
	"context"
	"errors"
	"fmt"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/storage"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/klog/v2"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// errReadOnly answers every write: the registry never sends one (Profile is read-only
// there), so reaching it is a programming error.
var errReadOnly = errors.New("profiles are read-only: they are derived from Namespaces and ServiceAccounts")

// Store is the read-only storage.Interface of Profiles. Every read goes to the
// kube-apiserver's Namespaces and ServiceAccounts; resourceVersions are the composite
// "<namespace RV>/<service account RV>" that Calico uses.
type Store struct {
	core   corev1client.CoreV1Interface
	prefix string
	// started is the built-in profile's creation time: it has no source object, and
	// it exists from the moment this server serves it (never year 1 in a table).
	started metav1.Time
}

var _ storage.Interface = &Store{}

// NewStore returns the Profile storage; keyPrefix is the registry's key prefix.
func NewStore(core corev1client.CoreV1Interface, keyPrefix string) *Store {
	return &Store{core: core, prefix: strings.TrimSuffix(keyPrefix, "/") + "/", started: metav1.Now().Rfc3339Copy()}
}

// Versioner implements storage.Interface. The registry uses it only on writes, which
// profiles refuse; composite resourceVersions pass through reads as strings.
func (s *Store) Versioner() storage.Versioner { return storage.APIObjectVersioner{} }

// name extracts the profile name from a registry key ("<prefix>/<name>").
func (s *Store) name(key string) (string, error) {
	name, ok := strings.CutPrefix(key, s.prefix)
	if !ok || name == "" || strings.Contains(name, "/") {
		return "", fmt.Errorf("key %q does not address a profile", key)
	}
	return name, nil
}

// Get implements storage.Interface. The requested resourceVersion is not passed on: a
// composite version has no meaning to either source alone.
func (s *Store) Get(ctx context.Context, key string, opts storage.GetOptions, out runtime.Object) error {
	name, err := s.name(key)
	if err != nil {
		return err
	}
	profile, err := s.get(ctx, name)
	if err != nil {
		if apierrors.IsNotFound(err) || isNameError(err) {
			if opts.IgnoreNotFound {
				return runtime.SetZeroValue(out)
			}
			return storage.NewKeyNotFoundError(key, 0)
		}
		return err
	}
	*out.(*v3.Profile) = *profile
	return nil
}

// nameError marks a name that cannot be a profile's: such a profile does not exist.
type nameError struct{ error }

func isNameError(err error) bool {
	var n nameError
	return errors.As(err, &n)
}

func (s *Store) get(ctx context.Context, name string) (*v3.Profile, error) {
	src, err := parseName(name)
	if err != nil {
		return nil, nameError{err}
	}
	switch {
	case src.defaultAllow:
		return defaultAllow(s.started), nil
	case src.serviceAccount != "":
		sa, err := s.core.ServiceAccounts(src.namespace).Get(ctx, src.serviceAccount, metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		return fromServiceAccount(sa, joinRV("", sa.ResourceVersion))
	default:
		ns, err := s.core.Namespaces().Get(ctx, src.namespace, metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		return fromNamespace(ns, joinRV(ns.ResourceVersion, ""))
	}
}

// GetList implements storage.Interface: the default-allow profile, then one profile
// per Namespace, then one per ServiceAccount, as Calico lists them. The list's
// resourceVersion joins both source lists' versions. Pages are not offered (the limit
// is ignored, as the API allows): a continue token would have to span two lists.
func (s *Store) GetList(ctx context.Context, key string, opts storage.ListOptions, listObj runtime.Object) error {
	list := listObj.(*v3.ProfileList)
	if !opts.Recursive {
		profile := &v3.Profile{}
		if err := s.Get(ctx, key, storage.GetOptions{IgnoreNotFound: true}, profile); err != nil {
			return err
		}
		if profile.Name != "" {
			if ok, err := opts.Predicate.Matches(profile); err == nil && ok {
				list.Items = append(list.Items, *profile)
			}
			list.ResourceVersion = profile.ResourceVersion
		}
		return nil
	}
	nsRV, saRV, err := splitRV(opts.ResourceVersion)
	if err != nil {
		return apierrors.NewBadRequest(err.Error())
	}
	profiles := []*v3.Profile{defaultAllow(s.started)}
	namespaces, err := s.core.Namespaces().List(ctx, metav1.ListOptions{ResourceVersion: nsRV, ResourceVersionMatch: opts.ResourceVersionMatch})
	if err != nil {
		return err
	}
	serviceAccounts, err := s.core.ServiceAccounts(metav1.NamespaceAll).List(ctx, metav1.ListOptions{ResourceVersion: saRV, ResourceVersionMatch: opts.ResourceVersionMatch})
	if err != nil {
		return err
	}
	for i := range namespaces.Items {
		p, err := fromNamespace(&namespaces.Items[i], joinRV(namespaces.Items[i].ResourceVersion, ""))
		if err != nil {
			klog.Warningf("skipping profile: %v", err)
			continue
		}
		profiles = append(profiles, p)
	}
	for i := range serviceAccounts.Items {
		p, err := fromServiceAccount(&serviceAccounts.Items[i], joinRV("", serviceAccounts.Items[i].ResourceVersion))
		if err != nil {
			klog.Warningf("skipping profile: %v", err)
			continue
		}
		profiles = append(profiles, p)
	}
	for _, p := range profiles {
		if ok, err := opts.Predicate.Matches(p); err == nil && ok {
			list.Items = append(list.Items, *p)
		}
	}
	list.ResourceVersion = joinRV(namespaces.ResourceVersion, serviceAccounts.ResourceVersion)
	return nil
}

// Watch implements storage.Interface; see watch.go.
func (s *Store) Watch(ctx context.Context, key string, opts storage.ListOptions) (watch.Interface, error) {
	nsRV, saRV, err := splitRV(opts.ResourceVersion)
	if err != nil {
		return nil, apierrors.NewBadRequest(err.Error())
	}
	upstream := func(rv string) metav1.ListOptions {
		out := metav1.ListOptions{
			ResourceVersion: rv, AllowWatchBookmarks: opts.Predicate.AllowWatchBookmarks,
			SendInitialEvents: opts.SendInitialEvents,
		}
		if opts.SendInitialEvents != nil {
			// The kube-apiserver accepts sendInitialEvents only with this match, the
			// one the registry validated (storage.ListOptions does not carry it).
			out.ResourceVersionMatch = metav1.ResourceVersionMatchNotOlderThan
		}
		return out
	}
	nsOpts, saOpts := upstream(nsRV), upstream(saRV)
	w := newProfileWatch(opts)
	if !opts.Recursive {
		name, err := s.name(key)
		if err != nil {
			return nil, err
		}
		src, err := parseName(name)
		switch {
		case err != nil || src.defaultAllow:
			// Nothing to watch: the built-in profile never changes, and a name that is
			// not a profile's never appears. The watch stays open until stopped.
			w.start(ctx, nil, nil)
			return w, nil
		case src.serviceAccount != "":
			saOpts.FieldSelector = fields.OneTermEqualSelector("metadata.name", src.serviceAccount).String()
			sas, err := s.core.ServiceAccounts(src.namespace).Watch(ctx, saOpts)
			if err != nil {
				return nil, err
			}
			w.start(ctx, nil, sas)
			return w, nil
		default:
			nsOpts.FieldSelector = fields.OneTermEqualSelector("metadata.name", src.namespace).String()
			nss, err := s.core.Namespaces().Watch(ctx, nsOpts)
			if err != nil {
				return nil, err
			}
			w.start(ctx, nss, nil)
			return w, nil
		}
	}
	nss, err := s.core.Namespaces().Watch(ctx, nsOpts)
	if err != nil {
		return nil, err
	}
	sas, err := s.core.ServiceAccounts(metav1.NamespaceAll).Watch(ctx, saOpts)
	if err != nil {
		nss.Stop()
		return nil, err
	}
	w.start(ctx, nss, sas)
	return w, nil
}

// Create implements storage.Interface; profiles cannot be written.
func (s *Store) Create(context.Context, string, runtime.Object, runtime.Object, uint64) error {
	return errReadOnly
}

// Delete implements storage.Interface; profiles cannot be written.
func (s *Store) Delete(context.Context, string, runtime.Object, *storage.Preconditions, storage.ValidateObjectFunc,
	runtime.Object, storage.DeleteOptions) error {
	return errReadOnly
}

// GuaranteedUpdate implements storage.Interface; profiles cannot be written.
func (s *Store) GuaranteedUpdate(context.Context, string, runtime.Object, bool, *storage.Preconditions,
	storage.UpdateFunc, runtime.Object) error {
	return errReadOnly
}

// Stats implements storage.Interface: one profile per Namespace and ServiceAccount, plus
// the built-in one.
func (s *Store) Stats(ctx context.Context) (storage.Stats, error) {
	list := &v3.ProfileList{}
	if err := s.GetList(ctx, s.prefix, storage.ListOptions{Recursive: true, Predicate: storage.Everything}, list); err != nil {
		return storage.Stats{}, err
	}
	return storage.Stats{ObjectCount: int64(len(list.Items))}, nil
}

// ReadinessCheck implements storage.Interface.
func (s *Store) ReadinessCheck() error { return nil }

// errNoSingleRevision explains why profiles cannot sit behind a watch cache: their
// versions join two independent revisions, which no single number orders.
var errNoSingleRevision = errors.New("profile resourceVersions join two sources' revisions; there is no single current revision")

// GetCurrentResourceVersion implements storage.Interface; see errNoSingleRevision.
func (s *Store) GetCurrentResourceVersion(context.Context) (uint64, error) {
	return 0, errNoSingleRevision
}

// RequestWatchProgress implements storage.Interface; see errNoSingleRevision.
func (s *Store) RequestWatchProgress(context.Context) error { return errNoSingleRevision }

// EnableResourceSizeEstimation implements storage.Interface; nothing to estimate.
func (s *Store) EnableResourceSizeEstimation(storage.KeysFunc) error { return nil }

// CompactRevision implements storage.Interface: unknown.
func (s *Store) CompactRevision() int64 { return 0 }
