#!/usr/bin/env bash
# Builds the local control plane's binaries (etcd, kube-apiserver,
# kube-controller-manager) from the Go modules pinned in hack/tools/controlplane, into a
# cache folder outside the checkout keyed by their versions, and prints that folder.
# A cold build takes about 5-10 minutes on 2 cores; later calls return at once.
set -o errexit -o nounset -o pipefail

TOOLS=$(cd "$(dirname "${BASH_SOURCE[0]}")/tools/controlplane" && pwd -P)
cd "$TOOLS"
K8S_VERSION=$(go list -m -f '{{.Version}}' k8s.io/kubernetes)
ETCD_VERSION=$(go list -m -f '{{.Version}}' go.etcd.io/etcd/server/v3)
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/calico-apiserver/controlplane/${K8S_VERSION}-etcd-${ETCD_VERSION}"
BIN="$CACHE/bin"
mkdir -p "$CACHE"

# One build at a time, even when several test runs start together.
exec 9>"$CACHE/.lock"
flock 9

if [[ ! -x "$BIN/etcd" || ! -x "$BIN/kube-apiserver" || ! -x "$BIN/kube-controller-manager" ]]; then
    echo "building etcd ${ETCD_VERSION} and kube-apiserver/kube-controller-manager ${K8S_VERSION} into $BIN (first time only)..." >&2
    mkdir -p "$BIN.tmp"
    go build -trimpath -o "$BIN.tmp/" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager >&2
    go build -trimpath -o "$BIN.tmp/etcd" go.etcd.io/etcd/server/v3 >&2
    rm -rf "$BIN"
    mv "$BIN.tmp" "$BIN"
fi
echo "$BIN"
