#!/bin/sh
# Boots a sharedfs node in QEMU: the image's own kernel and initramfs (with the sharedfs component installed,
# node-boot/install.sh), on a tap device, with the kernel command line the component reads. KVM where the CPU
# offers virtualization, TCG otherwise (a /dev/kvm without vmx/svm hangs the guest after the firmware).
#
# Usage: node-boot/qemu-boot.sh --image ROOT --tap DEV --server ADDR --address NODE_ADDR --url URL
#            [--node VE/VEM] [--init PATH] [--netmask MASK] [--console FILE] [--timeout SECONDS] [--memory MB]
#   --image    the image's root on the storage host (its newest /boot/vmlinuz-* and matching initrd are booted)
#   --tap      an existing tap device whose host side has ADDR (the guest's exports name NODE_ADDR, and Ganesha
#              wants privileged source ports: QEMU's user networking gives neither)
#   --url      nfs-exporter's boot API as the guest reaches it, e.g. http://10.77.0.1:8084
#   --node     sharedfs.node=VE/VEM (else the server knows the node by its address)
#   --init     the init the node runs after the mounts (default: the image's /sbin/init)
#   --console  where the serial console goes (default: standard output only); --timeout (default 600 s)
# Exit code: QEMU's; 124 when the boot did not end within the timeout. Run as root (the tap device).
set -eu

image='' tap='' server='' address='' url='' node='' init='' netmask=255.255.255.0 console='' timeout=600 memory=768
while [ $# -gt 0 ]; do
	[ $# -ge 2 ] || {
		echo "qemu-boot: $1 needs a value" >&2
		exit 2
	}
	case "$1" in
	--image) image=$2 ;;
	--tap) tap=$2 ;;
	--server) server=$2 ;;
	--address) address=$2 ;;
	--url) url=$2 ;;
	--node) node=$2 ;;
	--init) init=$2 ;;
	--netmask) netmask=$2 ;;
	--console) console=$2 ;;
	--timeout) timeout=$2 ;;
	--memory) memory=$2 ;;
	*)
		echo "qemu-boot: unknown option $1" >&2
		exit 2
		;;
	esac
	shift 2
done
for required in image tap server address url; do
	eval "value=\$$required"
	[ -n "$value" ] || {
		echo "qemu-boot: --$required is required" >&2
		exit 2
	}
done
command -v qemu-system-x86_64 >/dev/null 2>&1 || {
	echo "qemu-boot: qemu-system-x86_64 is missing: apt-get install -y qemu-system-x86" >&2
	exit 1
}
[ -e "/sys/class/net/$tap" ] || {
	echo "qemu-boot: no network device $tap" >&2
	exit 1
}
kernel=$(find "$image/boot" -maxdepth 1 -name 'vmlinuz-*' 2>/dev/null | sort -V | tail -1)
[ -n "$kernel" ] || {
	echo "qemu-boot: $image/boot has no vmlinuz-*: install a kernel in the image" >&2
	exit 1
}
initrd="$image/boot/initrd.img-${kernel##*/vmlinuz-}"
[ -f "$initrd" ] || {
	echo "qemu-boot: no $initrd: run node-boot/install.sh $image" >&2
	exit 1
}
[ -f "$image/etc/initramfs-tools/scripts/sharedfs" ] || {
	echo "qemu-boot: the sharedfs component is not installed in $image: run node-boot/install.sh $image" >&2
	exit 1
}

accel=tcg
if grep -qw -e vmx -e svm /proc/cpuinfo && [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	accel=kvm
fi
# The NIC is virtio-net-pci, which udev in the initramfs names ens3 in QEMU's default machine.
append="console=ttyS0 panic=-1 boot=sharedfs sharedfs.url=$url ip=$address::$server:$netmask:sharedfs-node:ens3:off"
[ -z "$node" ] || append="$append sharedfs.node=$node"
[ -z "$init" ] || append="$append init=$init"
# A MAC of its own per node address (52:54:00 is QEMU's prefix), so two guests on one bridge never clash.
mac=$(printf '%s' "$address" | awk -F. '{ printf "52:54:00:%02x:%02x:%02x", $2 % 256, $3 % 256, $4 % 256 }')
echo "qemu-boot: $kernel ($accel), $tap, $append"
set -- timeout "$timeout" qemu-system-x86_64 -accel "$accel" -nographic -no-reboot -m "$memory" -smp 1 \
	-kernel "$kernel" -initrd "$initrd" -append "$append" \
	-netdev "tap,id=n0,ifname=$tap,script=no,downscript=no" -device "virtio-net-pci,netdev=n0,mac=$mac,romfile="
if [ -n "$console" ]; then
	"$@" </dev/null >"$console" 2>&1
else
	"$@" </dev/null
fi
