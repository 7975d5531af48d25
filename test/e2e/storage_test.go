package e2e

import (
	"context"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/client-go/tools/clientcmd"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/crd"
)

// These tests drive the storage.Interface directly against the real kube-apiserver:
// the contract a watch cache in front of it will rely on.

func newIPPoolStore(t *testing.T) *crd.Store {
	t.Helper()
	config, err := clientcmd.BuildConfigFromFlags("", cp.Kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	client, err := crd.NewRESTClient(config)
	if err != nil {
		t.Fatal(err)
	}
	resource := &crd.Resource{
		Kind: "IPPool", APIVersion: "projectcalico.org/v3", CRDResource: "ippools", CRDKind: "IPPool",
		NewFunc:     func() runtime.Object { return &v3.IPPool{} },
		NewListFunc: func() runtime.Object { return &v3.IPPoolList{} },
	}
	return crd.NewStore(resource, client, "/projectcalico.org/ippools")
}

func TestStorageConsistency(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	store := newIPPoolStore(t)
	key := "/projectcalico.org/ippools/pool-storage"
	pool := &v3.IPPool{ObjectMeta: metav1.ObjectMeta{Name: "pool-storage"}, Spec: v3.IPPoolSpec{CIDR: "10.120.0.0/16", BlockSize: 26}}
	var created v3.IPPool
	if err := store.Create(ctx, key, pool, &created, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = store.Delete(context.Background(), key, &v3.IPPool{}, nil, storage.ValidateAllObjectFunc, nil, storage.DeleteOptions{})
	})
	if err := store.Create(ctx, key, pool, &v3.IPPool{}, 0); !storage.IsExist(err) {
		t.Errorf("second create: %v, want a key-exists error", err)
	}

	// The current resourceVersion is a consistent read: at least the one just written.
	current, err := store.GetCurrentResourceVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	createdRV, _ := store.Versioner().ObjectResourceVersion(&created)
	if current < createdRV {
		t.Errorf("GetCurrentResourceVersion = %d, before the create's %d", current, createdRV)
	}

	// A watch from the created revision delivers what follows.
	w, err := store.Watch(ctx, "/projectcalico.org/ippools", storage.ListOptions{
		ResourceVersion: created.ResourceVersion, Recursive: true,
		Predicate: storage.SelectionPredicate{Label: labels.Everything(), Field: fields.Everything(), AllowWatchBookmarks: true,
			GetAttrs: storage.DefaultClusterScopedAttr},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	deadline := time.After(40 * time.Second)

	// GuaranteedUpdate applies the change; the watch sees it.
	var updated v3.IPPool
	err = store.GuaranteedUpdate(ctx, key, &updated, false, nil, func(input runtime.Object, _ storage.ResponseMeta) (runtime.Object, *uint64, error) {
		p := input.(*v3.IPPool)
		p.Spec.NATOutgoing = true
		return p, nil, nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !updated.Spec.NATOutgoing || updated.ResourceVersion == created.ResourceVersion {
		t.Errorf("update not applied: %+v", updated)
	}
	for seen := false; !seen; {
		select {
		case event := <-w.ResultChan():
			if event.Type == watch.Modified {
				seen = event.Object.(*v3.IPPool).Spec.NATOutgoing
			}
		case <-deadline:
			t.Fatal("the watch did not deliver the update")
		}
	}

	// A UID precondition that does not match refuses the delete.
	wrongUID := types.UID("00000000-0000-4000-8000-000000000001")
	err = store.Delete(ctx, key, &v3.IPPool{}, &storage.Preconditions{UID: &wrongUID}, storage.ValidateAllObjectFunc, nil, storage.DeleteOptions{})
	if err == nil {
		t.Error("delete with a wrong UID precondition succeeded")
	}
}
