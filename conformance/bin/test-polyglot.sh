#!/usr/bin/env bash
# `npm run test:polyglot`: the polyglot half of the test suite. Installs what it needs
# (Python virtualenv, Go modules and code generators; nothing system-wide), proves the
# committed Python and Go code is what buf generates from the contracts today, vets and
# tests the Go modules, then runs the conformance suite (TS, Python and Go clients on one
# scenario list against the TS server), the marketplace-from-Go-server test, and the
# release round trips: the Python distribution published to a local PyPI-compatible
# index and installed by name, the Go module tagged, served by a local file:// module
# proxy and fetched by name, each then calling the TS server.
# Needs python3 (>= 3.10), go (>= 1.26) and an `npm ci`'d checkout.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$SECONDS
step() { echo "== polyglot: $* [$((SECONDS - started))s]"; }

step "toolchains (clients/python/.venv, clients/go/.bin), Python and Go in parallel"
sh clients/python/tools/setup.sh & python_setup=$!
sh clients/go/tools/setup.sh & go_setup=$!
wait "$python_setup" || { echo "polyglot: Python toolchain setup failed" >&2; exit 1; }
wait "$go_setup" || { echo "polyglot: Go toolchain setup failed" >&2; exit 1; }

step "generated Python and Go code is fresh"
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
buf="$PWD/node_modules/.bin/buf"
(
  cd contracts
  "$buf" generate --template buf.gen.python.yaml --path recommendations -o "$fresh/python"
  "$buf" generate --template buf.gen.go.yaml --path recommendations -o "$fresh/go"
)
stale=0
# Everything under the generated trees must match; only the two hand-written files of
# the Python package (and Python's caches) are not generated.
diff -r -x __pycache__ -x __init__.py -x py.typed "$fresh/python/src/recommendations" clients/python/src/recommendations || stale=1
diff -r -x __pycache__ "$fresh/python/src/buf" clients/python/src/buf || stale=1
diff -r "$fresh/go/recommendations" clients/go/recommendations || stale=1
if [ "$stale" -ne 0 ]; then
  echo "polyglot: the committed Python/Go code is stale: run \`npm run generate\` and commit the result" >&2
  exit 1
fi

step "Python package builds and installs (pip install ./clients/python)"
clients/python/.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps --force-reinstall ./clients/python
clients/python/.venv/bin/python -c "import recommendations.v1.recommendations_pb2_grpc, recommendations.v2.recommendations_pb2_grpc, buf.validate.validate_pb2"
step "Python: mypy --strict of the runner against the installed package's type stubs"
clients/python/.venv/bin/mypy --strict --no-error-summary conformance/python/runner.py

step "Go modules: vet, test"
for module in clients/go clients/go/tools/module-proxy conformance/go impl/go-recommendations; do
  (cd "$module" && go vet ./... && go test ./...)
done

step "TypeScript build (conformance, the contracts' release specs, and what they reference)"
node_modules/.bin/tsc -b conformance contracts

step "conformance suite and marketplace-from-Go"
node_modules/.bin/mocha --no-config --enable-source-maps --timeout 20000 --exit --fail-zero 'conformance/dist/**/*.spec.js'

step "release round trips: PyPI-compatible index (pypiserver) and Go module proxy"
node_modules/.bin/mocha --no-config --enable-source-maps --timeout 20000 --exit --fail-zero 'contracts/dist/test/polyglot/**/*.spec.js'
step "done"
