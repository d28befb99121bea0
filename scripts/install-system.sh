#!/usr/bin/env bash
# Debian packages Diaodu's tests and benchmarks use. Installs only what is missing,
# so it is safe to run every time (idempotent). Needs root or sudo.
set -euo pipefail
# postgresql: the second run of the suite; chromium: the browser tests;
# fonts-noto-cjk: Chinese labels in the bulletin's charts and its text;
# libreoffice-writer-nogui, poppler-utils: the bulletin rendered to PDF and checked page by page.
packages=(postgresql chromium fonts-noto-cjk libreoffice-writer-nogui poppler-utils)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Debian starts a cluster on install; the tests use their own throw-away one.
$sudo service postgresql stop >/dev/null 2>&1 || true
