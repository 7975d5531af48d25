package controlplane

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// certAuthority is a CA that signs the control plane's certificates.
type certAuthority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	// certFile is the CA certificate, PEM-encoded, on disk.
	certFile string
}

// keyPair is a signed certificate and its key, on disk.
type keyPair struct{ certFile, keyFile string }

func newKey() (*ecdsa.PrivateKey, error) { return ecdsa.GenerateKey(elliptic.P256(), rand.Reader) }

func serial() (*big.Int, error) { return rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62)) }

// newCA creates a self-signed CA and writes its certificate to dir/name.crt.
func newCA(dir, name string) (*certAuthority, error) {
	key, err := newKey()
	if err != nil {
		return nil, err
	}
	sn, err := serial()
	if err != nil {
		return nil, err
	}
	template := &x509.Certificate{
		SerialNumber:          sn,
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour * 365),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, key.Public(), key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	certFile := filepath.Join(dir, name+".crt")
	if err := writePEM(certFile, "CERTIFICATE", der); err != nil {
		return nil, err
	}
	return &certAuthority{cert: cert, key: key, certFile: certFile}, nil
}

// issue signs a certificate for a server (dnsNames/ips set) or a client (organizations
// become its groups) and writes it to dir/name.{crt,key}.
func (ca *certAuthority) issue(dir, name, commonName string, organizations, dnsNames []string, ips []net.IP) (keyPair, error) {
	return ca.issueValid(dir, name, commonName, organizations, dnsNames, ips, time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour*365))
}

// issueValid is issue with the given validity period.
func (ca *certAuthority) issueValid(dir, name, commonName string, organizations, dnsNames []string, ips []net.IP, notBefore, notAfter time.Time) (keyPair, error) {
	key, err := newKey()
	if err != nil {
		return keyPair{}, err
	}
	sn, err := serial()
	if err != nil {
		return keyPair{}, err
	}
	usage := []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	if len(dnsNames) > 0 || len(ips) > 0 {
		usage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	}
	template := &x509.Certificate{
		SerialNumber: sn,
		Subject:      pkix.Name{CommonName: commonName, Organization: organizations},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  usage,
		DNSNames:     dnsNames,
		IPAddresses:  ips,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, ca.cert, key.Public(), ca.key)
	if err != nil {
		return keyPair{}, err
	}
	pair := keyPair{certFile: filepath.Join(dir, name+".crt"), keyFile: filepath.Join(dir, name+".key")}
	if err := writePEM(pair.certFile, "CERTIFICATE", der); err != nil {
		return keyPair{}, err
	}
	if err := writeKey(pair.keyFile, key); err != nil {
		return keyPair{}, err
	}
	return pair, nil
}

func writeKey(path string, key *ecdsa.PrivateKey) error {
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	return writePEM(path, "EC PRIVATE KEY", der)
}

func writePEM(path, blockType string, der []byte) error {
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der}), 0o600); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// pki is every certificate and key the local control plane uses.
type pki struct {
	clusterCA, frontProxyCA *certAuthority
	// apiServer serves the kube-apiserver; admin is a system:masters client;
	// frontProxyClient is what the kube-apiserver presents to aggregated servers;
	// calicoServing serves this project's server; controllerManager is
	// kube-controller-manager's own identity (system:kube-controller-manager, as
	// kubeadm issues it), bound by the bootstrap RBAC policy and not a cluster admin.
	apiServer, admin, frontProxyClient, calicoServing, controllerManager keyPair
	// serviceAccountKey signs and verifies service account tokens.
	serviceAccountKey string
}

func newPKI(dir string, calicoServiceDNS string) (*pki, error) {
	loopback := []net.IP{net.ParseIP("127.0.0.1")}
	p := &pki{}
	var err error
	if p.clusterCA, err = newCA(dir, "cluster-ca"); err != nil {
		return nil, err
	}
	if p.frontProxyCA, err = newCA(dir, "front-proxy-ca"); err != nil {
		return nil, err
	}
	if p.apiServer, err = p.clusterCA.issue(dir, "kube-apiserver", "kube-apiserver", nil,
		[]string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"}, loopback); err != nil {
		return nil, err
	}
	if p.admin, err = p.clusterCA.issue(dir, "admin", "admin", []string{"system:masters"}, nil, nil); err != nil {
		return nil, err
	}
	if p.controllerManager, err = p.clusterCA.issue(dir, "kube-controller-manager", "system:kube-controller-manager", nil, nil, nil); err != nil {
		return nil, err
	}
	if p.frontProxyClient, err = p.frontProxyCA.issue(dir, "front-proxy-client", "front-proxy-client", nil, nil, nil); err != nil {
		return nil, err
	}
	// The aggregator checks the name <service>.<namespace>.svc, whatever address the
	// ExternalName service resolves to.
	if p.calicoServing, err = p.clusterCA.issue(dir, "calico-apiserver", "calico-apiserver", nil,
		[]string{calicoServiceDNS, "localhost"}, loopback); err != nil {
		return nil, err
	}
	saKey, err := newKey()
	if err != nil {
		return nil, err
	}
	p.serviceAccountKey = filepath.Join(dir, "service-account.key")
	if err := writeKey(p.serviceAccountKey, saKey); err != nil {
		return nil, err
	}
	return p, nil
}
