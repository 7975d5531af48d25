# The two commands: `make run` (local control plane + this server, in the foreground)
# and `make test` (every test). See README.md.

GO ?= go
BIN := bin

.PHONY: all build run bench test test-unit test-e2e test-reliability verify verify-codegen codegen controlplane clean

all: build

## build: the calico-apiserver binary in bin/ (static; the Dockerfile builds it the same way)
build:
	bash hack/build.sh $(BIN)/calico-apiserver

## run: etcd, kube-apiserver, kube-controller-manager, the CRDs, calico-apiserver and its
## APIService on 127.0.0.1, in the foreground; prints the KUBECONFIG to use. Ctrl-C stops all.
run: build controlplane
	$(GO) build -o $(BIN)/local-up ./hack/local-up
	./$(BIN)/local-up

## bench: on a local control plane (or BENCH_FLAGS=--kubeconfig=...), this server beside the
## kube-apiserver serving the same CRDs, at 1,000 and 10,000 GlobalNetworkPolicies; prints
## the aggregated/direct ratios and writes bench-results.json. BENCH_FLAGS=--soak: RSS under churn;
## BENCH_FLAGS=--views: LIST of 10,000 pods' workload endpoints, and RSS.
BENCH_FLAGS ?=
bench: build controlplane
	$(GO) run ./bench --server-binary=$(BIN)/calico-apiserver $(BENCH_FLAGS)

## test: unit tests, static checks, generated-code check and end-to-end tests
test: verify test-unit verify-codegen test-e2e test-reliability

## test-unit: unit tests, plus the seed corpora of fuzz targets
test-unit:
	$(GO) test -count=1 ./pkg/... ./cmd/...

# Calico v3.32.1's own CRDs, beside the checkout: real clusters already have these.
CALICO_CRDS ?= $(abspath ../shared/calico-v3.32.1/crd.projectcalico.org-v1)

## test-e2e: the real kubectl against a real local control plane (started once per run),
## first on the project's CRDs (artifacts/crds), then once more on Calico's own; then
## k8s.io/apiserver's storage conformance suites against the CRD store (test/storage)
test-e2e: controlplane
	$(GO) test -count=1 -timeout 30m ./test/e2e/...
	E2E_CRD_DIR=$(CALICO_CRDS) $(GO) test -count=1 -timeout 30m ./test/e2e/...
	$(GO) test -count=1 -timeout 30m ./test/storage/...

## test-reliability: concurrency, crashes and restarts of this server and the kube-apiserver,
## forged identities, bad input and limits, on one local control plane (docs/reliability.md)
test-reliability: controlplane
	$(GO) test -count=1 -timeout 15m ./test/reliability/...

## verify: gofmt and go vet
verify:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

## verify-codegen: fails when generated code is stale
verify-codegen:
	bash hack/verify-codegen.sh

## codegen: regenerate deepcopy, clients, listers, informers, applyconfigurations, OpenAPI
codegen:
	bash hack/update-codegen.sh

## controlplane: build (once, cached outside the checkout) etcd, kube-apiserver, kube-controller-manager
controlplane:
	bash hack/build-controlplane.sh >/dev/null

clean:
	rm -rf $(BIN)
