package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The image's build stage runs the same build as `make build`, and the image runs the
// server as a non-root user with the binary as its entry point.
func TestImageBuildsAsMakeBuild(t *testing.T) {
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join("..", "..", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	makefile, dockerfile := read("Makefile"), read("Dockerfile")

	target := regexp.MustCompile(`(?m)^build:\n\t(.+)$`).FindStringSubmatch(makefile)
	if target == nil || !strings.HasPrefix(target[1], "bash hack/build.sh ") {
		t.Fatalf("make build does not run hack/build.sh: %v", target)
	}
	runs := regexp.MustCompile(`(?m)^RUN (.+)$`).FindAllStringSubmatch(dockerfile, -1)
	built := false
	for _, run := range runs {
		if strings.Contains(run[1], "go build") {
			t.Errorf("the Dockerfile builds with its own command: %s", run[1])
		}
		built = built || strings.HasPrefix(run[1], "bash hack/build.sh ")
	}
	if !built {
		t.Error("the Dockerfile does not run hack/build.sh")
	}
	stages := regexp.MustCompile(`(?m)^FROM `).FindAllStringIndex(dockerfile, -1)
	if len(stages) < 2 {
		t.Error("the Dockerfile is not multi-stage: the image would carry the toolchain")
	}
	final := dockerfile[stages[len(stages)-1][0]:]
	if !regexp.MustCompile(`(?m)^USER 65532`).MatchString(final) {
		t.Error("the image does not run as a non-root user")
	}
	if !strings.Contains(final, `ENTRYPOINT ["/usr/local/bin/calico-apiserver"]`) {
		t.Error("the image's entry point is not the server")
	}
	if script := read("hack/build.sh"); !strings.Contains(script, "CGO_ENABLED=0") {
		t.Error("hack/build.sh does not build a static binary")
	}
}
