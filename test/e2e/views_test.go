package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/util/retry"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// kubeClient is client-go's clientset, as the cluster admin.
func kubeClient(t *testing.T) kubernetes.Interface {
	t.Helper()
	config, err := clientcmd.BuildConfigFromFlags("", cp.Kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// calicoNodeAnnotations are what calico-node writes on its Kubernetes Node.
var calicoNodeAnnotations = map[string]string{
	"projectcalico.org/IPv4Address":         "10.0.0.11/24",
	"projectcalico.org/IPv6Address":         "fd00:10::11/64",
	"projectcalico.org/ASNumber":            "64512",
	"projectcalico.org/IPv4IPIPTunnelAddr":  "10.244.1.0",
	"projectcalico.org/IPv4VXLANTunnelAddr": "10.244.1.1",
	"projectcalico.org/VXLANTunnelMACAddr":  "66:cf:23:df:22:07",
}

// createNode creates a Kubernetes Node as a kubelet and calico-node would leave it:
// Calico's annotations, addresses in its status. No kubelet runs.
func createNode(t *testing.T, client kubernetes.Interface, name string, annotations map[string]string) *corev1.Node {
	t.Helper()
	ctx := context.Background()
	node, err := client.CoreV1().Nodes().Create(ctx, &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"kubernetes.io/hostname": name}, Annotations: annotations},
		Spec:       corev1.NodeSpec{PodCIDR: "10.244.1.0/24", PodCIDRs: []string{"10.244.1.0/24"}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.CoreV1().Nodes().Delete(context.Background(), name, metav1.DeleteOptions{}) })
	// The node controllers write the new Node too: retry on conflict.
	err = retry.RetryOnConflict(retry.DefaultRetry, func() error {
		current, err := client.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		current.Status.Addresses = []corev1.NodeAddress{
			{Type: corev1.NodeInternalIP, Address: "10.0.0.11"}, {Type: corev1.NodeHostName, Address: name},
		}
		node, err = client.CoreV1().Nodes().UpdateStatus(ctx, current, metav1.UpdateOptions{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return node
}

// awaitEvent waits for an event of type typ for object name whose object satisfies
// cond, skipping bookmarks and other events (pods and nodes are also written by the
// control plane's controllers and by the test's own status updates).
func awaitEvent[T runtime.Object](t *testing.T, w watch.Interface, typ watch.EventType, name string, cond func(T) bool) T {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case event, ok := <-w.ResultChan():
			if !ok {
				t.Fatal("watch ended")
			}
			if event.Type == watch.Error {
				t.Fatalf("error event: %v", apierrors.FromObject(event.Object))
			}
			obj, isT := event.Object.(T)
			if event.Type != typ || !isT {
				continue
			}
			if n, err := metaName(obj); err == nil && n == name && (cond == nil || cond(obj)) {
				return obj
			}
		case <-deadline:
			var zero T
			t.Fatalf("no %s event for %s within 30s", typ, name)
			return zero
		}
	}
}

// createPod creates a pod bound to a node with the annotations Calico's CNI plugin
// writes and the IPs a kubelet would report. No kubelet runs.
func createPod(t *testing.T, client kubernetes.Interface, pod *corev1.Pod, ip string) *corev1.Pod {
	t.Helper()
	ctx := context.Background()
	if pod.Spec.Containers == nil {
		pod.Spec.Containers = []corev1.Container{{Name: "app", Image: "registry.k8s.io/pause:3.10"}}
	}
	created, err := client.CoreV1().Pods(pod.Namespace).Create(ctx, pod, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ip == "" {
		return created
	}
	created.Status.Phase = corev1.PodRunning
	created.Status.PodIP = ip
	created.Status.PodIPs = []corev1.PodIP{{IP: ip}}
	updated, err := client.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, created, metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return updated
}

// podOn is a pod of service account "app" bound to node, as the scheduler leaves it,
// with the annotations Calico's CNI plugin writes.
func podOn(node, namespace, name string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name: name, Namespace: namespace, Labels: map[string]string{"app": name},
			Annotations: map[string]string{
				"cni.projectcalico.org/containerID": "c0ffee",
			},
		},
		Spec: corev1.PodSpec{NodeName: node, ServiceAccountName: "app"},
	}
}

// WorkloadEndpoints are Calico's view of Pods: shown field by field as Calico converts
// them, listed across and within namespaces with Calico's labels and the node and pod
// field selectors, watched as pods change (resuming from a resourceVersion), and never
// written.
func TestWorkloadEndpointsFollowPods(t *testing.T) {
	const ns, nodeName = "e2e-weps", "e2e-wep-node-1"
	ctx := context.Background()
	client, calico := kubeClient(t), calicoClient(t)
	createNode(t, client, nodeName, calicoNodeAnnotations)
	kubectl(t, "create", "namespace", ns)
	t.Cleanup(func() { _, _ = kubectlErr("delete", "namespace", ns, "--wait=false") })
	kubectl(t, "create", "serviceaccount", "web", "-n", ns)

	// A watch of the namespace's endpoints from now on.
	w, err := calico.ProjectcalicoV3().WorkloadEndpoints(ns).Watch(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	web := createPod(t, client, &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name: "web-1", Namespace: ns, GenerateName: "web-",
			Labels: map[string]string{"app": "web"},
			Annotations: map[string]string{
				"cni.projectcalico.org/podIP":       "10.244.1.5/32",
				"cni.projectcalico.org/podIPs":      "10.244.1.5/32",
				"cni.projectcalico.org/containerID": "0123456789abcdef",
				"secret-ish":                        "not copied",
			},
		},
		Spec: corev1.PodSpec{
			NodeName: nodeName, ServiceAccountName: "web",
			Containers: []corev1.Container{{
				Name: "app", Image: "registry.k8s.io/pause:3.10",
				Env:   []corev1.EnvVar{{Name: "PASSWORD", Value: "hunter2"}},
				Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 8080}, {ContainerPort: 9090}},
			}},
		},
	}, "10.244.1.5")
	// Pods Calico does not show: host-networked, and not scheduled.
	createPod(t, client, &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "host-agent", Namespace: ns},
		Spec:       corev1.PodSpec{NodeName: nodeName, HostNetwork: true},
	}, "10.0.0.11")
	createPod(t, client, &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "pending", Namespace: ns}}, "")

	// Field by field, what Calico v3.32.1 converts the pod to (see
	// pkg/storage/workloadendpoint for the unit tests against Calico's own).
	const name = "e2e--wep--node--1-k8s-web--1-eth0"
	awaitEvent(t, w, watch.Modified, name, func(wep *v3.WorkloadEndpoint) bool { return wep.ResourceVersion == web.ResourceVersion })
	got, err := calico.ProjectcalicoV3().WorkloadEndpoints(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := v3.WorkloadEndpointSpec{
		Orchestrator: "k8s", Node: nodeName, Pod: "web-1", Endpoint: "eth0",
		ContainerID: "0123456789abcdef", ServiceAccountName: "web",
		InterfaceName: "cali786d5d1b54b",
		IPNetworks:    []string{"10.244.1.5/32"},
		Profiles:      []string{"kns." + ns, "ksa." + ns + ".web"},
		Ports:         []v3.WorkloadEndpointPort{{Name: "http", Port: 8080, Protocol: numorstring.ProtocolFromString("tcp")}},
	}
	if !reflect.DeepEqual(got.Spec, want) {
		t.Errorf("spec\n%+v\nwant\n%+v", got.Spec, want)
	}
	wantLabels := map[string]string{
		"app": "web", "projectcalico.org/namespace": ns, "projectcalico.org/orchestrator": "k8s",
		"projectcalico.org/serviceaccount": "web",
	}
	if !reflect.DeepEqual(got.Labels, wantLabels) || got.Annotations != nil {
		t.Errorf("labels %v annotations %v; want labels %v and no annotations", got.Labels, got.Annotations, wantLabels)
	}
	if got.UID != web.UID || got.ResourceVersion != web.ResourceVersion || got.GenerateName != "web-" ||
		!got.CreationTimestamp.Equal(&web.CreationTimestamp) {
		t.Errorf("metadata %+v does not carry the pod's uid, resourceVersion, generateName and creation time", got.ObjectMeta)
	}
	raw := kubectl(t, "get", "wep", name, "-n", ns, "-o", "json")
	for _, leaked := range []string{"hunter2", "PASSWORD", "not copied", "pause"} {
		if strings.Contains(raw, leaked) {
			t.Errorf("the workload endpoint shows %q of the pod:\n%s", leaked, raw)
		}
	}

	// Lists: all namespaces, one namespace, Calico's labels, node and pod fields.
	// Other tests' endpoints may be listed too across namespaces.
	if out := kubectl(t, "get", "weps", "-A", "-o", "name"); !strings.Contains(out, "workloadendpoint.projectcalico.org/"+name+"\n") {
		t.Errorf("get weps -A = %q, lacks %s", out, name)
	}
	for _, args := range [][]string{
		{"-n", ns}, {"-n", ns, "-l", "app=web"}, {"-A", "-l", "projectcalico.org/namespace=" + ns},
		{"-n", ns, "-l", "projectcalico.org/serviceaccount=web"},
		{"-A", "--field-selector", "spec.node=" + nodeName}, {"-n", ns, "--field-selector", "spec.pod=web-1"},
		{"-n", ns, "--field-selector", "metadata.name=" + name},
	} {
		out := kubectl(t, append([]string{"get", "workloadendpoints.projectcalico.org", "-o", "name"}, args...)...)
		if strings.TrimSpace(out) != "workloadendpoint.projectcalico.org/"+name {
			t.Errorf("get weps %v = %q, want just %s", args, out, name)
		}
	}
	for _, args := range [][]string{
		{"-n", ns, "-l", "app=db"}, {"-A", "--field-selector", "spec.node=elsewhere"}, {"-n", "default"},
	} {
		if out := kubectl(t, append([]string{"get", "weps", "-o", "name"}, args...)...); strings.TrimSpace(out) != "" {
			t.Errorf("get weps %v = %q, want nothing", args, out)
		}
	}
	if _, err := kubectlErr("get", "weps", "-A", "--field-selector", "spec.interfaceName=x"); err == nil || !strings.Contains(err.Error(), "field label not supported") {
		t.Errorf("an unsupported field selector: %v, want a clear refusal", err)
	}
	if _, err := kubectlErr("get", "wep", "-n", ns, "e2e--wep--node--1-k8s-host--agent-eth0"); err == nil || !strings.Contains(err.Error(), "NotFound") {
		t.Errorf("the host-networked pod's endpoint: %v, want NotFound", err)
	}

	// Changes to the pod reach the watch, and a watch resumes from a resourceVersion.
	list, err := calico.ProjectcalicoV3().WorkloadEndpoints(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	kubectl(t, "label", "pod", "web-1", "-n", ns, "tier=frontend")
	relabelled := func(wep *v3.WorkloadEndpoint) bool { return wep.Labels["tier"] == "frontend" }
	modified := awaitEvent(t, w, watch.Modified, name, relabelled)
	resumed, err := calico.ProjectcalicoV3().WorkloadEndpoints(ns).Watch(ctx, metav1.ListOptions{ResourceVersion: list.ResourceVersion})
	if err != nil {
		t.Fatal(err)
	}
	defer resumed.Stop()
	if ev := awaitEvent(t, resumed, watch.Modified, name, relabelled); ev.ResourceVersion != modified.ResourceVersion {
		t.Errorf("resumed watch: resourceVersion %s, want %s", ev.ResourceVersion, modified.ResourceVersion)
	}

	// A finished pod keeps its endpoint, without IPs, as in Calico.
	pod, err := client.CoreV1().Pods(ns).Get(ctx, "web-1", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pod.Status.Phase = corev1.PodSucceeded
	if _, err := client.CoreV1().Pods(ns).UpdateStatus(ctx, pod, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	// (awaitEvent fails the test if no such event comes.)
	awaitEvent(t, w, watch.Modified, name, func(wep *v3.WorkloadEndpoint) bool { return len(wep.Spec.IPNetworks) == 0 })

	// Writes are refused with 405, whatever the verb.
	create := fmt.Sprintf("apiVersion: projectcalico.org/v3\nkind: WorkloadEndpoint\nmetadata: {name: mine, namespace: %s}\nspec: {node: n}\n", ns)
	for _, write := range []func() error{
		func() error { _, err := kubectlIn(t, create, "create", "-f", "-"); return err },
		func() error { _, err := kubectlErr("delete", "wep", name, "-n", ns); return err },
		func() error { _, err := kubectlErr("label", "wep", name, "-n", ns, "x=y"); return err },
	} {
		if err := write(); err == nil || !strings.Contains(err.Error(), "MethodNotAllowed") && !strings.Contains(err.Error(), "not supported") {
			t.Errorf("write to a WorkloadEndpoint: %v, want 405", err)
		}
	}

	// Deleting the pod deletes its endpoint.
	if err := client.CoreV1().Pods(ns).Delete(ctx, "web-1", metav1.DeleteOptions{GracePeriodSeconds: new(int64)}); err != nil {
		t.Fatal(err)
	}
	awaitEvent[*v3.WorkloadEndpoint](t, w, watch.Deleted, name, nil)
	if _, err := kubectlErr("get", "wep", name, "-n", ns); err == nil || !strings.Contains(err.Error(), "NotFound") {
		t.Errorf("endpoint of a deleted pod: %v, want NotFound", err)
	}
}

// Calico Nodes are Calico's view of Kubernetes Nodes: the BGP, tunnel and address
// annotations calico-node writes, following the Node as it changes.
func TestCalicoNodesFollowNodes(t *testing.T) {
	const name = "e2e-calico-node-1"
	ctx := context.Background()
	client, calico := kubeClient(t), calicoClient(t)
	createNode(t, client, name, calicoNodeAnnotations)

	w, err := calico.ProjectcalicoV3().Nodes().Watch(ctx, metav1.ListOptions{FieldSelector: "metadata.name=" + name, ResourceVersion: "0"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	awaitEvent[*v3.Node](t, w, watch.Added, name, nil)

	got, err := calico.ProjectcalicoV3().Nodes().Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	spec, _ := json.Marshal(got.Spec)
	const wantSpec = `{"bgp":{"asNumber":64512,"ipv4Address":"10.0.0.11/24","ipv6Address":"fd00:10::11/64","ipv4IPIPTunnelAddr":"10.244.1.0"},` +
		`"ipv4VXLANTunnelAddr":"10.244.1.1","vxlanTunnelMACAddr":"66:cf:23:df:22:07","orchRefs":[{"nodeName":"e2e-calico-node-1","orchestrator":"k8s"}],` +
		`"addresses":[{"address":"10.0.0.11/24","type":"CalicoNodeIP"},{"address":"fd00:10::11/64","type":"CalicoNodeIP"},{"address":"10.0.0.11","type":"InternalIP"}]}`
	if string(spec) != wantSpec {
		t.Errorf("spec\n%s\nwant\n%s", spec, wantSpec)
	}
	if fmt.Sprint(got.Status.PodCIDRs) != "[10.244.1.0/24]" || got.Labels["kubernetes.io/hostname"] != name ||
		got.Annotations["projectcalico.org/kube-labels"] != `{"kubernetes.io/hostname":"`+name+`"}` {
		t.Errorf("status %+v labels %v annotations %v", got.Status, got.Labels, got.Annotations)
	}

	kubectl(t, "annotate", "node", name, "projectcalico.org/ASNumber=65001", "--overwrite")
	awaitEvent(t, w, watch.Modified, name, func(n *v3.Node) bool {
		return n.Spec.BGP != nil && n.Spec.BGP.ASNumber != nil && *n.Spec.BGP.ASNumber == 65001
	})
	if out := kubectl(t, "get", "nodes.projectcalico.org", name, "-o", "jsonpath={.spec.bgp.asNumber}"); out != "65001" {
		t.Errorf("asNumber = %q, want 65001", out)
	}
	if _, err := kubectlErr("annotate", "nodes.projectcalico.org", name, "x=y"); err == nil || !strings.Contains(err.Error(), "MethodNotAllowed") && !strings.Contains(err.Error(), "not supported") {
		t.Errorf("write to a Calico Node: %v, want 405", err)
	}
	kubectl(t, "delete", "node", name)
	awaitEvent[*v3.Node](t, w, watch.Deleted, name, nil)
}
