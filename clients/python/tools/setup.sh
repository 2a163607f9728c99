#!/bin/sh
# Creates clients/python/.venv (git-ignored) with the pinned toolchain of
# requirements-dev.txt. Idempotent and quick when nothing changed: it reinstalls only
# when requirements-dev.txt differs from what the virtualenv was built from.
set -eu
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  command -v python3 >/dev/null 2>&1 || { echo "python: python3 (>= 3.10) is required" >&2; exit 1; }
  if ! python3 -c "import ensurepip, venv" 2>/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    # Debian's own python3 ships venv separately; the images with a pyenv Python need nothing.
    echo "python: apt-get install python3-venv (python3 has no venv module)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv
  fi
  echo "python: creating clients/python/.venv with $(python3 --version)"
  python3 -m venv .venv
fi
want=$(sha256sum requirements-dev.txt | cut -d' ' -f1)
if [ "$(cat .venv/requirements.sha256 2>/dev/null || true)" != "$want" ]; then
  echo "python: pip install -r clients/python/requirements-dev.txt"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --progress-bar off -r requirements-dev.txt
  echo "$want" > .venv/requirements.sha256
fi
echo "python: $(.venv/bin/python --version), $(.venv/bin/python -m pip --disable-pip-version-check freeze | grep -E '^(grpcio|grpcio-tools|protobuf)==' | tr '\n' ' ')"
