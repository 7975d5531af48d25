#!/usr/bin/env bash
# Builds the local control plane's binaries (etcd, kube-apiserver,
# kube-controller-manager) from the Go modules pinned in hack/tools/controlplane, into a
# cache folder outside the checkout keyed by their versions, and prints that folder.
# A cold build takes 10-25 minutes on 2 cores; later calls return at once.
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
if ! flock -n 9; then
    echo "waiting for another build of the control plane in $CACHE to finish..." >&2
    flock 9
fi

if [[ ! -x "$BIN/etcd" || ! -x "$BIN/kube-apiserver" || ! -x "$BIN/kube-controller-manager" ]]; then
    cat >&2 <<EOF
Building the local control plane (first time only): kube-apiserver and
kube-controller-manager ${K8S_VERSION}, then etcd ${ETCD_VERSION}, from their Go modules.
This downloads about 1 GiB of modules and compiles for 10-25 minutes on 2 cores; the
binaries are cached in ${BIN}, so every later run starts in seconds.
EOF
    # go build is silent while it compiles: say every minute that it is still going.
    start=$(date +%s)
    (while sleep 60; do echo "  ... still building ($(( ($(date +%s) - start) / 60 )) min so far)" >&2; done) >/dev/null &
    heartbeat=$!
    trap 'kill $heartbeat 2>/dev/null || true' EXIT
    rm -rf "$BIN.tmp"
    mkdir -p "$BIN.tmp"
    echo "  [1/2] kube-apiserver and kube-controller-manager ${K8S_VERSION}" >&2
    if ! go build -trimpath -o "$BIN.tmp/" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager >&2; then
        echo "build-controlplane: building Kubernetes ${K8S_VERSION} failed: is the Go module proxy reachable, is there disk space for $(go env GOMODCACHE) and $(go env GOCACHE)?" >&2
        exit 1
    fi
    echo "  [2/2] etcd ${ETCD_VERSION}" >&2
    if ! go build -trimpath -o "$BIN.tmp/etcd" go.etcd.io/etcd/server/v3 >&2; then
        echo "build-controlplane: building etcd ${ETCD_VERSION} failed: is the Go module proxy reachable?" >&2
        exit 1
    fi
    rm -rf "$BIN"
    mv "$BIN.tmp" "$BIN"
    echo "control plane built in $(( ($(date +%s) - start) / 60 )) min, cached in $BIN" >&2
fi
echo "$BIN"
