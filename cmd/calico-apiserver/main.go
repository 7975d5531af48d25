// Command calico-apiserver serves the projectcalico.org/v3 API as a Kubernetes
// aggregated API server, storing objects as crd.projectcalico.org/v1 custom resources.
// `calico-apiserver check` instead reports the stored objects that break Calico's rules.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/pflag"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/klog/v2"

	"github.com/calico-apiserver/calico-apiserver/pkg/server"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "check" {
		os.Exit(runCheck(os.Args[2:], os.Stdout, os.Stderr))
	}
	options := server.NewOptions()
	flags := pflag.NewFlagSet("calico-apiserver", pflag.ExitOnError)
	options.AddFlags(flags)
	_ = flags.Parse(os.Args[1:])
	defer klog.Flush()

	if err := run(options); err != nil {
		fmt.Fprintf(os.Stderr, "calico-apiserver: %v\n", err)
		os.Exit(1)
	}
}

func run(options *server.Options) error {
	if err := options.Complete(); err != nil {
		return err
	}
	if err := options.Validate(); err != nil {
		return err
	}
	return options.Run(genericapiserver.SetupSignalContext())
}
