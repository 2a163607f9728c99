// Command module-proxy writes a Go module proxy that serves one tagged version of one
// module, read from a git repository, into a directory laid out as the GOPROXY protocol
// describes, so that GOPROXY=file:///that/directory serves it:
//
//	module-proxy -repo /path/to/checkout -tag clients/go/v1.2.0 -out /path/to/proxy
//
// The tag names the module's directory in the repository and its version, as Go expects
// of a module in a subdirectory (<dir>/vX.Y.Z); the module path comes from the go.mod at
// that tag. The zip is made with golang.org/x/mod/zip from the tagged tree exactly as
// the go command would make it from the repository (git-ignored files, nested modules
// and vendor directories left out; the repository's LICENSE added when the directory
// has none). -repo must be a non-bare clone. Prints module@version when done.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

func main() {
	repo := flag.String("repo", "", "a non-bare git clone holding the tag")
	tag := flag.String("tag", "", "the module's release tag, <dir>/vX.Y.Z")
	out := flag.String("out", "", "the proxy directory to write (created if missing)")
	flag.Parse()
	if *repo == "" || *tag == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	served, err := serve(*repo, *tag, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "module-proxy:", err)
		os.Exit(1)
	}
	fmt.Println(served)
}

// serve writes the list, .info, .mod and .zip files of the tagged module version.
func serve(repo, tag, out string) (string, error) {
	repo, err := filepath.Abs(repo)
	if err != nil {
		return "", err
	}
	slash := strings.LastIndex(tag, "/")
	if slash <= 0 {
		return "", fmt.Errorf("tag %q is not <dir>/vX.Y.Z", tag)
	}
	dir, version := tag[:slash], tag[slash+1:]
	goMod, err := git(repo, "show", tag+":"+dir+"/go.mod")
	if err != nil {
		return "", err
	}
	path := modfile.ModulePath(goMod)
	if path == "" {
		return "", fmt.Errorf("%s/go.mod at %s names no module", dir, tag)
	}
	mod := module.Version{Path: path, Version: version}
	if err := module.Check(mod.Path, mod.Version); err != nil {
		return "", err
	}
	committed, err := git(repo, "log", "-1", "--format=%cI", tag)
	if err != nil {
		return "", err
	}
	when, err := time.Parse(time.RFC3339, strings.TrimSpace(string(committed)))
	if err != nil {
		return "", err
	}
	escapedPath, err := module.EscapePath(mod.Path)
	if err != nil {
		return "", err
	}
	escapedVersion, err := module.EscapeVersion(mod.Version)
	if err != nil {
		return "", err
	}
	versions := filepath.Join(out, filepath.FromSlash(escapedPath), "@v")
	if err := os.MkdirAll(versions, 0o755); err != nil {
		return "", err
	}
	var zipped bytes.Buffer
	if err := modzip.CreateFromVCS(&zipped, mod, repo, tag, dir); err != nil {
		return "", err
	}
	info, err := json.Marshal(struct {
		Version string
		Time    time.Time
	}{mod.Version, when.UTC()})
	if err != nil {
		return "", err
	}
	files := map[string][]byte{
		escapedVersion + ".info": info,
		escapedVersion + ".mod":  goMod,
		escapedVersion + ".zip":  zipped.Bytes(),
		"list":                   []byte(mod.Version + "\n"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(versions, name), data, 0o644); err != nil {
			return "", err
		}
	}
	return mod.String(), nil
}

// git runs git in repo and returns its standard output.
func git(repo string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = repo
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	output, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return nil, fmt.Errorf("git %s: %s", strings.Join(args, " "), strings.TrimSpace(stderr.String()))
	}
	return output, err
}
