#!/usr/bin/env bash
# Fails when any generated file is stale: regenerates into a scratch copy of the tree
# and compares it with the checkout. Run hack/update-codegen.sh to fix a failure.
set -o errexit -o nounset -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT

# Copy the sources that generation reads or writes (not .git, not build output).
tar -C "$ROOT" --exclude=./.git --exclude=./bin --exclude=./_output -cf - . | tar -C "$SCRATCH" -xf -
(cd "$SCRATCH" && bash hack/update-codegen.sh >/dev/null)

status=0
for dir in pkg/apis pkg/client openapi artifacts/crds; do
    if ! diff -Naupr "$ROOT/$dir" "$SCRATCH/$dir"; then
        status=1
    fi
done
if [[ $status -ne 0 ]]; then
    echo "generated code is out of date: run hack/update-codegen.sh" >&2
    exit 1
fi
echo "generated code is up to date"
