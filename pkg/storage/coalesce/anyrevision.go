package coalesce

import (
	"context"
	"reflect"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/storage"
)

// reuseFor bounds how long a list answered from the cache is handed to later identical
// requests: long enough for a burst (informers of many clients starting together), too
// short to keep a large list in memory once the burst is over.
const reuseFor = time.Second

// ListFunc lists into listObj, as storage.Interface's GetList.
type ListFunc func(ctx context.Context, key string, opts storage.ListOptions, listObj runtime.Object) error

// AnyRevision shares the answers of lists that accept any revision (resourceVersion
// "0"), which the watch cache serves: identical requests arriving while the cache's
// feed stays at the same revision get the same list, listed once. Each cached list is a
// copy of every matching item (the cacher's), held until it is encoded, so a burst of
// such lists otherwise costs one copy of the kind per request.
type AnyRevision struct {
	list        ListFunc
	revision    func() uint64
	newListFunc func() runtime.Object
	listType    reflect.Type // see Store.listType

	mu      sync.Mutex
	answers map[string]*answer
}

// answer is one list, shared by the requests that arrive while its revision holds.
type answer struct {
	revision uint64
	result
}

// NewAnyRevision shares the lists of list; revision is the revision the cache's feed has
// reached (a list is reused only while it stays there).
func NewAnyRevision(list ListFunc, revision func() uint64, newListFunc func() runtime.Object) *AnyRevision {
	return &AnyRevision{list: list, revision: revision, newListFunc: newListFunc, listType: reflect.TypeOf(newListFunc()),
		answers: map[string]*answer{}}
}

// GetList lists through the shared answers.
func (a *AnyRevision) GetList(ctx context.Context, key string, opts storage.ListOptions, listObj runtime.Object) error {
	if reflect.TypeOf(listObj) != a.listType {
		return a.list(ctx, key, opts, listObj)
	}
	id := identity(key, opts)
	revision := a.revision()
	a.mu.Lock()
	ans := a.answers[id]
	mine := ans == nil || ans.revision != revision
	if mine {
		ans = &answer{revision: revision, result: newResult()}
		a.answers[id] = ans
	} else {
		sharedLists.Inc()
	}
	a.mu.Unlock()

	if mine {
		// The list is the cache's, in memory: it does not end with this request, which
		// others may be waiting on.
		list := a.newListFunc()
		ans.set(list, a.list(context.WithoutCancel(ctx), key, opts, list))
		time.AfterFunc(reuseFor, func() { a.forget(id, ans) })
	}
	return ans.await(ctx, listObj)
}

// forget drops ans unless a newer answer replaced it already.
func (a *AnyRevision) forget(id string, ans *answer) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.answers[id] == ans {
		delete(a.answers, id)
	}
}
