package validation

import (
	"encoding/json"
	"strings"
	"testing"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

func TestValidateKubeControllersConfiguration(t *testing.T) {
	cases := []struct {
		name string
		obj  string
		want []wantErr
	}{
		{"minimal", `{"metadata":{"name":"default"},"spec":{"controllers":{}}}`, nil},
		{"full", `{"metadata":{"name":"default"},"spec":{"logSeverityScreen":"Info","healthChecks":"Enabled","prometheusMetricsPort":9094,"debugProfilePort":0,
		  "controllers":{"node":{"syncLabels":"Enabled","leakGracePeriod":"15m","hostEndpoint":{"autoCreate":"Enabled","createDefaultHostEndpoint":"Disabled",
		   "templates":[{"generateName":"eth0","interfaceCIDRs":["10.0.0.0/8","10.1.1.1"],"labels":{"role":"edge"},"nodeSelector":"has(edge)"},{"generateName":"bond","interfacePattern":"^bond[0-9]+$"}]}},
		   "policy":{"reconcilerPeriod":"5m"},"loadBalancer":{"assignIPs":"RequestedServicesOnly"},"policyMigration":{"enabled":"Disabled"}}}}`, nil},
		{"empty name left to metadata validation", `{"spec":{"controllers":{}}}`, nil},
		{"not named default", `{"metadata":{"name":"mine"},"spec":{"controllers":{}}}`, []wantErr{invalid("metadata.name")}},
		{"log severity Trace (refused by the schema)", `{"metadata":{"name":"default"},"spec":{"logSeverityScreen":"Trace","controllers":{}}}`, []wantErr{notSupported("spec.logSeverityScreen")}},
		{"log severity Panic (refused by Calico's validator)", `{"metadata":{"name":"default"},"spec":{"logSeverityScreen":"Panic","controllers":{}}}`, []wantErr{notSupported("spec.logSeverityScreen")}},
		{"enums and ports", `{"metadata":{"name":"default"},"spec":{"healthChecks":"On","prometheusMetricsPort":65536,"debugProfilePort":-1,
		  "controllers":{"node":{"syncLabels":"yes","hostEndpoint":{"autoCreate":"true","createDefaultHostEndpoint":"enabled"}},"loadBalancer":{"assignIPs":"Some"},"policyMigration":{"enabled":"On"}}}}`,
			[]wantErr{notSupported("spec.healthChecks"), invalid("spec.prometheusMetricsPort"), invalid("spec.debugProfilePort"),
				notSupported("spec.controllers.node.syncLabels"), notSupported("spec.controllers.node.hostEndpoint.autoCreate"),
				notSupported("spec.controllers.node.hostEndpoint.createDefaultHostEndpoint"), notSupported("spec.controllers.loadBalancer.assignIPs"),
				notSupported("spec.controllers.policyMigration.enabled")}},
		{"syncLabels Disabled", `{"metadata":{"name":"default"},"spec":{"controllers":{"node":{"syncLabels":"Disabled"}}}}`, []wantErr{forbidden("spec.controllers.node.syncLabels")}},
		{"bad templates", `{"metadata":{"name":"default"},"spec":{"controllers":{"node":{"hostEndpoint":{"templates":[
		   {"interfacePattern":"eth0"},
		   {"generateName":"Eth_0","interfaceCIDRs":["10.0.0.0/8","nope"],"interfacePattern":"(","labels":{"bad key!":"v","k":"bad value!"},"nodeSelector":"a = 'b'"},
		   {"generateName":"Eth_0"},
		   {"generateName":"` + strings.Repeat("a", 254) + `","interfacePattern":"x"}]}}}}}`,
			[]wantErr{required("spec.controllers.node.hostEndpoint.templates[0].generateName"),
				invalid("spec.controllers.node.hostEndpoint.templates[1].generateName"),
				invalid("spec.controllers.node.hostEndpoint.templates[1].interfaceCIDRs[1]"),
				invalid("spec.controllers.node.hostEndpoint.templates[1].interfacePattern"),
				invalid("spec.controllers.node.hostEndpoint.templates[1].labels"),
				invalid("spec.controllers.node.hostEndpoint.templates[1].labels"),
				invalid("spec.controllers.node.hostEndpoint.templates[1].nodeSelector"),
				duplicate("spec.controllers.node.hostEndpoint.templates[2].generateName"),
				required("spec.controllers.node.hostEndpoint.templates[2].interfaceCIDRs"),
				invalid("spec.controllers.node.hostEndpoint.templates[3].generateName")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			obj := &v3.KubeControllersConfiguration{}
			if err := json.Unmarshal([]byte(c.obj), obj); err != nil {
				t.Fatal(err)
			}
			checkErrs(t, ValidateKubeControllersConfiguration(obj), c.want)
		})
	}
}

func TestValidateCalicoNodeStatus(t *testing.T) {
	cases := []struct {
		name string
		obj  string
		want []wantErr
	}{
		{"valid", `{"metadata":{"name":"n1"},"spec":{"node":"worker-1.example","classes":["Agent","BGP","Routes"],"updatePeriodSeconds":10},
		  "status":{"bgp":{"peersV4":[{"peerIP":"10.0.0.2","type":"NodeMesh","state":"Established"}],"peersV6":[{"peerIP":"fd00::2"}]},
		   "routes":{"routesV4":[{"type":"FIB","destination":"10.0.1.0/24","learnedFrom":{"sourceType":"NodeMesh","peerIP":"10.0.0.2"}}]}}}`, nil},
		{"no classes and the longest period", `{"spec":{"node":"n","classes":[],"updatePeriodSeconds":86400}}`, nil},
		{"period 0", `{"spec":{"node":"n","classes":["BGP"],"updatePeriodSeconds":0}}`, nil},
		{"missing everything", `{"spec":{}}`,
			[]wantErr{required("spec.node"), required("spec.classes"), required("spec.updatePeriodSeconds")}},
		{"bad values", `{"spec":{"node":"Worker_1","classes":["Agent","Agent","Bird"],"updatePeriodSeconds":86401},
		  "status":{"bgp":{"peersV4":[{"peerIP":"10.0.0.300"}],"peersV6":[{"peerIP":""},{"peerIP":"fd00::/64"}]},"routes":{"routesV6":[{"learnedFrom":{"peerIP":"peer"}}]}}}`,
			[]wantErr{invalid("spec.node"), duplicate("spec.classes[1]"), notSupported("spec.classes[2]"), invalid("spec.updatePeriodSeconds"),
				invalid("status.bgp.peersV4[0].peerIP"), invalid("status.bgp.peersV6[1].peerIP"), invalid("status.routes.routesV6[0].learnedFrom.peerIP")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			obj := &v3.CalicoNodeStatus{}
			if err := json.Unmarshal([]byte(c.obj), obj); err != nil {
				t.Fatal(err)
			}
			checkErrs(t, ValidateCalicoNodeStatus(obj), c.want)
		})
	}
}

func TestValidateClusterInformation(t *testing.T) {
	ci := &v3.ClusterInformation{}
	ci.Name = "default"
	ci.Spec.ClusterGUID = "abc"
	checkErrs(t, ValidateClusterInformation(ci), nil)
	ci.Name = "other"
	checkErrs(t, ValidateClusterInformation(ci), []wantErr{invalid("metadata.name")})
}
