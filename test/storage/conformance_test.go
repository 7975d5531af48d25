package storage

import (
	"context"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/apis/example"
	"k8s.io/apiserver/pkg/storage"
	storagetesting "k8s.io/apiserver/pkg/storage/testing"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/calico-apiserver/calico-apiserver/pkg/storage/crd"
)

// newPodStore is the CRD store of the suites' example Pods, emptied first.
func newPodStore(t *testing.T) storage.Interface {
	t.Helper()
	if _, err := cp.Kubectl(context.Background(), nil, "delete", "pods.crd.projectcalico.org", "--all", "--all-namespaces", "--wait=true"); err != nil {
		t.Fatal(err)
	}
	config, err := clientcmd.BuildConfigFromFlags("", cp.Kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	config.QPS = -1
	client, err := crd.NewRESTClient(config)
	if err != nil {
		t.Fatal(err)
	}
	resource := &crd.Resource{
		Kind: "Pod", Resource: "pods", APIVersion: "example.apiserver.k8s.io/v1", CRDResource: "pods", CRDKind: "Pod",
		Namespaced: true, StoresStatus: true,
		NewFunc:     func() runtime.Object { return &example.Pod{} },
		NewListFunc: func() runtime.Object { return &example.PodList{} },
	}
	return crd.NewStore(resource, client, "/pods")
}

// stored checks that the custom resource behind key exists.
func stored(ctx context.Context, t *testing.T, key string) {
	t.Helper()
	parts := strings.Split(strings.TrimPrefix(key, "/pods/"), "/")
	if len(parts) != 2 {
		t.Fatalf("unexpected key %q", key)
	}
	if _, err := cp.Kubectl(ctx, nil, "get", "pods.crd.projectcalico.org", "-n", parts[0], parts[1]); err != nil {
		t.Errorf("nothing stored at %s: %v", key, err)
	}
}

// The suites that apply to a storage whose resourceVersions, UIDs and compaction are
// the kube-apiserver's: see the package documentation for those left out, and why.
func TestCreate(t *testing.T) {
	storagetesting.RunTestCreate(context.Background(), t, newPodStore(t), stored)
}

func TestCreateWithKeyExist(t *testing.T) {
	storagetesting.RunTestCreateWithKeyExist(context.Background(), t, newPodStore(t))
}

func TestGet(t *testing.T) {
	storagetesting.RunTestGet(context.Background(), t, newPodStore(t))
}

func TestUnconditionalDelete(t *testing.T) {
	storagetesting.RunTestUnconditionalDelete(context.Background(), t, newPodStore(t))
}

func TestDeleteWithSuggestion(t *testing.T) {
	storagetesting.RunTestDeleteWithSuggestion(context.Background(), t, newPodStore(t))
}

func TestDeleteWithSuggestionAndConflict(t *testing.T) {
	storagetesting.RunTestDeleteWithSuggestionAndConflict(context.Background(), t, newPodStore(t))
}

func TestDeleteWithConflict(t *testing.T) {
	storagetesting.RunTestDeleteWithConflict(context.Background(), t, newPodStore(t))
}

func TestDeleteWithSuggestionOfDeletedObject(t *testing.T) {
	storagetesting.RunTestDeleteWithSuggestionOfDeletedObject(context.Background(), t, newPodStore(t))
}

func TestValidateDeletionWithSuggestion(t *testing.T) {
	storagetesting.RunTestValidateDeletionWithSuggestion(context.Background(), t, newPodStore(t))
}

func TestValidateDeletionWithOnlySuggestionValid(t *testing.T) {
	storagetesting.RunTestValidateDeletionWithOnlySuggestionValid(context.Background(), t, newPodStore(t))
}

func TestPreconditionalDeleteWithSuggestion(t *testing.T) {
	storagetesting.RunTestPreconditionalDeleteWithSuggestion(context.Background(), t, newPodStore(t))
}

func TestPreconditionalDeleteWithOnlySuggestionPass(t *testing.T) {
	storagetesting.RunTestPreconditionalDeleteWithOnlySuggestionPass(context.Background(), t, newPodStore(t))
}

func TestGuaranteedUpdateWithConflict(t *testing.T) {
	storagetesting.RunTestGuaranteedUpdateWithConflict(context.Background(), t, newPodStore(t))
}

func TestGuaranteedUpdateWithSuggestionAndConflict(t *testing.T) {
	storagetesting.RunTestGuaranteedUpdateWithSuggestionAndConflict(context.Background(), t, newPodStore(t))
}

func TestListPaging(t *testing.T) {
	storagetesting.RunTestListPaging(context.Background(), t, newPodStore(t))
}

func TestNamespaceScopedList(t *testing.T) {
	storagetesting.RunTestNamespaceScopedList(context.Background(), t, newPodStore(t))
}

func TestKeySchema(t *testing.T) {
	storagetesting.RunTestKeySchema(context.Background(), t, newPodStore(t))
}

func TestWatch(t *testing.T) {
	storagetesting.RunTestWatch(context.Background(), t, newPodStore(t))
}

func TestDeleteTriggerWatch(t *testing.T) {
	storagetesting.RunTestDeleteTriggerWatch(context.Background(), t, newPodStore(t))
}

func TestWatchFromNonZero(t *testing.T) {
	storagetesting.RunTestWatchFromNonZero(context.Background(), t, newPodStore(t))
}

func TestDelayedWatchDelivery(t *testing.T) {
	storagetesting.RunTestDelayedWatchDelivery(context.Background(), t, newPodStore(t))
}

func TestWatchContextCancel(t *testing.T) {
	storagetesting.RunTestWatchContextCancel(context.Background(), t, newPodStore(t))
}

func TestWatcherTimeout(t *testing.T) {
	storagetesting.RunTestWatcherTimeout(context.Background(), t, newPodStore(t))
}

func TestWatchDeleteEventObjectHaveLatestRV(t *testing.T) {
	storagetesting.RunTestWatchDeleteEventObjectHaveLatestRV(context.Background(), t, newPodStore(t))
}

func TestNamespaceScopedWatch(t *testing.T) {
	storagetesting.RunTestNamespaceScopedWatch(context.Background(), t, newPodStore(t))
}
