package node

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

// NewStore is the read-only storage of Calico Nodes, derived from the Nodes of the
// kube-apiserver behind core; keyPrefix is the registry's key prefix.
func NewStore(core corev1client.CoreV1Interface, keyPrefix string) *view.Store[*corev1.Node] {
	return view.NewStore(view.Source[*corev1.Node]{
		Resource: "nodes",
		List: func(ctx context.Context, _ string, opts metav1.ListOptions) ([]*corev1.Node, metav1.ListMeta, error) {
			list, err := core.Nodes().List(ctx, opts)
			if err != nil {
				return nil, metav1.ListMeta{}, err
			}
			nodes := make([]*corev1.Node, len(list.Items))
			for i := range list.Items {
				nodes[i] = &list.Items[i]
			}
			return nodes, list.ListMeta, nil
		},
		Watch: func(ctx context.Context, _ string, opts metav1.ListOptions) (watch.Interface, error) {
			return core.Nodes().Watch(ctx, opts)
		},
		Get: func(ctx context.Context, _, name string) (*corev1.Node, error) {
			return core.Nodes().Get(ctx, name, metav1.GetOptions{})
		},
		Convert:    func(n *corev1.Node) (runtime.Object, error) { return FromNode(n) },
		SourceName: func(name string) (string, bool) { return name, true },
	}, keyPrefix, false, func() runtime.Object { return &v3.Node{} })
}
