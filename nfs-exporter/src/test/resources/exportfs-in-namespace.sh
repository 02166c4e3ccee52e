#!/bin/sh
# exportfs -ra of one exports file inside a private mount namespace: the host's own tables stay untouched.
exec unshare -m sh -ec '
  mount -t tmpfs sharedfs-etab /var/lib/nfs
  if [ -d /etc/exports.d ]; then mount -t tmpfs sharedfs-exports /etc/exports.d; fi
  mount --bind "$0" /etc/exports
  exportfs -ra' "$1"
