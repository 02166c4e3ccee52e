#!/bin/sh
# /sbin/sharedfsroot NETIF NETROOT NEWROOT: dracut's netroot handler of 95sharedfs. Runs the same steps as
# the initramfs-tools script (sharedfs-lib.sh): fetch the node's mount table from sharedfs.url, mount it
# on $NEWROOT in order (rolled back on any failure), report stage=mounted or stage=failed.
# shellcheck shell=sh
# shellcheck disable=SC2317 # the stand-ins below are called from sharedfs-lib.sh
# shellcheck source=/dev/null
. /lib/dracut-lib.sh
# shellcheck source=sharedfs-lib.sh
. /lib/sharedfs-lib.sh

[ -e /tmp/sharedfs.done ] && exit 0 # a second interface came up: already mounted

rootmnt="${3:-$NEWROOT}"
# what scripts/sharedfs expects from initramfs-tools, the dracut way
quiet=n
panic() {
    warn "$*"
    die "$*"
}
wait_for_udev() { :; }
configure_networking() { :; } # dracut configured the interface (ip=) before it called this handler

mkdir -p "$SHAREDFS_RUN"
sharedfs_params
sharedfs_say "root from the sharedfs boot API at $SHAREDFS_URL${SHAREDFS_NODE:+, node $SHAREDFS_NODE} (via ${1:-?})"
for m in sunrpc lockd nfs nfsv3; do
    modprobe -q "$m" 2>/dev/null || true
done
sharedfs_fetch_fstab || sharedfs_fail "$SHAREDFS_ERROR"
sharedfs_mount_all || sharedfs_fail "$SHAREDFS_ERROR"
sharedfs_report "stage=mounted"
sharedfs_say "all mounts done"
: >/tmp/sharedfs.done
exit 0
