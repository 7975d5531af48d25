# Builds the calico-apiserver image: a static binary on a distroless base.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY cmd/ cmd/
COPY pkg/ pkg/
COPY openapi/ openapi/
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/calico-apiserver ./cmd/calico-apiserver

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/calico-apiserver /usr/local/bin/calico-apiserver
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/calico-apiserver"]
