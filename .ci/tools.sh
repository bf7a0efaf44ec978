#!/usr/bin/env bash
# Installs the real programs the tests drive, from Debian's packages, when missing.
set -euo pipefail
need=()
command -v tmux >/dev/null 2>&1 || need+=(tmux)
# gcc: the race detector needs cgo (the build itself does not).
command -v gcc >/dev/null 2>&1 || need+=(gcc)
{ command -v ssh && command -v ssh-keygen; } >/dev/null 2>&1 || need+=(openssh-client)
# qemu-user: the arm64 binary is run under qemu-aarch64 (cmd/guichet's TestArm64UnderQemu).
command -v qemu-aarch64 >/dev/null 2>&1 || need+=(qemu-user)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "tests need: ${need[*]} (install them, or run as root so make test can)" >&2
  fi
fi
# PostgreSQL for the central server's tests (sync/server): initdb and pg_ctl.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "tests need: postgresql (install it, or run as root so make test can)" >&2
  fi
fi
# E-mail tests read the PDFs back: pdftotext and pdftoppm (poppler-utils), zbarimg (zbar-tools).
need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "tests need: ${need[*]} (install them, or run as root so make test can)" >&2
  fi
fi
