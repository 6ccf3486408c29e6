#!/usr/bin/env bash
# Installs what Sekisho needs, builds it and starts it: as the real gateway when /etc/sekisho/sekisho.env
# names the LAN and WAN interfaces, otherwise in lab mode (a small network of namespaces on this machine).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
  echo "run as root: Sekisho manages nftables and (in lab mode) network namespaces" >&2
  exit 1
fi
bash docker/install-deps.sh
mvn -B -ntp -q -DskipTests package
if [ -f /etc/sekisho/sekisho.env ]; then
  set -a; . /etc/sekisho/sekisho.env; set +a
  exec java -jar target/sekisho.jar serve
fi
exec java -jar target/sekisho.jar lab "$@"
