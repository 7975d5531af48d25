package profile

import (
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// The worked example of storage contract §11.
func TestNamespaceProfile(t *testing.T) {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name: "shop", UID: "3f2504e0-4f89-41d3-9a0c-0305e82c3301", ResourceVersion: "812",
		Labels: map[string]string{"kubernetes.io/metadata.name": "shop", "team": "web"},
	}}
	p, err := fromNamespace(ns, joinRV(ns.ResourceVersion, ""))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "kns.shop" || p.UID != "fca42007-f291-41cb-9a30-c0a01734cc80" || p.ResourceVersion != "812/" {
		t.Errorf("metadata = %s %s %s", p.Name, p.UID, p.ResourceVersion)
	}
	wantLabels := map[string]string{"pcns.kubernetes.io/metadata.name": "shop", "pcns.projectcalico.org/name": "shop", "pcns.team": "web"}
	if !reflect.DeepEqual(p.Spec.LabelsToApply, wantLabels) {
		t.Errorf("labelsToApply = %v", p.Spec.LabelsToApply)
	}
	allow := []v3.Rule{{Action: v3.Allow}}
	if !reflect.DeepEqual(p.Spec.Ingress, allow) || !reflect.DeepEqual(p.Spec.Egress, allow) {
		t.Errorf("rules = %v %v", p.Spec.Ingress, p.Spec.Egress)
	}
}

func TestServiceAccountProfile(t *testing.T) {
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{
		Name: "builder", Namespace: "shop", ResourceVersion: "99", Labels: map[string]string{"role": "ci"},
	}}
	p, err := fromServiceAccount(sa, joinRV("", sa.ResourceVersion))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "ksa.shop.builder" || p.ResourceVersion != "/99" || p.Spec.Ingress != nil || p.Spec.Egress != nil {
		t.Errorf("profile = %+v", p)
	}
	if want := map[string]string{"pcsa.projectcalico.org/name": "builder", "pcsa.role": "ci"}; !reflect.DeepEqual(p.Spec.LabelsToApply, want) {
		t.Errorf("labelsToApply = %v", p.Spec.LabelsToApply)
	}
}

func TestParseName(t *testing.T) {
	for name, want := range map[string]source{
		"projectcalico-default-allow": {defaultAllow: true},
		"kns.shop":                    {namespace: "shop"},
		"ksa.shop.builder":            {namespace: "shop", serviceAccount: "builder"},
		"ksa.shop.a.b":                {namespace: "shop", serviceAccount: "a.b"},
	} {
		if got, err := parseName(name); err != nil || got != want {
			t.Errorf("parseName(%q) = %+v, %v; want %+v", name, got, err, want)
		}
	}
	for _, bad := range []string{"shop", "kns.", "ksa.shop", "ksa..x", "ksa.shop."} {
		if _, err := parseName(bad); err == nil {
			t.Errorf("parseName(%q) accepted", bad)
		}
	}
}

func TestSplitRV(t *testing.T) {
	for rv, want := range map[string][2]string{"": {"", ""}, "0": {"0", "0"}, "1/2": {"1", "2"}, "5/": {"5", ""}, "/7": {"", "7"}} {
		ns, sa, err := splitRV(rv)
		if err != nil || ns != want[0] || sa != want[1] {
			t.Errorf("splitRV(%q) = %q, %q, %v", rv, ns, sa, err)
		}
	}
	for _, bad := range []string{"1", "1/2/3"} {
		if _, _, err := splitRV(bad); err == nil {
			t.Errorf("splitRV(%q) accepted", bad)
		}
	}
}
