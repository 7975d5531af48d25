package controlplane

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ServerArgs are the flags the control plane's calico-apiserver runs with, minus those
// that only a process outside a cluster needs (LocalOnlyServerFlags): the Deployment in
// artifacts/deploy must run the binary with the same ones.
func (cp *ControlPlane) ServerArgs() []string {
	var out []string
	for _, arg := range cp.serverArgs {
		name, _, _ := strings.Cut(arg, "=")
		if !LocalOnlyServerFlags[name] {
			out = append(out, arg)
		}
	}
	return out
}

// DeploymentMemoryLimit is the memory limit of the server's container in
// artifacts/deploy (test/e2e's deploy tests check that they agree): the local server
// runs with it as --memory-limit, as the pod does.
const DeploymentMemoryLimit = "512Mi"

// LocalOnlyServerFlags are the flags a calico-apiserver on loopback needs and a pod
// does not: in a cluster it binds every address and reaches the kube-apiserver with its
// service account (in-cluster configuration).
var LocalOnlyServerFlags = map[string]bool{
	"--bind-address":              true,
	"--kubeconfig":                true,
	"--authentication-kubeconfig": true,
	"--authorization-kubeconfig":  true,
	"--cert-dir":                  true,
}

// ClusterCAFile is the CA the kube-apiserver's serving certificate is signed with, and
// that signs client certificates.
func (cp *ControlPlane) ClusterCAFile() string { return cp.pki.clusterCA.certFile }

// IssueClientCertificate writes a client certificate for user, in groups, signed by the
// cluster CA, and returns its certificate and key files.
func (cp *ControlPlane) IssueClientCertificate(user string, groups ...string) (certFile, keyFile string, err error) {
	dir, err := os.MkdirTemp(cp.Dir, "client-")
	if err != nil {
		return "", "", err
	}
	pair, err := cp.pki.clusterCA.issue(dir, "client", user, groups, nil, nil)
	if err != nil {
		return "", "", err
	}
	return pair.certFile, pair.keyFile, nil
}

// ExtraServer is one more calico-apiserver process beside the control plane's own (not
// behind the APIService), for tests of how it is configured.
type ExtraServer struct {
	// URL is its address on 127.0.0.1; LogFile holds its output.
	URL     string
	LogFile string
	p       *process
}

// StartExtraServer starts calico-apiserver with the control plane's serving certificate
// and delegated authentication and authorization, plus args, in the environment env
// (added to this process's), and waits until it is ready. It does not pass --kubeconfig:
// the caller says, in args or env, how the server reaches the kube-apiserver.
func (cp *ControlPlane) StartExtraServer(ctx context.Context, name string, env []string, args ...string) (*ExtraServer, error) {
	ports, err := freePorts(1)
	if err != nil {
		return nil, err
	}
	k := cp.pki
	all := append([]string{
		"--bind-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(ports[0]),
		"--tls-cert-file=" + k.calicoServing.certFile,
		"--tls-private-key-file=" + k.calicoServing.keyFile,
		"--authentication-kubeconfig=" + cp.Kubeconfig,
		"--authorization-kubeconfig=" + cp.Kubeconfig,
	}, args...)
	p, err := cp.runWithEnv(name, cp.opts.ServerBinary, env, all...)
	if err != nil {
		return nil, err
	}
	s := &ExtraServer{URL: fmt.Sprintf("https://127.0.0.1:%d", ports[0]), LogFile: filepath.Join(cp.Dir, name+".log"), p: p}
	if err := cp.waitHTTP(ctx, p, s.URL+"/readyz", cp.adminTLS(), 90*time.Second); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// Stop ends the server (SIGTERM, then SIGKILL after 10 s).
func (s *ExtraServer) Stop() { terminate(s.p) }

// Exited returns a channel closed when the process has exited.
func (s *ExtraServer) Exited() <-chan struct{} { return s.p.exit }

// ExitCode is the process's exit code once it has exited.
func (s *ExtraServer) ExitCode() int { return s.p.cmd.ProcessState.ExitCode() }

// IssueServingCertificate writes a new serving certificate for 127.0.0.1 and localhost,
// signed by the cluster CA, into dir as tls.crt and tls.key (replacing what is there,
// as a certificate rotation does).
func (cp *ControlPlane) IssueServingCertificate(dir string) error {
	scratch, err := os.MkdirTemp(cp.Dir, "serving-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	pair, err := cp.pki.clusterCA.issue(scratch, "serving", "calico-apiserver", nil, []string{"localhost"},
		[]net.IP{net.ParseIP("127.0.0.1")})
	if err != nil {
		return err
	}
	// Key first, then certificate, each renamed into place: a reader never sees a
	// half-written file.
	for from, to := range map[string]string{pair.keyFile: "tls.key", pair.certFile: "tls.crt"} {
		if err := os.Rename(from, filepath.Join(dir, to)); err != nil {
			return err
		}
	}
	return nil
}

// CA is a certificate authority of a test's own, e.g. a client CA to add to or remove
// from what the servers trust.
type CA struct{ ca *certAuthority }

// NewCA creates a CA; its certificate is in CertFile.
func (cp *ControlPlane) NewCA(name string) (*CA, error) {
	dir, err := os.MkdirTemp(cp.Dir, "ca-")
	if err != nil {
		return nil, err
	}
	ca, err := newCA(dir, name)
	if err != nil {
		return nil, err
	}
	return &CA{ca: ca}, nil
}

// CertFile is the CA's certificate, PEM-encoded.
func (c *CA) CertFile() string { return c.ca.certFile }

// IssueClientCertificate writes a client certificate for user signed by this CA.
func (c *CA) IssueClientCertificate(user string, groups ...string) (certFile, keyFile string, err error) {
	dir, err := os.MkdirTemp(filepath.Dir(c.ca.certFile), "client-")
	if err != nil {
		return "", "", err
	}
	pair, err := c.ca.issue(dir, "client", user, groups, nil, nil)
	if err != nil {
		return "", "", err
	}
	return pair.certFile, pair.keyFile, nil
}

// PID is the server's process ID.
func (s *ExtraServer) PID() int { return s.p.cmd.Process.Pid }

// Signal sends sig to the server without waiting for it to exit.
func (s *ExtraServer) Signal(sig os.Signal) error { return s.p.cmd.Process.Signal(sig) }
