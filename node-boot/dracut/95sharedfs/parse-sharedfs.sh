#!/bin/sh
# dracut cmdline hook of 95sharedfs: root=sharedfs (or boot=sharedfs) hands the root to /sbin/sharedfsroot,
# which dracut's network module runs once an interface is up (netroot handler).
# shellcheck shell=sh
# shellcheck disable=SC2154 # hookdir: set by dracut
# shellcheck source=/dev/null
command -v getarg >/dev/null || . /lib/dracut-lib.sh

if [ "$(getarg root=)" = sharedfs ] || [ "$(getarg boot=)" = sharedfs ]; then
    [ -n "$(getarg sharedfs.url=)" ] || die "sharedfs: no sharedfs.url=http://HOST:PORT on the kernel command line"
    # shellcheck disable=SC2034 # read by dracut's init and network module
    root=sharedfs
    # shellcheck disable=SC2034
    rootok=1
    # shellcheck disable=SC2034
    netroot=sharedfs
    # the initqueue is finished only when every mount of the node's table is done
    echo '[ -e /tmp/sharedfs.done ]' >"$hookdir/initqueue/finished/sharedfs.sh"
fi
