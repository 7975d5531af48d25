package validation

import (
	"encoding/json"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// The fuzz targets decode arbitrary JSON as the API server would, default it, and
// validate it: the validators must never panic, whatever reaches them. Undecodable input
// is skipped, since the server rejects it before validation.

var policySeeds = []string{
	`{"metadata":{"name":"allow-web","namespace":"ns"},"spec":{"tier":"security","order":100,"selector":"app == 'web'",
	  "ingress":[{"action":"Allow","protocol":"TCP","source":{"selector":"role == 'fe'","namespaceSelector":"global()","nets":["10.0.0.0/8"]},
	   "destination":{"ports":[80,"443","8000:8080","http"]},"http":{"methods":["GET"],"paths":[{"exact":"/"},{"prefix":"/api"}]}}],
	  "egress":[{"action":"Allow","protocol":"UDP","destination":{"services":{"name":"kube-dns","namespace":"kube-system"}}},
	   {"action":"Deny","protocol":"ICMP","ipVersion":4,"icmp":{"type":8,"code":0},"notICMP":{"type":3}}],
	  "types":["Ingress","Egress"],"performanceHints":["AssumeNeededOnEveryNode"]}}`,
	`{"metadata":{"name":"knp.default.x"},"spec":{"ingress":[{"action":"Pass","notProtocol":"6","source":{"notNets":["0.0.0.0/0","fd00::/8"],
	  "serviceAccounts":{"names":["a","a"],"selector":"x == 'y'"},"notPorts":["0:1"]},"metadata":{"annotations":{"a":"b"}}}]}}`,
	`{"metadata":{"name":"host.ssh"},"spec":{"selector":"has(host)","namespaceSelector":"all()","doNotTrack":true,"preDNAT":true,
	  "applyOnForward":true,"ingress":[{"action":"Allow","protocol":58,"ipVersion":6,"icmp":{"code":1}}],"egress":[{"action":"Log"}]}}`,
	`{"spec":{"stagedAction":"Delete","tier":"default","order":1,"ingress":[{}]}}`,
	`{"spec":{"stagedAction":"Learn","ingress":[{"action":"Allow","http":{"paths":[{"exact":"/a","prefix":"/b"},{}]}}]}}`,
}

// fuzzPolicy runs run on every decodable input and checks that each error it returns
// names a field and a type, since the registry reports them as 422 causes.
func fuzzPolicy[T any](f *testing.F, seeds []string, run func(*T) field.ErrorList) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		obj := new(T)
		if err := json.Unmarshal(data, obj); err != nil {
			return
		}
		for _, e := range run(obj) {
			if e == nil || e.Field == "" || e.Type == "" {
				t.Fatalf("error without a field or type: %#v", e)
			}
		}
	})
}

func FuzzDecodeAndValidateNetworkPolicy(f *testing.F) {
	fuzzPolicy(f, policySeeds, func(p *v3.NetworkPolicy) field.ErrorList {
		v3.SetDefaultsNetworkPolicy(p)
		return ValidateNetworkPolicy(p)
	})
}

func FuzzDecodeAndValidateGlobalNetworkPolicy(f *testing.F) {
	fuzzPolicy(f, policySeeds, func(p *v3.GlobalNetworkPolicy) field.ErrorList {
		v3.SetDefaultsGlobalNetworkPolicy(p)
		return ValidateGlobalNetworkPolicy(p)
	})
}

func FuzzDecodeAndValidateStagedNetworkPolicy(f *testing.F) {
	fuzzPolicy(f, policySeeds, func(p *v3.StagedNetworkPolicy) field.ErrorList {
		v3.SetDefaultsStagedNetworkPolicy(p)
		return ValidateStagedNetworkPolicy(p)
	})
}

func FuzzDecodeAndValidateStagedGlobalNetworkPolicy(f *testing.F) {
	fuzzPolicy(f, policySeeds, func(p *v3.StagedGlobalNetworkPolicy) field.ErrorList {
		v3.SetDefaultsStagedGlobalNetworkPolicy(p)
		return ValidateStagedGlobalNetworkPolicy(p)
	})
}

func FuzzDecodeAndValidateStagedKubernetesNetworkPolicy(f *testing.F) {
	fuzzPolicy(f, []string{
		`{"metadata":{"name":"web","namespace":"ns"},"spec":{"stagedAction":"Set","podSelector":{"matchLabels":{"app":"web"}},
		  "ingress":[{"from":[{"podSelector":{"matchExpressions":[{"key":"role","operator":"In","values":["a"]}]}},
		   {"ipBlock":{"cidr":"10.0.0.0/8","except":["10.1.0.0/16"]}}],"ports":[{"port":80},{"protocol":"UDP","port":5000,"endPort":5100},{"port":"http"}]}],
		  "egress":[{"to":[{"namespaceSelector":{}}]}],"policyTypes":["Ingress","Egress"]}}`,
		`{"spec":{"stagedAction":"Delete","podSelector":{}}}`,
		`{"spec":{"podSelector":{},"ingress":[{"ports":[{"port":"x","endPort":-1},{"port":-5}],"from":[{"ipBlock":{"cidr":"::/0","except":["0.0.0.0/0","q"]}}]}]}}`,
	}, func(p *v3.StagedKubernetesNetworkPolicy) field.ErrorList {
		v3.SetDefaultsStagedKubernetesNetworkPolicy(p)
		return ValidateStagedKubernetesNetworkPolicy(p)
	})
}

func FuzzDecodeAndValidateTier(f *testing.F) {
	fuzzPolicy(f, []string{
		`{"metadata":{"name":"security"},"spec":{"order":100,"defaultAction":"Pass"}}`,
		`{"metadata":{"name":"kube-admin"},"spec":{"order":1000,"defaultAction":"Pass"}}`,
		`{"metadata":{"name":"default"},"spec":{}}`,
		`{"metadata":{"name":"kube-baseline"},"spec":{"order":1e308,"defaultAction":"Allow"}}`,
	}, func(t *v3.Tier) field.ErrorList {
		v3.SetDefaultsTier(t)
		return ValidateTier(t)
	})
}

func FuzzDecodeAndValidateHostEndpoint(f *testing.F) {
	fuzzPolicy(f, []string{
		`{"metadata":{"name":"node1-eth0","labels":{"role":"ingress"}},"spec":{"node":"node1","interfaceName":"eth0",
		  "expectedIPs":["10.0.0.1","fd00::1"],"profiles":["kns.default"],"ports":[{"name":"ssh","protocol":"TCP","port":22},{"name":"dns","protocol":17,"port":53}]}}`,
		`{"spec":{"node":"n","interfaceName":"*"}}`,
		`{"spec":{"expectedIPs":["10.0.0.0/8"],"ports":[{"name":"","protocol":"6","port":0}]}}`,
	}, func(h *v3.HostEndpoint) field.ErrorList {
		return ValidateHostEndpoint(h)
	})
}

func FuzzDecodeAndValidateBGPConfiguration(f *testing.F) {
	fuzzPolicy(f, []string{
		`{"metadata":{"name":"default"},"spec":{"logSeverityScreen":"Info","nodeToNodeMeshEnabled":false,"asNumber":"1.10",
		  "serviceLoadBalancerIPs":[{"cidr":"192.0.2.0/24"}],"serviceExternalIPs":[{"cidr":"fd00::1"}],"serviceClusterIPs":[{}],
		  "communities":[{"name":"c","value":"1:2:3"},{"value":"70000:1"}],
		  "prefixAdvertisements":[{"cidr":"10.0.0.0/8","communities":["c","1:1","x"]},{"cidr":"::/0"}],
		  "listenPort":179,"nodeMeshPassword":{"secretKeyRef":{"name":"s","key":""}},"nodeMeshMaxRestartTime":"120s",
		  "bindMode":"NodeIP","ignoredInterfaces":["*","eth*"],"localWorkloadPeeringIPV4":"169.254.0.1","localWorkloadPeeringIPV6":"fe80::1",
		  "serviceLoadBalancerAggregation":"Enabled","programClusterRoutes":"Disabled","ipv4NormalRoutePriority":0,"ipv6NormalRoutePriority":1024}}`,
		`{"metadata":{"name":"node.worker-1"},"spec":{"asNumber":64512,"nodeMeshPassword":{}}}`,
	}, func(c *v3.BGPConfiguration) field.ErrorList {
		return ValidateBGPConfiguration(c)
	})
}

func FuzzDecodeAndValidateBGPPeer(f *testing.F) {
	fuzzPolicy(f, []string{
		`{"metadata":{"name":"rr"},"spec":{"node":"n1","nodeSelector":"all()","peerIP":"[fd00::1]:179","asNumber":"64512",
		  "localASNumber":1,"peerSelector":"has(rr)","keepOriginalNextHop":true,"nextHopMode":"Keep","password":{"secretKeyRef":{"name":"","key":"k"}},
		  "sourceAddress":"UseNodeIP","maxRestartTime":"2m","numAllowedLocalASNumbers":1,"ttlSecurity":1,"keepaliveTime":"30s",
		  "reachableBy":"10.0.0.1","filters":["f1"],"reversePeering":"Manual"}}`,
		`{"spec":{"localWorkloadSelector":"app == 'x'","peerIP":"10.0.0.1:0","reachableBy":"fd00::1"}}`,
	}, func(p *v3.BGPPeer) field.ErrorList {
		return ValidateBGPPeer(p)
	})
}

func FuzzDecodeAndValidateBGPFilter(f *testing.F) {
	fuzzPolicy(f, []string{
		`{"metadata":{"name":"f"},"spec":{"exportV4":[{"cidr":"10.0.0.0/8","matchOperator":"In","prefixLength":{"min":8,"max":33},
		  "source":"RemotePeers","interface":"eth*","peerType":"eBGP","communities":{"values":["1:1","2:2"]},"asPathPrefix":[1,"1.2"],
		  "priority":10,"action":"Accept","operations":[{"addCommunity":{"value":"1:2:3"}},{"prependASPath":{"prefix":[]}},
		  {"setPriority":{"value":0}},{},{"addCommunity":{"value":""},"setPriority":{"value":1}}]}],
		  "importV4":[{"action":"Reject","operations":[{}]}],"exportV6":[{"cidr":"10.0.0.0/8","prefixLength":{}}],
		  "importV6":[{"cidr":"fd00::/8","matchOperator":"NotIn","communities":{"values":null},"action":"Accept"}]}}`,
	}, func(bf *v3.BGPFilter) field.ErrorList {
		return ValidateBGPFilter(bf)
	})
}

func FuzzDecodeAndValidateIPPool(f *testing.F) {
	fuzzPolicy(f, []string{
		`{"metadata":{"name":"default-ipv4"},"spec":{"cidr":"10.244.0.0/16","blockSize":26,"ipipMode":"CrossSubnet","vxlanMode":"Never",
		  "natOutgoing":true,"disabled":false,"nodeSelector":"all()","allowedUses":["Workload","Tunnel"],"assignmentMode":"Automatic"}}`,
		`{"spec":{"cidr":"fd00::/48","ipipMode":"Always","vxlanMode":"Always","blockSize":200}}`,
		`{"spec":{"cidr":"10.0.0.1/31","disabled":true}}`,
		`{"spec":{}}`,
	}, func(p *v3.IPPool) field.ErrorList {
		v3.SetDefaultsIPPool(p)
		return ValidateIPPool(p)
	})
}

func FuzzDecodeAndValidateIPReservation(f *testing.F) {
	fuzzPolicy(f, []string{
		`{"metadata":{"name":"r"},"spec":{"reservedCIDRs":["10.0.0.1","10.0.0.0/8","10.0.0.0/8","fd00::/64","x"]}}`,
	}, func(r *v3.IPReservation) field.ErrorList {
		return ValidateIPReservation(r)
	})
}

func FuzzDecodeAndValidateNetworkSet(f *testing.F) {
	fuzzPolicy(f, []string{
		`{"metadata":{"name":"s","namespace":"ns","labels":{"projectcalico.org/namespace":"x"}},"spec":{"nets":["10.0.0.1/8","fd00::1","q","fd00::1"]}}`,
	}, func(s *v3.NetworkSet) field.ErrorList {
		return ValidateNetworkSet(s)
	})
}

func FuzzDecodeAndValidateGlobalNetworkSet(f *testing.F) {
	fuzzPolicy(f, []string{
		`{"metadata":{"name":"s","labels":{"role":"x"}},"spec":{"nets":["0.0.0.0/0","::/0","1.2.3.4/33"]}}`,
	}, func(s *v3.GlobalNetworkSet) field.ErrorList {
		return ValidateGlobalNetworkSet(s)
	})
}

func FuzzDecodeAndValidateIPAMConfiguration(f *testing.F) {
	fuzzPolicy(f, []string{
		`{"metadata":{"name":"default"},"spec":{"strictAffinity":true,"autoAllocateBlocks":true,"maxBlocksPerHost":4}}`,
		`{"metadata":{"name":"other"},"spec":{"maxBlocksPerHost":-1}}`,
	}, func(c *v3.IPAMConfiguration) field.ErrorList {
		return ValidateIPAMConfiguration(c)
	})
}
