package crd

import (
	"testing"

	"k8s.io/apimachinery/pkg/types"
)

// Vectors from the storage contract §6, each verified there against Calico's ConvertUID.
func TestConvertUID(t *testing.T) {
	cases := []struct{ in, want, canonical string }{
		{"41cb1fde-57e7-42c1-a73b-0acaf38c7737", "82d3f87b-eae7-4283-a7dc-5053cf31eeec", ""},
		{"01234567-89ab-4def-8123-456789abcdef", "80c4a2e6-91d5-4df7-81c4-a2e691d5b3f7", ""},
		{"9e1d2c3b-4a5f-4678-8abc-def012345678", "79b834dc-52fa-461e-8a3d-7b0f482c6a1e", ""},
		{"5f0c7b3e-9a21-4d6e-8b4f-2c1a9e7d3b60", "fa30de7c-5984-4d76-8bf2-345879bedc06", ""},
		{"3f2504e0-4f89-41d3-9a0c-0305e82c3301", "fca42007-f291-41cb-9a30-c0a01734cc80", ""},
		{"00000000-0000-4000-8000-000000000000", "00000000-0000-4000-8000-000000000000", ""},
		{"ffffffff-ffff-4fff-bfff-ffffffffffff", "ffffffff-ffff-4fff-bfff-ffffffffffff", ""},
		{"41CB1FDE57E742C1A73B0ACAF38C7737", "82d3f87b-eae7-4283-a7dc-5053cf31eeec", "41cb1fde-57e7-42c1-a73b-0acaf38c7737"},
		{"{41cb1fde-57e7-42c1-a73b-0acaf38c7737}", "82d3f87b-eae7-4283-a7dc-5053cf31eeec", "41cb1fde-57e7-42c1-a73b-0acaf38c7737"},
	}
	for _, c := range cases {
		got, err := ConvertUID(types.UID(c.in))
		if err != nil {
			t.Fatalf("ConvertUID(%q): %v", c.in, err)
		}
		if string(got) != c.want {
			t.Errorf("ConvertUID(%q) = %q, want %q", c.in, got, c.want)
		}
		// The mapping is an involution: converting back gives the canonical input.
		back, err := ConvertUID(got)
		if err != nil {
			t.Fatalf("ConvertUID(%q): %v", got, err)
		}
		canonical := c.canonical
		if canonical == "" {
			canonical = c.in
		}
		if string(back) != canonical {
			t.Errorf("ConvertUID(ConvertUID(%q)) = %q, want %q", c.in, back, canonical)
		}
	}
}

func TestConvertUIDRejectsGarbage(t *testing.T) {
	for _, in := range []string{"not-a-uuid", ""} {
		if _, err := ConvertUID(types.UID(in)); err == nil {
			t.Errorf("ConvertUID(%q) succeeded, want an error", in)
		}
	}
}
