#!/bin/sh
# boot-probe: a real kernel boots in QEMU with its root over NFS from NFS-Ganesha on this host, mounted by
# sharedfs's initramfs-tools component (node-boot/initramfs-tools). Run by hand as root; idempotent.
#
# Usage: node-boot/test/boot-probe.sh
# Environment: SHAREDFS_BOOT_WORK (scratch dir, default /work/scratch/boot), BOOT_TIMEOUT (s per boot, 600),
#              DRACUT_INITRD (also boot that dracut-built initrd, root=sharedfs; see docs/node-boot.md),
#              GUEST_IFACE (the NIC's name in the initramfs, default ens3: udev in the initramfs renames eth0; "" = ipconfig tries any).
# It
#   1. installs what is missing of: qemu-system-x86 debootstrap nfs-ganesha nfs-ganesha-vfs rpcbind dbus
#      iproute2 python3;
#   2. builds a Debian bookworm tree once ($WORK/rootfs, debootstrap --variant=minbase), installs the
#      component with node-boot/install.sh (again whenever hook or script changed), copies kernel + initrd;
#   3. lays out the on-disk layout of node VE 10 / VEM 3 in that tree (<root>/private/10/3/{etc,var,tmp,
#      custom} as fresh copies, <root>/private/10/custom), a marker in the shared subdir var/lib/rpm and a
#      file in the RAM dir var/run to prove the seeding;
#   4. a tap device sfs-tap0 with 10.77.0.1/24 (the guest is 10.77.0.2);
#   5. rpcbind (unless one runs), a private DBus bus and NFS-Ganesha on 10.77.0.1 (NFS 20490, MOUNT 20048);
#   6. a stand-in of nfs-exporter's boot API on 10.77.0.1:18084 (GET /boot/fstab, POST /boot/report);
#   7. boots QEMU (TCG) twice with init=/sbin/sharedfs-check (node-boot/test/sharedfs-check): every check
#      must pass, the second boot must see what the first wrote to /var, and the file must be on the host;
#   8. prints the boot times, then tears everything down (also on failure or ^C).
# The last line is "boot-probe: N passed, M failed"; the exit code is 0 only when nothing failed.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
NODE_BOOT=$(cd "$HERE/.." && pwd)
WORK=${SHAREDFS_BOOT_WORK:-/work/scratch/boot}
ROOT=$WORK/rootfs
RUN=$WORK/run
BOOT_TIMEOUT=${BOOT_TIMEOUT:-600}
GUEST_IFACE=${GUEST_IFACE-ens3}
TAP=sfs-tap0
HOST_IP=10.77.0.1
GUEST_IP=10.77.0.2
HTTP_PORT=18084
NFS_PORT=20490
MNT_PORT=20048
PACKAGES="qemu-system-x86 debootstrap nfs-ganesha nfs-ganesha-vfs rpcbind dbus iproute2"

passed=0
failed=0
say() { printf 'boot-probe: %s\n' "$*"; }
die() {
	say "ERROR: $*"
	exit 1
}
pass() {
	passed=$((passed + 1))
	say "PASS $*"
}
fail() {
	failed=$((failed + 1))
	say "FAIL $*"
}

[ "$(id -u)" = 0 ] || die "run as root (tap device, NFS-Ganesha, chroot)"
[ -c /dev/net/tun ] || die "no /dev/net/tun"

# --- 9. teardown, whatever happens ----------------------------------------------------------------------
QEMU_PID=""
HTTP_PID=""
DBUS_PID=""
RPCBIND_STARTED=n
teardown() {
	set +e
	[ -n "$QEMU_PID" ] && kill "$QEMU_PID" 2>/dev/null
	[ -n "$HTTP_PID" ] && kill "$HTTP_PID" 2>/dev/null
	if [ -f "$RUN/ganesha.pid" ]; then
		pid=$(cat "$RUN/ganesha.pid")
		[ -n "$pid" ] && kill "$pid" 2>/dev/null
		sleep 1
		[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
		rm -f "$RUN/ganesha.pid"
	fi
	[ -n "$DBUS_PID" ] && kill "$DBUS_PID" 2>/dev/null
	if [ "$RPCBIND_STARTED" = y ] && [ -f "$RUN/rpcbind.pid" ]; then
		kill "$(cat "$RUN/rpcbind.pid")" 2>/dev/null
	fi
	ip link show "$TAP" >/dev/null 2>&1 && ip link delete "$TAP"
	for d in proc sys dev; do
		grep -q " $ROOT/$d " /proc/mounts && umount -l "$ROOT/$d"
	done
	return 0
}
trap 'teardown' EXIT
trap 'exit 130' INT TERM

mkdir -p "$WORK" "$RUN"

# --- 1. packages ----------------------------------------------------------------------------------------
missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
if [ -n "$missing" ]; then
	say "installing:$missing"
	apt-get update -q >/dev/null
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >"$WORK/apt.log" 2>&1 ||
		die "apt-get install$missing failed, see $WORK/apt.log"
fi

# --- 2. the image ---------------------------------------------------------------------------------------
"$HERE/build-image.sh" "$ROOT" || die "building the image failed"
mkdir -p "$ROOT/custom/node" "$ROOT/custom/ve"
kernel=$(find "$ROOT/boot" -name 'vmlinuz-*' | sort -V | tail -1)
initrd="$ROOT/boot/initrd.img-${kernel##*/vmlinuz-}"
cp "$kernel" "$WORK/vmlinuz"
cp "$initrd" "$WORK/initrd.img"

# --- 3. the on-disk layout of node 10/3 (fresh on every run) --------------------------------------------
rm -rf "$ROOT/private"
mkdir -m 0700 "$ROOT/private"
mkdir -p "$ROOT/private/10/3" "$ROOT/private/10/3/custom" "$ROOT/private/10/custom"
for d in etc var tmp; do
	cp -a "$ROOT/$d" "$ROOT/private/10/3/$d"
done
find "$ROOT/private/10/3/var/run" -mindepth 1 -delete     # the RAM dir is seeded at boot
find "$ROOT/private/10/3/var/lib/rpm" -mindepth 1 -delete # the shared subdir is mounted from the image
echo "private files of node 10/3" >"$ROOT/private/10/3/custom/owner"
echo "custom files of VE 10" >"$ROOT/private/10/custom/owner"

# --- 4. the tap device ----------------------------------------------------------------------------------
ip link show "$TAP" >/dev/null 2>&1 && ip link delete "$TAP"
ip tuntap add "$TAP" mode tap
ip addr add "$HOST_IP/24" dev "$TAP"
ip link set "$TAP" up

# --- 5. rpcbind, DBus, NFS-Ganesha ----------------------------------------------------------------------
if ! pidof rpcbind >/dev/null 2>&1; then
	rpcbind -w
	RPCBIND_STARTED=y
	pidof rpcbind >"$RUN/rpcbind.pid"
fi
rm -f "$RUN/bus"
cat >"$RUN/dbus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$RUN/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="root"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="false"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
EOF
dbus-daemon --config-file="$RUN/dbus.conf" --nofork --nopidfile >"$RUN/dbus.log" 2>&1 &
DBUS_PID=$!
n=0
until [ -S "$RUN/bus" ]; do
	n=$((n + 1))
	[ "$n" -lt 50 ] || die "no DBus socket $RUN/bus"
	sleep 0.1
done

export_block() { # ID PATH PSEUDO RO|RW SQUASH
	cat <<EOF
EXPORT {
	Export_Id = $1;
	Path = "$2";
	Pseudo = "$3";
	Protocols = 3, 4;
	Transports = TCP;
	SecType = sys;
	Access_Type = None;
	Squash = Root_Squash;
	FSAL { Name = VFS; }
	CLIENT { Clients = $GUEST_IP; Access_Type = $4; Squash = $5; PrivilegedPort = true; }
}
EOF
}
mkdir -p "$RUN/recovery"
{
	cat <<EOF
NFS_CORE_PARAM {
	Bind_addr = $HOST_IP;
	NFS_Port = $NFS_PORT;
	MNT_Port = $MNT_PORT;
	Protocols = 3, 4;
	Mount_Path_Pseudo = true;
	Enable_NLM = false;
	Enable_RQUOTA = false;
}
NFSV4 { Graceless = true; RecoveryRoot = "$RUN/recovery"; }
EXPORT_DEFAULTS { Access_Type = None; Squash = Root_Squash; SecType = sys; }
EOF
	export_block 1001 "$ROOT" /sharedfs/10/3/image RO Root_Squash
	export_block 1002 "$ROOT/private/10/3/etc" /sharedfs/10/3/private/etc RW No_Root_Squash
	export_block 1003 "$ROOT/private/10/3/var" /sharedfs/10/3/private/var RW No_Root_Squash
	export_block 1004 "$ROOT/private/10/3/tmp" /sharedfs/10/3/private/tmp RW No_Root_Squash
	export_block 1005 "$ROOT/private/10/3/custom" /sharedfs/10/3/private/custom RW No_Root_Squash
	export_block 1006 "$ROOT/private/10/custom" /sharedfs/10/3/ve-custom RW Root_Squash
} >"$RUN/ganesha.conf"
: >"$RUN/ganesha.log"
DBUS_SYSTEM_BUS_ADDRESS="unix:path=$RUN/bus" \
	ganesha.nfsd -F -f "$RUN/ganesha.conf" -L "$RUN/ganesha.log" -p "$RUN/ganesha.pid" -N NIV_EVENT \
	>"$RUN/ganesha.out" 2>&1 &
echo $! >"$RUN/ganesha.pid"
n=0
# Ganesha listens on an IPv6 socket: ss shows Bind_addr as [::ffff:10.77.0.1]:PORT
until grep -q 'NFS SERVER INITIALIZED' "$RUN/ganesha.log" && ss -ltn | grep -Eq "(\[::ffff:)?$HOST_IP\]?:$NFS_PORT "; do
	n=$((n + 1))
	kill -0 "$(cat "$RUN/ganesha.pid")" 2>/dev/null || die "ganesha.nfsd exited: $(tail -5 "$RUN/ganesha.log" "$RUN/ganesha.out")"
	[ "$n" -lt 300 ] || die "Ganesha did not come up in 30 s, see $RUN/ganesha.log"
	sleep 0.1
done
say "NFS-Ganesha serves on $HOST_IP:$NFS_PORT (MOUNT $MNT_PORT)"

# --- 6. the boot API stand-in ---------------------------------------------------------------------------
cat >"$RUN/fstab" <<EOF
# sharedfs mount table of node 10/3 ($GUEST_IP), image $ROOT on $HOST_IP; parents before children
$HOST_IP:/sharedfs/10/3/image / nfs ro,nfsvers=3,proto=tcp,hard,port=$NFS_PORT,mountport=$MNT_PORT 0 0
$HOST_IP:/sharedfs/10/3/private/custom /custom/node nfs rw,nfsvers=3,proto=tcp,hard,port=$NFS_PORT,mountport=$MNT_PORT 0 0
$HOST_IP:/sharedfs/10/3/ve-custom /custom/ve nfs rw,nfsvers=3,proto=tcp,hard,port=$NFS_PORT,mountport=$MNT_PORT 0 0
$HOST_IP:/sharedfs/10/3/private/etc /etc nfs rw,nfsvers=3,proto=tcp,hard,port=$NFS_PORT,mountport=$MNT_PORT 0 0
proc /proc proc nosuid,nodev,noexec 0 0
$HOST_IP:/sharedfs/10/3/private/tmp /tmp nfs rw,nfsvers=3,proto=tcp,hard,port=$NFS_PORT,mountport=$MNT_PORT 0 0
$HOST_IP:/sharedfs/10/3/private/var /var nfs rw,nfsvers=3,proto=tcp,hard,port=$NFS_PORT,mountport=$MNT_PORT 0 0
$HOST_IP:/sharedfs/10/3/image/var/lib/rpm /var/lib/rpm nfs ro,nfsvers=3,proto=tcp,hard,port=$NFS_PORT,mountport=$MNT_PORT 0 0
# /var/run: RAM dir, seed from $HOST_IP:/sharedfs/10/3/image/var/run
tmpfs /var/run tmpfs nosuid,nodev 0 0
EOF
# node 10/5: the same up to /var, then an export Ganesha does not have
sed -n '1,/ \/var nfs /p' "$RUN/fstab" >"$RUN/fstab.broken"
echo "$HOST_IP:/sharedfs/10/5/no-such-export /var/lib/rpm nfs ro,nfsvers=3,proto=tcp,hard,port=$NFS_PORT,mountport=$MNT_PORT 0 0" >>"$RUN/fstab.broken"
cat >"$RUN/bootapi.py" <<'EOF'
# The probe's stand-in of nfs-exporter's boot API: GET /boot/fstab for the one node, POST /boot/report logged.
import http.server, sys, time, urllib.parse

host, port, node_ip, fstab, log = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]

class Api(http.server.BaseHTTPRequestHandler):
    def log_line(self, text):
        with open(log, "a") as f:
            f.write("%.3f %s %s\n" % (time.time(), self.client_address[0], text))

    def answer(self, code, body=b"", kind="text/plain"):
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        node = urllib.parse.parse_qs(url.query).get("node", [None])[0]
        if url.path != "/boot/fstab":
            return self.answer(404, b"no such resource\n")
        # 10/3 (or no node=): the table; 10/5: the table with an export that does not exist; else 404
        if self.client_address[0] != node_ip or node not in (None, "10/3", "10/5"):
            self.log_line("GET %s -> 404" % self.path)
            return self.answer(404, b"no node at this address\n")
        self.log_line("GET %s -> 200" % self.path)
        with open(fstab + (".broken" if node == "10/5" else ""), "rb") as f:
            self.answer(200, f.read())

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8", "replace")
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/boot/report":
            return self.answer(404, b"no such resource\n")
        self.log_line("POST %s [%s] %s" % (self.path, self.headers.get("Content-Type"), body))
        self.answer(204)

    def log_message(self, *args):
        pass

http.server.ThreadingHTTPServer((host, port), Api).serve_forever()
EOF
: >"$RUN/reports.log"
python3 "$RUN/bootapi.py" "$HOST_IP" "$HTTP_PORT" "$GUEST_IP" "$RUN/fstab" "$RUN/reports.log" >"$RUN/bootapi.out" 2>&1 &
HTTP_PID=$!
n=0
until ss -ltn | grep -q "$HOST_IP:$HTTP_PORT "; do
	n=$((n + 1))
	kill -0 "$HTTP_PID" 2>/dev/null || die "the boot API stand-in exited: $(cat "$RUN/bootapi.out")"
	[ "$n" -lt 100 ] || die "the boot API stand-in did not listen"
	sleep 0.1
done

# --- 7./8. two boots ------------------------------------------------------------------------------------
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
APPEND="console=ttyS0 panic=-1 boot=sharedfs sharedfs.url=http://$HOST_IP:$HTTP_PORT sharedfs.node=10/3"
APPEND="$APPEND ip=$GUEST_IP::$HOST_IP:255.255.255.0:node3:$GUEST_IFACE:off init=/sbin/sharedfs-check"
summary=""
# run_qemu NAME APPEND: one boot, console in $WORK/console-NAME.log(.txt); sets rc, t0, t_exit and reports
# (the boot API log lines of this boot)
run_qemu() {
	console="$WORK/console-$1.log"
	before=$(wc -l <"$RUN/reports.log")
	say "boot $1: QEMU (TCG), console in $console"
	t0=$(now)
	timeout "$BOOT_TIMEOUT" qemu-system-x86_64 -accel tcg -nographic -no-reboot -m 768 -smp 1 \
		-kernel "$WORK/vmlinuz" -initrd "$WORK/initrd.img" -append "$2" \
		-netdev "tap,id=n0,ifname=$TAP,script=no,downscript=no" \
		-device virtio-net-pci,netdev=n0,mac=52:54:00:77:00:02 \
		</dev/null >"$console" 2>&1 &
	QEMU_PID=$!
	rc=0
	wait "$QEMU_PID" || rc=$?
	QEMU_PID=""
	t_exit=$(now)
	tr -d '\r' <"$console" >"$console.txt"
	reports=$(tail -n +"$((before + 1))" "$RUN/reports.log")
	printf '%s\n' "$reports" | sed 's/^/boot-probe:   report: /'
}
# boot 1 with a cold page cache on the server, boot 2 right after it (warm)
sync
echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || say "could not drop the page cache: boot 1 is not cold"
for boot in 1 2; do
	run_qemu "$boot" "$APPEND"
	console="$WORK/console-$boot.log"
	[ "$rc" -eq 0 ] || fail "boot $boot: QEMU exit code $rc (124: timed out after ${BOOT_TIMEOUT}s)"
	t_booted=$(printf '%s\n' "$reports" | awk '/stage=booted/ { print $1; exit }')
	if printf '%s\n' "$reports" | grep -q 'stage=mounted'; then pass "boot $boot: stage=mounted reported"; else fail "boot $boot: stage=mounted reported"; fi
	if [ -n "$t_booted" ]; then pass "boot $boot: stage=booted reported"; else fail "boot $boot: stage=booted reported"; fi
	if grep -q 'sharedfs-check: [0-9]* passed, 0 failed' "$console.txt"; then
		pass "boot $boot: $(grep -o 'sharedfs-check: [0-9]* passed, 0 failed' "$console.txt")"
	else
		fail "boot $boot: the checks in the guest: $(grep 'sharedfs-check: FAIL\|sharedfs-check: [0-9]* passed' "$console.txt" | tr '\n' ';')"
		say "boot $boot: last console lines:"
		tail -25 "$console.txt" | sed 's/^/boot-probe:   | /'
	fi
	grep 'sharedfs-check: FAIL' "$console.txt" | sed 's/^/boot-probe:   /' || true
	on_disk=$(cat "$ROOT/private/10/3/var/sharedfs-probe/boots" 2>/dev/null || echo none)
	if [ "$on_disk" = "$boot" ]; then
		pass "boot $boot: the guest's /var/sharedfs-probe/boots is $boot on the host"
	else
		fail "boot $boot: the guest's /var/sharedfs-probe/boots on the host is $on_disk, not $boot"
	fi
	if [ "$boot" = 2 ]; then
		if grep -q "PASS the previous boot's file on /var is there" "$console.txt"; then
			pass "boot 2 saw the file boot 1 wrote to /var"
		else
			fail "boot 2 saw the file boot 1 wrote to /var"
		fi
	fi
	k_init=$(sed -n 's/^\[ *\([0-9.]*\)\] Run \/init as init process.*/\1/p' "$console.txt" | head -1)
	k_mounted=$(sed -n 's/^sharedfs: all mounts done (uptime \([0-9.]*\)s).*/\1/p' "$console.txt" | head -1)
	k_done=$(sed -n 's/^sharedfs-check: done at uptime \([0-9.]*\)s.*/\1/p' "$console.txt" | head -1)
	line="boot $boot: QEMU start -> stage=booted $( [ -n "$t_booted" ] && elapsed "$t0" "$t_booted" || echo '?')s, QEMU exit $(elapsed "$t0" "$t_exit")s;"
	line="$line kernel clock: initramfs /init at ${k_init:-?}s, all mounts at ${k_mounted:-?}s, checks done at ${k_done:-?}s"
	say "$line"
	summary="$summary$line
"
done

# --- the failure paths: a node the server does not know (404), a table whose last NFS mount fails ----------
FAIL_APPEND="console=ttyS0 panic=-1 boot=sharedfs sharedfs.url=http://$HOST_IP:$HTTP_PORT sharedfs.mount_tries=2"
FAIL_APPEND="$FAIL_APPEND ip=$GUEST_IP::$HOST_IP:255.255.255.0:node3:$GUEST_IFACE:off init=/sbin/sharedfs-check"
run_qemu fail-404 "$FAIL_APPEND sharedfs.node=10/9 sharedfs.timeout=5"
if [ "$rc" -eq 0 ] && grep -q 'sharedfs: waiting for the mount table .*(404)' "$console.txt" &&
	printf '%s\n' "$reports" | grep -q 'stage=failed&error=no%20mount%20table' &&
	grep -q 'Rebooting automatically due to panic= boot argument' "$console.txt" &&
	! grep -q 'sharedfs-check:' "$console.txt"; then
	pass "unknown node: said it waits for a 404, gave up after sharedfs.timeout, reported stage=failed, stopped"
else
	fail "unknown node (10/9): see $console.txt"
fi
run_qemu fail-mount "$FAIL_APPEND sharedfs.node=10/5"
if [ "$rc" -eq 0 ] && grep -q 'sharedfs: FAILED: mount -t nfs' "$console.txt" &&
	[ "$(grep -c '^sharedfs: unmounted ' "$console.txt")" = "$(grep -c '^sharedfs: mounted ' "$console.txt")" ] &&
	grep '^sharedfs: unmounted ' "$console.txt" | head -1 | grep -q ' /root/var$' &&
	grep '^sharedfs: unmounted ' "$console.txt" | tail -1 | grep -q ' /root$' &&
	printf '%s\n' "$reports" | grep -q 'stage=failed&error=mount' &&
	! printf '%s\n' "$reports" | grep -q 'stage=mounted' && ! grep -q 'sharedfs-check:' "$console.txt"; then
	pass "failing mount: $(grep -c '^sharedfs: unmounted ' "$console.txt") mounts undone newest first, stage=failed reported, boot stopped"
else
	fail "failing mount (10/5): see $console.txt"
fi
grep '^sharedfs: \(FAILED\|unmounted\)' "$console.txt" | sed 's/^/boot-probe:   | /'

# --- optional: the dracut module (DRACUT_INITRD=an initrd built with dracut --add sharedfs, same kernel) ------
if [ -n "${DRACUT_INITRD:-}" ]; then
	DRACUT_APPEND="console=ttyS0 panic=-1 root=sharedfs sharedfs.url=http://$HOST_IP:$HTTP_PORT sharedfs.node=10/3"
	# dracut's initramfs (no systemd, network-legacy) does not rename the NIC: it stays eth0
	DRACUT_APPEND="$DRACUT_APPEND ip=$GUEST_IP::$HOST_IP:255.255.255.0:node3:${DRACUT_IFACE:-eth0}:off rd.neednet=1 rd.shell=0"
	DRACUT_APPEND="$DRACUT_APPEND init=/sbin/sharedfs-check"
	cp "$DRACUT_INITRD" "$WORK/initrd-dracut.img"
	saved_initrd="$WORK/initrd.img"
	cp "$WORK/initrd-dracut.img" "$WORK/initrd.img"
	run_qemu dracut "$DRACUT_APPEND"
	cp "$initrd" "$saved_initrd"
	if [ "$rc" -eq 0 ] && printf '%s\n' "$reports" | grep -q 'stage=mounted' &&
		grep -q 'sharedfs-check: [0-9]* passed, 0 failed' "$console.txt"; then
		pass "dracut: $(grep -o 'sharedfs-check: [0-9]* passed, 0 failed' "$console.txt")"
	else
		fail "dracut boot (exit code $rc): see $console.txt"
		tail -25 "$console.txt" | sed 's/^/boot-probe:   | /'
	fi
	k_done=$(sed -n 's/^sharedfs-check: done at uptime \([0-9.]*\)s.*/\1/p' "$console.txt" | head -1)
	summary="${summary}dracut boot: QEMU exit $(elapsed "$t0" "$t_exit")s; kernel clock: checks done at ${k_done:-?}s
"
fi

say "figures:"
printf '%s' "$summary" | sed 's/^/boot-probe:   /'
say "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
