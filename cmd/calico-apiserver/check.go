package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"
	"k8s.io/client-go/dynamic"

	"github.com/calico-apiserver/calico-apiserver/pkg/check"
	"github.com/calico-apiserver/calico-apiserver/pkg/datastore"
)

// runCheck is `calico-apiserver check`: it reports the stored Calico objects that
// break Calico's rules. Exit status: 0 none found, 1 some found, 2 the check failed.
func runCheck(args []string, stdout, stderr io.Writer) int {
	flags := pflag.NewFlagSet("calico-apiserver check", pflag.ContinueOnError)
	flags.SetOutput(stderr)
	kubeconfig := flags.String("kubeconfig", "", "kubeconfig of the cluster to check (default: Calico's datastore environment: $KUBECONFIG, K8S_API_ENDPOINT, ..., or in-cluster)")
	output := flags.StringP("output", "o", "table", "output format: table or json")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "Usage: calico-apiserver check [--kubeconfig FILE] [-o table|json]")
		fmt.Fprintln(stderr, "Reads every crd.projectcalico.org/v1 object and reports each rule it breaks.")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *output != "table" && *output != "json" {
		fmt.Fprintf(stderr, "--output must be table or json, not %q\n", *output)
		return 2
	}
	env, err := datastore.FromEnvironment(os.Getenv)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	config, err := env.ClientConfig(*kubeconfig)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	client, err := dynamic.NewForConfig(config)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	findings, err := check.Run(context.Background(), client)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	write := check.WriteTable
	if *output == "json" {
		write = check.WriteJSON
	}
	if err := write(stdout, findings); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if len(findings) > 0 {
		return 1
	}
	return 0
}
