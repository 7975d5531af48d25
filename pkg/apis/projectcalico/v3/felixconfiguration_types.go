package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FelixConfiguration holds settings for Felix, Calico's per-node agent. The object named
// "default" applies to every node, "node.<name>" to one node.
type FelixConfiguration struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the FelixConfiguration.
	Spec FelixConfigurationSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// FelixConfigurationList is a list of FelixConfiguration resources.
type FelixConfigurationList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the FelixConfiguration resources of the list.
	Items []FelixConfiguration `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// FelixConfigurationSpec is the set of Felix settings; every field is optional and an
// unset field leaves Felix's own default in force.
// +kubebuilder:validation:XValidation:rule="!has(self.routeTableRange) || !has(self.routeTableRanges)",message="routeTableRange and routeTableRanges cannot both be set",reason=FieldValueForbidden
type FelixConfigurationSpec struct {
	// UseInternalDataplaneDriver selects Felix's built-in dataplane driver (true) or an external one.
	// +optional
	UseInternalDataplaneDriver *bool `json:"useInternalDataplaneDriver,omitempty"`
	// DataplaneDriver is the file name of the external dataplane driver.
	// +optional
	DataplaneDriver string `json:"dataplaneDriver,omitempty"`
	// DataplaneWatchdogTimeout is the dataplane driver's liveness/readiness timeout (deprecated).
	// +optional
	DataplaneWatchdogTimeout *metav1.Duration `json:"dataplaneWatchdogTimeout,omitempty"`
	// IPv6Support turns on IPv6 handling in the dataplane.
	// +optional
	IPv6Support *bool `json:"ipv6Support,omitempty"`
	// RouteRefreshInterval is how often routes are re-checked; 0 disables. [Default: 90s]
	// +optional
	RouteRefreshInterval *metav1.Duration `json:"routeRefreshInterval,omitempty"`
	// InterfaceRefreshInterval is how often local interfaces are rescanned; 0 disables.
	// +optional
	InterfaceRefreshInterval *metav1.Duration `json:"interfaceRefreshInterval,omitempty"`
	// IptablesRefreshInterval is how often iptables state is re-checked; 0 disables. [Default: 10s]
	// +optional
	IptablesRefreshInterval *metav1.Duration `json:"iptablesRefreshInterval,omitempty"`
	// IptablesPostWriteCheckInterval is the delay before re-reading iptables after a write. [Default: 1s]
	// +optional
	IptablesPostWriteCheckInterval *metav1.Duration `json:"iptablesPostWriteCheckInterval,omitempty"`
	// IptablesLockProbeInterval is the wait between attempts to take the iptables lock. [Default: 50ms]
	// +optional
	IptablesLockProbeInterval *metav1.Duration `json:"iptablesLockProbeInterval,omitempty"`
	// FeatureDetectOverride forces detected kernel features on or off, as "Name=true,Other=false".
	// +optional
	FeatureDetectOverride string `json:"featureDetectOverride,omitempty"`
	// FeatureGates turns tech-preview features on or off, as "Name=value,...".
	// +optional
	FeatureGates string `json:"featureGates,omitempty"`
	// IpsetsRefreshInterval is how often IP sets are re-checked; 0 disables. [Default: 90s]
	// +optional
	IpsetsRefreshInterval *metav1.Duration `json:"ipsetsRefreshInterval,omitempty"`
	// MaxIpsetSize is the largest number of entries in one IP set.
	// +optional
	MaxIpsetSize *int `json:"maxIpsetSize,omitempty"`
	// IptablesBackend is the iptables backend: Auto, Legacy or NFT. [Default: Auto]
	// +optional
	IptablesBackend *IptablesBackend `json:"iptablesBackend,omitempty"`
	// XDPRefreshInterval is how often XDP state is re-checked; 0 disables. [Default: 90s]
	// +optional
	XDPRefreshInterval *metav1.Duration `json:"xdpRefreshInterval,omitempty"`
	// NetlinkTimeout is the timeout of netlink requests to the kernel. [Default: 10s]
	// +optional
	NetlinkTimeout *metav1.Duration `json:"netlinkTimeout,omitempty"`
	// MetadataAddr is the address of the cloud-init metadata server, or "none". [Default: 127.0.0.1]
	// +optional
	MetadataAddr string `json:"metadataAddr,omitempty"`
	// MetadataPort is the port of the metadata server. [Default: 8775]
	// +optional
	MetadataPort *int `json:"metadataPort,omitempty"`
	// OpenstackRegion is the OpenStack region this Felix belongs to.
	// +optional
	OpenstackRegion string `json:"openstackRegion,omitempty"`
	// InterfacePrefix is the name prefix of workload interfaces. [Default: cali]
	// +optional
	InterfacePrefix string `json:"interfacePrefix,omitempty"`
	// InterfaceExclude lists interfaces (names or /regexps/) ignored for host endpoints. [Default: kube-ipvs0]
	// +optional
	InterfaceExclude string `json:"interfaceExclude,omitempty"`
	// ChainInsertMode is whether Felix inserts or appends its hooks into top-level chains. [Default: Insert]
	// +optional
	ChainInsertMode string `json:"chainInsertMode,omitempty"`
	// DefaultEndpointToHostAction is the action for workload-to-host traffic: Drop, Accept or Return. [Default: Drop]
	// +optional
	DefaultEndpointToHostAction string `json:"defaultEndpointToHostAction,omitempty"`
	// IptablesFilterAllowAction is the iptables filter-table verdict for allowed traffic: Accept or Return.
	// +optional
	IptablesFilterAllowAction string `json:"iptablesFilterAllowAction,omitempty"`
	// IptablesMangleAllowAction is the iptables mangle-table verdict for allowed traffic: Accept or Return.
	// +optional
	IptablesMangleAllowAction string `json:"iptablesMangleAllowAction,omitempty"`
	// IptablesFilterDenyAction is the iptables verdict for denied traffic: Drop or Reject.
	// +optional
	IptablesFilterDenyAction string `json:"iptablesFilterDenyAction,omitempty"`
	// LogPrefix is the prefix of packets logged by Log rules. [Default: calico-packet]
	// +optional
	LogPrefix string `json:"logPrefix,omitempty"`
	// LogActionRateLimit limits logged packets per rule, as "N/second|minute|hour|day".
	// +optional
	LogActionRateLimit *string `json:"logActionRateLimit,omitempty"`
	// LogActionRateLimitBurst is the burst allowed above LogActionRateLimit.
	// +optional
	LogActionRateLimitBurst *int `json:"logActionRateLimitBurst,omitempty"`
	// LogFilePath is Felix's log file, or "none" to disable file logging.
	// +optional
	LogFilePath string `json:"logFilePath,omitempty"`
	// LogSeverityFile is the minimum severity written to the log file. [Default: Info]
	// +optional
	LogSeverityFile string `json:"logSeverityFile,omitempty"`
	// LogSeverityScreen is the minimum severity written to stdout. [Default: Info]
	// +optional
	LogSeverityScreen string `json:"logSeverityScreen,omitempty"`
	// LogSeveritySys is the minimum severity sent to syslog. [Default: Info]
	// +optional
	LogSeveritySys string `json:"logSeveritySys,omitempty"`
	// LogDebugFilenameRegex limits Debug logs to source files matching this regexp.
	// +optional
	LogDebugFilenameRegex string `json:"logDebugFilenameRegex,omitempty"`
	// IPIPEnabled forces the IPIP tunnel device on or off; unset means decide from the IP pools.
	// +optional
	IPIPEnabled *bool `json:"ipipEnabled,omitempty"`
	// IPIPMTU is the MTU of the IPIP tunnel device; 0 auto-detects.
	// +optional
	IPIPMTU *int `json:"ipipMTU,omitempty"`
	// VXLANEnabled forces the IPv4 VXLAN device on or off; unset means decide from the IP pools.
	// +optional
	VXLANEnabled *bool `json:"vxlanEnabled,omitempty"`
	// VXLANMTU is the MTU of the IPv4 VXLAN device; 0 auto-detects.
	// +optional
	VXLANMTU *int `json:"vxlanMTU,omitempty"`
	// VXLANMTUV6 is the MTU of the IPv6 VXLAN device; 0 auto-detects.
	// +optional
	VXLANMTUV6 *int `json:"vxlanMTUV6,omitempty"`
	// VXLANPort is the UDP port of VXLAN traffic. [Default: 4789]
	// +optional
	VXLANPort *int `json:"vxlanPort,omitempty"`
	// VXLANVNI is the VXLAN network identifier. [Default: 4096]
	// +optional
	VXLANVNI *int `json:"vxlanVNI,omitempty"`
	// AllowVXLANPacketsFromWorkloads lets workloads send VXLAN-encapsulated packets. [Default: false]
	// +optional
	AllowVXLANPacketsFromWorkloads *bool `json:"allowVXLANPacketsFromWorkloads,omitempty"`
	// AllowIPIPPacketsFromWorkloads lets workloads send IPIP-encapsulated packets. [Default: false]
	// +optional
	AllowIPIPPacketsFromWorkloads *bool `json:"allowIPIPPacketsFromWorkloads,omitempty"`
	// ReportingInterval is how often Felix reports its status; 0 disables. [Default: 30s]
	// +optional
	ReportingInterval *metav1.Duration `json:"reportingInterval,omitempty"`
	// ReportingTTL is the time-to-live of Felix's status reports. [Default: 90s]
	// +optional
	ReportingTTL *metav1.Duration `json:"reportingTTL,omitempty"`
	// EndpointReportingEnabled makes Felix report endpoint status (OpenStack). [Default: false]
	// +optional
	EndpointReportingEnabled *bool `json:"endpointReportingEnabled,omitempty"`
	// EndpointReportingDelay is the delay before endpoint status is reported. [Default: 1s]
	// +optional
	EndpointReportingDelay *metav1.Duration `json:"endpointReportingDelay,omitempty"`
	// EndpointStatusPathPrefix is the directory for endpoint status files; empty disables them.
	// +optional
	EndpointStatusPathPrefix string `json:"endpointStatusPathPrefix,omitempty"`
	// IptablesMarkMask is the mask of packet-mark bits Felix may use with iptables. [Default: 0xffff0000]
	// +optional
	IptablesMarkMask *uint32 `json:"iptablesMarkMask,omitempty"`
	// DisableConntrackInvalidCheck turns off dropping of conntrack-invalid packets.
	// +optional
	DisableConntrackInvalidCheck *bool `json:"disableConntrackInvalidCheck,omitempty"`
	// HealthEnabled turns on Felix's health endpoints. [Default: false]
	// +optional
	HealthEnabled *bool `json:"healthEnabled,omitempty"`
	// HealthHost is the address the health server binds to. [Default: localhost]
	// +optional
	HealthHost *string `json:"healthHost,omitempty"`
	// HealthPort is the TCP port of the health server. [Default: 9099]
	// +optional
	HealthPort *int `json:"healthPort,omitempty"`
	// HealthTimeoutOverrides changes the liveness timeouts of named internal components.
	// +optional
	// +listType=atomic
	HealthTimeoutOverrides []HealthTimeoutOverride `json:"healthTimeoutOverrides,omitempty"`
	// PrometheusMetricsEnabled turns on the Prometheus metrics server. [Default: false]
	// +optional
	PrometheusMetricsEnabled *bool `json:"prometheusMetricsEnabled,omitempty"`
	// PrometheusMetricsHost is the address the metrics server binds to.
	// +optional
	PrometheusMetricsHost string `json:"prometheusMetricsHost,omitempty"`
	// PrometheusMetricsPort is the TCP port of the metrics server. [Default: 9091]
	// +optional
	PrometheusMetricsPort *int `json:"prometheusMetricsPort,omitempty"`
	// PrometheusGoMetricsEnabled exports Go runtime metrics. [Default: true]
	// +optional
	PrometheusGoMetricsEnabled *bool `json:"prometheusGoMetricsEnabled,omitempty"`
	// PrometheusProcessMetricsEnabled exports process metrics. [Default: true]
	// +optional
	PrometheusProcessMetricsEnabled *bool `json:"prometheusProcessMetricsEnabled,omitempty"`
	// PrometheusWireGuardMetricsEnabled exports WireGuard metrics. [Default: true]
	// +optional
	PrometheusWireGuardMetricsEnabled *bool `json:"prometheusWireGuardMetricsEnabled,omitempty"`
	// PrometheusMetricsCAFile is the CA bundle used to verify metrics clients' certificates.
	// +optional
	PrometheusMetricsCAFile string `json:"prometheusMetricsCAFile,omitempty"`
	// PrometheusMetricsCertFile is the TLS certificate of the metrics server.
	// +optional
	PrometheusMetricsCertFile string `json:"prometheusMetricsCertFile,omitempty"`
	// PrometheusMetricsKeyFile is the TLS private key of the metrics server.
	// +optional
	PrometheusMetricsKeyFile string `json:"prometheusMetricsKeyFile,omitempty"`
	// PrometheusMetricsClientAuth is the TLS client-authentication policy of the metrics server.
	// +optional
	PrometheusMetricsClientAuth string `json:"prometheusMetricsClientAuth,omitempty"`
	// FailsafeInboundHostPorts are host ports always open for inbound traffic, whatever the policy.
	// +optional
	FailsafeInboundHostPorts *ProtoPorts `json:"failsafeInboundHostPorts,omitempty"`
	// FailsafeOutboundHostPorts are host ports always open for outbound traffic, whatever the policy.
	// +optional
	FailsafeOutboundHostPorts *ProtoPorts `json:"failsafeOutboundHostPorts,omitempty"`
	// KubeNodePortRanges are the Kubernetes node port ranges (used in IPVS mode). [Default: 30000:32767]
	// +optional
	KubeNodePortRanges *[]numorstring.Port `json:"kubeNodePortRanges,omitempty"`
	// PolicySyncPathPrefix is the directory of the policy sync API socket; empty disables it.
	// +optional
	PolicySyncPathPrefix string `json:"policySyncPathPrefix,omitempty"`
	// UsageReportingEnabled sends anonymous version and cluster-size reports. [Default: true]
	// +optional
	UsageReportingEnabled *bool `json:"usageReportingEnabled,omitempty"`
	// UsageReportingInitialDelay is the minimum delay before the first usage report. [Default: 300s]
	// +optional
	UsageReportingInitialDelay *metav1.Duration `json:"usageReportingInitialDelay,omitempty"`
	// UsageReportingInterval is the interval between usage reports. [Default: 86400s]
	// +optional
	UsageReportingInterval *metav1.Duration `json:"usageReportingInterval,omitempty"`
	// NATPortRange is the source port range used for outgoing NAT.
	// +optional
	NATPortRange *numorstring.Port `json:"natPortRange,omitempty"`
	// NATOutgoingAddress is the IPv4 source address used for outgoing NAT instead of masquerading.
	// +optional
	NATOutgoingAddress string `json:"natOutgoingAddress,omitempty"`
	// NATOutgoingExclusions is which destinations are exempt from outgoing NAT. [Default: IPPoolsOnly]
	// +optional
	NATOutgoingExclusions *NATOutgoingExclusionsType `json:"natOutgoingExclusions,omitempty"`
	// DeviceRouteSourceAddress is the IPv4 source hint of routes Felix programs.
	// +optional
	DeviceRouteSourceAddress string `json:"deviceRouteSourceAddress,omitempty"`
	// DeviceRouteSourceAddressIPv6 is the IPv6 source hint of routes Felix programs.
	// +optional
	DeviceRouteSourceAddressIPv6 string `json:"deviceRouteSourceAddressIPv6,omitempty"`
	// DeviceRouteProtocol is the routing protocol number set on routes Felix programs.
	// +optional
	DeviceRouteProtocol *int `json:"deviceRouteProtocol,omitempty"`
	// RemoveExternalRoutes removes unexpected routes to workload interfaces.
	// +optional
	RemoveExternalRoutes *bool `json:"removeExternalRoutes,omitempty"`
	// ProgramClusterRoutes makes Felix, not BIRD, program IPIP routes: Enabled or Disabled.
	// +optional
	// +kubebuilder:validation:Enum=Enabled;Disabled
	ProgramClusterRoutes *string `json:"programClusterRoutes,omitempty"`
	// IPForwarding is whether Felix enables IP forwarding sysctls: Enabled or Disabled. [Default: Enabled]
	// +optional
	// +kubebuilder:validation:Enum=Enabled;Disabled
	IPForwarding string `json:"ipForwarding,omitempty"`
	// ExternalNodesCIDRList are IPv4 CIDRs of non-Calico nodes allowed to send tunnelled traffic.
	// +optional
	ExternalNodesCIDRList *[]string `json:"externalNodesList,omitempty"`
	// DebugMemoryProfilePath is where a memory profile is written on signal.
	// +optional
	DebugMemoryProfilePath string `json:"debugMemoryProfilePath,omitempty"`
	// DebugDisableLogDropping stops dropping log lines when the log buffer is full.
	// +optional
	DebugDisableLogDropping *bool `json:"debugDisableLogDropping,omitempty"`
	// DebugSimulateCalcGraphHangAfter simulates a calculation-graph hang (tests only).
	// +optional
	DebugSimulateCalcGraphHangAfter *metav1.Duration `json:"debugSimulateCalcGraphHangAfter,omitempty"`
	// DebugSimulateDataplaneHangAfter simulates a dataplane hang (tests only).
	// +optional
	DebugSimulateDataplaneHangAfter *metav1.Duration `json:"debugSimulateDataplaneHangAfter,omitempty"`
	// DebugSimulateDataplaneApplyDelay delays every dataplane update (tests only).
	// +optional
	DebugSimulateDataplaneApplyDelay *metav1.Duration `json:"debugSimulateDataplaneApplyDelay,omitempty"`
	// DebugHost is the address the debug port binds to. [Default: localhost]
	// +optional
	DebugHost *string `json:"debugHost,omitempty"`
	// DebugPort, when set, serves profiling data on this port.
	// +optional
	DebugPort *int `json:"debugPort,omitempty"`
	// IptablesNATOutgoingInterfaceFilter limits outgoing NAT to interfaces matching this iptables pattern.
	// +optional
	IptablesNATOutgoingInterfaceFilter string `json:"iptablesNATOutgoingInterfaceFilter,omitempty"`
	// SidecarAccelerationEnabled turns on experimental sidecar acceleration. [Default: false]
	// +optional
	SidecarAccelerationEnabled *bool `json:"sidecarAccelerationEnabled,omitempty"`
	// XDPEnabled accelerates suitable untracked deny rules with XDP. [Default: true]
	// +optional
	XDPEnabled *bool `json:"xdpEnabled,omitempty"`
	// GenericXDPEnabled allows generic (driverless) XDP. [Default: false]
	// +optional
	GenericXDPEnabled *bool `json:"genericXDPEnabled,omitempty"`
	// NFTablesMode selects the nftables dataplane: Disabled, Enabled or Auto. [Default: Auto]
	// +optional
	// +kubebuilder:default=Auto
	NFTablesMode *NFTablesMode `json:"nftablesMode,omitempty"`
	// NftablesRefreshInterval is how often nftables rules are refreshed. [Default: 90s]
	// +optional
	NftablesRefreshInterval *metav1.Duration `json:"nftablesRefreshInterval,omitempty"`
	// NftablesFilterAllowAction is the nftables filter-table verdict for allowed traffic: Accept or Return.
	// +optional
	NftablesFilterAllowAction string `json:"nftablesFilterAllowAction,omitempty"`
	// NftablesMangleAllowAction is the nftables mangle-table verdict for allowed traffic: Accept or Return.
	// +optional
	NftablesMangleAllowAction string `json:"nftablesMangleAllowAction,omitempty"`
	// NftablesFilterDenyAction is the nftables verdict for denied traffic: Drop or Reject.
	// +optional
	NftablesFilterDenyAction string `json:"nftablesFilterDenyAction,omitempty"`
	// NftablesMarkMask is the mask of packet-mark bits Felix may use with nftables. [Default: 0xffff0000]
	// +optional
	NftablesMarkMask *uint32 `json:"nftablesMarkMask,omitempty"`
	// BPFEnabled selects the eBPF dataplane. [Default: false]
	// +optional
	BPFEnabled *bool `json:"bpfEnabled,omitempty"`
	// BPFDisableUnprivileged disables unprivileged use of BPF via sysctl. [Default: true]
	// +optional
	BPFDisableUnprivileged *bool `json:"bpfDisableUnprivileged,omitempty"`
	// BPFLogLevel is the log level of the BPF programs: Off, Info or Debug. [Default: Off]
	// Calico serializes this field even when empty (no omitempty), and so do we.
	// +optional
	BPFLogLevel string `json:"bpfLogLevel"`
	// BPFConntrackLogLevel is the log level of the BPF conntrack cleaner: Off or Debug. [Default: Off]
	// +optional
	// +kubebuilder:validation:Enum=Off;Debug
	BPFConntrackLogLevel string `json:"bpfConntrackLogLevel,omitempty"`
	// BPFConntrackCleanupMode is how BPF conntrack entries are cleaned up. [Default: Auto]
	// +optional
	BPFConntrackCleanupMode *BPFConntrackMode `json:"bpfConntrackMode,omitempty"`
	// BPFConntrackTimeouts overrides the BPF conntrack timers.
	// +optional
	BPFConntrackTimeouts *BPFConntrackTimeouts `json:"bpfConntrackTimeouts,omitempty"`
	// BPFLogFilters maps interface names (or all/weps/heps) to pcap filters for BPF debug logs.
	// +optional
	BPFLogFilters *map[string]string `json:"bpfLogFilters,omitempty"`
	// BPFCTLBLogFilter selects what the connect-time load balancer logs at debug level.
	// +optional
	BPFCTLBLogFilter string `json:"bpfCTLBLogFilter,omitempty"`
	// BPFDataIfacePattern is a regexp of the data interfaces BPF programs attach to.
	// +optional
	BPFDataIfacePattern string `json:"bpfDataIfacePattern,omitempty"`
	// BPFL3IfacePattern is a regexp of extra L3 (tunnel) interfaces BPF programs attach to.
	// +optional
	BPFL3IfacePattern string `json:"bpfL3IfacePattern,omitempty"`
	// BPFConnectTimeLoadBalancingEnabled turns connect-time load balancing on or off (deprecated).
	// +optional
	BPFConnectTimeLoadBalancingEnabled *bool `json:"bpfConnectTimeLoadBalancingEnabled,omitempty"`
	// BPFConnectTimeLoadBalancing is the connect-time load balancing mode: TCP, Enabled or Disabled. [Default: TCP]
	// +optional
	BPFConnectTimeLoadBalancing *BPFConnectTimeLBType `json:"bpfConnectTimeLoadBalancing,omitempty"`
	// BPFHostNetworkedNATWithoutCTLB is whether host-networked traffic is NATed without CTLB. [Default: Enabled]
	// +optional
	BPFHostNetworkedNATWithoutCTLB *BPFHostNetworkedNATType `json:"bpfHostNetworkedNATWithoutCTLB,omitempty"`
	// BPFExternalServiceMode is how external service traffic is forwarded: Tunnel or DSR. [Default: Tunnel]
	// +optional
	BPFExternalServiceMode string `json:"bpfExternalServiceMode,omitempty"`
	// BPFDSROptoutCIDRs are client CIDRs that are served as in Tunnel mode even under DSR.
	// +optional
	BPFDSROptoutCIDRs *[]string `json:"bpfDSROptoutCIDRs,omitempty"`
	// BPFExtToServiceConnmark is the connmark set on external-client-to-local-service connections.
	// +optional
	BPFExtToServiceConnmark *int `json:"bpfExtToServiceConnmark,omitempty"`
	// BPFKubeProxyIptablesCleanupEnabled removes kube-proxy's iptables chains in BPF mode. [Default: true]
	// +optional
	BPFKubeProxyIptablesCleanupEnabled *bool `json:"bpfKubeProxyIptablesCleanupEnabled,omitempty"`
	// BPFKubeProxyMinSyncPeriod is the minimum interval between embedded kube-proxy updates. [Default: 1s]
	// +optional
	BPFKubeProxyMinSyncPeriod *metav1.Duration `json:"bpfKubeProxyMinSyncPeriod,omitempty"`
	// BPFKubeProxyHealthzPort is the port of the embedded kube-proxy's health server.
	// +optional
	BPFKubeProxyHealthzPort *int `json:"bpfKubeProxyHealthzPort,omitempty"`
	// BPFPSNATPorts is the port range used to resolve source port collisions. [Default: 20000:29999]
	// +optional
	BPFPSNATPorts *numorstring.Port `json:"bpfPSNATPorts,omitempty"`
	// BPFMapSizeNATFrontend is the size of the NAT frontend map.
	// +optional
	BPFMapSizeNATFrontend *int `json:"bpfMapSizeNATFrontend,omitempty"`
	// BPFMapSizeNATBackend is the size of the NAT backend map.
	// +optional
	BPFMapSizeNATBackend *int `json:"bpfMapSizeNATBackend,omitempty"`
	// BPFMapSizeNATAffinity is the size of the NAT session-affinity map.
	// +optional
	BPFMapSizeNATAffinity *int `json:"bpfMapSizeNATAffinity,omitempty"`
	// BPFMapSizeRoute is the size of the routes map.
	// +optional
	BPFMapSizeRoute *int `json:"bpfMapSizeRoute,omitempty"`
	// BPFMapSizeConntrack is the size of the conntrack map.
	// +optional
	BPFMapSizeConntrack *int `json:"bpfMapSizeConntrack,omitempty"`
	// BPFMapSizePerCPUConntrack, when non-zero, sizes the conntrack map per CPU.
	// +optional
	BPFMapSizePerCPUConntrack *int `json:"bpfMapSizePerCpuConntrack,omitempty"`
	// BPFMapSizeConntrackScaling is whether the conntrack map grows when full: Disabled or DoubleIfFull.
	// +optional
	BPFMapSizeConntrackScaling string `json:"bpfMapSizeConntrackScaling,omitempty"`
	// BPFMapSizeConntrackCleanupQueue is the size of the queue of conntrack entries awaiting cleanup.
	// +optional
	BPFMapSizeConntrackCleanupQueue *int `json:"bpfMapSizeConntrackCleanupQueue,omitempty"`
	// BPFMapSizeIPSets is the size of the IP sets map.
	// +optional
	BPFMapSizeIPSets *int `json:"bpfMapSizeIPSets,omitempty"`
	// BPFMapSizeIfState is the size of the interface state map.
	// +optional
	BPFMapSizeIfState *int `json:"bpfMapSizeIfState,omitempty"`
	// BPFMaglevMaxEndpointsPerService is the most endpoints per service in Maglev load balancing.
	// +optional
	BPFMaglevMaxEndpointsPerService *int `json:"bpfMaglevMaxEndpointsPerService,omitempty"`
	// BPFMaglevMaxServices is the most services using Maglev load balancing.
	// +optional
	BPFMaglevMaxServices *int `json:"bpfMaglevMaxServices,omitempty"`
	// BPFHostConntrackBypass bypasses Linux conntrack for workloads and services in BPF mode. [Default: true]
	// +optional
	BPFHostConntrackBypass *bool `json:"bpfHostConntrackBypass,omitempty"`
	// BPFEnforceRPF is the reverse-path filtering mode: Disabled, Strict or Loose. [Default: Loose]
	// +optional
	BPFEnforceRPF string `json:"bpfEnforceRPF,omitempty"`
	// BPFPolicyDebugEnabled records details of the BPF policy programs for calico-bpf.
	// +optional
	BPFPolicyDebugEnabled *bool `json:"bpfPolicyDebugEnabled,omitempty"`
	// BPFForceTrackPacketsFromIfaces are interfaces whose traffic Linux conntrack tracks. [Default: docker+]
	// +optional
	BPFForceTrackPacketsFromIfaces *[]string `json:"bpfForceTrackPacketsFromIfaces,omitempty"`
	// BPFDisableGROForIfaces is a regexp of interfaces on which GRO is turned off.
	// +optional
	BPFDisableGROForIfaces string `json:"bpfDisableGROForIfaces,omitempty"`
	// BPFExcludeCIDRsFromNAT are CIDRs left to the host rather than NATed (e.g. node-local DNS).
	// +optional
	BPFExcludeCIDRsFromNAT *[]string `json:"bpfExcludeCIDRsFromNAT,omitempty"`
	// BPFExportBufferSizeMB is the size of the buffer for BPF events sent to Felix. [Default: 1]
	// +optional
	BPFExportBufferSizeMB *int `json:"bpfExportBufferSizeMB,omitempty"`
	// BPFRedirectToPeer is whether traffic may be redirected straight to a workload device's peer.
	// +optional
	// +kubebuilder:validation:Enum=Enabled;Disabled
	BPFRedirectToPeer string `json:"bpfRedirectToPeer,omitempty"`
	// BPFAttachType is how BPF programs attach to interfaces: TC or TCX.
	// +optional
	BPFAttachType *BPFAttachOption `json:"bpfAttachType,omitempty"`
	// BPFJITHardening is the BPF JIT hardening mode: Auto or Strict.
	// +optional
	BPFJITHardening *BPFJITHardeningType `json:"bpfJITHardening,omitempty"`
	// BPFProfiling turns on profiling of BPF programs: Enabled or Disabled. [Default: Disabled]
	// +optional
	// +kubebuilder:validation:Enum=Enabled;Disabled
	BPFProfiling string `json:"bpfProfiling,omitempty"`
	// FlowLogsPolicyEvaluationMode is how pending policy traces are evaluated: None or Continuous.
	// +optional
	FlowLogsPolicyEvaluationMode *FlowLogsPolicyEvaluationModeType `json:"flowLogsPolicyEvaluationMode,omitempty"`
	// FlowLogsFlushInterval is how often flow logs are exported.
	// +optional
	FlowLogsFlushInterval *metav1.Duration `json:"flowLogsFlushInterval,omitempty"`
	// FlowLogsCollectorDebugTrace logs flow collector records in full.
	// +optional
	FlowLogsCollectorDebugTrace *bool `json:"flowLogsCollectorDebugTrace,omitempty"`
	// FlowLogsGoldmaneServer is the endpoint flow data is published to.
	// +optional
	FlowLogsGoldmaneServer *string `json:"flowLogsGoldmaneServer,omitempty"`
	// FlowLogsLocalReporter turns on the node-local flow reporting socket: Disabled or Enabled.
	// +optional
	// +kubebuilder:validation:Enum=Disabled;Enabled
	FlowLogsLocalReporter *string `json:"flowLogsLocalReporter,omitempty"`
	// RouteSource is where routing information comes from: WorkloadIPs or CalicoIPAM.
	// +optional
	RouteSource string `json:"routeSource,omitempty"`
	// RouteTableRanges are the Linux routing table indices Calico may use.
	// +optional
	RouteTableRanges *RouteTableRanges `json:"routeTableRanges,omitempty"`
	// RouteTableRange is the deprecated single range of routing table indices Calico may use.
	// +optional
	RouteTableRange *RouteTableRange `json:"routeTableRange,omitempty"`
	// RouteSyncDisabled turns off all route programming (policy-only mode).
	// +optional
	RouteSyncDisabled *bool `json:"routeSyncDisabled,omitempty"`
	// IPv4NormalRoutePriority is the metric of ordinary IPv4 routes Felix programs.
	// +optional
	IPv4NormalRoutePriority *int `json:"ipv4NormalRoutePriority,omitempty"`
	// IPv4ElevatedRoutePriority is the metric of preferred IPv4 routes (e.g. during live migration).
	// +optional
	IPv4ElevatedRoutePriority *int `json:"ipv4ElevatedRoutePriority,omitempty"`
	// IPv6NormalRoutePriority is the metric of ordinary IPv6 routes Felix programs.
	// +optional
	IPv6NormalRoutePriority *int `json:"ipv6NormalRoutePriority,omitempty"`
	// IPv6ElevatedRoutePriority is the metric of preferred IPv6 routes (e.g. during live migration).
	// +optional
	IPv6ElevatedRoutePriority *int `json:"ipv6ElevatedRoutePriority,omitempty"`
	// LiveMigrationRouteConvergenceTime is how long elevated routes are kept after a live migration.
	// +optional
	LiveMigrationRouteConvergenceTime *metav1.Duration `json:"liveMigrationRouteConvergenceTime,omitempty"`
	// WireguardEnabled turns on WireGuard for IPv4. [Default: false]
	// +optional
	WireguardEnabled *bool `json:"wireguardEnabled,omitempty"`
	// WireguardEnabledV6 turns on WireGuard for IPv6. [Default: false]
	// +optional
	WireguardEnabledV6 *bool `json:"wireguardEnabledV6,omitempty"`
	// WireguardThreadingEnabled turns on threaded NAPI for WireGuard. [Default: false]
	// +optional
	WireguardThreadingEnabled *bool `json:"wireguardThreadingEnabled,omitempty"`
	// WireguardListeningPort is the IPv4 WireGuard listening port. [Default: 51820]
	// +optional
	WireguardListeningPort *int `json:"wireguardListeningPort,omitempty"`
	// WireguardListeningPortV6 is the IPv6 WireGuard listening port. [Default: 51821]
	// +optional
	WireguardListeningPortV6 *int `json:"wireguardListeningPortV6,omitempty"`
	// WireguardRoutingRulePriority is the priority of WireGuard's routing rule. [Default: 99]
	// +optional
	WireguardRoutingRulePriority *int `json:"wireguardRoutingRulePriority,omitempty"`
	// WireguardInterfaceName is the IPv4 WireGuard device name. [Default: wireguard.cali]
	// +optional
	WireguardInterfaceName string `json:"wireguardInterfaceName,omitempty"`
	// WireguardInterfaceNameV6 is the IPv6 WireGuard device name. [Default: wg-v6.cali]
	// +optional
	WireguardInterfaceNameV6 string `json:"wireguardInterfaceNameV6,omitempty"`
	// WireguardMTU is the MTU of the IPv4 WireGuard device; 0 auto-detects.
	// +optional
	WireguardMTU *int `json:"wireguardMTU,omitempty"`
	// WireguardMTUV6 is the MTU of the IPv6 WireGuard device; 0 auto-detects.
	// +optional
	WireguardMTUV6 *int `json:"wireguardMTUV6,omitempty"`
	// WireguardHostEncryptionEnabled also encrypts host-to-host traffic with WireGuard. [Default: false]
	// +optional
	WireguardHostEncryptionEnabled *bool `json:"wireguardHostEncryptionEnabled,omitempty"`
	// WireguardPersistentKeepAlive is WireGuard's persistent keepalive interval; 0 disables.
	// +optional
	WireguardPersistentKeepAlive *metav1.Duration `json:"wireguardKeepAlive,omitempty"`
	// AWSSrcDstCheck is what Felix does to the EC2 source/destination check. [Default: DoNothing]
	// +optional
	AWSSrcDstCheck *AWSSrcDstCheckOption `json:"awsSrcDstCheck,omitempty"`
	// ServiceLoopPrevention is how routing loops to unused service IPs are stopped: Drop, Reject or Disabled.
	// +optional
	ServiceLoopPrevention string `json:"serviceLoopPrevention,omitempty"`
	// WorkloadSourceSpoofing is whether pods may send from other source prefixes: Disabled or Any.
	// +optional
	WorkloadSourceSpoofing string `json:"workloadSourceSpoofing,omitempty"`
	// MTUIfacePattern is a regexp of the interfaces scanned to work out the host MTU.
	// +optional
	MTUIfacePattern string `json:"mtuIfacePattern,omitempty"`
	// FloatingIPs is whether non-OpenStack floating IPs are programmed. [Default: Disabled]
	// +optional
	FloatingIPs *FloatingIPType `json:"floatingIPs,omitempty"`
	// WindowsManageFirewallRules is whether Felix manages Windows Firewall rules. [Default: Disabled]
	// +optional
	WindowsManageFirewallRules *WindowsManageFirewallRulesMode `json:"windowsManageFirewallRules,omitempty"`
	// GoGCThreshold is the Go garbage collection percentage; -1 disables GC. [Default: 40]
	// +optional
	GoGCThreshold *int `json:"goGCThreshold,omitempty"`
	// GoMemoryLimitMB is the Go runtime's soft memory limit in MB; -1 disables it. [Default: -1]
	// +optional
	GoMemoryLimitMB *int `json:"goMemoryLimitMB,omitempty"`
	// GoMaxProcs is the most CPUs the Go runtime uses; -1 means the system default. [Default: -1]
	// +optional
	GoMaxProcs *int `json:"goMaxProcs,omitempty"`
	// RequireMTUFile makes Felix wait for the MTU file before starting. [Default: false]
	// +optional
	RequireMTUFile *bool `json:"requireMTUFile,omitempty"`
	// CgroupV2Path is where the cgroup v2 hierarchy is mounted (for connect-time load balancing).
	// +optional
	CgroupV2Path string `json:"cgroupV2Path,omitempty"`
	// IstioAmbientMode turns on support for Istio ambient mode: Enabled or Disabled.
	// +optional
	IstioAmbientMode *IstioAmbientMode `json:"istioAmbientMode,omitempty"`
	// IstioDSCPMark is the DSCP value (number or name) marking Istio ambient traffic.
	// +optional
	IstioDSCPMark *intstr.IntOrString `json:"istioDSCPMark,omitempty"`
	// NodeSelector selects the nodes this configuration applies to; not allowed on "default" or "node.*".
	// +optional
	NodeSelector string `json:"nodeSelector,omitempty"`
}

// HealthTimeoutOverride sets the liveness timeout of one named Felix component.
type HealthTimeoutOverride struct {
	// Name is the component's name, as in Felix's logs.
	Name string `json:"name"`
	// Timeout is the component's new timeout.
	Timeout metav1.Duration `json:"timeout"`
}

// RouteTableRange is an inclusive range of Linux routing table indices.
type RouteTableRange struct {
	// Min is the first index.
	Min int `json:"min"`
	// Max is the last index.
	Max int `json:"max"`
}

// RouteTableIDRange is one inclusive range of Linux routing table indices.
type RouteTableIDRange struct {
	// Min is the first index.
	Min int `json:"min"`
	// Max is the last index.
	Max int `json:"max"`
}

// RouteTableRanges are ranges of Linux routing table indices.
type RouteTableRanges []RouteTableIDRange

// ProtoPort is a protocol, a port and an optional CIDR.
// ProtoPorts is a list of protocol/port pairs. Felix's failsafe port fields point to
// one, so that an explicitly empty list (no failsafe ports) differs from an absent one
// (Felix's defaults). A named type, because applyconfiguration-gen mis-generates two
// fields of type *[]ProtoPort in one struct.
type ProtoPorts []ProtoPort

type ProtoPort struct {
	// Protocol is tcp, udp or sctp; Felix assumes tcp when empty.
	// +optional
	Protocol string `json:"protocol,omitempty"`
	// Port is the port number.
	Port uint16 `json:"port"`
	// Net limits the rule to this CIDR; empty means any address.
	// +optional
	Net string `json:"net,omitempty"`
}

// BPFConntrackTimeout is a duration such as "30s", or "Auto" to take the kernel's value.
type BPFConntrackTimeout string

// BPFConntrackTimeouts overrides BPF conntrack timers; unset timers keep Felix's defaults.
type BPFConntrackTimeouts struct {
	// CreationGracePeriod is the grace period of new connections before cleanup. [Default: 10s]
	// +optional
	CreationGracePeriod *BPFConntrackTimeout `json:"creationGracePeriod,omitempty"`
	// TCPSynSent is the timeout after an unanswered SYN. [Default: 20s]
	// +optional
	TCPSynSent *BPFConntrackTimeout `json:"tcpSynSent,omitempty"`
	// TCPEstablished is the idle timeout of established TCP connections. [Default: 1h]
	// +optional
	TCPEstablished *BPFConntrackTimeout `json:"tcpEstablished,omitempty"`
	// TCPFinsSeen is the timeout after a graceful TCP close. [Default: Auto]
	// +optional
	TCPFinsSeen *BPFConntrackTimeout `json:"tcpFinsSeen,omitempty"`
	// TCPResetSeen is the timeout after a TCP reset. [Default: 40s]
	// +optional
	TCPResetSeen *BPFConntrackTimeout `json:"tcpResetSeen,omitempty"`
	// UDPTimeout is the idle timeout of UDP flows. [Default: 60s]
	// +optional
	UDPTimeout *BPFConntrackTimeout `json:"udpTimeout,omitempty"`
	// GenericTimeout is the idle timeout of other flows. [Default: 10m]
	// +optional
	GenericTimeout *BPFConntrackTimeout `json:"genericTimeout,omitempty"`
	// ICMPTimeout is the idle timeout of ICMP flows. [Default: 5s]
	// +optional
	ICMPTimeout *BPFConntrackTimeout `json:"icmpTimeout,omitempty"`
}

// IptablesBackend is the iptables backend Felix uses.
// +kubebuilder:validation:Enum=Legacy;NFT;Auto
type IptablesBackend string

const (
	IptablesBackendLegacy   IptablesBackend = "Legacy"
	IptablesBackendNFTables IptablesBackend = "NFT"
	IptablesBackendAuto     IptablesBackend = "Auto"
)

// NFTablesMode is whether Felix uses nftables.
// +kubebuilder:validation:Enum=Disabled;Enabled;Auto
type NFTablesMode string

const (
	NFTablesModeEnabled  NFTablesMode = "Enabled"
	NFTablesModeDisabled NFTablesMode = "Disabled"
	NFTablesModeAuto     NFTablesMode = "Auto"
)

// AWSSrcDstCheckOption is what Felix does to the EC2 source/destination check.
// +kubebuilder:validation:Enum=DoNothing;Enable;Disable
type AWSSrcDstCheckOption string

const (
	AWSSrcDstCheckOptionDoNothing AWSSrcDstCheckOption = "DoNothing"
	AWSSrcDstCheckOptionEnable    AWSSrcDstCheckOption = "Enable"
	AWSSrcDstCheckOptionDisable   AWSSrcDstCheckOption = "Disable"
)

// FloatingIPType is whether non-OpenStack floating IPs are programmed.
// +kubebuilder:validation:Enum=Enabled;Disabled
type FloatingIPType string

const (
	FloatingIPsEnabled  FloatingIPType = "Enabled"
	FloatingIPsDisabled FloatingIPType = "Disabled"
)

// BPFHostNetworkedNATType is whether host-networked traffic is NATed without CTLB.
// +kubebuilder:validation:Enum=Enabled;Disabled
type BPFHostNetworkedNATType string

const (
	BPFHostNetworkedNATEnabled  BPFHostNetworkedNATType = "Enabled"
	BPFHostNetworkedNATDisabled BPFHostNetworkedNATType = "Disabled"
)

// BPFConnectTimeLBType is the connect-time load balancing mode.
// +kubebuilder:validation:Enum=TCP;Enabled;Disabled
type BPFConnectTimeLBType string

const (
	BPFConnectTimeLBTCP      BPFConnectTimeLBType = "TCP"
	BPFConnectTimeLBEnabled  BPFConnectTimeLBType = "Enabled"
	BPFConnectTimeLBDisabled BPFConnectTimeLBType = "Disabled"
)

// BPFConntrackMode is how BPF conntrack entries are cleaned up.
// +kubebuilder:validation:Enum=Auto;Userspace;BPFProgram
type BPFConntrackMode string

const (
	BPFConntrackModeAuto       BPFConntrackMode = "Auto"
	BPFConntrackModeUserspace  BPFConntrackMode = "Userspace"
	BPFConntrackModeBPFProgram BPFConntrackMode = "BPFProgram"
)

// BPFAttachOption is how BPF programs attach to interfaces.
// +kubebuilder:validation:Enum=TC;TCX
type BPFAttachOption string

const (
	BPFAttachOptionTC  BPFAttachOption = "TC"
	BPFAttachOptionTCX BPFAttachOption = "TCX"
)

// BPFJITHardeningType is the BPF JIT hardening mode.
type BPFJITHardeningType string

const (
	BPFJITHardeningAuto   BPFJITHardeningType = "Auto"
	BPFJITHardeningStrict BPFJITHardeningType = "Strict"
)

// WindowsManageFirewallRulesMode is whether Felix manages Windows Firewall rules.
// +kubebuilder:validation:Enum=Enabled;Disabled
type WindowsManageFirewallRulesMode string

const (
	WindowsManageFirewallRulesEnabled  WindowsManageFirewallRulesMode = "Enabled"
	WindowsManageFirewallRulesDisabled WindowsManageFirewallRulesMode = "Disabled"
)

// FlowLogsPolicyEvaluationModeType is how pending policy traces in flow logs are evaluated.
// +kubebuilder:validation:Enum=None;Continuous
type FlowLogsPolicyEvaluationModeType string

const (
	FlowLogsPolicyEvaluationModeNone       FlowLogsPolicyEvaluationModeType = "None"
	FlowLogsPolicyEvaluationModeContinuous FlowLogsPolicyEvaluationModeType = "Continuous"
)

// NATOutgoingExclusionsType is which destinations are exempt from outgoing NAT.
// +kubebuilder:validation:Enum=IPPoolsOnly;IPPoolsAndHostIPs
type NATOutgoingExclusionsType string

const (
	NATOutgoingExclusionsIPPoolsOnly       NATOutgoingExclusionsType = "IPPoolsOnly"
	NATOutgoingExclusionsIPPoolsAndHostIPs NATOutgoingExclusionsType = "IPPoolsAndHostIPs"
)

// IstioAmbientMode is whether Felix supports Istio ambient mode.
// +kubebuilder:validation:Enum=Enabled;Disabled
type IstioAmbientMode string

const (
	IstioAmbientModeEnabled  IstioAmbientMode = "Enabled"
	IstioAmbientModeDisabled IstioAmbientMode = "Disabled"
)
