package crd

import (
	"fmt"
	"math/bits"

	"github.com/google/uuid"
	"k8s.io/apimachinery/pkg/types"
)

// ConvertUID maps the UID of a crd.projectcalico.org/v1 object to the UID of the
// projectcalico.org/v3 object it backs, and back: it is its own inverse. Calico reverses
// the bits of every byte except byte 6 and byte 8, which carry the UUID version and
// variant, so that the two UIDs differ and garbage collection never confuses the v3
// object with its custom resource (Calico's conversion.ConvertUID; storage contract §6).
func ConvertUID(uid types.UID) (types.UID, error) {
	parsed, err := uuid.Parse(string(uid))
	if err != nil {
		return "", fmt.Errorf("failed to parse UID for resource: %w", err)
	}
	for i := range parsed {
		if i == 6 || i == 8 {
			continue
		}
		parsed[i] = bits.Reverse8(parsed[i])
	}
	return types.UID(parsed.String()), nil
}
