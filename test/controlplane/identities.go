package controlplane

import (
	"os"
	"time"
)

// Certificates that must not get anyone in: for tests of authentication.

// IssueExpiredClientCertificate writes a client certificate for user, in groups,
// signed by the cluster CA but expired an hour ago.
func (cp *ControlPlane) IssueExpiredClientCertificate(user string, groups ...string) (certFile, keyFile string, err error) {
	dir, err := os.MkdirTemp(cp.Dir, "expired-")
	if err != nil {
		return "", "", err
	}
	now := time.Now()
	pair, err := cp.pki.clusterCA.issueValid(dir, "client", user, groups, nil, nil, now.Add(-48*time.Hour), now.Add(-time.Hour))
	if err != nil {
		return "", "", err
	}
	return pair.certFile, pair.keyFile, nil
}

// IssueFrontProxyCertificate writes a client certificate signed by the front-proxy CA
// (the CA the kube-apiserver's aggregator proves itself with) with commonName as its
// name: with a name other than the allowed front-proxy-client, a server must not trust
// the identity headers that come with it.
func (cp *ControlPlane) IssueFrontProxyCertificate(commonName string) (certFile, keyFile string, err error) {
	dir, err := os.MkdirTemp(cp.Dir, "front-proxy-")
	if err != nil {
		return "", "", err
	}
	pair, err := cp.pki.frontProxyCA.issue(dir, "client", commonName, nil, nil, nil)
	if err != nil {
		return "", "", err
	}
	return pair.certFile, pair.keyFile, nil
}

// FrontProxyClientCertificate is the kube-apiserver's own front-proxy client
// certificate and key, which a server trusts to assert any identity.
func (cp *ControlPlane) FrontProxyClientCertificate() (certFile, keyFile string) {
	return cp.pki.frontProxyClient.certFile, cp.pki.frontProxyClient.keyFile
}
