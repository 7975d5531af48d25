// Command local-up is `make run`: it starts the local control plane (etcd,
// kube-apiserver, kube-controller-manager, the CRDs, calico-apiserver and its
// APIService) in the foreground, prints how to use it, and stops every process it
// started on Ctrl-C.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/calico-apiserver/calico-apiserver/test/controlplane"
)

func main() {
	root, _ := os.Getwd()
	crdDir := flag.String("crds", filepath.Join(root, "artifacts", "crds"), "folder of crd.projectcalico.org CRD manifests to install")
	controllerRBAC := flag.String("controller-rbac", filepath.Join(root, "artifacts", "rbac", "calico-tier-controllers.yaml"),
		"the role cluster controllers need for tiered policies")
	server := flag.String("server", filepath.Join(root, "bin", "calico-apiserver"), "calico-apiserver binary")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	fmt.Println("starting the local control plane on 127.0.0.1...")
	cp, err := controlplane.Start(ctx, controlplane.Options{
		RepoRoot: root, CRDDir: *crdDir, ControllerRBAC: *controllerRBAC, ServerBinary: *server, Log: os.Stdout,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "make run:", err)
		os.Exit(1)
	}
	fmt.Printf(`
calico-apiserver is serving projectcalico.org/v3 through the kube-apiserver at %s
(logs, certificates and data in %s;
every change to a Calico resource, with its body, is in %s).

    export KUBECONFIG=%s
    kubectl apply -f artifacts/examples/ippool.yaml
    kubectl get ippools.projectcalico.org

Press Ctrl-C to stop everything.
`, cp.KubeAPIServerURL, cp.Dir, cp.ServerAuditLog, cp.Kubeconfig)
	<-ctx.Done()
	fmt.Println("\nstopping...")
	cp.Stop()
}
