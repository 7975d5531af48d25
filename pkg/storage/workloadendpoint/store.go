package workloadendpoint

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/view"
)

// NewStore is the read-only storage of WorkloadEndpoints, derived from the Pods of the
// kube-apiserver behind core; keyPrefix is the registry's key prefix.
func NewStore(core corev1client.CoreV1Interface, keyPrefix string) *view.Store[*corev1.Pod] {
	return view.NewStore(view.Source[*corev1.Pod]{
		Resource: "pods",
		List: func(ctx context.Context, namespace string, opts metav1.ListOptions) ([]*corev1.Pod, metav1.ListMeta, error) {
			list, err := core.Pods(namespace).List(ctx, opts)
			if err != nil {
				return nil, metav1.ListMeta{}, err
			}
			pods := make([]*corev1.Pod, len(list.Items))
			for i := range list.Items {
				pods[i] = &list.Items[i]
			}
			return pods, list.ListMeta, nil
		},
		Watch: func(ctx context.Context, namespace string, opts metav1.ListOptions) (watch.Interface, error) {
			return core.Pods(namespace).Watch(ctx, opts)
		},
		Get: func(ctx context.Context, namespace, name string) (*corev1.Pod, error) {
			return core.Pods(namespace).Get(ctx, name, metav1.GetOptions{})
		},
		Convert: func(pod *corev1.Pod) (runtime.Object, error) {
			wep, err := FromPod(pod)
			if wep == nil || err != nil {
				return nil, err
			}
			return wep, nil
		},
		SourceName: func(name string) (string, bool) {
			ids, ok := parseName(name)
			return ids.pod, ok && ids.endpoint == endpoint
		},
	}, keyPrefix, true, func() runtime.Object { return &v3.WorkloadEndpoint{} })
}

// SelectableFields are the fields lists and watches of WorkloadEndpoints can select
// on: the node and the pod, as calicoctl filters them (`--node`, and a pod's name).
func SelectableFields(wep *v3.WorkloadEndpoint) map[string]string {
	return map[string]string{"spec.node": wep.Spec.Node, "spec.pod": wep.Spec.Pod}
}
