#!/usr/bin/env bash
# Creates the serving certificate of calico-apiserver and the CA that signs it, in
# certs/ beside this script, for `kubectl apply -k artifacts/deploy`: the Secret
# calico-apiserver-certs is made from them and the APIService's caBundle from ca.crt.
# An existing CA is kept, so running it again renews only the serving certificate.
# Usage: gen-certs.sh [days]   (default 365)
set -o errexit -o nounset -o pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/default/certs"
DAYS=${1:-365}
SERVICE=calico-api
NAMESPACE=calico-apiserver
mkdir -p "$DIR"
cd "$DIR"
umask 077

if [[ ! -s ca.crt || ! -s ca.key ]]; then
    openssl req -x509 -new -nodes -newkey rsa:3072 -sha256 -days 3650 \
        -subj "/CN=calico-apiserver-ca" -keyout ca.key -out ca.crt 2>/dev/null
fi
openssl req -new -nodes -newkey rsa:3072 -sha256 \
    -subj "/CN=${SERVICE}.${NAMESPACE}.svc" -keyout tls.key -out tls.csr 2>/dev/null
cat > tls.ext <<EXT
basicConstraints = CA:FALSE
keyUsage = digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:${SERVICE}, DNS:${SERVICE}.${NAMESPACE}, DNS:${SERVICE}.${NAMESPACE}.svc, DNS:${SERVICE}.${NAMESPACE}.svc.cluster.local
EXT
openssl x509 -req -sha256 -days "$DAYS" -in tls.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
    -extfile tls.ext -out tls.crt 2>/dev/null
rm -f tls.csr tls.ext ca.srl
chmod 0644 ca.crt tls.crt
echo "wrote $DIR/{ca.crt,tls.crt,tls.key} (ca.key stays here: keep it safe or delete it)"
