#!/usr/bin/env bash
# Builds the calico-apiserver binary: static (no cgo), reproducible paths, no debug
# symbols. `make build` and the Dockerfile's build stage both run exactly this.
# Usage: hack/build.sh OUTPUT
set -o errexit -o nounset -o pipefail
OUT=${1:?usage: hack/build.sh OUTPUT}
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o "$OUT" ./cmd/calico-apiserver
