package storage

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/apis/example"
	"k8s.io/apiserver/pkg/features"
	"k8s.io/apiserver/pkg/storage"
	storagetesting "k8s.io/apiserver/pkg/storage/testing"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	"k8s.io/client-go/tools/clientcmd"
	featuregatetesting "k8s.io/component-base/featuregate/testing"

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

// The suites run here pass (one test per suite, named after it). The line numbers
// below are in k8s.io/apiserver@v0.37.2/pkg/storage/testing. Left out, and why:
//   - CreateWithTTL, GuaranteedUpdateWithTTL: custom resources have no TTL.
//   - ConditionalDelete, PreconditionalDeleteWithSuggestion, PreconditionalDeleteWithOnlySuggestionPass:
//     they create objects with UIDs the client chooses ("A", "myUID"); the kube-apiserver assigns UIDs,
//     and Calico's v3 UID is derived from the custom resource's.
//   - List, ConsistentList, GetListNonRecursive, ListResourceVersionMatch, ListInconsistentContinuation,
//     CompactRevision, WatchFromZero, OptionalTestProgressNotify: they compact etcd or advance its
//     revision themselves (Compaction, IncreaseRVFunc), or ask for progress notifications, which the
//     kube-apiserver's REST watch does not offer.
//   - GuaranteedUpdate, GuaranteedUpdateChecksStoredData, TransformationFailure, Stats, WatchError,
//     WatchErrorIsBlockingFurtherEvents, WatchWithUnsafeDelete, DeleteExpectedTransformOrDecodeError,
//     DeleteWithConflictAndMissingExpectedTransformOrDecodeError, GetListWith*ErrorAggregation: they reach
//     into etcd's value transformer to corrupt stored objects. TestUnsafeDeleteOfUnreadableObject covers
//     the unsafe deletion of an unreadable custom resource instead.
//   - ListContinuation*, ListPaginationRareObject: they count etcd calls.
//   - UnconditionalDelete (store_tests.go:280) and WatchDeleteEventObjectHaveLatestRV (watcher_tests.go:574)
//     want the object Delete returns to carry the deletion's resourceVersion. The kube-apiserver answers a
//     custom resource's DELETE with a Status ({"kind":"Status","status":"Success","details":{name, group,
//     kind, uid}}), so Delete returns the object as last stored. Learning the deletion's revision would
//     take a watch per delete, and no client would see it: this server too answers a DELETE with a Status
//     (the generic registry's ReturnDeletedObject is false, as for custom resources). What a client does
//     see, the DELETED event at the deletion's resourceVersion, holds: TestWatchDeletedEventCarriesDeletionRevision.
//   - GuaranteedUpdateWithConflict: its tryUpdate renames the object (store_tests.go:4064, pod.Name =
//     "foo-1"). etcd stores those bytes under the old key; the kube-apiserver refuses a PUT whose body
//     names another object (400), and the generic registry refuses renames before they reach storage.
//     TestGuaranteedUpdateWithConflict is the suite with a label change instead.
//   - KeySchema: it expects Create and Get at keys that name no namespace or no name ("/pods/",
//     "/pods/name", store_tests.go:4830) to succeed; a namespaced custom resource needs both.
//   - NamespaceScopedList: it expects listed items to equal the objects given to Create but for their
//     resourceVersion (store_tests.go:4773); the kube-apiserver gives every custom resource a uid and a
//     creationTimestamp.
//   - Watch, NamespaceScopedWatch, ClusterScopedWatch: when an update makes an object start or stop
//     matching the watch's predicate, they expect ADDED, or DELETED with the previous object
//     (watcher_tests.go:87, 104, 789, 1104); etcd's watch computes that from the event's previous value.
//     The kube-apiserver's watch events carry no previous value, and the predicates select on v3 fields
//     and labels (in the metadata annotation) it cannot filter on, so the store could do it only by
//     keeping a copy of every object each such watch selects (and listing at the watch's start revision
//     to learn them): a second watch cache. In this server every CRD store sits behind the cacher, its
//     only watcher, which watches it with storage.Everything and computes these transitions for every
//     client from its own copy of the previous object. ClusterScopedWatch also needs a cluster-scoped
//     store.
//   - WatchSemantics: its scenarios with resourceVersion "1" and sendInitialEvents=false
//     (watcher_tests.go:1437, 1447) expect every event since revision 1, which etcd keeps until it is
//     compacted; the kube-apiserver serves a watch from its watch cache's recent history and answers an
//     older revision with 410 Gone (an ERROR event). Its 16 other scenarios pass.
//   - OptionalWatchBookmarksWithCorrectResourceVersion: it wants a bookmark within 3 s
//     (watcher_tests.go:1266); the kube-apiserver sends one about once a minute (the cacher's own
//     bookmarks are what this server's clients get).
func TestCreate(t *testing.T) {
	storagetesting.RunTestCreate(context.Background(), t, newPodStore(t), stored)
}

func TestCreateWithKeyExist(t *testing.T) {
	storagetesting.RunTestCreateWithKeyExist(context.Background(), t, newPodStore(t))
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

func TestGuaranteedUpdateWithSuggestionAndConflict(t *testing.T) {
	storagetesting.RunTestGuaranteedUpdateWithSuggestionAndConflict(context.Background(), t, newPodStore(t))
}

func TestListPaging(t *testing.T) {
	storagetesting.RunTestListPaging(context.Background(), t, newPodStore(t))
}

func TestDelayedWatchDelivery(t *testing.T) {
	storagetesting.RunTestDelayedWatchDelivery(context.Background(), t, newPodStore(t))
}

func TestWatcherTimeout(t *testing.T) {
	storagetesting.RunTestWatcherTimeout(context.Background(), t, newPodStore(t))
}

func TestDeleteTriggerWatch(t *testing.T) {
	storagetesting.RunTestDeleteTriggerWatch(context.Background(), t, newPodStore(t))
}

func TestWatchFromNonZero(t *testing.T) {
	storagetesting.RunTestWatchFromNonZero(context.Background(), t, newPodStore(t))
}

func TestGet(t *testing.T) {
	storagetesting.RunTestGet(context.Background(), t, newPodStore(t))
}

func TestWatchContextCancel(t *testing.T) {
	storagetesting.RunTestWatchContextCancel(context.Background(), t, newPodStore(t))
}

func TestValidateDeletionWithSuggestion(t *testing.T) {
	storagetesting.RunTestValidateDeletionWithSuggestion(context.Background(), t, newPodStore(t))
}

func TestValidateDeletionWithOnlySuggestionValid(t *testing.T) {
	storagetesting.RunTestValidateDeletionWithOnlySuggestionValid(context.Background(), t, newPodStore(t))
}

func TestDeleteWithSuggestionAndMissingExpectedTransformOrDecodeError(t *testing.T) {
	featuregatetesting.SetFeatureGateDuringTest(t, utilfeature.DefaultFeatureGate, features.AllowUnsafeMalformedObjectDeletion, true)
	storagetesting.RunTestDeleteWithSuggestionAndMissingExpectedTransformOrDecodeError(context.Background(), t, newPodStore(t))
}

func TestGetListRecursivePrefix(t *testing.T) {
	storagetesting.RunTestGetListRecursivePrefix(context.Background(), t, newPodStore(t))
}

func TestWatchInitializationSignal(t *testing.T) {
	storagetesting.RunTestWatchInitializationSignal(context.Background(), t, newPodStore(t))
}

// The kube-apiserver's bookmarks come about once a minute: none is expected within the
// suite's 3 s, as for the etcd3 store.
func TestWatchDispatchBookmarkEvents(t *testing.T) {
	storagetesting.RunTestWatchDispatchBookmarkEvents(context.Background(), t, newPodStore(t), false)
}

func TestSendInitialEventsBackwardCompatibility(t *testing.T) {
	storagetesting.RunSendInitialEventsBackwardCompatibility(context.Background(), t, newPodStore(t))
}

func TestWatchListMatchSingle(t *testing.T) {
	storagetesting.RunWatchListMatchSingle(context.Background(), t, newPodStore(t))
}

func TestWatchSemanticInitialEventsExtended(t *testing.T) {
	storagetesting.RunWatchSemanticInitialEventsExtended(context.Background(), t, newPodStore(t))
}

// TestWatchDeletedEventCarriesDeletionRevision checks the part of
// RunTestWatchDeleteEventObjectHaveLatestRV that a store over the kube-apiserver can
// meet: the DELETED event carries the deletion's resourceVersion (newer than the
// object's last, and no newer than a consistent read made after the delete), and
// otherwise the object as deleted.
func TestWatchDeletedEventCarriesDeletionRevision(t *testing.T) {
	ctx := context.Background()
	store := newPodStore(t)
	created := &example.Pod{}
	key := "/pods/test-ns/deleted"
	if err := store.Create(ctx, key, &example.Pod{ObjectMeta: metav1.ObjectMeta{Name: "deleted", Namespace: "test-ns"}}, created, 0); err != nil {
		t.Fatal(err)
	}
	watchCtx, cancel := context.WithTimeout(ctx, wait.ForeverTestTimeout)
	defer cancel()
	w, err := store.Watch(watchCtx, key, storage.ListOptions{ResourceVersion: created.ResourceVersion, Predicate: storage.Everything})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	if err := store.Delete(ctx, key, &example.Pod{}, nil, storage.ValidateAllObjectFunc, nil, storage.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	after, err := store.GetCurrentResourceVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var event watch.Event
	select {
	case event = <-w.ResultChan():
	case <-watchCtx.Done():
		t.Fatal("no event after the delete")
	}
	if event.Type != watch.Deleted {
		t.Fatalf("event %s %#v, want DELETED", event.Type, event.Object)
	}
	deleted := event.Object.(*example.Pod)
	createdRV, _ := strconv.ParseUint(created.ResourceVersion, 10, 64)
	deletedRV, err := strconv.ParseUint(deleted.ResourceVersion, 10, 64)
	if err != nil || deletedRV <= createdRV || deletedRV > after {
		t.Errorf("DELETED event at resourceVersion %q; want the deletion's, after %d and at most %d", deleted.ResourceVersion, createdRV, after)
	}
	deleted.ResourceVersion = created.ResourceVersion
	if !reflect.DeepEqual(created, deleted) {
		t.Errorf("DELETED event's object is not the object as created:\n%#v\nwant\n%#v", deleted, created)
	}
}

// TestUnsafeDeleteOfUnreadableObject checks the unsafe deletion of an object this
// server cannot read (ignoreStoreReadErrorWithClusterBreakingPotential): the etcd3
// suites reach it through etcd's value transformer, here the custom resource is written
// straight to the kube-apiserver with a spec the v3 type cannot hold.
func TestUnsafeDeleteOfUnreadableObject(t *testing.T) {
	featuregatetesting.SetFeatureGateDuringTest(t, utilfeature.DefaultFeatureGate, features.AllowUnsafeMalformedObjectDeletion, true)
	ctx := context.Background()
	store := newPodStore(t)
	const unreadable = `apiVersion: crd.projectcalico.org/v1
kind: Pod
metadata: {name: unreadable, namespace: test-ns}
spec: unreadable
`
	if _, err := cp.Kubectl(ctx, strings.NewReader(unreadable), "create", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	key := "/pods/test-ns/unreadable"
	if err := store.Get(ctx, key, storage.GetOptions{}, &example.Pod{}); !storage.IsCorruptObject(err) {
		t.Fatalf("Get of an unreadable object: %v, want a corrupt object error", err)
	}
	unsafe := storage.DeleteOptions{ExpectTransformOrDecodeError: true}
	errDryRun := errors.New("dry run")
	refuse := func(_ context.Context, obj runtime.Object) error {
		if obj != nil {
			t.Errorf("validateDeletion got %#v, want no object", obj)
		}
		return errDryRun
	}
	if err := store.Delete(ctx, key, &example.Pod{}, nil, refuse, nil, unsafe); !errors.Is(err, errDryRun) {
		t.Fatalf("Delete with a refusing validation: %v, want %v", err, errDryRun)
	}
	stored(ctx, t, key)
	if err := store.Delete(ctx, key, &example.Pod{}, nil, storage.ValidateAllObjectFunc, nil, unsafe); err != nil {
		t.Fatalf("unsafe Delete: %v", err)
	}
	if _, err := cp.Kubectl(ctx, nil, "get", "pods.crd.projectcalico.org", "-n", "test-ns", "unreadable"); err == nil || !strings.Contains(err.Error(), "NotFound") {
		t.Errorf("the unreadable object is still stored: %v", err)
	}
}

// TestGuaranteedUpdateWithConflict is RunTestGuaranteedUpdateWithConflict with updates
// that change a label instead of renaming the object (see above): an update whose
// write conflicts with a concurrent one reads the object again and retries.
func TestGuaranteedUpdateWithConflict(t *testing.T) {
	ctx := context.Background()
	store := newPodStore(t)
	key := "/pods/test-ns/foo"
	if err := store.Create(ctx, key, &example.Pod{ObjectMeta: metav1.ObjectMeta{Name: "foo", Namespace: "test-ns"}}, &example.Pod{}, 0); err != nil {
		t.Fatal(err)
	}
	label := func(value string) storage.UpdateFunc {
		return storage.SimpleUpdate(func(obj runtime.Object) (runtime.Object, error) {
			pod := obj.(*example.Pod)
			pod.Labels = map[string]string{"writer": value}
			return pod, nil
		})
	}
	firstDone := make(chan error, 1)
	secondEntered := make(chan struct{})
	go func() {
		first := label("first")
		firstDone <- store.GuaranteedUpdate(ctx, key, &example.Pod{}, false, nil,
			func(obj runtime.Object, meta storage.ResponseMeta) (runtime.Object, *uint64, error) {
				<-secondEntered
				return first(obj, meta)
			}, nil)
	}()
	calls := 0
	var firstErr error
	second := label("second")
	out := &example.Pod{}
	err := store.GuaranteedUpdate(ctx, key, out, false, nil,
		func(obj runtime.Object, meta storage.ResponseMeta) (runtime.Object, *uint64, error) {
			calls++
			if calls == 1 {
				close(secondEntered)
				firstErr = <-firstDone // the first writes while this one holds a stale object
			}
			if calls == 2 && obj.(*example.Pod).Labels["writer"] != "first" {
				t.Errorf("retry started from %#v, want the first update's object", obj)
			}
			return second(obj, meta)
		}, nil)
	if err != nil || firstErr != nil {
		t.Fatalf("second update: %v; first update: %v", err, firstErr)
	}
	if calls != 2 {
		t.Errorf("the update function ran %d times, want 2 (a conflict, then a retry)", calls)
	}
	if out.Labels["writer"] != "second" {
		t.Errorf("stored labels %v, want writer=second", out.Labels)
	}
}
