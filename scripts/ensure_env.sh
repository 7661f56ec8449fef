#!/usr/bin/env bash
# Make .venv ready: checks Python (>= 3.11, with its venv module), rebuilds a broken .venv, and
# installs the pinned requirements when they changed. `--dev` also installs the test and benchmark
# tooling (requirements-dev.txt); ./run.sh needs only requirements.txt.
# Says what it does at each step: a first install takes a minute or more.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[[ ${1:-} == --dev ]] && dev=1
say() { echo "[cài đặt] $*"; }
fail() {
  echo "[cài đặt] LỖI: $*" >&2
  exit 1
}

# --- Python >= 3.11 --------------------------------------------------------------------------
version_of() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true; }
new_enough() { [[ $1 =~ ^3\.([0-9]+)$ ]] && ((BASH_REMATCH[1] >= 11)); }

PY=""
seen=""
for cand in ${PYTHON:-} python3 python3.13 python3.12 python3.11; do
  command -v "$cand" >/dev/null 2>&1 || continue
  v=$(version_of "$cand")
  if new_enough "$v"; then
    PY=$cand
    break
  fi
  seen="$seen $cand ($v)"
done
if [[ -z $PY ]]; then
  fail "cần Python 3.11 trở lên; máy này chỉ có:${seen:- không có python3 nào}. Cài Python 3.11 (Debian/Ubuntu: apt-get install python3.11 python3.11-venv) rồi chạy lại, hoặc chỉ rõ bằng PYTHON=/đường/dẫn/python3.11."
fi

# --- .venv: present and whole, or rebuilt ----------------------------------------------------
venv_ok() {
  [[ -x .venv/bin/python ]] || return 1
  new_enough "$(version_of .venv/bin/python)" || return 1
  # pip present (found, not imported: this runs before every ./run.sh)
  .venv/bin/python -c 'import importlib.util as u, sys; sys.exit(u.find_spec("pip") is None)' 2>/dev/null
}
if [[ -e .venv ]] && ! venv_ok; then
  say "Môi trường .venv bị hỏng (thiếu python hoặc pip, hoặc Python cũ): xóa và tạo lại."
  rm -rf .venv
fi
if [[ ! -e .venv ]]; then
  if ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    v=$(version_of "$PY")
    fail "Python $v thiếu mô-đun venv/ensurepip. Trên Debian/Ubuntu cài gói python3-venv (hoặc python$v-venv): apt-get install python3-venv, rồi chạy lại."
  fi
  say "Tạo môi trường .venv bằng $PY (Python $(version_of "$PY"))..."
  if ! "$PY" -m venv .venv; then
    rm -rf .venv
    fail "không tạo được .venv bằng $PY -m venv (xem lỗi ở trên)."
  fi
fi

# --- pinned requirements ---------------------------------------------------------------------
# pip's own lines, cut to one per package, so a long first install shows it is moving
progress() { sed -u -n -E 's/^Collecting ([^ ]+).*/[cài đặt]   · \1/p; s/^Successfully installed (.*)/[cài đặt] Đã cài: \1/p'; }

install() { # install <stamp> <what> <requirements files...>: the last file is installed
  local stamp=$1 what=$2 want
  shift 2
  local file=${*: -1}
  want=$(cat "$@" | sha256sum | cut -d' ' -f1)
  [[ -f $stamp && $(cat "$stamp") == "$want" ]] && return 0
  say "Cài $what ($file); lần đầu mất một lúc..."
  local t0=$SECONDS log=.venv/pip-install.log
  if ! .venv/bin/python -m pip install --disable-pip-version-check --progress-bar off -r "$file" 2>&1 | tee "$log" | progress; then
    tail -n 25 "$log" >&2
    fail "pip không cài được $file (mạng tới PyPI? lỗi ở trên, đủ trong $log); sửa rồi chạy lại."
  fi
  echo "$want" >"$stamp"
  say "Xong $what sau $((SECONDS - t0)) giây."
}
install .venv/.requirements.sha256 "các gói để chạy ứng dụng" requirements.txt
if ((dev)); then
  install .venv/.requirements-dev.sha256 "công cụ kiểm thử và đo hiệu năng" requirements.txt requirements-dev.txt
fi
