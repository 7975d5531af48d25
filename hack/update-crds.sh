#!/usr/bin/env bash
# Regenerates the crd.projectcalico.org/v1 CRD manifests in artifacts/crds from the Go
# types in pkg/apis/crd/v1 (which embed the served v3 specs), with controller-gen at
# the version pinned here, cached outside the checkout. hack/normalize-crds turns
# controller-gen's schema for Calico's int-or-string types (ports, protocols) into the
# int-or-string schema Calico's own CRDs have. allowDangerousTypes admits the float fields
# (policy and tier order) that Calico's schema has.
set -o errexit -o nounset -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
CONTROLLER_GEN_VERSION=v0.23.0
GOBIN="${XDG_CACHE_HOME:-$HOME/.cache}/calico-apiserver/controller-gen/${CONTROLLER_GEN_VERSION}/bin"
if [[ ! -x "$GOBIN/controller-gen" ]]; then
    echo "installing controller-gen ${CONTROLLER_GEN_VERSION} into $GOBIN (first time only, a few minutes)..." >&2
    if ! GOBIN="$GOBIN" go install "sigs.k8s.io/controller-tools/cmd/controller-gen@${CONTROLLER_GEN_VERSION}"; then
        echo "update-crds: cannot install controller-gen ${CONTROLLER_GEN_VERSION}: is the Go module proxy reachable?" >&2
        exit 1
    fi
fi

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$GOBIN/controller-gen" crd:maxDescLen=0,allowDangerousTypes=true paths=./pkg/apis/crd/... output:crd:dir="$OUT"
rm -f artifacts/crds/crd.projectcalico.org_*.yaml
go run ./hack/normalize-crds "$OUT" artifacts/crds
