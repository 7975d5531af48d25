package registry

import (
	"context"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

func ipPoolStrategy(t *testing.T) *strategy {
	t.Helper()
	scheme := runtime.NewScheme()
	if err := v3.AddToServerScheme(scheme); err != nil {
		t.Fatal(err)
	}
	for _, kind := range Kinds() {
		if kind.Resource == "ippools" {
			return newStrategy(kind, scheme, nil) // no cross-object checks here: they need a cluster
		}
	}
	t.Fatal("no ippools in the table")
	return nil
}

func TestStrategyDefaultsThenValidates(t *testing.T) {
	s := ipPoolStrategy(t)
	pool := &v3.IPPool{ObjectMeta: metav1.ObjectMeta{Name: "p"}, Spec: v3.IPPoolSpec{CIDR: "10.0.0.0/16"}}
	s.PrepareForCreate(context.Background(), pool)
	if pool.Spec.BlockSize != 26 || pool.Spec.NodeSelector != "all()" {
		t.Errorf("not defaulted: %+v", pool.Spec)
	}
	if errs := s.Validate(context.Background(), pool); len(errs) != 0 {
		t.Errorf("valid pool refused: %v", errs)
	}
}

func TestStrategyMetadataRules(t *testing.T) {
	s := ipPoolStrategy(t)
	pool := &v3.IPPool{ObjectMeta: metav1.ObjectMeta{
		Name:        "Upper_Case",
		Annotations: map[string]string{"projectcalico.org/metadata": "{}"},
	}, Spec: v3.IPPoolSpec{CIDR: "10.0.0.0/16"}}
	s.PrepareForCreate(context.Background(), pool)
	errs := s.Validate(context.Background(), pool)
	text := errs.ToAggregate().Error()
	for _, want := range []string{"metadata.name", "metadata.annotations[projectcalico.org/metadata]"} {
		if !strings.Contains(text, want) {
			t.Errorf("errors lack %s: %s", want, text)
		}
	}
}

// The strategy defaults, then warns from the kind's row, on create and on update alike.
func TestStrategyWarnings(t *testing.T) {
	scheme := runtime.NewScheme()
	if err := v3.AddToServerScheme(scheme); err != nil {
		t.Fatal(err)
	}
	var s *strategy
	for _, kind := range Kinds() {
		if kind.Resource == "felixconfigurations" {
			s = newStrategy(kind, scheme, nil)
		}
	}
	enabled := true
	fc := &v3.FelixConfiguration{ObjectMeta: metav1.ObjectMeta{Name: "default"},
		Spec: v3.FelixConfigurationSpec{BPFConnectTimeLoadBalancingEnabled: &enabled}}
	ctx := context.Background()
	s.PrepareForCreate(ctx, fc)
	const want = "spec.bpfConnectTimeLoadBalancingEnabled: deprecated; Calico sets spec.bpfConnectTimeLoadBalancing to Enabled"
	if w := s.WarningsOnCreate(ctx, fc); len(w) != 1 || !strings.HasPrefix(w[0], want) {
		t.Errorf("create warnings %q, want one starting %q", w, want)
	}
	if w := s.WarningsOnUpdate(ctx, fc, fc.DeepCopy()); len(w) != 1 || !strings.HasPrefix(w[0], want) {
		t.Errorf("update warnings %q, want one starting %q", w, want)
	}
	fc.Spec.BPFConnectTimeLoadBalancingEnabled = nil
	if w := s.WarningsOnUpdate(ctx, fc, fc.DeepCopy()); len(w) != 0 {
		t.Errorf("warnings without a deprecated field: %q", w)
	}
}
