package v3

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +genclient:nonNamespaced
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// ClusterInformation describes the Calico installation; Calico components maintain the
// single object named default.
type ClusterInformation struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec is the specification of the ClusterInformation.
	Spec ClusterInformationSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// ClusterInformationList is a list of ClusterInformation resources.
type ClusterInformationList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Items are the ClusterInformation resources of the list.
	Items []ClusterInformation `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// ClusterInformationSpec is the specification of a ClusterInformation.
type ClusterInformationSpec struct {
	// ClusterGUID is a unique identifier of the cluster.
	// +optional
	ClusterGUID string `json:"clusterGUID,omitempty" protobuf:"bytes,1,opt,name=clusterGUID"`

	// ClusterType is a comma-separated description of the kind of cluster.
	// +optional
	ClusterType string `json:"clusterType,omitempty" protobuf:"bytes,2,opt,name=clusterType"`

	// CalicoVersion is the version of Calico running in the cluster.
	// +optional
	CalicoVersion string `json:"calicoVersion,omitempty" protobuf:"bytes,3,opt,name=calicoVersion"`

	// DatastoreReady tells components whether they may use the datastore; it is false
	// during significant datastore migrations.
	// +optional
	DatastoreReady *bool `json:"datastoreReady,omitempty" protobuf:"varint,4,opt,name=datastoreReady"`

	// Variant is the variant of Calico that is active.
	// +optional
	Variant string `json:"variant,omitempty" protobuf:"bytes,5,opt,name=variant"`
}
