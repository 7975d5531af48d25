package workloadendpoint

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/client-go/kubernetes/fake"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

const prefix = "/projectcalico.org/workloadendpoints"

func testPod(name string, hostNetwork bool) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns", ResourceVersion: "7",
			Annotations: map[string]string{"cni.projectcalico.org/podIP": "10.0.0.1"}},
		Spec: corev1.PodSpec{NodeName: "node-1", HostNetwork: hostNetwork},
	}
}

// The store's reads convert pods one by one, leave out those Calico does not show, and
// answer NotFound for names no pod has (a fake clientset stands in for the
// kube-apiserver: this tests the conversion of reads, not the API).
func TestStoreReads(t *testing.T) {
	client := fake.NewClientset(testPod("web", false), testPod("agent", true))
	s := NewStore(client.CoreV1(), prefix)
	ctx := context.Background()

	list := &v3.WorkloadEndpointList{}
	if err := s.GetList(ctx, prefix+"/ns", storage.ListOptions{Recursive: true, Predicate: storage.Everything}, list); err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].Name != "node--1-k8s-web-eth0" {
		t.Fatalf("list = %+v, want the endpoint of web only", list.Items)
	}
	wep := &v3.WorkloadEndpoint{}
	if err := s.Get(ctx, prefix+"/ns/node--1-k8s-web-eth0", storage.GetOptions{}, wep); err != nil || wep.Spec.Pod != "web" {
		t.Errorf("get = %+v, %v", wep, err)
	}
	for _, name := range []string{"node--1-k8s-agent-eth0", "node--2-k8s-web-eth0", "node--1-k8s-web-eth1", "not-an-endpoint"} {
		if err := s.Get(ctx, prefix+"/ns/"+name, storage.GetOptions{}, &v3.WorkloadEndpoint{}); !storage.IsNotFound(err) {
			t.Errorf("get %s: %v, want not found", name, err)
		}
	}
	if err := s.Create(ctx, prefix+"/ns/x", wep, wep, 0); err == nil {
		t.Error("create succeeded on a read-only view")
	}
}

// A watch converts pod events; a pod without an endpoint sends a bookmark at its
// revision when the watcher takes bookmarks.
func TestStoreWatch(t *testing.T) {
	client := fake.NewClientset()
	s := NewStore(client.CoreV1(), prefix)
	ctx := context.Background()
	pred := storage.Everything
	pred.AllowWatchBookmarks = true
	w, err := s.Watch(ctx, prefix+"/ns", storage.ListOptions{Recursive: true, Predicate: pred})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	pods := client.CoreV1().Pods("ns")
	if _, err := pods.Create(ctx, testPod("agent", true), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := pods.Create(ctx, testPod("web", false), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := pods.Delete(ctx, "web", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct {
		typ  watch.EventType
		name string
	}{{watch.Bookmark, ""}, {watch.Added, "node--1-k8s-web-eth0"}, {watch.Deleted, "node--1-k8s-web-eth0"}} {
		select {
		case event := <-w.ResultChan():
			got, ok := event.Object.(*v3.WorkloadEndpoint)
			if event.Type != want.typ || !ok || got.Name != want.name || got.ResourceVersion != "7" {
				t.Errorf("event %s %#v, want %s %s at revision 7", event.Type, event.Object, want.typ, want.name)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no %s event", want.typ)
		}
	}
}
