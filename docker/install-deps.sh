#!/usr/bin/env bash
# Installs the Debian packages Sekisho needs to build, run and test. Idempotent; run as root.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(
  openjdk-17-jdk-headless maven          # build and run (Java 17 bytecode)
  nftables iproute2 conntrack            # the firewall itself and the lab's namespaces
  libpcap0.8 tcpdump                     # packet capture
  iputils-ping procps                    # lab checks
  chromium chromium-driver               # browser tests (Selenium uses these, never a download)
  fonts-noto-cjk                         # Japanese text in the browser tests (the 関 logo needs no font)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
