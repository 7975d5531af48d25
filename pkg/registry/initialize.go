package registry

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// EnsureInitialized creates the objects Calico expects to exist when they are missing
// (storage contract §13), as Calico's own clients do at start-up: the built-in tiers
// default, kube-admin and kube-baseline, and ClusterInformation "default". Objects that
// exist are left as they are: calico-node keeps ClusterInformation up to date.
func EnsureInitialized(ctx context.Context, clients Clients) error {
	order := func(o float64) *float64 { return &o }
	action := func(a v3.Action) *v3.Action { return &a }
	ready := true
	objects := map[string][]runtime.Object{
		"tiers": {
			&v3.Tier{ObjectMeta: metav1.ObjectMeta{Name: v3.DefaultTierName}, Spec: v3.TierSpec{Order: order(v3.DefaultTierOrder), DefaultAction: action(v3.Deny)}},
			&v3.Tier{ObjectMeta: metav1.ObjectMeta{Name: v3.KubeAdminTierName}, Spec: v3.TierSpec{Order: order(v3.KubeAdminTierOrder), DefaultAction: action(v3.Pass)}},
			&v3.Tier{ObjectMeta: metav1.ObjectMeta{Name: v3.KubeBaselineTierName}, Spec: v3.TierSpec{Order: order(v3.KubeBaselineTierOrder), DefaultAction: action(v3.Pass)}},
		},
		"clusterinformations": {
			&v3.ClusterInformation{ObjectMeta: metav1.ObjectMeta{Name: "default"}, Spec: v3.ClusterInformationSpec{
				ClusterGUID: newClusterGUID(), ClusterType: "kdd", DatastoreReady: &ready,
			}},
		},
	}
	for _, kind := range Kinds() {
		for _, obj := range objects[kind.Resource] {
			cr, err := kind.Storage.ToCRD(obj)
			if err != nil {
				return err
			}
			_, err = clients.Dynamic.Resource(kind.Storage.GVR()).Create(ctx, cr, metav1.CreateOptions{})
			if err != nil && !apierrors.IsAlreadyExists(err) {
				return fmt.Errorf("creating %s %q: %w", kind.Storage.Kind, cr.GetName(), err)
			}
		}
	}
	return nil
}

// newClusterGUID is 32 lowercase hex digits, as Calico writes it.
func newClusterGUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
