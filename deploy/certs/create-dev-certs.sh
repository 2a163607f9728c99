#!/usr/bin/env bash
# Creates a development CA and the certificates for mutual TLS between the marketplace
# and the recommendations service, with openssl:
#   ca.crt                                 the development CA (10 years; its key is
#                                          discarded once the certificates are signed)
#   recommendations.crt, recommendations.key  server certificate; also valid as a client
#                                          certificate, so the container health check can
#                                          call the service over mutual TLS
#   marketplace.crt, marketplace.key       client certificate of the marketplace
# The server certificate names `recommendations` (compose), every
# recommendations.<namespace>[.svc[.cluster.local]] of the given namespaces (Kubernetes),
# localhost, 127.0.0.1 and ::1.
#
# Usage: create-dev-certs.sh [--out DIR] [--namespace NS]... [--force]
#   --out DIR        where to write (default: deploy/certs/out, ignored by git)
#   --namespace NS   Kubernetes namespace to name (default: onlinebooks and onlinebooks-dev)
#   --force          replace existing files (default: keep them and exit)
#
# For development only. Keys are written readable by all (0644) because the containers
# run as uid 1000 and read them through bind mounts; never use these files in production
# and never commit them.
set -euo pipefail

out="$(cd "$(dirname "$0")" && pwd)/out"
namespaces=()
force=false
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --namespace) namespaces+=("$2"); shift 2 ;;
    --force) force=true; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "create-dev-certs: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#namespaces[@]} -gt 0 ] || namespaces=(onlinebooks onlinebooks-dev)
command -v openssl >/dev/null 2>&1 || { echo "create-dev-certs: openssl is needed" >&2; exit 1; }

mkdir -p "$out"
if [ -e "$out/ca.crt" ] && [ "$force" = false ]; then
  echo "create-dev-certs: $out already has certificates (use --force to replace them)"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

sans="DNS:recommendations,DNS:localhost,IP:127.0.0.1,IP:::1"
for ns in "${namespaces[@]}"; do
  sans="$sans,DNS:recommendations.$ns,DNS:recommendations.$ns.svc,DNS:recommendations.$ns.svc.cluster.local"
done

new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# The CA.
new_key "$work/ca.key"
openssl req -x509 -new -key "$work/ca.key" -sha256 -days 3650 -subj "/O=Online Books For You/CN=Online Books development CA" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out "$work/ca.crt"

# issue NAME SUBJECT_CN EXTENDED_KEY_USAGE [SUBJECT_ALT_NAMES]
issue() {
  local name="$1" cn="$2" eku="$3" san="${4:-}"
  new_key "$work/$name.key"
  openssl req -new -key "$work/$name.key" -subj "/O=Online Books For You/CN=$cn" -out "$work/$name.csr"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$eku"
    [ -z "$san" ] || echo "subjectAltName=$san"
  } >"$work/$name.ext"
  openssl x509 -req -in "$work/$name.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial \
    -sha256 -days 825 -extfile "$work/$name.ext" -out "$work/$name.crt" 2>/dev/null
}
issue recommendations recommendations "serverAuth,clientAuth" "$sans"
issue marketplace marketplace "clientAuth"

install -m 0644 "$work/ca.crt" "$out/ca.crt"
for name in recommendations marketplace; do
  install -m 0644 "$work/$name.crt" "$out/$name.crt"
  install -m 0644 "$work/$name.key" "$out/$name.key"
done
echo "create-dev-certs: wrote ca, recommendations and marketplace certificates to $out"
