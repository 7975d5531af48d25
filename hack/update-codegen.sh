#!/usr/bin/env bash
# Regenerates every generated file from the API types in pkg/apis:
#   deepcopy            pkg/apis/projectcalico/v3/zz_generated.deepcopy.go
#   OpenAPI definitions openapi/zz_generated.openapi.go (+ api-rule-violations.list)
#   clientset, listers, informers, applyconfigurations  pkg/client/
#   crd.projectcalico.org/v1 CRD manifests           artifacts/crds (hack/update-crds.sh)
# Generators come from k8s.io/code-generator and k8s.io/kube-openapi at the versions
# pinned in go.mod; their binaries go to a cache folder outside the checkout.
set -o errexit -o nounset -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
MODULE=$(go list -m)
# The generators are only imported under the `tools` build tag (hack/tools.go), so no
# ordinary build downloads them: fetch them at the pinned versions before asking for
# their folders (on a fresh machine `go list -m -f {{.Dir}}` prints nothing until then).
if ! go mod download k8s.io/code-generator k8s.io/kube-openapi; then
    echo "update-codegen: cannot download k8s.io/code-generator and k8s.io/kube-openapi (pinned in go.mod): is the Go module proxy reachable?" >&2
    exit 1
fi
CODEGEN_PKG=$(go list -m -f '{{.Dir}}' k8s.io/code-generator)
CODEGEN_VERSION=$(go list -m -f '{{.Version}}' k8s.io/code-generator)
if [[ -z "$CODEGEN_PKG" || ! -f "$CODEGEN_PKG/kube_codegen.sh" ]]; then
    echo "update-codegen: k8s.io/code-generator ${CODEGEN_VERSION} has no kube_codegen.sh in '${CODEGEN_PKG}'" >&2
    exit 1
fi
export GOBIN="${XDG_CACHE_HOME:-$HOME/.cache}/calico-apiserver/codegen/${CODEGEN_VERSION}/bin"
mkdir -p "$GOBIN"

# kube_codegen.sh installs its generators into GOBIN with `go install`.
source "${CODEGEN_PKG}/kube_codegen.sh"

BOILERPLATE="${ROOT}/hack/boilerplate.go.txt"

kube::codegen::gen_helpers \
    --boilerplate "$BOILERPLATE" \
    "${ROOT}/pkg/apis"

update_report=""
if [[ "${UPDATE_API_KNOWN_VIOLATIONS:-}" == "true" ]]; then
    update_report="--update-report"
fi
kube::codegen::gen_openapi \
    --output-dir "${ROOT}/openapi" \
    --output-pkg "${MODULE}/openapi" \
    --report-filename "${ROOT}/openapi/api-rule-violations.list" \
    --output-model-name-file "zz_generated.model_name.go" \
    --extra-pkgs k8s.io/apimachinery/pkg/util/intstr \
    --extra-pkgs k8s.io/api/networking/v1 \
    ${update_report:+"$update_report"} \
    --boilerplate "$BOILERPLATE" \
    "${ROOT}/pkg/apis"

# StagedKubernetesNetworkPolicy reuses Kubernetes' NetworkPolicy rule types; their apply
# configurations come from client-go instead of being generated here.
APPLYCONFIG_EXTERNALS=$(printf '%s,' \
    k8s.io/api/networking/v1.NetworkPolicyIngressRule:k8s.io/client-go/applyconfigurations/networking/v1 \
    k8s.io/api/networking/v1.NetworkPolicyEgressRule:k8s.io/client-go/applyconfigurations/networking/v1)
APPLYCONFIG_EXTERNALS=${APPLYCONFIG_EXTERNALS%,}

kube::codegen::gen_client \
    --with-watch \
    --with-applyconfig \
    --applyconfig-externals "${APPLYCONFIG_EXTERNALS}" \
    --applyconfig-openapi-schema <(go run "${MODULE}/openapi/cmd/models-schema") \
    --output-dir "${ROOT}/pkg/client" \
    --output-pkg "${MODULE}/pkg/client" \
    --boilerplate "$BOILERPLATE" \
    "${ROOT}/pkg/apis"

# The crd.projectcalico.org/v1 CRD manifests are generated from the same types.
bash "${ROOT}/hack/update-crds.sh"
