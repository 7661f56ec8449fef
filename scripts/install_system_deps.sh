#!/usr/bin/env bash
# Debian packages the test suite drives for real: Chromium (end-to-end tests through Playwright),
# LibreOffice Impress (proves a generated deck opens), poppler (PDF pages to PNG), fonts that
# carry Vietnamese. Installs only what is missing; needs root (CI runs as root).
set -euo pipefail
pkgs=(chromium libreoffice-impress poppler-utils fonts-liberation fonts-dejavu-core)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Cài gói Debian: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
