package registry

import (
	"context"
	"fmt"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// BenchmarkGlobalNetworkPolicyTable measures the table of a `kubectl get gnp` of 10,000
// policies, the widest table of the policy kinds (every column computed; kubectl drops
// the wide ones unless -o wide).
//
//	go test ./pkg/registry/ -run '^$' -bench GlobalNetworkPolicyTable -benchmem
func BenchmarkGlobalNetworkPolicyTable(b *testing.B) {
	const objects = 10000
	order := 100.0
	list := &v3.GlobalNetworkPolicyList{}
	for i := 0; i < objects; i++ {
		list.Items = append(list.Items, v3.GlobalNetworkPolicy{
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("tier%d.policy-%d", i%20, i), CreationTimestamp: metav1.Now()},
			Spec: v3.GlobalNetworkPolicySpec{
				Tier: fmt.Sprintf("tier%d", i%20), Order: &order,
				Selector: fmt.Sprintf("app == 'app-%d' && role in {'frontend', 'backend'}", i),
				Types:    []v3.PolicyType{v3.PolicyTypeIngress, v3.PolicyTypeEgress},
				Ingress:  []v3.Rule{{Action: v3.Allow}}, Egress: []v3.Rule{{Action: v3.Allow}},
			},
		})
	}
	c := newTableConvertor(v3.Resource("globalnetworkpolicies"), globalNetworkPolicyColumns())
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		table, err := c.ConvertToTable(context.Background(), list, &metav1.TableOptions{})
		if err != nil || len(table.Rows) != objects {
			b.Fatalf("%v, %d rows", err, len(table.Rows))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/objects, "ns/row")
}
