#!/usr/bin/env bash
# Debian packages the test suite drives for real: Chromium (end-to-end tests through Playwright),
# LibreOffice Impress (proves a generated deck opens) and Writer (converts Word 97-2003 .doc
# reports for the loader), poppler (PDF pages to PNG), fonts that carry Vietnamese, PostgreSQL's
# server (a throwaway cluster for the shared-store tests). Installs only what is missing; needs root
# (CI runs as root).
# Any working `soffice` will do, whichever packages brought it: a machine with Debian's -nogui
# LibreOffice must not be asked for libreoffice-impress, which conflicts with them: there it gets
# libreoffice-impress-nogui. A machine with no LibreOffice at all gets libreoffice-impress.
# LLW_DRY_RUN=1 prints the apt-get commands instead of running them.
set -euo pipefail

say() { echo "[gói hệ thống] $*"; }
run() { if [[ -n ${LLW_DRY_RUN:-} ]]; then echo "+ $*"; else "$@"; fi; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
soffice_works() {
  local exe
  for exe in soffice libreoffice; do
    command -v "$exe" >/dev/null 2>&1 || continue
    timeout 180 "$exe" --headless --version 2>/dev/null | grep -qi libreoffice && return 0
  done
  return 1
}
nogui_installed() {
  dpkg-query -W -f='${Package} ${Status}\n' 'libreoffice*' 2>/dev/null | grep -q -- '-nogui install ok installed'
}

missing=()
for p in poppler-utils fonts-liberation fonts-dejavu-core; do
  installed "$p" || missing+=("$p")
done
if ! command -v chromium >/dev/null 2>&1 && ! installed chromium; then
  missing+=(chromium)
fi
# PostgreSQL server binaries: the shared-store tests start a throwaway cluster (tests/pg_support.py)
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && ! command -v initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
office=""
if soffice_works; then
  say "LibreOffice có sẵn ($(command -v soffice || command -v libreoffice)): không cài thêm gói LibreOffice."
elif nogui_installed; then
  office=libreoffice-impress-nogui # the GUI package conflicts with the -nogui ones already here
else
  office=libreoffice-impress
fi
# Writer's filters turn a .doc report into .docx; soffice without them converts nothing
if ! installed libreoffice-writer && ! installed libreoffice-writer-nogui; then
  if nogui_installed; then missing+=(libreoffice-writer-nogui); else missing+=(libreoffice-writer); fi
fi
if ((${#missing[@]} == 0)) && [[ -z $office ]]; then
  say "Đã đủ gói hệ thống."
  exit 0
fi
run apt-get update -qq
[[ -n $office ]] && missing+=("$office")
say "Cài gói Debian: ${missing[*]}"
DEBIAN_FRONTEND=noninteractive run apt-get install -y -qq --no-install-recommends "${missing[@]}"
