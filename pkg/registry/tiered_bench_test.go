package registry

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/endpoints/request"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/authorization/tier"
)

// BenchmarkTierFilterOfList measures the tier filtering of one LIST of 10,000
// NetworkPolicies in 20 tiers across 50 namespaces, by a user allowed half the tiers
// cluster-wide, and reports the authorization decisions (SubjectAccessReviews, each
// one round trip to the kube-apiserver in a cluster) it costs per LIST: with the
// decision cache warm (within the TTL of an earlier request) and cold (the first
// request of the user, or the first after the TTL).
//
//	go test ./pkg/registry/ -run '^$' -bench TierFilterOfList -benchmem
func BenchmarkTierFilterOfList(b *testing.B) {
	const objects, tiers, namespaces = 10000, 20, 50
	var list []runtime.Object
	for i := 0; i < objects; i++ {
		list = append(list, &v3.NetworkPolicy{
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("p%d", i), Namespace: fmt.Sprintf("ns%d", i%namespaces)},
			Spec:       v3.NetworkPolicySpec{Tier: fmt.Sprintf("tier%d", i%tiers)},
		})
	}
	var asked atomic.Int64
	delegate := authorizer.AuthorizerFunc(func(_ context.Context, a authorizer.Attributes) (authorizer.Decision, string, error) {
		asked.Add(1)
		var n int
		name := a.GetName()
		if a.GetResource() != "tiers" {
			name = name[:len(name)-2] // "tierN.*"
		}
		if _, err := fmt.Sscanf(name, "tier%d", &n); err == nil && n%2 == 0 {
			return authorizer.DecisionAllow, "", nil
		}
		return authorizer.DecisionNoOpinion, "", nil
	})
	var kind *Kind
	for _, k := range Kinds() {
		if k.Resource == "networkpolicies" {
			kind = k
		}
	}
	ctx := request.WithUser(context.Background(), &user.DefaultInfo{Name: "alice", Groups: []string{"team", "system:authenticated"}})
	ctx = request.WithRequestInfo(ctx, &request.RequestInfo{IsResourceRequest: true, Verb: "list", Resource: "networkpolicies"})

	for _, tc := range []struct {
		name string
		cold bool
	}{{"warm", false}, {"cold", true}} {
		b.Run(tc.name, func(b *testing.B) {
			r := &tieredREST{REST: &REST{kind: kind}, tiers: tier.NewAuthorizer(delegate, 5*time.Second)}
			asked.Store(0)
			visible := 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if tc.cold {
					r.tiers = tier.NewAuthorizer(delegate, 5*time.Second)
				}
				keep, err := r.collectionFilter(ctx, "list", nil, forTheRequest)
				if err != nil {
					b.Fatal(err)
				}
				visible = 0
				for _, obj := range list {
					if keep(obj) {
						visible++
					}
				}
			}
			b.StopTimer()
			if visible != objects/2 {
				b.Fatalf("%d visible, want %d", visible, objects/2)
			}
			b.ReportMetric(float64(asked.Load())/float64(b.N), "SARs/list")
		})
	}
}
