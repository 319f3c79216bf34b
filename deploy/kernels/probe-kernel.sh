#!/usr/bin/env bash
# probe-kernel.sh DEBIAN_IMAGE_PACKAGE OUT_DIR
#
# Runs `uffdtrace probe` (the capability matrix) on a real Debian kernel booted under QEMU and
# leaves the trace in OUT_DIR/probe-<release>.jsonl, the serial console in OUT_DIR/console-<release>.log.
# Replay the trace with the matching profile to check it:
#   java -jar deploy/target/uffdtrace.jar replay --profile linux-6.1 --out r/ OUT_DIR/probe-6.1.0-50-amd64.jsonl
#
# What it does: `apt-get download`s the image package (e.g. linux-image-6.1.0-50-amd64), extracts it
# with dpkg-deb, builds an initramfs of a static init (init.c next to this script) and the modules
# it needs (virtio PCI/block, 9p, ext4, kvm_amd with their dependencies, read from each module's
# .modinfo), and boots the vmlinuz under `qemu-system-x86_64 -accel tcg` with hugepages=64 on the
# command line, a fresh ext4 scratch disk (the probe's disk-file memory on /var/tmp), this host's
# root shared read-only over 9p as the guest's root (so the guest runs this host's JDK and jar),
# OUT_DIR shared writable at the same path, and an emulated AMD CPU with SVM so kvm_amd gives
# /dev/kvm (guest_memfd, where the kernel has it). The guest powers off when the probe ends.
#
# Needs: root (9p passthrough of /), apt-get and dpkg-deb (Debian/Ubuntu with the Debian archive
# that has the package), qemu-system-x86_64, gcc with static glibc, mkfs.ext4, python3, xz/zstd for
# compressed modules, and the jar built (mvn -B package -DskipTests). No KVM on the host is needed.
# Environment: JAR (default deploy/target/uffdtrace.jar), JAVA (default: the java on PATH),
# KERNEL_CACHE (default /var/tmp/uffdtrace-kernels: downloads and extracted trees),
# PROBE_TIMEOUT (default 900 s for the whole boot), QEMU_EXTRA (more QEMU arguments).
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 DEBIAN_IMAGE_PACKAGE OUT_DIR" >&2
    exit 2
fi
PKG=$1
mkdir -p "$2"
OUT=$(cd "$2" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
JAR=$(readlink -f "${JAR:-$REPO/deploy/target/uffdtrace.jar}")
JAVA=$(readlink -f "${JAVA:-$(command -v java)}")
CACHE=${KERNEL_CACHE:-/var/tmp/uffdtrace-kernels}
TIMEOUT=${PROBE_TIMEOUT:-900}
[ -f "$JAR" ] || { echo "no jar at $JAR: build it first (mvn -B package -DskipTests)" >&2; exit 1; }

# 1. the kernel package, downloaded and extracted once
mkdir -p "$CACHE/$PKG"
cd "$CACHE/$PKG"
if ! ls ./*.deb >/dev/null 2>&1; then
    apt-get download "$PKG"
fi
if [ ! -d tree ]; then
    dpkg-deb -x ./*.deb tree.part && mv tree.part tree
fi
VMLINUZ=$(ls tree/boot/vmlinuz-*)
RELEASE=${VMLINUZ##*/vmlinuz-}
MODDIR=$(ls -d tree/lib/modules/"$RELEASE" 2>/dev/null || ls -d tree/usr/lib/modules/"$RELEASE")

# 2. the modules the guest loads, dependencies first (names use _ where files may use -)
declare -A FILE_OF LOADED
while IFS= read -r f; do
    n=${f##*/}; n=${n%%.ko*}; FILE_OF[${n//-/_}]=$f
done < <(find "$MODDIR/kernel" -name '*.ko*')
INITRD_DIR=$(mktemp -d)
trap 'rm -rf "$INITRD_DIR"' EXIT
mkdir -p "$INITRD_DIR/modules"
: > "$INITRD_DIR/modules.list"
modinfo_field() { # the module's .modinfo value for $2 ("depends", "softdep"), decompressed if needed
    case $1 in
        *.xz) xz -dc "$1" ;; *.zst) zstd -qdc "$1" ;; *.gz) gzip -dc "$1" ;; *) cat "$1" ;;
    esac | strings -a | sed -n "s/^$2=//p"
}
add_module() {
    local name=${1//-/_} dep
    [ -n "${LOADED[$name]:-}" ] && return 0
    LOADED[$name]=1
    local f=${FILE_OF[$name]:-}
    [ -n "$f" ] || return 0 # built in
    for dep in $(modinfo_field "$f" depends | tr ',' ' '); do add_module "$dep"; done
    case $f in
        *.xz) xz -dc "$f" ;; *.zst) zstd -qdc "$f" ;; *.gz) gzip -dc "$f" ;; *) cat "$f" ;;
    esac > "$INITRD_DIR/modules/$name.ko"
    echo "/modules/$name.ko" >> "$INITRD_DIR/modules.list"
}
# crc32c_generic: ext4's and jbd2's softdep (crypto-crc32c), not a symbol dependency
for m in virtio_pci virtio_blk 9pnet_virtio 9p crc32c_generic ext4 kvm_amd; do add_module "$m"; done

# 3. the initramfs: static init, modules, and the probe's command line
gcc -static -O2 -o "$INITRD_DIR/init" "$HERE/init.c"
TRACE="$OUT/probe-$RELEASE.jsonl"
rm -f "$TRACE"
printf '%s\n' "$OUT" "$JAVA" -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m \
    -XX:-UsePerfData -Djava.io.tmpdir=/dev/shm \
    -jar "$JAR" probe --out "$TRACE" > "$INITRD_DIR/probe.args"
python3 - "$INITRD_DIR" "$CACHE/$PKG/initrd.cpio" <<'PY'
import os, sys
root, out = sys.argv[1], sys.argv[2]
def entry(f, name, mode, data=b""):
    name_b = name.encode() + b"\0"
    hdr = "070701" + "".join("%08X" % v for v in (0, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name_b), 0))
    f.write(hdr.encode() + name_b)
    f.write(b"\0" * ((4 - (110 + len(name_b)) % 4) % 4))
    f.write(data)
    f.write(b"\0" * ((4 - len(data) % 4) % 4))
with open(out, "wb") as f:
    for d, dirs, files in os.walk(root):
        rel = os.path.relpath(d, root)
        if rel != ".":
            entry(f, rel, 0o40755)
        for n in sorted(files):
            p = os.path.join(d, n)
            entry(f, os.path.normpath(os.path.join(rel, n)), 0o100755, open(p, "rb").read())
    entry(f, "TRAILER!!!", 0)
PY

# 4. a fresh ext4 scratch disk
DISK="$CACHE/$PKG/scratch.ext4"
rm -f "$DISK"
truncate -s 256M "$DISK"
mkfs.ext4 -q -F "$DISK"

# 5. boot; the guest powers off when the probe ends
echo "booting $RELEASE (TCG; the probe takes minutes), console in $OUT/console-$RELEASE.log" >&2
set +e
# shellcheck disable=SC2086
timeout "$TIMEOUT" qemu-system-x86_64 -accel tcg -cpu max,+svm -smp 1 -m 3G -no-reboot \
    -kernel "$VMLINUZ" -initrd "$CACHE/$PKG/initrd.cpio" \
    -append "console=ttyS0 rdinit=/init hugepages=64 panic=-1 mitigations=off loglevel=4" \
    -drive "file=$DISK,format=raw,if=virtio" \
    -virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap" \
    -virtfs "local,path=$OUT,mount_tag=out,security_model=none" \
    -nic none -serial "file:$OUT/console-$RELEASE.log" -monitor none -display none ${QEMU_EXTRA:-} </dev/null
rc=$?
set -e
grep -aE '^init: ' "$OUT/console-$RELEASE.log" >&2 || true
if [ $rc -ne 0 ] || [ ! -s "$TRACE" ] || ! grep -aq '^init: probe exit status 0' "$OUT/console-$RELEASE.log"; then
    echo "no complete probe trace from $RELEASE (qemu exit $rc); see $OUT/console-$RELEASE.log" >&2
    exit 1
fi
echo "$TRACE"
