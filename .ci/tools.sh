#!/usr/bin/env bash
# Installs the real programs the tests drive, from Debian's packages, when missing.
set -euo pipefail
need=()
command -v tmux >/dev/null 2>&1 || need+=(tmux)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
{ command -v ssh && command -v ssh-keygen; } >/dev/null 2>&1 || need+=(openssh-client)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "tests need: ${need[*]} (install them, or run as root so make test can)" >&2
  fi
fi
