package validation

import (
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// Fuzz targets for the configuration kinds, in the pattern of fuzz_test.go: decode
// arbitrary JSON, validate, never panic, and name a field in every error.

func FuzzDecodeAndValidateFelixConfiguration(f *testing.F) {
	fuzzPolicy(f, []string{
		`{"metadata":{"name":"default"},"spec":{"logSeverityScreen":"Info","iptablesBackend":"NFT","debugPort":6060,"routeRefreshInterval":"90s",
		  "liveMigrationRouteConvergenceTime":"1.5s","bpfLogFilters":{"eth0":"tcp"},"bpfConntrackTimeouts":{"tcpFinsSeen":"Auto"},
		  "healthTimeoutOverrides":[{"name":"x","timeout":"-1s"}],"kubeNodePortRanges":["30000:32767",80,"http"],
		  "failsafeInboundHostPorts":[{"protocol":"tcp","port":22,"net":"10.0.0.0/8"}],"externalNodesList":["10.0.0.1","fd00::/8"],
		  "routeTableRanges":[{"min":1,"max":4294967295},{"min":-5,"max":-10}],"nodeSelector":"all()","mtuIfacePattern":"(",
		  "featureGates":"a=b,,c=","logActionRateLimit":"10/second","openstackRegion":"Region","bpfExportBufferSizeMB":0}}`,
		`{"metadata":{"name":"node.n1"},"spec":{"routeTableRange":{"min":0,"max":9999999999},"natPortRange":"0:0","bpfPSNATPorts":"a",
		  "natOutgoingAddress":"::1","deviceRouteSourceAddressIPv6":"1.2.3.4","bpfForceTrackPacketsFromIfaces":["docker+"],"nodeSelector":"x"}}`,
	}, func(fc *v3.FelixConfiguration) field.ErrorList {
		return ValidateFelixConfiguration(fc)
	})
}

func FuzzDecodeAndValidateKubeControllersConfiguration(f *testing.F) {
	fuzzPolicy(f, []string{
		`{"metadata":{"name":"default"},"spec":{"logSeverityScreen":"Info","healthChecks":"Enabled","prometheusMetricsPort":9094,
		  "controllers":{"node":{"syncLabels":"Enabled","hostEndpoint":{"autoCreate":"Enabled","templates":[{"generateName":"a","interfaceCIDRs":["10.0.0.0/8"],
		   "labels":{"k":"v"},"nodeSelector":"has(x)"},{"generateName":"a"}]}},"loadBalancer":{"assignIPs":"AllServices"},"policyMigration":{"enabled":"Enabled"}}}}`,
		`{"metadata":{"name":"x"},"spec":{"debugProfilePort":-1,"controllers":{"node":{"syncLabels":"Disabled","hostEndpoint":{"templates":[{"interfacePattern":"("}]}}}}}`,
	}, func(c *v3.KubeControllersConfiguration) field.ErrorList {
		return ValidateKubeControllersConfiguration(c)
	})
}

func FuzzDecodeAndValidateCalicoNodeStatus(f *testing.F) {
	fuzzPolicy(f, []string{
		`{"metadata":{"name":"n1"},"spec":{"node":"n1","classes":["Agent","BGP","Routes"],"updatePeriodSeconds":10},
		  "status":{"bgp":{"peersV4":[{"peerIP":"10.0.0.2"}],"peersV6":[{"peerIP":"x"}]},"routes":{"routesV4":[{"learnedFrom":{"peerIP":"10.0.0.2"}}]}}}`,
		`{"spec":{"classes":["Agent","Agent","X"],"updatePeriodSeconds":4294967295}}`,
	}, func(ns *v3.CalicoNodeStatus) field.ErrorList {
		return ValidateCalicoNodeStatus(ns)
	})
}

func FuzzDecodeAndValidateClusterInformation(f *testing.F) {
	fuzzPolicy(f, []string{
		`{"metadata":{"name":"default"},"spec":{"clusterGUID":"abc","clusterType":"k8s,bgp,kubeadm","calicoVersion":"v3.32.1","datastoreReady":true,"variant":"Calico"}}`,
		`{"metadata":{"name":"other"},"spec":{}}`,
	}, func(ci *v3.ClusterInformation) field.ErrorList {
		return ValidateClusterInformation(ci)
	})
}
