// Package controlplane runs a local Kubernetes control plane on loopback for `make run`
// and the end-to-end tests: a real etcd, a real kube-apiserver and
// kube-controller-manager (built from pinned Go modules by hack/build-controlplane.sh),
// the crd.projectcalico.org CRDs, this project's server, and its APIService.
//
// Every process binds to 127.0.0.1 on a free port, lives in a fresh temporary folder,
// and is stopped by its PID, so several control planes never collide. The APIService
// points at a Service of type ExternalName whose externalName is 127.0.0.1: the
// kube-apiserver (with aggregator routing off) then dials loopback directly, and never a
// ClusterIP, which without kube-proxy would leave the machine through the default route.
package controlplane

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const (
	// CalicoNamespace and CalicoService name the Service the APIService points at.
	CalicoNamespace = "calico-apiserver"
	CalicoService   = "calico-api"
)

// Kubectl is the kubectl the control plane and the tests drive: $KUBECTL, or the one
// these machines have at /usr/bin/kubectl.
var Kubectl = func() string {
	if path := os.Getenv("KUBECTL"); path != "" {
		return path
	}
	return "/usr/bin/kubectl"
}()

// Options say what to start.
type Options struct {
	// RepoRoot is the checkout, for hack/build-controlplane.sh.
	RepoRoot string
	// CRDDir holds the crd.projectcalico.org CRD manifests to install.
	CRDDir string
	// ControllerRBAC is the manifest that lets the cluster's controllers act on tiered
	// policies, applied like the CRDs; empty means the checkout's
	// artifacts/rbac/calico-tier-controllers.yaml (the controller manager runs with its
	// own identities, so every control plane needs it).
	ControllerRBAC string
	// ServerBinary is the calico-apiserver binary to run.
	ServerBinary string
	// Log receives progress messages; nil discards them.
	Log io.Writer
}

// ControlPlane is a running local control plane.
type ControlPlane struct {
	// Dir holds certificates, data, logs and the kubeconfig.
	Dir string
	// Kubeconfig is an admin (system:masters) kubeconfig for the kube-apiserver.
	Kubeconfig string
	// KubeAPIServerURL is the kube-apiserver's address; CalicoServerURL is the
	// calico-apiserver's own (direct, not through aggregation).
	KubeAPIServerURL string
	CalicoServerURL  string
	// AuditLog is the kube-apiserver's audit log; ServerAuditLog is calico-apiserver's,
	// with the bodies of writes to Calico resources.
	AuditLog       string
	ServerAuditLog string

	opts Options
	pki  *pki
	// serverArgs are the flags calico-apiserver was started with; kubeAPIServerArgs
	// and binDir how the kube-apiserver was, so that both can be started again.
	serverArgs        []string
	kubeAPIServerArgs []string
	binDir            string
	processes         []*process
	log               io.Writer
	// adminTransport is every AdminHTTPClient's: one pool of connections, so that
	// clients made per request leave no idle connection behind on the servers.
	adminTransport     *http.Transport
	adminTransportOnce sync.Once
}

type process struct {
	name string
	cmd  *exec.Cmd
	exit chan struct{}
}

// Start brings the whole control plane up and returns once the APIService is
// Available. On error, whatever was started is stopped again.
func Start(ctx context.Context, opts Options) (cp *ControlPlane, err error) {
	log := opts.Log
	if log == nil {
		log = io.Discard
	}
	dir, err := os.MkdirTemp("", "calico-apiserver-cp-")
	if err != nil {
		return nil, err
	}
	cp = &ControlPlane{Dir: dir, opts: opts, log: log, AuditLog: filepath.Join(dir, "audit.log"),
		ServerAuditLog: filepath.Join(dir, "calico-apiserver-audit.log")}
	defer func() {
		if err != nil {
			fmt.Fprintf(log, "control plane failed to start (logs in %s): %v\n", dir, err)
			cp.stopProcesses()
		}
	}()

	binDir, err := buildBinaries(opts.RepoRoot, log)
	if err != nil {
		return cp, err
	}
	cp.binDir = binDir
	if cp.pki, err = newPKI(dir, CalicoService+"."+CalicoNamespace+".svc"); err != nil {
		return cp, err
	}
	ports, err := freePorts(4)
	if err != nil {
		return cp, err
	}
	etcdURL := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	cp.CalicoServerURL = fmt.Sprintf("https://127.0.0.1:%d", ports[3])

	steps := []struct {
		what string
		do   func() error
	}{
		{"etcd", func() error { return cp.startEtcd(ctx, binDir, etcdURL, ports[1]) }},
		{"kube-apiserver", func() error { return cp.startKubeAPIServer(ctx, etcdURL, ports[2]) }},
		{"kube-controller-manager", func() error { return cp.startControllerManager(binDir) }},
		{"CRDs", func() error { return cp.installCRDs(ctx) }},
		{"controller RBAC", func() error { return cp.installControllerRBAC(ctx) }},
		{"calico-apiserver", func() error { return cp.startCalicoServer(ctx, ports[3]) }},
		{"APIService", func() error { return cp.registerAPIService(ctx, ports[3]) }},
	}
	for _, step := range steps {
		start := time.Now()
		if err := step.do(); err != nil {
			return cp, fmt.Errorf("%s: %w", step.what, err)
		}
		fmt.Fprintf(log, "  %-24s ready in %s\n", step.what, time.Since(start).Round(10*time.Millisecond))
	}
	return cp, nil
}

// buildBinaries returns the folder of etcd, kube-apiserver and kube-controller-manager,
// building them the first time.
func buildBinaries(repoRoot string, log io.Writer) (string, error) {
	cmd := exec.Command("bash", filepath.Join(repoRoot, "hack", "build-controlplane.sh"))
	cmd.Stderr = log
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("hack/build-controlplane.sh: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// freePorts finds n distinct free TCP ports on 127.0.0.1.
func freePorts(n int) ([]int, error) {
	var ports []int
	var listeners []net.Listener
	defer func() {
		for _, l := range listeners {
			l.Close()
		}
	}()
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		listeners = append(listeners, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// run starts a process whose output goes to <Dir>/<name>.log (appended to, so that a
// process started again keeps its earlier output).
func (cp *ControlPlane) run(name, binary string, args ...string) (*process, error) {
	return cp.runWithEnv(name, binary, nil, args...)
}

// runWithEnv is run with env added to this process's environment.
func (cp *ControlPlane) runWithEnv(name, binary string, env []string, args ...string) (*process, error) {
	logFile, err := os.OpenFile(filepath.Join(cp.Dir, name+".log"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(binary, args...)
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// Own process group: a Ctrl-C on `make run` reaches only the runner, which then
	// stops the processes in order. Pdeathsig kills them if the runner dies abruptly.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	// <Dir>/pids names every process this control plane started, so a leftover one
	// can be stopped by PID (README, Troubleshooting).
	if err := appendLine(filepath.Join(cp.Dir, "pids"), fmt.Sprintf("%d %s", cmd.Process.Pid, name)); err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		logFile.Close()
		return nil, err
	}
	p := &process{name: name, cmd: cmd, exit: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		logFile.Close()
		close(p.exit)
	}()
	cp.processes = append(cp.processes, p)
	return p, nil
}

// appendLine appends one line to the file at path, creating it.
func appendLine(path, line string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, line); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (cp *ControlPlane) startEtcd(ctx context.Context, binDir, clientURL string, peerPort int) error {
	peerURL := fmt.Sprintf("http://127.0.0.1:%d", peerPort)
	p, err := cp.run("etcd", filepath.Join(binDir, "etcd"),
		"--name=default",
		"--data-dir="+filepath.Join(cp.Dir, "etcd"),
		"--listen-client-urls="+clientURL,
		"--advertise-client-urls="+clientURL,
		"--listen-peer-urls="+peerURL,
		"--initial-advertise-peer-urls="+peerURL,
		"--initial-cluster=default="+peerURL,
		// A throw-away datastore: durability on power loss does not matter here.
		"--unsafe-no-fsync",
	)
	if err != nil {
		return err
	}
	return cp.waitHTTP(ctx, p, clientURL+"/health", nil, 60*time.Second)
}

func (cp *ControlPlane) startKubeAPIServer(ctx context.Context, etcdURL string, port int) error {
	policy := filepath.Join(cp.Dir, "audit-policy.yaml")
	// Metadata level for everything: enough to see who did what to which resource.
	if err := os.WriteFile(policy, []byte("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n"), 0o600); err != nil {
		return err
	}
	k := cp.pki
	cp.kubeAPIServerArgs = []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(port),
		"--cert-dir=" + filepath.Join(cp.Dir, "kube-apiserver-certs"),
		"--tls-cert-file=" + k.apiServer.certFile,
		"--tls-private-key-file=" + k.apiServer.keyFile,
		"--client-ca-file=" + k.clusterCA.certFile,
		"--service-account-key-file=" + k.serviceAccountKey,
		"--service-account-signing-key-file=" + k.serviceAccountKey,
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-cluster-ip-range=10.96.0.0/24",
		"--authorization-mode=RBAC",
		// No endpoints for the kubernetes Service: loopback addresses are refused there.
		"--endpoint-reconciler-type=none",
		// Aggregation: the front-proxy client certificate and the headers it sets.
		"--requestheader-client-ca-file=" + k.frontProxyCA.certFile,
		"--requestheader-allowed-names=front-proxy-client",
		"--requestheader-username-headers=X-Remote-User",
		"--requestheader-group-headers=X-Remote-Group",
		"--requestheader-extra-headers-prefix=X-Remote-Extra-",
		"--proxy-client-cert-file=" + k.frontProxyClient.certFile,
		"--proxy-client-key-file=" + k.frontProxyClient.keyFile,
		"--enable-aggregator-routing=false",
		"--audit-policy-file=" + policy,
		"--audit-log-path=" + cp.AuditLog,
		"--audit-log-mode=blocking",
	}
	cp.KubeAPIServerURL = fmt.Sprintf("https://127.0.0.1:%d", port)
	if err := cp.runKubeAPIServer(ctx); err != nil {
		return err
	}
	cp.Kubeconfig = filepath.Join(cp.Dir, "kubeconfig")
	return cp.writeKubeconfig(cp.Kubeconfig, k.admin)
}

// writeKubeconfig writes a kubeconfig for the kube-apiserver that authenticates with
// the client certificate pair.
func (cp *ControlPlane) writeKubeconfig(path string, pair keyPair) error {
	return os.WriteFile(path, []byte(fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: %s
    certificate-authority: %s
users:
- name: user
  user:
    client-certificate: %s
    client-key: %s
contexts:
- name: local
  context: {cluster: local, user: user}
current-context: local
`, cp.KubeAPIServerURL, cp.pki.clusterCA.certFile, pair.certFile, pair.keyFile)), 0o600)
}

// UserKubeconfig mints a client certificate for user (groups become its
// organizations, as the kube-apiserver reads them) and returns a kubeconfig that
// authenticates with it: a real, non-impersonated identity for tests.
func (cp *ControlPlane) UserKubeconfig(user string, groups ...string) (string, error) {
	name := "user-" + user
	pair, err := cp.pki.clusterCA.issue(cp.Dir, name, user, groups, nil, nil)
	if err != nil {
		return "", err
	}
	path := filepath.Join(cp.Dir, name+".kubeconfig")
	return path, cp.writeKubeconfig(path, pair)
}

// startControllerManager runs kube-controller-manager as a real cluster runs it: with
// its own certificate (system:kube-controller-manager) and each controller under its
// own service account, so controllers get exactly the rights RBAC gives them, not an
// admin's (the garbage collector and the namespace controller need the tier role of
// artifacts/rbac to see tiered policies).
func (cp *ControlPlane) startControllerManager(binDir string) error {
	kubeconfig := filepath.Join(cp.Dir, "kube-controller-manager.kubeconfig")
	if err := cp.writeKubeconfig(kubeconfig, cp.pki.controllerManager); err != nil {
		return err
	}
	_, err := cp.run("kube-controller-manager", filepath.Join(binDir, "kube-controller-manager"),
		"--kubeconfig="+kubeconfig,
		"--authentication-kubeconfig="+kubeconfig,
		"--authorization-kubeconfig="+kubeconfig,
		"--bind-address=127.0.0.1",
		"--secure-port=0",
		"--leader-elect=false",
		"--service-account-private-key-file="+cp.pki.serviceAccountKey,
		"--root-ca-file="+cp.pki.clusterCA.certFile,
		"--use-service-account-credentials=true",
	)
	// Nothing waits on the controller manager: it works in the background (garbage
	// collection, namespace deletion) and nothing here depends on it being up.
	return err
}

func (cp *ControlPlane) installCRDs(ctx context.Context) error {
	if _, err := cp.Kubectl(ctx, nil, "apply", "--server-side", "-f", cp.opts.CRDDir); err != nil {
		return err
	}
	_, err := cp.Kubectl(ctx, nil, "wait", "--for=condition=Established", "--timeout=60s", "crd", "--all")
	return err
}

// installControllerRBAC applies the role the cluster's controllers need for tiered
// policies, before the server serves any.
func (cp *ControlPlane) installControllerRBAC(ctx context.Context) error {
	manifest := cp.opts.ControllerRBAC
	if manifest == "" {
		manifest = filepath.Join(cp.opts.RepoRoot, "artifacts", "rbac", "calico-tier-controllers.yaml")
	}
	_, err := cp.Kubectl(ctx, nil, "apply", "-f", manifest)
	return err
}

func (cp *ControlPlane) startCalicoServer(ctx context.Context, port int) error {
	k := cp.pki
	cp.serverArgs = []string{
		"--bind-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(port),
		"--tls-cert-file=" + k.calicoServing.certFile,
		"--tls-private-key-file=" + k.calicoServing.keyFile,
		"--kubeconfig=" + cp.Kubeconfig,
		"--authentication-kubeconfig=" + cp.Kubeconfig,
		"--authorization-kubeconfig=" + cp.Kubeconfig,
		"--cert-dir=" + filepath.Join(cp.Dir, "calico-apiserver-certs"),
		// The audit policy operators install (artifacts/deploy), to a file here.
		"--audit-policy-file=" + filepath.Join(cp.opts.RepoRoot, "artifacts", "deploy", "base", "audit-policy.yaml"),
		"--audit-log-path=" + cp.ServerAuditLog,
		"--shutdown-delay-duration=5s",
		// The Deployment's limits.memory (it passes its own through the downward API).
		"--memory-limit=" + DeploymentMemoryLimit,
	}
	return cp.runServer(ctx)
}

func (cp *ControlPlane) registerAPIService(ctx context.Context, port int) error {
	caBundle, err := os.ReadFile(cp.pki.clusterCA.certFile)
	if err != nil {
		return err
	}
	manifest := fmt.Sprintf(`apiVersion: v1
kind: Namespace
metadata:
  name: %[1]s
---
# ExternalName to 127.0.0.1: the aggregator dials loopback, never a ClusterIP.
apiVersion: v1
kind: Service
metadata:
  name: %[2]s
  namespace: %[1]s
spec:
  type: ExternalName
  externalName: 127.0.0.1
  ports:
  - port: %[3]d
    protocol: TCP
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: v3.projectcalico.org
spec:
  group: projectcalico.org
  version: v3
  groupPriorityMinimum: 1500
  versionPriority: 200
  caBundle: %[4]s
  service:
    namespace: %[1]s
    name: %[2]s
    port: %[3]d
`, CalicoNamespace, CalicoService, port, base64.StdEncoding.EncodeToString(caBundle))
	if _, err := cp.Kubectl(ctx, strings.NewReader(manifest), "apply", "-f", "-"); err != nil {
		return err
	}
	_, err = cp.Kubectl(ctx, nil, "wait", "--for=condition=Available", "--timeout=120s", "apiservice/v3.projectcalico.org")
	return err
}

// Kubectl runs the real kubectl as the admin against this control plane and returns
// its standard output; on failure the error carries standard error.
func (cp *ControlPlane) Kubectl(ctx context.Context, stdin io.Reader, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, Kubectl, append([]string{"--kubeconfig=" + cp.Kubeconfig}, args...)...)
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.Bytes(), fmt.Errorf("kubectl %s: %w: %s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes(), nil
}

// adminTLS is a TLS configuration that trusts the cluster CA and presents the admin
// certificate.
func (cp *ControlPlane) adminTLS() *tls.Config {
	pool := x509.NewCertPool()
	if data, err := os.ReadFile(cp.pki.clusterCA.certFile); err == nil {
		pool.AppendCertsFromPEM(data)
	}
	cert, _ := tls.LoadX509KeyPair(cp.pki.admin.certFile, cp.pki.admin.keyFile)
	return &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}}
}

// AdminHTTPClient is an HTTP client that trusts the cluster CA and authenticates as
// the cluster admin, for requests to the kube-apiserver or calico-apiserver directly.
// Each has its own timeout and shares one transport.
func (cp *ControlPlane) AdminHTTPClient() *http.Client {
	cp.adminTransportOnce.Do(func() {
		cp.adminTransport = &http.Transport{TLSClientConfig: cp.adminTLS(), MaxIdleConnsPerHost: 16}
	})
	return &http.Client{Timeout: 30 * time.Second, Transport: cp.adminTransport}
}

// waitHTTP polls url until it answers 200, the process exits, or timeout passes.
func (cp *ControlPlane) waitHTTP(ctx context.Context, p *process, url string, tlsConfig *tls.Config, timeout time.Duration) error {
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{TLSClientConfig: tlsConfig}}
	deadline := time.Now().Add(timeout)
	var last string
	for time.Now().Before(deadline) {
		select {
		case <-p.exit:
			return fmt.Errorf("%s exited (see %s)", p.name, filepath.Join(cp.Dir, p.name+".log"))
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		resp, err := client.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = fmt.Sprintf("%d %s", resp.StatusCode, body)
		} else {
			last = err.Error()
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready after %s: %s (see %s)", url, timeout, last, filepath.Join(cp.Dir, p.name+".log"))
}

// Stop stops every process, newest first, and removes Dir.
func (cp *ControlPlane) Stop() {
	cp.stopProcesses()
	os.RemoveAll(cp.Dir)
}

func (cp *ControlPlane) stopProcesses() {
	// Everything but etcd stops at once; etcd last, so the others can shut down cleanly.
	var rest []*process
	var etcd *process
	for _, p := range cp.processes {
		if p.name == "etcd" {
			etcd = p
		} else {
			rest = append(rest, p)
		}
	}
	terminate(rest...)
	if etcd != nil {
		terminate(etcd)
	}
	cp.processes = nil
}

// terminate sends SIGTERM to every process and kills those still running after 10 s.
func terminate(processes ...*process) {
	for _, p := range processes {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
	}
	deadline := time.Now().Add(10 * time.Second)
	for _, p := range processes {
		select {
		case <-p.exit:
		case <-time.After(time.Until(deadline)):
			_ = p.cmd.Process.Kill()
			<-p.exit
		}
	}
}
