#!/bin/sh
# Entry point of sharedfs's NFS-Ganesha container (docker-compose.yml, service ganesha):
#   1. the exporter's configuration directory (a volume shared with nfs-exporter): created, handed to
#      nfs-exporter's user, and an empty exports.conf when there is none (Ganesha refuses a missing %include);
#   2. a private DBus system bus whose socket lies in a volume shared with nfs-exporter, open to root and to
#      nfs-exporter's user only;
#   3. rpcbind (NFSv3 clients find the NFS and mountd ports through it);
#   4. ganesha.nfsd in the foreground, logging to the container's output.
# Ganesha leaves the bus when it goes away (libdbus exits the process), so the container ends with it.
set -eu

CONFIG_DIR=/etc/ganesha/sharedfs            # the %include in /etc/ganesha/ganesha.conf names this directory
DBUS_DIR=/run/sharedfs-dbus                 # nfs-exporter: unix:path=/run/sharedfs-dbus/bus.sock
DBUS_SOCKET="$DBUS_DIR/bus.sock"
EXPORTER_UID="${SHAREDFS_EXPORTER_UID:-185}" # the user nfs-exporter's container runs as (its image's default)
START_TIMEOUT="${SHAREDFS_GANESHA_START_TIMEOUT:-30}"

log() { printf 'sharedfs-ganesha: %s\n' "$*"; }

case "$EXPORTER_UID" in
    '' | *[!0-9]*) log "SHAREDFS_EXPORTER_UID must be a number, got '$EXPORTER_UID'"; exit 1 ;;
esac

wait_until() { # wait_until WHAT COMMAND...: polls every 0.2 s, fails after START_TIMEOUT seconds
    what="$1"
    shift
    tries=$((START_TIMEOUT * 5))
    until "$@" >/dev/null 2>&1; do
        tries=$((tries - 1))
        if [ "$tries" -le 0 ]; then
            log "no $what after $START_TIMEOUT s"
            exit 1
        fi
        sleep 0.2
    done
}

# 1. nfs-exporter writes exports.conf (replacing it by rename), export.d/ and its state file here.
mkdir -p "$CONFIG_DIR"
[ -e "$CONFIG_DIR/exports.conf" ] || : >"$CONFIG_DIR/exports.conf"
chown "$EXPORTER_UID" "$CONFIG_DIR"
chmod 0755 "$CONFIG_DIR"

# 2. The private bus. Its policy names users, not uids (dbus-daemon ignores <allow user="185"/> as an unknown
# user name), so nfs-exporter's uid gets a name in this container when it has none.
EXPORTER_USER="$(getent passwd "$EXPORTER_UID" | cut -d: -f1)"
if [ -z "$EXPORTER_USER" ]; then
    EXPORTER_USER=sharedfs-exporter
    printf '%s:x:%s:%s:sharedfs nfs-exporter (DBus client):/nonexistent:/usr/sbin/nologin\n' \
        "$EXPORTER_USER" "$EXPORTER_UID" "$EXPORTER_UID" >>/etc/passwd
fi
mkdir -p "$DBUS_DIR"
chmod 0755 "$DBUS_DIR"
rm -f "$DBUS_SOCKET"
cat >/run/sharedfs-dbus.conf <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<!-- Written by the ganesha container's entrypoint on every start. -->
<busconfig>
  <type>system</type>
  <listen>unix:path=$DBUS_SOCKET</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="root"/>
    <allow user="$EXPORTER_USER"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="false"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
EOF
log "starting the DBus bus on $DBUS_SOCKET (users root and $EXPORTER_USER, uid $EXPORTER_UID)"
dbus-daemon --config-file=/run/sharedfs-dbus.conf --nofork --nopidfile &
wait_until "DBus bus on $DBUS_SOCKET" dbus-send --bus="unix:path=$DBUS_SOCKET" --print-reply \
    --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.GetId

# 3. rpcbind (-f: foreground; -w: warm start from its last state).
log "starting rpcbind"
mkdir -p /run/rpcbind
rpcbind -f -w &
wait_until "rpcbind on port 111" rpcinfo -p 127.0.0.1

# 4. Ganesha, as this shell's process (it receives docker stop's SIGTERM and shuts down cleanly).
mkdir -p /run/ganesha /var/lib/nfs/ganesha
log "starting ganesha.nfsd (exports: $CONFIG_DIR/exports.conf)"
DBUS_SYSTEM_BUS_ADDRESS="unix:path=$DBUS_SOCKET"
export DBUS_SYSTEM_BUS_ADDRESS
exec ganesha.nfsd -F -f /etc/ganesha/ganesha.conf -L /dev/stdout -p /run/ganesha/ganesha.pid -N NIV_EVENT
