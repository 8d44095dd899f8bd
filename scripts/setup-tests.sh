#!/usr/bin/env bash
# Set up a machine to run gikxl's tests: LibreOffice (the independent reader of
# our workbooks and Word files), CJK fonts, poppler, Chromium (the real browser the audit
# dashboard is rendered in), and a virtualenv with gikxl.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: renders the audit dashboard and runs gikxl serve's page; qemu-user: runs the check on an
# emulated processor without AVX2 (tests/test_runtime.py); nodejs: runs the WPS add-in's main.js
# (tests/test_wps.py).
debs=(libreoffice-calc libreoffice-writer python3-uno fonts-noto-cjk poppler-utils chromium qemu-user nodejs)
missing=()
for d in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$d" 2>/dev/null | grep -q "install ok installed" || missing+=("$d")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
