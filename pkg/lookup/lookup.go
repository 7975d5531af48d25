// Package lookup answers the questions that checks spanning several objects ask
// (does this tier exist? which policies are in it? which pools overlap this CIDR?).
// The frequent one, a policy create asking for its tier, is answered from an informer
// cache of the stored tiers, so it costs no round trip to the kube-apiserver; the rare
// ones (tier deletes, pool creates) read live, because a cache can lag behind by the
// time an event takes to arrive, and a stale answer there would let a bad write in.
// What no read closes is two writes racing each other; each method says how it stands.
package lookup

import (
	"context"
	"fmt"
	"net"
	"sort"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/storage/crd"
)

var (
	tiers      = crd.CRDGroupVersion.WithResource("tiers")
	ipPools    = crd.CRDGroupVersion.WithResource("ippools")
	ipamBlocks = crd.CRDGroupVersion.WithResource("ipamblocks")
	bgpFilters = crd.CRDGroupVersion.WithResource("bgpfilters")
)

// Lookups reads other Calico objects for cross-object checks.
type Lookups struct {
	client  dynamic.Interface
	factory dynamicinformer.DynamicSharedInformerFactory
	// tieredPolicies are the stored resources whose objects name a tier.
	tieredPolicies []schema.GroupVersionResource
}

// New returns lookups over the custom resources client reaches; Start fills the caches.
// tieredPolicies are the stored resources of the kinds that name a tier (the registry's
// table says which).
func New(client dynamic.Interface, tieredPolicies []schema.GroupVersionResource) *Lookups {
	l := &Lookups{
		client: client, factory: dynamicinformer.NewDynamicSharedInformerFactory(client, 10*time.Minute),
		tieredPolicies: tieredPolicies,
	}
	l.factory.ForResource(tiers) // register before Start
	return l
}

// Start runs the informers until stop is closed and waits for their first lists.
func (l *Lookups) Start(stop <-chan struct{}) error {
	l.factory.Start(stop)
	for gvr, synced := range l.factory.WaitForCacheSync(stop) {
		if !synced {
			return fmt.Errorf("cache of %s did not sync", gvr.Resource)
		}
	}
	return nil
}

// TierExists reports whether the tier exists. A miss in the cache (e.g. a tier created
// a moment ago, in the same kubectl apply as its policies) is confirmed with a live read
// before a policy is refused for it.
func (l *Lookups) TierExists(ctx context.Context, name string) (bool, error) {
	if _, err := l.factory.ForResource(tiers).Lister().Get(name); err == nil {
		return true, nil
	}
	_, err := l.client.Resource(tiers).Get(ctx, name, metav1.GetOptions{})
	switch {
	case err == nil:
		return true, nil
	case apierrors.IsNotFound(err):
		return false, nil
	}
	return false, err
}

// PoliciesInTier lists the policies ("<resource>/<namespace>/<name>") in a tier, read
// live: deleting a tier is rare, and a stale empty answer would orphan a policy created
// a moment ago. A policy created concurrently with the tier's deletion can still slip
// in between this read and the delete, as in Calico.
func (l *Lookups) PoliciesInTier(ctx context.Context, tier string) ([]string, error) {
	var found []string
	for _, gvr := range l.tieredPolicies {
		list, err := l.client.Resource(gvr).List(ctx, metav1.ListOptions{})
		if err != nil {
			return nil, err
		}
		for i := range list.Items {
			if policyTier(&list.Items[i]) == tier {
				found = append(found, gvr.Resource+"/"+qualifiedName(list.Items[i].GetNamespace(), list.Items[i].GetName()))
			}
		}
	}
	sort.Strings(found)
	return found, nil
}

// OverlappingIPPools lists the pools other than except whose CIDR overlaps cidr, read
// live: pools are few and created rarely, and a stale cache would let an overlapping
// pool in. Two overlapping pools created at the same instant (through two replicas, or
// two requests to one) can still both pass, between this read and their creates:
// Calico's own client has the same window, and the kube-apiserver offers no
// transaction that would close it.
func (l *Lookups) OverlappingIPPools(ctx context.Context, cidr *net.IPNet, except string) ([]string, error) {
	list, err := l.client.Resource(ipPools).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	var found []string
	for i := range list.Items {
		pool := &list.Items[i]
		if pool.GetName() == except {
			continue
		}
		spec, _, _ := unstructured.NestedString(pool.Object, "spec", "cidr")
		_, other, err := net.ParseCIDR(spec)
		if err != nil {
			continue
		}
		if other.Contains(cidr.IP) || cidr.Contains(other.IP) {
			found = append(found, pool.GetName()+" ("+other.String()+")")
		}
	}
	sort.Strings(found)
	return found, nil
}

// IPAMBlocksWithOtherSize lists the IPAM blocks ("<cidr>") that overlap cidr but whose
// size differs from blockSize: a pool over them would hand out conflicting blocks. Read
// live, as OverlappingIPPools. Clusters without Calico IPAM have no ipamblocks
// resource; they have no blocks to conflict with.
func (l *Lookups) IPAMBlocksWithOtherSize(ctx context.Context, cidr *net.IPNet, blockSize int) ([]string, error) {
	list, err := l.client.Resource(ipamBlocks).List(ctx, metav1.ListOptions{})
	if apierrors.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var found []string
	for i := range list.Items {
		spec, _, _ := unstructured.NestedString(list.Items[i].Object, "spec", "cidr")
		_, block, err := net.ParseCIDR(spec)
		if err != nil || !(block.Contains(cidr.IP) || cidr.Contains(block.IP)) {
			continue
		}
		if size, _ := block.Mask.Size(); size != blockSize {
			found = append(found, block.String())
		}
	}
	sort.Strings(found)
	return found, nil
}

// MissingBGPFilters returns the names among names that no BGPFilter has, read live: a
// peer is typically applied together with its filters.
func (l *Lookups) MissingBGPFilters(ctx context.Context, names []string) ([]string, error) {
	if len(names) == 0 {
		return nil, nil
	}
	list, err := l.client.Resource(bgpFilters).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	exists := map[string]bool{}
	for i := range list.Items {
		exists[list.Items[i].GetName()] = true
	}
	var missing []string
	for _, name := range names {
		if !exists[name] {
			missing = append(missing, name)
		}
	}
	return missing, nil
}

// policyTier is a stored policy's tier; the CRDs default it, but an object stored
// without one is in the default tier.
func policyTier(obj *unstructured.Unstructured) string {
	tier, _, _ := unstructured.NestedString(obj.Object, "spec", "tier")
	if tier == "" {
		return v3.DefaultTierName
	}
	return tier
}

func qualifiedName(namespace, name string) string {
	if namespace == "" {
		return name
	}
	return namespace + "/" + name
}
