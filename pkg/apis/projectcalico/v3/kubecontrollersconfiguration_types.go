package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// KubeControllersConfiguration configures calico-kube-controllers. Only the object named
// "default" is used.
type KubeControllersConfiguration struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the KubeControllersConfiguration.
	Spec KubeControllersConfigurationSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
	// Status is written by kube-controllers through the status subresource. As in Calico
	// it is a struct, not a pointer, so it is always serialized (as {} when empty).
	// +optional
	Status KubeControllersConfigurationStatus `json:"status,omitempty" protobuf:"bytes,3,opt,name=status"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// KubeControllersConfigurationList is a list of KubeControllersConfiguration resources.
type KubeControllersConfigurationList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the KubeControllersConfiguration resources of the list.
	Items []KubeControllersConfiguration `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// KubeControllersConfigurationSpec is the desired configuration of kube-controllers.
type KubeControllersConfigurationSpec struct {
	// LogSeverityScreen is the minimum severity logged to stdout. [Default: Info]
	// +optional
	// +kubebuilder:validation:Enum=None;Debug;Info;Warning;Error;Fatal;Panic
	LogSeverityScreen string `json:"logSeverityScreen,omitempty"`

	// HealthChecks turns health checks on or off: Enabled or Disabled. [Default: Enabled]
	// +optional
	// +kubebuilder:default=Enabled
	// +kubebuilder:validation:Enum=Enabled;Disabled
	HealthChecks string `json:"healthChecks,omitempty"`

	// EtcdV3CompactionPeriod is the interval between etcd v3 compactions; 0 disables. [Default: 10m]
	// +optional
	EtcdV3CompactionPeriod *metav1.Duration `json:"etcdV3CompactionPeriod,omitempty"`

	// PrometheusMetricsPort is the TCP port of the metrics server; 0 disables. [Default: 9094]
	// +optional
	PrometheusMetricsPort *int `json:"prometheusMetricsPort,omitempty"`

	// Controllers turns on and configures the individual controllers.
	Controllers ControllersConfig `json:"controllers"`

	// DebugProfilePort, when set, serves memory and CPU profiles on this port.
	// +optional
	DebugProfilePort *int32 `json:"debugProfilePort,omitempty"`
}

// ControllersConfig turns on and configures each controller; a nil entry disables it.
type ControllersConfig struct {
	// Node configures the node controller.
	// +optional
	Node *NodeControllerConfig `json:"node,omitempty"`

	// Policy configures the policy controller (etcd datastore only).
	// +optional
	Policy *PolicyControllerConfig `json:"policy,omitempty"`

	// WorkloadEndpoint configures the workload endpoint controller (etcd datastore only).
	// +optional
	WorkloadEndpoint *WorkloadEndpointControllerConfig `json:"workloadEndpoint,omitempty"`

	// ServiceAccount configures the service account controller (etcd datastore only).
	// +optional
	ServiceAccount *ServiceAccountControllerConfig `json:"serviceAccount,omitempty"`

	// Namespace configures the namespace controller (etcd datastore only).
	// +optional
	Namespace *NamespaceControllerConfig `json:"namespace,omitempty"`

	// LoadBalancer configures the LoadBalancer IP allocation controller.
	// +optional
	LoadBalancer *LoadBalancerControllerConfig `json:"loadBalancer,omitempty"`

	// Migration configures the migration controllers.
	// +optional
	Migration *MigrationControllerConfig `json:"policyMigration,omitempty"`
}

// MigrationControllerConfig configures the migration controllers.
type MigrationControllerConfig struct {
	// PolicyNameMigrator turns the policy name migrator on or off. [Default: Enabled]
	// +optional
	// +kubebuilder:default=Enabled
	PolicyNameMigrator ControllerMode `json:"enabled,omitempty"`
}

// NodeControllerConfig configures the node controller, which cleans up after deleted
// nodes and can create host endpoints for nodes.
type NodeControllerConfig struct {
	// ReconcilerPeriod is the interval between full reconciliations. [Default: 5m]
	// +optional
	ReconcilerPeriod *metav1.Duration `json:"reconcilerPeriod,omitempty"`

	// SyncLabels copies Kubernetes node labels to Calico nodes: Enabled or Disabled. [Default: Enabled]
	// +optional
	// +kubebuilder:validation:Enum=Enabled;Disabled
	SyncLabels string `json:"syncLabels,omitempty"`

	// HostEndpoint configures automatic host endpoints; nil disables them.
	// +optional
	HostEndpoint *AutoHostEndpointConfig `json:"hostEndpoint,omitempty"`

	// LeakGracePeriod is how long an IP may look leaked before it is reclaimed; 0 disables. [Default: 15m]
	// +optional
	LeakGracePeriod *metav1.Duration `json:"leakGracePeriod,omitempty"`
}

// AutoHostEndpointConfig configures the host endpoints created for nodes.
type AutoHostEndpointConfig struct {
	// AutoCreate creates host endpoints for nodes: Enabled or Disabled. [Default: Disabled]
	// +optional
	// +kubebuilder:validation:Enum=Enabled;Disabled
	AutoCreate string `json:"autoCreate,omitempty"`

	// CreateDefaultHostEndpoint creates the default all-interfaces host endpoint per node.
	// +optional
	CreateDefaultHostEndpoint DefaultHostEndpointMode `json:"createDefaultHostEndpoint,omitempty"`

	// Templates describe extra host endpoints to create.
	// +optional
	// +listType=atomic
	Templates []Template `json:"templates,omitempty"`
}

// DefaultHostEndpointMode is whether a default host endpoint is created for each node.
type DefaultHostEndpointMode string

const (
	DefaultHostEndpointsEnabled  DefaultHostEndpointMode = "Enabled"
	DefaultHostEndpointsDisabled DefaultHostEndpointMode = "Disabled"
)

// Template describes host endpoints to create for selected nodes.
type Template struct {
	// GenerateName is the suffix of the generated host endpoint names.
	// +optional
	GenerateName string `json:"generateName,omitempty"`

	// InterfaceCIDRs restrict the expected IPs to node addresses within these CIDRs.
	// +optional
	// +listType=set
	InterfaceCIDRs []string `json:"interfaceCIDRs,omitempty"`

	// InterfacePattern is a regexp of node interfaces that each get a host endpoint.
	// +optional
	InterfacePattern string `json:"interfacePattern,omitempty"`

	// Labels are added to the generated host endpoints, overriding the node's labels.
	// +optional
	Labels map[string]string `json:"labels,omitempty"`

	// NodeSelector selects the nodes the template applies to.
	// +optional
	NodeSelector string `json:"nodeSelector,omitempty"`
}

// PolicyControllerConfig configures the policy controller.
type PolicyControllerConfig struct {
	// ReconcilerPeriod is the interval between full reconciliations. [Default: 5m]
	// +optional
	ReconcilerPeriod *metav1.Duration `json:"reconcilerPeriod,omitempty"`
}

// WorkloadEndpointControllerConfig configures the workload endpoint controller.
type WorkloadEndpointControllerConfig struct {
	// ReconcilerPeriod is the interval between full reconciliations. [Default: 5m]
	// +optional
	ReconcilerPeriod *metav1.Duration `json:"reconcilerPeriod,omitempty"`
}

// ServiceAccountControllerConfig configures the service account controller.
type ServiceAccountControllerConfig struct {
	// ReconcilerPeriod is the interval between full reconciliations. [Default: 5m]
	// +optional
	ReconcilerPeriod *metav1.Duration `json:"reconcilerPeriod,omitempty"`
}

// NamespaceControllerConfig configures the namespace controller.
type NamespaceControllerConfig struct {
	// ReconcilerPeriod is the interval between full reconciliations. [Default: 5m]
	// +optional
	ReconcilerPeriod *metav1.Duration `json:"reconcilerPeriod,omitempty"`
}

// LoadBalancerControllerConfig configures the LoadBalancer IP allocation controller.
type LoadBalancerControllerConfig struct {
	// AssignIPs is which LoadBalancer Services get addresses from Calico IPAM. [Default: AllServices]
	// +optional
	// +kubebuilder:default=AllServices
	AssignIPs AssignIPs `json:"assignIPs,omitempty"`
}

// AssignIPs is which LoadBalancer Services get addresses from Calico IPAM.
// +kubebuilder:validation:Enum=AllServices;RequestedServicesOnly
type AssignIPs string

const (
	AllServices           AssignIPs = "AllServices"
	RequestedServicesOnly AssignIPs = "RequestedServicesOnly"
)

// ControllerMode turns a controller on or off.
// +kubebuilder:validation:Enum=Disabled;Enabled
type ControllerMode string

const (
	ControllerDisabled ControllerMode = "Disabled"
	ControllerEnabled  ControllerMode = "Enabled"
)

// KubeControllersConfigurationStatus is the configuration kube-controllers actually runs with.
type KubeControllersConfigurationStatus struct {
	// RunningConfig is the effective configuration, after environment variables are applied.
	// +optional
	RunningConfig *KubeControllersConfigurationSpec `json:"runningConfig,omitempty"`

	// EnvironmentVars are the kube-controllers environment variables that affected RunningConfig.
	// +optional
	EnvironmentVars map[string]string `json:"environmentVars,omitempty"`
}
