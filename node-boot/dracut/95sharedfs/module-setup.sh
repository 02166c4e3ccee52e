#!/bin/bash
# dracut module 95sharedfs: the root file system and the node's private dirs over NFS from sharedfs, for
# RHEL-family images (the initramfs-tools component's counterpart). Install the directory, with its
# sharedfs-lib.sh dereferenced (cp -rL), as /usr/lib/dracut/modules.d/95sharedfs and build with
#   dracut --add sharedfs --no-hostonly --force /boot/initramfs-$(uname -r).img $(uname -r)
# Boot with: root=sharedfs sharedfs.url=http://HOST:PORT [sharedfs.node=VE/VEM] ip=... rd.neednet=1
# (boot=sharedfs is taken for root=sharedfs too).
# The mount logic is the initramfs-tools script itself (sharedfs-lib.sh -> initramfs-tools/scripts/sharedfs);
# sharedfs-root.sh runs it as dracut's netroot handler once the network is up.

# shellcheck disable=SC2154 # initdir, moddir: set by dracut

check() {
    # never included on its own (hostonly): only with --add sharedfs
    return 255
}

depends() {
    # network: ip= handling and the netroot hook that calls /sbin/sharedfsroot
    echo network
}

installkernel() {
    instmods nfs nfsv3 sunrpc lockd virtio_pci virtio_net e1000 e1000e
}

install() {
    # util-linux mount/umount hand NFS options to mount(2) as text with mount -i (no mount.nfs needed)
    mkdir -p "${initdir}/usr/lib/sharedfs"
    inst_simple "$(command -v mount)" /usr/lib/sharedfs/mount
    inst_simple "$(command -v umount)" /usr/lib/sharedfs/umount
    inst_libdir_file "libmount.so*" "libblkid.so*" "libselinux.so*" "libpcre2-8.so*" 2>/dev/null
    inst_multiple curl timeout od tr sed cp find wc sleep cut mkdir mv readlink
    inst_simple "$moddir/sharedfs-lib.sh" /lib/sharedfs-lib.sh
    inst_script "$moddir/sharedfs-root.sh" /sbin/sharedfsroot
    inst_hook cmdline 90 "$moddir/parse-sharedfs.sh"
    dracut_need_initqueue
}
