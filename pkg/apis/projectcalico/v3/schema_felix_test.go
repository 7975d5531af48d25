package v3

func init() {
	schemaTypes["FelixConfiguration"] = FelixConfiguration{}
	schemaTypes["KubeControllersConfiguration"] = KubeControllersConfiguration{}
}
