# Builds the calico-apiserver image: a static binary on a distroless base.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY cmd/ cmd/
COPY pkg/ pkg/
COPY openapi/ openapi/
COPY hack/build.sh hack/
# The same command as `make build` (cmd/calico-apiserver/image_test.go checks it).
RUN bash hack/build.sh /out/calico-apiserver

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/calico-apiserver /usr/local/bin/calico-apiserver
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/calico-apiserver"]
