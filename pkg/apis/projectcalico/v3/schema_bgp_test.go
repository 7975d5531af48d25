package v3

func init() {
	schemaTypes["BGPConfiguration"] = BGPConfiguration{}
	schemaTypes["BGPPeer"] = BGPPeer{}
	schemaTypes["BGPFilter"] = BGPFilter{}
	schemaTypes["CalicoNodeStatus"] = CalicoNodeStatus{}
	schemaTypes["ClusterInformation"] = ClusterInformation{}
	schemaTypes["IPAMConfiguration"] = IPAMConfiguration{}
	schemaTypes["BlockAffinity"] = BlockAffinity{}
}
