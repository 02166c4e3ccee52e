#!/bin/sh
# Builds a Debian bookworm image for the boot tests: debootstrap --variant=minbase with a kernel and
# initramfs-tools, the sharedfs component installed (node-boot/install.sh), the stand-in init
# /sbin/sharedfs-check, a real /var/run (Debian's is a link to /run, and a RAM dir must be a directory),
# and a marker in /var/lib/rpm (the tests' shared subdir). Run as root; idempotent: the debootstrap is done
# once, the component reinstalled whenever its files changed.
#
# Usage: node-boot/test/build-image.sh ROOT [MIRROR]
#   MIRROR defaults to the URIs: line of /etc/apt/sources.list.d/debian.sources, else deb.debian.org.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
node_boot=$(cd "$here/.." && pwd)
[ $# -ge 1 ] || {
	echo "usage: $0 ROOT [MIRROR]" >&2
	exit 2
}
root=$1
mirror=${2:-$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
say() { printf 'build-image: %s\n' "$*"; }

[ "$(id -u)" = 0 ] || {
	say "run as root (debootstrap, chroot)"
	exit 1
}
command -v debootstrap >/dev/null 2>&1 || {
	say "debootstrap is missing: apt-get install -y debootstrap"
	exit 1
}

if [ ! -f "$root/.sharedfs-boot-base" ]; then
	say "debootstrap bookworm from $mirror into $root (once; a few minutes)"
	rm -rf "$root.tmp"
	mkdir -p "$(dirname "$root")"
	debootstrap --variant=minbase \
		--include=linux-image-amd64,initramfs-tools,busybox,klibc-utils,kmod,zstd \
		bookworm "$root.tmp" "$mirror" >"$root.debootstrap.log" 2>&1 || {
		say "debootstrap failed, see $root.debootstrap.log"
		tail -5 "$root.debootstrap.log"
		exit 1
	}
	rm -rf "$root"
	mv "$root.tmp" "$root"
	touch "$root/.sharedfs-boot-base"
fi

if [ -L "$root/var/run" ]; then
	rm "$root/var/run"
	mkdir -m 0755 "$root/var/run"
fi
echo "seeded from the image" >"$root/var/run/seeded"
chmod 0644 "$root/var/run/seeded"
mkdir -p "$root/var/lib/rpm"
echo "the image's shared var/lib/rpm" >"$root/var/lib/rpm/marker"
chmod 0644 "$root/var/lib/rpm/marker"
install -m 0755 "$here/sharedfs-check" "$root/sbin/sharedfs-check"
# minbase has no cron; an image that has one has this file, which the tests customize per VE
[ -e "$root/etc/crontab" ] || printf '# /etc/crontab of the image\n' >"$root/etc/crontab"

sum=$(cat "$node_boot/initramfs-tools/hooks/sharedfs" "$node_boot/initramfs-tools/scripts/sharedfs" | md5sum | cut -d' ' -f1)
if [ "$(cat "$root/.sharedfs-component" 2>/dev/null || true)" != "$sum" ] || ! ls "$root"/boot/initrd.img-* >/dev/null 2>&1; then
	say "installing the component into the image (node-boot/install.sh)"
	"$node_boot/install.sh" "$root" >"$root.install.log" 2>&1 || {
		say "install.sh failed, see $root.install.log"
		tail -5 "$root.install.log"
		exit 1
	}
	echo "$sum" >"$root/.sharedfs-component"
fi
say "ready: $root ($(find "$root/boot" -name 'vmlinuz-*' | sort -V | tail -1))"
