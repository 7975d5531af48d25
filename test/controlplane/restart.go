package controlplane

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"syscall"
	"time"
)

// Stopping and starting again the kube-apiserver and calico-apiserver of a running
// control plane, on the same ports, certificates and etcd, for tests of how the server
// and its clients live through a restart or a crash of either.

// runKubeAPIServer starts the kube-apiserver with the flags Start gave it and waits
// until it is ready.
func (cp *ControlPlane) runKubeAPIServer(ctx context.Context) error {
	p, err := cp.run("kube-apiserver", filepath.Join(cp.binDir, "kube-apiserver"), cp.kubeAPIServerArgs...)
	if err != nil {
		return err
	}
	return cp.waitHTTP(ctx, p, cp.KubeAPIServerURL+"/readyz", cp.adminTLS(), 120*time.Second)
}

// runServer starts calico-apiserver with the flags Start gave it and waits until it is
// ready.
func (cp *ControlPlane) runServer(ctx context.Context) error {
	p, err := cp.run("calico-apiserver", cp.opts.ServerBinary, cp.serverArgs...)
	if err != nil {
		return err
	}
	return cp.waitHTTP(ctx, p, cp.CalicoServerURL+"/readyz", cp.adminTLS(), 90*time.Second)
}

// StopKubeAPIServer stops the kube-apiserver (SIGTERM, SIGKILL after 10 s) and waits
// until it has exited. etcd and everything else keep running.
func (cp *ControlPlane) StopKubeAPIServer() error {
	return cp.end("kube-apiserver", syscall.SIGTERM)
}

// StartKubeAPIServer starts the kube-apiserver again after StopKubeAPIServer, on the
// same port and etcd, and waits until it is ready.
func (cp *ControlPlane) StartKubeAPIServer(ctx context.Context) error {
	if cp.find("kube-apiserver") != nil {
		return fmt.Errorf("kube-apiserver is running")
	}
	return cp.runKubeAPIServer(ctx)
}

// KillServer ends calico-apiserver with SIGKILL (no graceful shutdown, as a node
// failure or an OOM kill does) and waits until it has exited.
func (cp *ControlPlane) KillServer() error {
	return cp.end("calico-apiserver", syscall.SIGKILL)
}

// StopServer ends calico-apiserver gracefully (SIGTERM) and waits until it has exited.
func (cp *ControlPlane) StopServer() error {
	return cp.end("calico-apiserver", syscall.SIGTERM)
}

// StartServer starts calico-apiserver again after KillServer or StopServer, on the same
// port and with the same flags, and waits until it is ready.
func (cp *ControlPlane) StartServer(ctx context.Context) error {
	if cp.find("calico-apiserver") != nil {
		return fmt.Errorf("calico-apiserver is running")
	}
	return cp.runServer(ctx)
}

// ServerPID is the process ID of the running calico-apiserver, 0 when none runs.
func (cp *ControlPlane) ServerPID() int {
	if p := cp.find("calico-apiserver"); p != nil {
		return p.cmd.Process.Pid
	}
	return 0
}

// find returns the running process called name, nil when there is none.
func (cp *ControlPlane) find(name string) *process {
	for _, p := range cp.processes {
		if p.name == name {
			select {
			case <-p.exit:
			default:
				return p
			}
		}
	}
	return nil
}

// end sends sig to the process called name, waits until it has exited (SIGKILL after
// 10 s) and forgets it.
func (cp *ControlPlane) end(name string, sig syscall.Signal) error {
	p := cp.find(name)
	if p == nil {
		return fmt.Errorf("%s is not running", name)
	}
	if sig == syscall.SIGKILL {
		_ = p.cmd.Process.Kill()
		<-p.exit
	} else {
		terminate(p)
	}
	cp.processes = slices.DeleteFunc(cp.processes, func(q *process) bool { return q == p })
	return nil
}

// KillKubeAPIServer ends the kube-apiserver with SIGKILL (as a crash or an OOM kill
// does) and waits until it has exited.
func (cp *ControlPlane) KillKubeAPIServer() error {
	return cp.end("kube-apiserver", syscall.SIGKILL)
}
