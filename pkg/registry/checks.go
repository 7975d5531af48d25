package registry

import (
	"context"
	"fmt"
	"net"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
	"github.com/calico-apiserver/calico-apiserver/pkg/lookup"
)

// Checks that need other objects (validation-and-defaults.md §4). They run in the
// strategy, after the object's own validation, so dry-run requests see them too.

// checkPolicyTier: a tiered policy can only be created in, or moved to, an existing tier.
func checkPolicyTier(ctx context.Context, tier string, l *lookup.Lookups) field.ErrorList {
	path := field.NewPath("spec", "tier")
	exists, err := l.TierExists(ctx, tier)
	switch {
	case err != nil:
		return field.ErrorList{field.InternalError(path, fmt.Errorf("looking up tier %q: %w", tier, err))}
	case !exists:
		return field.ErrorList{field.NotFound(path, tier)}
	}
	return nil
}

// checkIPPoolOverlap: a new pool must not overlap an existing one.
func checkIPPoolOverlap(ctx context.Context, obj runtime.Object, l *lookup.Lookups) field.ErrorList {
	pool := obj.(*v3.IPPool)
	path := field.NewPath("spec", "cidr")
	_, cidr, err := net.ParseCIDR(pool.Spec.CIDR)
	if err != nil {
		return nil // the pool's own validation reports it
	}
	overlapping, err := l.OverlappingIPPools(ctx, cidr, pool.Name)
	switch {
	case err != nil:
		return field.ErrorList{field.InternalError(path, fmt.Errorf("listing IP pools: %w", err))}
	case len(overlapping) > 0:
		return field.ErrorList{field.Invalid(path, pool.Spec.CIDR, "overlaps existing IP pool "+strings.Join(overlapping, ", "))}
	}
	blocks, err := l.IPAMBlocksWithOtherSize(ctx, cidr, pool.Spec.BlockSize)
	switch {
	case err != nil:
		return field.ErrorList{field.InternalError(field.NewPath("spec", "blockSize"), fmt.Errorf("listing IPAM blocks: %w", err))}
	case len(blocks) > 0:
		return field.ErrorList{field.Invalid(field.NewPath("spec", "blockSize"), pool.Spec.BlockSize,
			"conflicts with existing allocations: IPAM blocks of another size overlap the pool: "+strings.Join(blocks, ", "))}
	}
	return nil
}

// checkBGPPeerFilters: every filter a peer names must exist, on create and update.
func checkBGPPeerFilters(ctx context.Context, obj runtime.Object, l *lookup.Lookups) field.ErrorList {
	peer := obj.(*v3.BGPPeer)
	path := field.NewPath("spec", "filters")
	missing, err := l.MissingBGPFilters(ctx, peer.Spec.Filters)
	switch {
	case err != nil:
		return field.ErrorList{field.InternalError(path, fmt.Errorf("listing BGP filters: %w", err))}
	case len(missing) > 0:
		return field.ErrorList{field.Invalid(path, missing, "BGPFilter(s) not found: "+strings.Join(missing, ", "))}
	}
	return nil
}

// builtInTiers are the tiers Calico creates and relies on; they cannot be deleted.
var builtInTiers = map[string]bool{v3.DefaultTierName: true, v3.KubeAdminTierName: true, v3.KubeBaselineTierName: true}

// checkTierDeletable: built-in tiers and tiers that still hold policies stay.
func checkTierDeletable(ctx context.Context, obj runtime.Object, l *lookup.Lookups) error {
	tier := obj.(*v3.Tier)
	if builtInTiers[tier.Name] {
		return apierrors.NewForbidden(v3.Resource("tiers"), tier.Name, fmt.Errorf("the built-in tier %q cannot be deleted", tier.Name))
	}
	policies, err := l.PoliciesInTier(ctx, tier.Name)
	if err != nil {
		return apierrors.NewInternalError(fmt.Errorf("listing the policies of tier %q: %w", tier.Name, err))
	}
	if len(policies) > 0 {
		const shown = 5
		list := strings.Join(policies[:min(len(policies), shown)], ", ")
		if len(policies) > shown {
			list += fmt.Sprintf(" and %d more", len(policies)-shown)
		}
		return apierrors.NewConflict(v3.Resource("tiers"), tier.Name,
			fmt.Errorf("tier %q still holds policies (%s): delete them or move them to another tier first", tier.Name, list))
	}
	return nil
}
