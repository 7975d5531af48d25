package workloadendpoint

import (
	"fmt"
	"math"
	"strconv"

	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/klog/v2"

	"github.com/calico-apiserver/calico-apiserver/pkg/apis/numorstring"
	v3 "github.com/calico-apiserver/calico-apiserver/pkg/apis/projectcalico/v3"
)

// qosLimit is one QoS annotation: the field it sets and the range Calico clamps it to.
type qosLimit struct {
	annotation string
	field      func(*v3.QoSControls) *int64
	min, max   int64
}

func quantity(s string) int64 {
	q := resource.MustParse(s)
	return q.Value()
}

// qosLimits are Calico v3.32.1's QoS annotations and ranges
// (workload_endpoint_default.go), in the order it reads them: Kubernetes' bandwidth
// annotations first, so that Calico's own override them.
var qosLimits = func() []qosLimit {
	bandwidth := [2]int64{quantity("1k"), quantity("1P")}
	burst := [2]int64{quantity("1k"), math.MaxUint32 * 8}
	peakrate := [2]int64{quantity("1.01k"), quantity("1.01P")}
	minburst := [2]int64{quantity("1k"), quantity("100M")}
	packetRate := [2]int64{1, quantity("10k")}
	packetBurst := [2]int64{1, quantity("10k")}
	connections := [2]int64{1, math.MaxUint32}
	limit := func(annotation string, field func(*v3.QoSControls) *int64, r [2]int64) qosLimit {
		return qosLimit{annotation: annotation, field: field, min: r[0], max: r[1]}
	}
	return []qosLimit{
		limit("kubernetes.io/ingress-bandwidth", func(q *v3.QoSControls) *int64 { return &q.IngressBandwidth }, bandwidth),
		limit("kubernetes.io/egress-bandwidth", func(q *v3.QoSControls) *int64 { return &q.EgressBandwidth }, bandwidth),
		limit("qos.projectcalico.org/ingressBandwidth", func(q *v3.QoSControls) *int64 { return &q.IngressBandwidth }, bandwidth),
		limit("qos.projectcalico.org/egressBandwidth", func(q *v3.QoSControls) *int64 { return &q.EgressBandwidth }, bandwidth),
		limit("qos.projectcalico.org/ingressBurst", func(q *v3.QoSControls) *int64 { return &q.IngressBurst }, burst),
		limit("qos.projectcalico.org/egressBurst", func(q *v3.QoSControls) *int64 { return &q.EgressBurst }, burst),
		limit("qos.projectcalico.org/ingressPeakrate", func(q *v3.QoSControls) *int64 { return &q.IngressPeakrate }, peakrate),
		limit("qos.projectcalico.org/egressPeakrate", func(q *v3.QoSControls) *int64 { return &q.EgressPeakrate }, peakrate),
		limit("qos.projectcalico.org/ingressMinburst", func(q *v3.QoSControls) *int64 { return &q.IngressMinburst }, minburst),
		limit("qos.projectcalico.org/egressMinburst", func(q *v3.QoSControls) *int64 { return &q.EgressMinburst }, minburst),
		limit("qos.projectcalico.org/ingressPacketRate", func(q *v3.QoSControls) *int64 { return &q.IngressPacketRate }, packetRate),
		limit("qos.projectcalico.org/egressPacketRate", func(q *v3.QoSControls) *int64 { return &q.EgressPacketRate }, packetRate),
		limit("qos.projectcalico.org/ingressPacketBurst", func(q *v3.QoSControls) *int64 { return &q.IngressPacketBurst }, packetBurst),
		limit("qos.projectcalico.org/egressPacketBurst", func(q *v3.QoSControls) *int64 { return &q.EgressPacketBurst }, packetBurst),
		limit("qos.projectcalico.org/ingressMaxConnections", func(q *v3.QoSControls) *int64 { return &q.IngressMaxConnections }, connections),
		limit("qos.projectcalico.org/egressMaxConnections", func(q *v3.QoSControls) *int64 { return &q.EgressMaxConnections }, connections),
	}
}()

const annotationDSCP = "qos.projectcalico.org/dscp"

// Calico's defaults for a burst left unset when its rate is set.
var (
	defaultBurst       = quantity("4Gi")
	defaultPacketBurst = int64(5)
)

// qosControls reads the QoS annotations as Calico does: each value clamped to its
// range, settings that need another one dropped without it, bursts defaulted, and nil
// when nothing is set. What Calico would only log is logged here too.
func qosControls(annotations map[string]string) *v3.QoSControls {
	q := &v3.QoSControls{}
	var problems []string
	for _, l := range qosLimits {
		s, ok := annotations[l.annotation]
		if !ok {
			continue
		}
		value, err := clampedQuantity(s, l.min, l.max)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", l.annotation, err))
		}
		*l.field(q) = value
	}
	requires := func(name string, dependent *int64, ok bool, what string) {
		if *dependent != 0 && !ok {
			problems = append(problems, fmt.Sprintf("%s must be specified when %s is specified", what, name))
			*dependent = 0
		}
	}
	requires("ingress burst", &q.IngressBurst, q.IngressBandwidth != 0, "ingress bandwidth")
	requires("egress burst", &q.EgressBurst, q.EgressBandwidth != 0, "egress bandwidth")
	requires("ingress peakrate", &q.IngressPeakrate, q.IngressBandwidth != 0 && q.IngressBandwidth < q.IngressPeakrate, "a greater ingress bandwidth")
	requires("egress peakrate", &q.EgressPeakrate, q.EgressBandwidth != 0 && q.EgressBandwidth < q.EgressPeakrate, "a greater egress bandwidth")
	requires("ingress minburst", &q.IngressMinburst, q.IngressPeakrate != 0, "ingress peakrate")
	requires("egress minburst", &q.EgressMinburst, q.EgressPeakrate != 0, "egress peakrate")
	requires("ingress packet burst", &q.IngressPacketBurst, q.IngressPacketRate != 0, "ingress packet rate")
	requires("egress packet burst", &q.EgressPacketBurst, q.EgressPacketRate != 0, "egress packet rate")
	defaulted := func(burst *int64, rate, value int64) {
		if rate != 0 && *burst == 0 {
			*burst = value
		}
	}
	defaulted(&q.IngressBurst, q.IngressBandwidth, defaultBurst)
	defaulted(&q.EgressBurst, q.EgressBandwidth, defaultBurst)
	defaulted(&q.IngressPacketBurst, q.IngressPacketRate, defaultPacketBurst)
	defaulted(&q.EgressPacketBurst, q.EgressPacketRate, defaultPacketBurst)
	if s, ok := annotations[annotationDSCP]; ok {
		dscp := numorstring.DSCPFromString(s)
		if err := dscp.Validate(); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", annotationDSCP, err))
		} else {
			q.DSCP = &dscp
		}
	}
	if len(problems) > 0 {
		klog.V(2).InfoS("Ignoring or clamping QoS annotations, as Calico does", "problems", problems)
	}
	if *q == (v3.QoSControls{}) {
		return nil
	}
	return q
}

// clampedQuantity parses a quantity and clamps it to [min, max]; a clamped value comes
// with an error saying so, an unparsable one is 0.
func clampedQuantity(s string, min, max int64) (int64, error) {
	q, err := resource.ParseQuantity(s)
	if err != nil {
		return 0, err
	}
	switch v := q.Value(); {
	case v < min:
		return min, fmt.Errorf("%s is less than %s, using %s", s, strconv.FormatInt(min, 10), strconv.FormatInt(min, 10))
	case v > max:
		return max, fmt.Errorf("%s is more than %s, using %s", s, strconv.FormatInt(max, 10), strconv.FormatInt(max, 10))
	default:
		return v, nil
	}
}
