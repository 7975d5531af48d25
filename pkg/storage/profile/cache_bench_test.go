package profile

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"k8s.io/apiserver/pkg/storage"
	"k8s.io/client-go/kubernetes/fake"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// benchCache is a ready cache of n namespaces with one service account each.
func benchCache(b *testing.B, n int) (*Cache, [halves]*feed) {
	b.Helper()
	upstream := NewStore(fake.NewSimpleClientset().CoreV1(), testPrefix)
	builtin := &v3.Profile{}
	if err := upstream.Get(context.Background(), testPrefix+DefaultAllowName, storage.GetOptions{}, builtin); err != nil {
		b.Fatal(err)
	}
	h := newHistory(historyWindow, historyMinEvents, historyMaxEvents, nil)
	c := newCache(upstream, testPrefix, builtin, h, bookmarkInterval)
	b.Cleanup(func() { close(c.stopped) })
	feeds := [halves]*feed{newFeed(h, namespaces), newFeed(h, serviceAccounts)}
	nss, sas := make([]interface{}, n), make([]interface{}, n)
	for i := range n {
		name := fmt.Sprintf("ns-%05d", i)
		nss[i] = namespace(name, strconv.Itoa(i+1), map[string]string{"team": "t" + strconv.Itoa(i%10)})
		sas[i] = serviceAccount(name, "default", strconv.Itoa(n+i+1))
	}
	if err := feeds[namespaces].Replace(nss, strconv.Itoa(n)); err != nil {
		b.Fatal(err)
	}
	if err := feeds[serviceAccounts].Replace(sas, strconv.Itoa(2*n)); err != nil {
		b.Fatal(err)
	}
	return c, feeds
}

// A LIST at resourceVersion 0 of 20,000 profiles from memory.
func BenchmarkCacheList(b *testing.B) {
	c, _ := benchCache(b, 10000)
	opts := storage.ListOptions{ResourceVersion: "0", Recursive: true, Predicate: storage.Everything}
	b.ReportAllocs()
	for b.Loop() {
		list := &v3.ProfileList{}
		if err := c.GetList(context.Background(), testPrefix, opts, list); err != nil {
			b.Fatal(err)
		}
		if len(list.Items) != 20001 {
			b.Fatalf("%d items", len(list.Items))
		}
	}
}

// One namespace change delivered to 100 profile watchers.
func BenchmarkCacheWatchFanOut(b *testing.B) {
	const watchers = 100
	c, feeds := benchCache(b, 1000)
	streams := make([]chan struct{}, watchers)
	for i := range streams {
		w, err := c.Watch(context.Background(), testPrefix, storage.ListOptions{ResourceVersion: "1000/2000", Recursive: true, Predicate: storage.Everything})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(w.Stop)
		streams[i] = make(chan struct{}, 1)
		go func() {
			for range w.ResultChan() {
				streams[i] <- struct{}{}
			}
		}()
	}
	b.ReportAllocs()
	rv := 3000
	for b.Loop() {
		rv++
		if err := feeds[namespaces].Update(namespace("ns-00001", strconv.Itoa(rv), map[string]string{"rv": strconv.Itoa(rv)})); err != nil {
			b.Fatal(err)
		}
		for _, s := range streams {
			select {
			case <-s:
			case <-time.After(10 * time.Second):
				b.Fatal("a watcher missed the event")
			}
		}
	}
}
