#!/bin/sh
# Installs sharedfs's initramfs-tools component into an image and rebuilds the image's initramfs.
#
# Usage: node-boot/install.sh IMAGE_ROOT
#   IMAGE_ROOT  the root directory of a Debian-family image (initramfs-tools, busybox, util-linux and a
#               kernel installed in it). Run as root on the image server.
# What it does:
#   1. copies initramfs-tools/hooks/sharedfs   to IMAGE_ROOT/etc/initramfs-tools/hooks/sharedfs   (0755)
#      and    initramfs-tools/scripts/sharedfs to IMAGE_ROOT/etc/initramfs-tools/scripts/sharedfs (0644);
#   2. runs update-initramfs -u -k all in a chroot (with /proc, /sys and /dev bound for the run, unbound after).
# Boot such an image with: boot=sharedfs sharedfs.url=http://HOST:PORT [sharedfs.node=VE/VEM] ip=...
# (an image whose /boot has no initrd yet gets one with update-initramfs -c; this script creates it then).
# For RHEL-family images see node-boot/dracut/95sharedfs (not handled by this script).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 1 ] || {
	echo "usage: $0 IMAGE_ROOT" >&2
	exit 2
}
image=$(cd "$1" && pwd)
[ "$image" != / ] || {
	echo "install.sh: IMAGE_ROOT must not be / (this script chroots into an image)" >&2
	exit 2
}
[ -x "$image/usr/sbin/update-initramfs" ] || [ -x "$image/sbin/update-initramfs" ] || {
	echo "install.sh: $image has no update-initramfs: install initramfs-tools in the image" >&2
	exit 1
}

install -d -m 0755 "$image/etc/initramfs-tools/hooks" "$image/etc/initramfs-tools/scripts"
install -m 0755 "$here/initramfs-tools/hooks/sharedfs" "$image/etc/initramfs-tools/hooks/sharedfs"
install -m 0644 "$here/initramfs-tools/scripts/sharedfs" "$image/etc/initramfs-tools/scripts/sharedfs"

mounted=""
cleanup() {
	for d in $mounted; do
		umount "$image/$d" 2>/dev/null || umount -l "$image/$d" || true
	done
}
trap cleanup EXIT INT TERM
for d in proc sys dev; do
	if ! grep -q " $image/$d " /proc/mounts; then
		mount --bind "/$d" "$image/$d"
		mounted="$d $mounted"
	fi
done

if ls "$image"/boot/initrd.img-* >/dev/null 2>&1; then
	chroot "$image" update-initramfs -u -k all
else
	chroot "$image" update-initramfs -c -k all
fi
echo "install.sh: sharedfs boot component installed in $image:"
ls -l "$image"/boot/initrd.img-*
