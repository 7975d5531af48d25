package e2e

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/calico-apiserver/calico-apiserver/test/controlplane"
)

// servedCertificate is the serial number of the certificate a server presents.
func servedCertificate(url string) (string, error) {
	conn, err := tls.Dial("tcp", strings.TrimPrefix(url, "https://"), &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		return "", err
	}
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates[0].SerialNumber.String(), nil
}

func certificateSerial(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return cert.SerialNumber.String()
}

func stillRunning(t *testing.T, s *controlplane.ExtraServer) {
	t.Helper()
	select {
	case <-s.Exited():
		t.Fatalf("the server exited (code %d): it must pick up the change while running", s.ExitCode())
	default:
	}
}

// A rotated serving certificate (new files in place, as a Secret volume or cert-manager
// renews them) is served by the same process within a minute.
func TestServingCertificateRotationWithoutRestart(t *testing.T) {
	dir := t.TempDir()
	if err := cp.IssueServingCertificate(dir); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	s, err := cp.StartExtraServer(ctx, "calico-apiserver-rotation", nil, "--kubeconfig="+cp.Kubeconfig,
		"--tls-cert-file="+filepath.Join(dir, "tls.crt"), "--tls-private-key-file="+filepath.Join(dir, "tls.key"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	first := certificateSerial(t, filepath.Join(dir, "tls.crt"))
	if served, err := servedCertificate(s.URL); err != nil || served != first {
		t.Fatalf("serving %s (%v), want %s", served, err, first)
	}

	if err := cp.IssueServingCertificate(dir); err != nil {
		t.Fatal(err)
	}
	second := certificateSerial(t, filepath.Join(dir, "tls.crt"))
	eventually(t, 70*time.Second, func() error {
		served, err := servedCertificate(s.URL)
		if err != nil {
			return err
		}
		if served != second {
			return fmt.Errorf("still serving certificate %s, not the rotated %s", served, second)
		}
		return nil
	})
	stillRunning(t, s)
}

// whoAmI asks the server directly, with a client certificate, for a resource no one
// may list, and returns the user named in the 403: who the server took the client for.
func whoAmI(url, certFile, keyFile string) (string, error) {
	client, err := certClient(certFile, keyFile)
	if err != nil {
		return "", err
	}
	resp, err := client.Get(url + "/apis/projectcalico.org/v3/ippools")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusForbidden {
		return "", fmt.Errorf("status %d: %s", resp.StatusCode, body)
	}
	var status struct{ Message string }
	if err := json.Unmarshal(body, &status); err != nil {
		return "", err
	}
	user, _, _ := strings.Cut(strings.TrimPrefix(status.Message, `ippools.projectcalico.org is forbidden: User "`), `"`)
	return user, nil
}

// setClientCAs rewrites client-ca-file in kube-system/extension-apiserver-authentication
// with edit applied to its PEM bundle. The kube-apiserver keeps its own CA in it.
func setClientCAs(t *testing.T, edit func(bundle string) string) {
	t.Helper()
	var cm map[string]interface{}
	if err := json.Unmarshal([]byte(kubectl(t, "get", "configmap", "-n", "kube-system", "extension-apiserver-authentication", "-o", "json")), &cm); err != nil {
		t.Fatal(err)
	}
	data := cm["data"].(map[string]interface{})
	data["client-ca-file"] = edit(data["client-ca-file"].(string))
	out, err := json.Marshal(cm)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kubectlIn(t, string(out), "replace", "-f", "-"); err != nil {
		t.Fatal(err)
	}
}

// The client CA comes from the extension-apiserver-authentication ConfigMap and is
// reloaded when it changes: a CA added there is trusted by the running process, and no
// longer once it is removed again.
func TestClientCAReloadedFromConfigMap(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	s, err := cp.StartExtraServer(ctx, "calico-apiserver-client-ca", nil, "--kubeconfig="+cp.Kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()

	ca, err := cp.NewCA("rotated-client-ca")
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile, err := ca.IssueClientCertificate("carol")
	if err != nil {
		t.Fatal(err)
	}
	caPEM, err := os.ReadFile(ca.CertFile())
	if err != nil {
		t.Fatal(err)
	}
	expect := func(want string) {
		t.Helper()
		eventually(t, 70*time.Second, func() error {
			user, err := whoAmI(s.URL, certFile, keyFile)
			if err != nil {
				return err
			}
			if user != want {
				return fmt.Errorf("the server takes the client for %q, want %q", user, want)
			}
			return nil
		})
	}
	expect("system:anonymous") // the CA is not trusted yet

	setClientCAs(t, func(bundle string) string { return strings.TrimRight(bundle, "\n") + "\n" + string(caPEM) })
	removeCA := func(bundle string) string { return strings.Replace(bundle, string(caPEM), "", 1) }
	t.Cleanup(func() { setClientCAs(t, removeCA) })
	expect("carol")

	setClientCAs(t, removeCA)
	expect("system:anonymous")
	stillRunning(t, s)
}
