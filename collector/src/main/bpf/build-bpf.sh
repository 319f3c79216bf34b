#!/bin/sh
# Builds the observe BPF object ($1) when clang and the libbpf headers are present; otherwise
# says so and exits 0 (uffdtrace observe then reports "BPF object missing from the build").
out="$1"
if ! command -v clang >/dev/null 2>&1; then
  echo "[uffdtrace] clang not found: skipping the BPF object of 'uffdtrace observe' (apt-get install clang libbpf-dev)"
  exit 0
fi
if [ ! -f /usr/include/bpf/bpf_helpers.h ]; then
  echo "[uffdtrace] /usr/include/bpf/bpf_helpers.h not found: skipping the BPF object of 'uffdtrace observe' (apt-get install libbpf-dev)"
  exit 0
fi
mkdir -p "$(dirname "$out")"
exec clang -g -O2 -Wall -target bpf -D__TARGET_ARCH_x86 -c observe.bpf.c -o "$out"
