/*
 * nfsprobe.c - a tiny NFS client for tests, built on libnfs (>= 4.0).
 *
 * Usage:
 *   [SRC_ADDR=a.b.c.d LD_PRELOAD=bindshim.so] nfsprobe [options] SERVER VERSION COMMAND ARGS...
 *
 * Options (before SERVER):
 *   -p PORT     NFS port (default: portmapper for v3, 2049 for v4)
 *   -m PORT     MOUNT port for v3 (default: portmapper)
 *   -n PATH     network namespace to enter first (e.g. /proc/PID/ns/net)
 *   -u UID      AUTH_SYS uid (default: the caller's uid)
 *   -g GID      AUTH_SYS gid (default: the caller's gid)
 *   -t MS       overall timeout in milliseconds (default 10000)
 *
 * VERSION is 3 or 4. EXPORT is an export's pseudo path (e.g. /sharedfs/10/1/var);
 * paths inside it are relative to the export root ("/" or "" is the root).
 *
 * Commands (high-level libnfs API):
 *   null                       RPC NULL to NFS (and MOUNT for v3)
 *   mount  EXPORT              does the mount succeed
 *   ls     EXPORT [DIR]        sorted names, comma separated, %XX-escaped
 *   cat    EXPORT FILE         content, hex
 *   write  EXPORT FILE HEX     create/truncate FILE and write HEX bytes
 *   mkdir  EXPORT DIR
 *   rm     EXPORT FILE
 *   stat   EXPORT [PATH]       type= mode= uid= gid= size= ino= nlink= (lstat)
 * Raw commands (v3: MOUNT3/NFS3 procedures; v4: COMPOUNDs, minor version 0):
 *   fh         EXPORT [PATH]   hex file handle of PATH inside EXPORT
 *                              (v3: MNT + LOOKUPs, v4: PUTROOTFH + LOOKUPs + GETFH)
 *   getattr-fh HEXFH           type= mode= uid= gid= size= fileid= fsid=
 *   readdir-fh HEXFH           sorted names, like ls
 *   read-fh    HEXFH           content, hex (v4: anonymous stateid)
 *   write-fh   HEXFH HEX       write HEX at offset 0, FILE_SYNC; prints count
 *   lookup-fh  HEXFH NAME      hex handle of NAME in directory HEXFH
 *                              (v4: ".." is sent as LOOKUPP)
 *
 * Output: exactly one line on stdout,
 *   OK <payload>               exit 0
 *   ERR <CODE> <message>       exit 2: refused or failed NFS operation; CODE is
 *                              an NFS status name (NFS3ERR_ACCES, MNT3ERR_ACCES,
 *                              NFS4ERR_NOENT, ...), an errno name (EACCES, ...),
 *                              RPC_DENIED (the server rejected the RPC itself:
 *                              reply_stat MSG_DENIED), CONNECT, RPC or TIMEOUT
 *   ERR USAGE <message>        exit 1: bad command line
 *
 * Build: gcc -O2 -Wall -o nfsprobe nfsprobe.c -lnfs   (Debian: libnfs-dev)
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <nfsc/libnfs.h>
#include <nfsc/libnfs-raw.h>
#include <nfsc/libnfs-raw-mount.h>
#include <nfsc/libnfs-raw-nfs.h>
#include <nfsc/libnfs-raw-nfs4.h>

#define MAX_NAMES 65536
#define MAX_DATA (16 * 1024 * 1024)
#define CHUNK 65536

/* ------------------------------------------------------------------ */
/* options and output                                                  */
/* ------------------------------------------------------------------ */

static struct {
	const char *server;
	int version;
	int nfsport;
	int mountport;
	int uid;
	int gid;
	int timeout_ms;
	const char *netns;
} opt = { NULL, 3, 0, 0, -1, -1, 10000, NULL };

static struct timespec deadline;

/* Prints text on one line, replacing control characters. */
static void print_clean(const char *s)
{
	for (; s != NULL && *s; s++)
		putchar(iscntrl((unsigned char)*s) ? ' ' : *s);
}

static void ok(const char *fmt, ...)
{
	va_list ap;

	fputs("OK", stdout);
	if (fmt != NULL && *fmt) {
		putchar(' ');
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
	}
	putchar('\n');
	fflush(stdout);
	exit(0);
}

static void fail(int exit_code, const char *code, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("ERR %s ", code);
	print_clean(msg);
	putchar('\n');
	fflush(stdout);
	exit(exit_code);
}

#define usage(...) fail(1, "USAGE", __VA_ARGS__)
#define nfs_fail(code, ...) fail(2, code, __VA_ARGS__)

/* ------------------------------------------------------------------ */
/* status names                                                        */
/* ------------------------------------------------------------------ */

struct code_name {
	int code;
	const char *name;
};

#define N(x) { x, #x }
static const struct code_name nfs3_names[] = {
	N(NFS3_OK), N(NFS3ERR_PERM), N(NFS3ERR_NOENT), N(NFS3ERR_IO),
	N(NFS3ERR_NXIO), N(NFS3ERR_ACCES), N(NFS3ERR_EXIST), N(NFS3ERR_XDEV),
	N(NFS3ERR_NODEV), N(NFS3ERR_NOTDIR), N(NFS3ERR_ISDIR), N(NFS3ERR_INVAL),
	N(NFS3ERR_FBIG), N(NFS3ERR_NOSPC), N(NFS3ERR_ROFS), N(NFS3ERR_MLINK),
	N(NFS3ERR_NAMETOOLONG), N(NFS3ERR_NOTEMPTY), N(NFS3ERR_DQUOT),
	N(NFS3ERR_STALE), N(NFS3ERR_REMOTE), N(NFS3ERR_BADHANDLE),
	N(NFS3ERR_NOT_SYNC), N(NFS3ERR_BAD_COOKIE), N(NFS3ERR_NOTSUPP),
	N(NFS3ERR_TOOSMALL), N(NFS3ERR_SERVERFAULT), N(NFS3ERR_BADTYPE),
	N(NFS3ERR_JUKEBOX), { 0, NULL }
};
static const struct code_name mnt3_names[] = {
	N(MNT3_OK), N(MNT3ERR_PERM), N(MNT3ERR_NOENT), N(MNT3ERR_IO),
	N(MNT3ERR_ACCES), N(MNT3ERR_NOTDIR), N(MNT3ERR_INVAL),
	N(MNT3ERR_NAMETOOLONG), N(MNT3ERR_NOTSUPP), N(MNT3ERR_SERVERFAULT),
	{ 0, NULL }
};
static const struct code_name nfs4_names[] = {
	N(NFS4_OK), N(NFS4ERR_PERM), N(NFS4ERR_NOENT), N(NFS4ERR_IO),
	N(NFS4ERR_NXIO), N(NFS4ERR_ACCESS), N(NFS4ERR_EXIST), N(NFS4ERR_XDEV),
	N(NFS4ERR_NOTDIR), N(NFS4ERR_ISDIR), N(NFS4ERR_INVAL), N(NFS4ERR_FBIG),
	N(NFS4ERR_NOSPC), N(NFS4ERR_ROFS), N(NFS4ERR_MLINK),
	N(NFS4ERR_NAMETOOLONG), N(NFS4ERR_NOTEMPTY), N(NFS4ERR_DQUOT),
	N(NFS4ERR_STALE), N(NFS4ERR_BADHANDLE), N(NFS4ERR_BAD_COOKIE),
	N(NFS4ERR_NOTSUPP), N(NFS4ERR_TOOSMALL), N(NFS4ERR_SERVERFAULT),
	N(NFS4ERR_BADTYPE), N(NFS4ERR_DELAY), N(NFS4ERR_SAME),
	N(NFS4ERR_DENIED), N(NFS4ERR_EXPIRED), N(NFS4ERR_LOCKED),
	N(NFS4ERR_GRACE), N(NFS4ERR_FHEXPIRED), N(NFS4ERR_SHARE_DENIED),
	N(NFS4ERR_WRONGSEC), N(NFS4ERR_CLID_INUSE), N(NFS4ERR_RESOURCE),
	N(NFS4ERR_MOVED), N(NFS4ERR_NOFILEHANDLE),
	N(NFS4ERR_MINOR_VERS_MISMATCH), N(NFS4ERR_STALE_CLIENTID),
	N(NFS4ERR_STALE_STATEID), N(NFS4ERR_OLD_STATEID),
	N(NFS4ERR_BAD_STATEID), N(NFS4ERR_BAD_SEQID), N(NFS4ERR_NOT_SAME),
	N(NFS4ERR_LOCK_RANGE), N(NFS4ERR_SYMLINK), N(NFS4ERR_RESTOREFH),
	N(NFS4ERR_LEASE_MOVED), N(NFS4ERR_ATTRNOTSUPP), N(NFS4ERR_NO_GRACE),
	N(NFS4ERR_RECLAIM_BAD), N(NFS4ERR_RECLAIM_CONFLICT), N(NFS4ERR_BADZDR),
	N(NFS4ERR_LOCKS_HELD), N(NFS4ERR_OPENMODE), N(NFS4ERR_BADOWNER),
	N(NFS4ERR_BADCHAR), N(NFS4ERR_BADNAME), N(NFS4ERR_BAD_RANGE),
	N(NFS4ERR_LOCK_NOTSUPP), N(NFS4ERR_OP_ILLEGAL), N(NFS4ERR_DEADLOCK),
	N(NFS4ERR_FILE_OPEN), N(NFS4ERR_ADMIN_REVOKED), N(NFS4ERR_CB_PATH_DOWN),
	{ 0, NULL }
};
static const struct code_name errno_names[] = {
	N(EPERM), N(ENOENT), N(EIO), N(ENXIO), N(EACCES), N(EEXIST), N(EXDEV),
	N(ENODEV), N(ENOTDIR), N(EISDIR), N(EINVAL), N(EFBIG), N(ENOSPC),
	N(EROFS), N(EMLINK), N(ENAMETOOLONG), N(ENOTEMPTY), N(EDQUOT),
	N(ESTALE), N(ENOTSUP), N(ETIMEDOUT), N(ECONNREFUSED), N(EFAULT),
	N(ENOMEM), N(EAGAIN), N(EBADF), N(ELOOP), N(EOVERFLOW),
	{ 0, NULL }
};
#undef N

static const char *code_name(const struct code_name *table, int code,
			     char *buf, size_t len)
{
	for (; table->name != NULL; table++)
		if (table->code == code)
			return table->name;
	snprintf(buf, len, "STATUS_%d", code);
	return buf;
}

/* ------------------------------------------------------------------ */
/* hex and name encoding                                               */
/* ------------------------------------------------------------------ */

static char *to_hex(const void *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *p = data;
	char *out = malloc(len * 2 + 1);
	size_t i;

	if (out == NULL)
		nfs_fail("ENOMEM", "out of memory");
	for (i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * len] = '\0';
	return out;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parses hex into a new buffer; "" is an empty buffer. Exits on bad input. */
static unsigned char *from_hex(const char *hex, size_t *len)
{
	size_t n = strlen(hex), i;
	unsigned char *out;

	if (n % 2 != 0)
		usage("odd number of hex digits");
	out = malloc(n / 2 + 1);
	if (out == NULL)
		nfs_fail("ENOMEM", "out of memory");
	for (i = 0; i < n / 2; i++) {
		int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			usage("not a hex string: %s", hex);
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	*len = n / 2;
	return out;
}

/* A name list, printed sorted, comma separated, with %XX escapes. */
struct names {
	char **v;
	size_t n;
};

static void names_add(struct names *names, const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return;
	if (names->n >= MAX_NAMES)
		nfs_fail("EOVERFLOW", "more than %d names", MAX_NAMES);
	if (names->v == NULL)
		names->v = calloc(MAX_NAMES, sizeof(char *));
	names->v[names->n] = strndup(name, len);
	if (names->v == NULL || names->v[names->n] == NULL)
		nfs_fail("ENOMEM", "out of memory");
	names->n++;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void print_names_ok(struct names *names)
{
	size_t i;
	const unsigned char *p;

	if (names->n > 0)
		qsort(names->v, names->n, sizeof(char *), compare_names);
	fputs("OK ", stdout);
	for (i = 0; i < names->n; i++) {
		if (i > 0)
			putchar(',');
		for (p = (const unsigned char *)names->v[i]; *p; p++) {
			if (isalnum(*p) || *p == '.' || *p == '_' ||
			    *p == '-' || *p == '+' || *p == '@' || *p == '~')
				putchar(*p);
			else
				printf("%%%02X", *p);
		}
	}
	putchar('\n');
	fflush(stdout);
	exit(0);
}

static const char *type_name(int ftype3)
{
	switch (ftype3) {
	case NF3REG: return "file";
	case NF3DIR: return "dir";
	case NF3BLK: return "blk";
	case NF3CHR: return "chr";
	case NF3LNK: return "symlink";
	case NF3SOCK: return "socket";
	case NF3FIFO: return "fifo";
	default: return "unknown";
	}
}

/* ------------------------------------------------------------------ */
/* time                                                                */
/* ------------------------------------------------------------------ */

static long remaining_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (deadline.tv_sec - now.tv_sec) * 1000 +
	       (deadline.tv_nsec - now.tv_nsec) / 1000000;
}

/* ------------------------------------------------------------------ */
/* high-level API (nfs_context)                                        */
/* ------------------------------------------------------------------ */

/* Turns a libnfs error into "CODE message" and exits with 2. */
static void hl_fail(struct nfs_context *nfs, int ret)
{
	const char *err = nfs_get_error(nfs);
	const char *prefixes[] = { "MNT3ERR_", "NFS3ERR_", "NFS4ERR_", NULL };
	char code[64], buf[32];
	int i;

	for (i = 0; err != NULL && prefixes[i] != NULL; i++) {
		const char *p = strstr(err, prefixes[i]);

		if (p != NULL) {
			size_t n = 0;

			while (n < sizeof(code) - 1 &&
			       (isupper((unsigned char)p[n]) ||
				isdigit((unsigned char)p[n]) || p[n] == '_'))
				n++;
			memcpy(code, p, n);
			code[n] = '\0';
			nfs_fail(code, "%s", err);
		}
	}
	nfs_fail(code_name(errno_names, -ret, buf, sizeof(buf)), "%s",
		 err != NULL ? err : strerror(-ret));
}

static const char *inner_path(const char *path, char *buf, size_t len)
{
	if (path == NULL || *path == '\0')
		return "/";
	if (path[0] == '/')
		return path;
	snprintf(buf, len, "/%s", path);
	return buf;
}

static struct nfs_context *hl_mount(const char *export)
{
	struct nfs_context *nfs = nfs_init_context();
	struct nfs_url *url;
	char spec[4096];
	int n, ret;

	if (nfs == NULL)
		nfs_fail("ENOMEM", "nfs_init_context failed");
	if (export[0] != '/')
		usage("EXPORT must be an absolute pseudo path: %s", export);
	n = snprintf(spec, sizeof(spec),
		     "nfs://%s%s?version=%d&auto-traverse-mounts=0&dircache=0",
		     opt.server, export, opt.version);
	if (opt.nfsport > 0)
		n += snprintf(spec + n, sizeof(spec) - n, "&nfsport=%d",
			      opt.nfsport);
	if (opt.mountport > 0 && opt.version == 3)
		n += snprintf(spec + n, sizeof(spec) - n, "&mountport=%d",
			      opt.mountport);
	if ((size_t)n >= sizeof(spec))
		usage("export path too long");
	url = nfs_parse_url_dir(nfs, spec);
	if (url == NULL)
		usage("bad URL %s: %s", spec, nfs_get_error(nfs));
	if (opt.uid >= 0)
		nfs_set_uid(nfs, opt.uid);
	if (opt.gid >= 0)
		nfs_set_gid(nfs, opt.gid);
	nfs_set_timeout(nfs, (int)(remaining_ms() > 0 ? remaining_ms() : 1));
	ret = nfs_mount(nfs, url->server, url->path);
	if (ret != 0)
		hl_fail(nfs, ret);
	nfs_destroy_url(url);
	return nfs;
}

static void cmd_mount(const char *export)
{
	hl_mount(export);
	ok(NULL);
}

static void cmd_ls(const char *export, const char *dir)
{
	struct nfs_context *nfs = hl_mount(export);
	struct nfsdir *d;
	struct nfsdirent *e;
	struct names names = { NULL, 0 };
	char buf[4096];
	int ret = nfs_opendir(nfs, inner_path(dir, buf, sizeof(buf)), &d);

	if (ret != 0)
		hl_fail(nfs, ret);
	while ((e = nfs_readdir(nfs, d)) != NULL)
		names_add(&names, e->name, strlen(e->name));
	nfs_closedir(nfs, d);
	print_names_ok(&names);
}

static void cmd_cat(const char *export, const char *file)
{
	struct nfs_context *nfs = hl_mount(export);
	struct nfsfh *fh;
	char buf[4096];
	unsigned char *data = malloc(MAX_DATA);
	size_t total = 0;
	int ret = nfs_open(nfs, inner_path(file, buf, sizeof(buf)), O_RDONLY,
			   &fh);

	if (ret != 0)
		hl_fail(nfs, ret);
	for (;;) {
		int n;

		if (total >= MAX_DATA)
			nfs_fail("EFBIG", "file larger than %d bytes", MAX_DATA);
		n = nfs_read(nfs, fh, CHUNK < MAX_DATA - total ?
				      CHUNK : MAX_DATA - total, data + total);
		if (n < 0)
			hl_fail(nfs, n);
		if (n == 0)
			break;
		total += n;
	}
	nfs_close(nfs, fh);
	ok("%s", to_hex(data, total));
}

static void cmd_write(const char *export, const char *file, const char *hex)
{
	size_t len, done = 0;
	unsigned char *data = from_hex(hex, &len);
	struct nfs_context *nfs = hl_mount(export);
	struct nfsfh *fh;
	char buf[4096];
	int ret = nfs_open2(nfs, inner_path(file, buf, sizeof(buf)),
			    O_WRONLY | O_CREAT | O_TRUNC, 0644, &fh);

	if (ret != 0)
		hl_fail(nfs, ret);
	while (done < len) {
		int n = nfs_write(nfs, fh, len - done, data + done);

		if (n < 0)
			hl_fail(nfs, n);
		if (n == 0)
			nfs_fail("EIO", "short write");
		done += n;
	}
	ret = nfs_close(nfs, fh);
	if (ret != 0)
		hl_fail(nfs, ret);
	ok("%zu", done);
}

static void cmd_mkdir(const char *export, const char *dir)
{
	struct nfs_context *nfs = hl_mount(export);
	char buf[4096];
	int ret = nfs_mkdir2(nfs, inner_path(dir, buf, sizeof(buf)), 0755);

	if (ret != 0)
		hl_fail(nfs, ret);
	ok(NULL);
}

static void cmd_rm(const char *export, const char *file)
{
	struct nfs_context *nfs = hl_mount(export);
	char buf[4096];
	int ret = nfs_unlink(nfs, inner_path(file, buf, sizeof(buf)));

	if (ret != 0)
		hl_fail(nfs, ret);
	ok(NULL);
}

static void cmd_stat(const char *export, const char *path)
{
	struct nfs_context *nfs = hl_mount(export);
	struct nfs_stat_64 st;
	char buf[4096];
	const char *type;
	int ret = nfs_lstat64(nfs, inner_path(path, buf, sizeof(buf)), &st);

	if (ret != 0)
		hl_fail(nfs, ret);
	switch (st.nfs_mode & S_IFMT) {
	case S_IFREG: type = "file"; break;
	case S_IFDIR: type = "dir"; break;
	case S_IFLNK: type = "symlink"; break;
	case S_IFIFO: type = "fifo"; break;
	case S_IFSOCK: type = "socket"; break;
	case S_IFCHR: type = "chr"; break;
	case S_IFBLK: type = "blk"; break;
	default: type = "unknown"; break;
	}
	ok("type=%s mode=%04" PRIo64 " uid=%" PRIu64 " gid=%" PRIu64
	   " size=%" PRIu64 " ino=%" PRIu64 " nlink=%" PRIu64,
	   type, st.nfs_mode & 07777, st.nfs_uid, st.nfs_gid, st.nfs_size,
	   st.nfs_ino, st.nfs_nlink);
}

/* ------------------------------------------------------------------ */
/* raw API: connection and a synchronous call helper                   */
/* ------------------------------------------------------------------ */

struct call;
typedef void (*consume_fn)(struct call *call, void *data);

struct call {
	int done;
	int rpc_status;
	char error[512];
	consume_fn consume;
	void *result;
};

static void call_cb(struct rpc_context *rpc, int status, void *data,
		    void *private_data)
{
	struct call *call = private_data;

	(void)rpc;
	call->done = 1;
	call->rpc_status = status;
	if (status == RPC_STATUS_SUCCESS) {
		if (call->consume != NULL && data != NULL)
			call->consume(call, data);
	} else {
		snprintf(call->error, sizeof(call->error), "%s",
			 status == RPC_STATUS_ERROR && data != NULL ?
			 (const char *)data :
			 status == RPC_STATUS_TIMEOUT ? "timeout" : "cancelled");
	}
}

/* Runs the event loop until the call completes; exits on error/timeout. */
static void wait_call(struct rpc_context *rpc, struct call *call,
		      const char *what)
{
	while (!call->done) {
		struct pollfd pfd;
		long left = remaining_ms();

		if (left <= 0)
			nfs_fail("TIMEOUT", "%s: no answer within %d ms", what,
				 opt.timeout_ms);
		pfd.fd = rpc_get_fd(rpc);
		pfd.events = rpc_which_events(rpc);
		pfd.revents = 0;
		if (poll(&pfd, 1, left < 100 ? (int)left : 100) < 0) {
			if (errno == EINTR)
				continue;
			nfs_fail("EIO", "poll: %s", strerror(errno));
		}
		if (rpc_service(rpc, pfd.revents) < 0) {
			if (!call->done)
				nfs_fail("RPC", "%s: %s", what,
					 rpc_get_error(rpc));
			break;
		}
	}
	if (call->rpc_status == RPC_STATUS_TIMEOUT)
		nfs_fail("TIMEOUT", "%s: %s", what, call->error);
	/*
	 * libnfs reports a reply with reply_stat MSG_DENIED (e.g. Ganesha's
	 * AUTH_TOOWEAK for a handle of an export the client may not use)
	 * only as this text.
	 */
	if (call->rpc_status != RPC_STATUS_SUCCESS &&
	    strstr(call->error, "not accepted") != NULL)
		nfs_fail("RPC_DENIED", "%s: %s", what, call->error);
	if (call->rpc_status != RPC_STATUS_SUCCESS)
		nfs_fail("RPC", "%s: %s", what, call->error);
}

static struct rpc_context *raw_connect(int program, int version, int port,
				       const char *what)
{
	struct rpc_context *rpc = rpc_init_context();
	struct call call = { 0 };
	int ret;

	if (rpc == NULL)
		nfs_fail("ENOMEM", "rpc_init_context failed");
	if (opt.uid >= 0)
		rpc_set_uid(rpc, opt.uid);
	if (opt.gid >= 0)
		rpc_set_gid(rpc, opt.gid);
	if (port > 0)
		ret = rpc_connect_port_async(rpc, opt.server, port, program,
					     version, call_cb, &call);
	else
		ret = rpc_connect_program_async(rpc, opt.server, program,
						version, call_cb, &call);
	if (ret != 0)
		nfs_fail("CONNECT", "%s: %s", what, rpc_get_error(rpc));
	while (!call.done) {
		struct pollfd pfd;
		long left = remaining_ms();

		if (left <= 0)
			nfs_fail("TIMEOUT", "%s: connect timed out", what);
		pfd.fd = rpc_get_fd(rpc);
		pfd.events = rpc_which_events(rpc);
		pfd.revents = 0;
		if (poll(&pfd, 1, left < 100 ? (int)left : 100) < 0 &&
		    errno != EINTR)
			nfs_fail("CONNECT", "poll: %s", strerror(errno));
		if (rpc_service(rpc, pfd.revents) < 0 && !call.done)
			nfs_fail("CONNECT", "%s: %s", what, rpc_get_error(rpc));
	}
	if (call.rpc_status != RPC_STATUS_SUCCESS)
		nfs_fail("CONNECT", "%s: %s", what, call.error);
	return rpc;
}

/* ------------------------------------------------------------------ */
/* raw NFSv3                                                           */
/* ------------------------------------------------------------------ */

struct fh_buf {
	unsigned int len;
	unsigned char data[128];
	int status;
};

static void fail_nfs3(int status, const char *what)
{
	char buf[32];

	nfs_fail(code_name(nfs3_names, status, buf, sizeof(buf)), "%s", what);
}

static void copy_fh(struct fh_buf *out, const void *data, unsigned int len)
{
	if (len > sizeof(out->data))
		nfs_fail("EOVERFLOW", "file handle of %u bytes", len);
	out->len = len;
	memcpy(out->data, data, len);
}

static void consume_mnt3(struct call *call, void *data)
{
	mountres3 *res = data;
	struct fh_buf *out = call->result;

	out->status = res->fhs_status;
	if (res->fhs_status == MNT3_OK)
		copy_fh(out,
			res->mountres3_u.mountinfo.fhandle.fhandle3_val,
			res->mountres3_u.mountinfo.fhandle.fhandle3_len);
}

static void consume_lookup3(struct call *call, void *data)
{
	LOOKUP3res *res = data;
	struct fh_buf *out = call->result;

	out->status = res->status;
	if (res->status == NFS3_OK)
		copy_fh(out, res->LOOKUP3res_u.resok.object.data.data_val,
			res->LOOKUP3res_u.resok.object.data.data_len);
}

static struct rpc_context *nfs3_connect(void)
{
	return raw_connect(NFS_PROGRAM, NFS_V3, opt.nfsport, "NFSv3");
}

static void nfs3_lookup(struct rpc_context *rpc, struct fh_buf *dir,
			const char *name, struct fh_buf *out)
{
	struct call call = { 0 };
	LOOKUP3args args;

	memset(&args, 0, sizeof(args));
	args.what.dir.data.data_len = dir->len;
	args.what.dir.data.data_val = (char *)dir->data;
	args.what.name = (char *)name;
	call.consume = consume_lookup3;
	call.result = out;
	out->status = -1;
	if (rpc_nfs3_lookup_async(rpc, call_cb, &args, &call) != 0)
		nfs_fail("RPC", "LOOKUP3: %s", rpc_get_error(rpc));
	wait_call(rpc, &call, "LOOKUP3");
}

/* Splits PATH on '/' and LOOKUPs each component from *fh. */
static void nfs3_walk(struct rpc_context *rpc, struct fh_buf *fh,
		      const char *path)
{
	char *copy = strdup(path != NULL ? path : ""), *save = NULL, *c;

	for (c = strtok_r(copy, "/", &save); c != NULL;
	     c = strtok_r(NULL, "/", &save)) {
		struct fh_buf next;

		nfs3_lookup(rpc, fh, c, &next);
		if (next.status != NFS3_OK)
			fail_nfs3(next.status, c);
		*fh = next;
	}
	free(copy);
}

static void cmd_fh3(const char *export, const char *path)
{
	struct rpc_context *mnt = raw_connect(MOUNT_PROGRAM, MOUNT_V3,
					      opt.mountport, "MOUNTv3");
	struct call call = { 0 };
	struct fh_buf fh;
	char buf[32];

	call.consume = consume_mnt3;
	call.result = &fh;
	fh.status = -1;
	if (rpc_mount3_mnt_async(mnt, call_cb, (char *)export, &call) != 0)
		nfs_fail("RPC", "MNT3: %s", rpc_get_error(mnt));
	wait_call(mnt, &call, "MNT3");
	if (fh.status != MNT3_OK)
		nfs_fail(code_name(mnt3_names, fh.status, buf, sizeof(buf)),
			 "MNT %s", export);
	rpc_destroy_context(mnt);
	if (path != NULL && *path) {
		struct rpc_context *rpc = nfs3_connect();

		nfs3_walk(rpc, &fh, path);
	}
	ok("%s", to_hex(fh.data, fh.len));
}

static void parse_fh(const char *hex, struct fh_buf *fh)
{
	size_t len;
	unsigned char *data = from_hex(hex, &len);

	if (len > sizeof(fh->data))
		usage("file handle longer than %zu bytes", sizeof(fh->data));
	copy_fh(fh, data, (unsigned int)len);
	free(data);
}

static void cmd_lookup_fh3(const char *hex, const char *name)
{
	struct rpc_context *rpc = nfs3_connect();
	struct fh_buf dir, out;

	parse_fh(hex, &dir);
	nfs3_lookup(rpc, &dir, name, &out);
	if (out.status != NFS3_OK)
		fail_nfs3(out.status, "LOOKUP3");
	ok("%s", to_hex(out.data, out.len));
}

struct attr3_result {
	int status;
	fattr3 attr;
};

static void consume_getattr3(struct call *call, void *data)
{
	GETATTR3res *res = data;
	struct attr3_result *out = call->result;

	out->status = res->status;
	if (res->status == NFS3_OK)
		out->attr = res->GETATTR3res_u.resok.obj_attributes;
}

static void cmd_getattr_fh3(const char *hex)
{
	struct rpc_context *rpc = nfs3_connect();
	struct fh_buf fh;
	struct call call = { 0 };
	struct attr3_result out;
	GETATTR3args args;

	memset(&out, 0, sizeof(out));
	out.status = -1;
	parse_fh(hex, &fh);
	memset(&args, 0, sizeof(args));
	args.object.data.data_len = fh.len;
	args.object.data.data_val = (char *)fh.data;
	call.consume = consume_getattr3;
	call.result = &out;
	if (rpc_nfs3_getattr_async(rpc, call_cb, &args, &call) != 0)
		nfs_fail("RPC", "GETATTR3: %s", rpc_get_error(rpc));
	wait_call(rpc, &call, "GETATTR3");
	if (out.status != NFS3_OK)
		fail_nfs3(out.status, "GETATTR3");
	ok("type=%s mode=%04o uid=%u gid=%u size=%" PRIu64 " fileid=%" PRIu64
	   " fsid=%" PRIx64, type_name(out.attr.type), out.attr.mode & 07777,
	   out.attr.uid, out.attr.gid, (uint64_t)out.attr.size,
	   (uint64_t)out.attr.fileid, (uint64_t)out.attr.fsid);
}

struct readdir3_result {
	int status;
	int eof;
	uint64_t cookie;
	char verf[NFS3_COOKIEVERFSIZE];
	struct names *names;
};

static void consume_readdir3(struct call *call, void *data)
{
	READDIR3res *res = data;
	struct readdir3_result *out = call->result;
	entry3 *e;

	out->status = res->status;
	if (res->status != NFS3_OK)
		return;
	memcpy(out->verf, res->READDIR3res_u.resok.cookieverf,
	       NFS3_COOKIEVERFSIZE);
	out->eof = res->READDIR3res_u.resok.reply.eof;
	for (e = res->READDIR3res_u.resok.reply.entries; e != NULL;
	     e = e->nextentry) {
		names_add(out->names, e->name, strlen(e->name));
		out->cookie = e->cookie;
	}
}

static void cmd_readdir_fh3(const char *hex)
{
	struct rpc_context *rpc = nfs3_connect();
	struct fh_buf fh;
	struct names names = { NULL, 0 };
	struct readdir3_result out;

	parse_fh(hex, &fh);
	memset(&out, 0, sizeof(out));
	out.names = &names;
	do {
		struct call call = { 0 };
		READDIR3args args;
		uint64_t before = out.cookie;

		memset(&args, 0, sizeof(args));
		args.dir.data.data_len = fh.len;
		args.dir.data.data_val = (char *)fh.data;
		args.cookie = out.cookie;
		memcpy(args.cookieverf, out.verf, NFS3_COOKIEVERFSIZE);
		args.count = 32768;
		call.consume = consume_readdir3;
		call.result = &out;
		out.status = -1;
		if (rpc_nfs3_readdir_async(rpc, call_cb, &args, &call) != 0)
			nfs_fail("RPC", "READDIR3: %s", rpc_get_error(rpc));
		wait_call(rpc, &call, "READDIR3");
		if (out.status != NFS3_OK)
			fail_nfs3(out.status, "READDIR3");
		if (!out.eof && out.cookie == before)
			nfs_fail("EIO", "READDIR3 made no progress");
	} while (!out.eof);
	print_names_ok(&names);
}

struct read3_result {
	int status;
	int eof;
	unsigned char *data;
	size_t len;
};

static void consume_read3(struct call *call, void *data)
{
	READ3res *res = data;
	struct read3_result *out = call->result;
	unsigned int n;

	out->status = res->status;
	if (res->status != NFS3_OK)
		return;
	n = res->READ3res_u.resok.data.data_len;
	if (out->len + n > MAX_DATA)
		n = MAX_DATA - out->len;
	memcpy(out->data + out->len, res->READ3res_u.resok.data.data_val, n);
	out->len += n;
	out->eof = res->READ3res_u.resok.eof ||
		   res->READ3res_u.resok.data.data_len == 0;
}

static void cmd_read_fh3(const char *hex)
{
	struct rpc_context *rpc = nfs3_connect();
	struct fh_buf fh;
	struct read3_result out = { 0 };

	parse_fh(hex, &fh);
	out.data = malloc(MAX_DATA);
	while (!out.eof) {
		struct call call = { 0 };
		READ3args args;

		if (out.len >= MAX_DATA)
			nfs_fail("EFBIG", "file larger than %d bytes", MAX_DATA);
		memset(&args, 0, sizeof(args));
		args.file.data.data_len = fh.len;
		args.file.data.data_val = (char *)fh.data;
		args.offset = out.len;
		args.count = CHUNK;
		call.consume = consume_read3;
		call.result = &out;
		out.status = -1;
		if (rpc_nfs3_read_async(rpc, call_cb, &args, &call) != 0)
			nfs_fail("RPC", "READ3: %s", rpc_get_error(rpc));
		wait_call(rpc, &call, "READ3");
		if (out.status != NFS3_OK)
			fail_nfs3(out.status, "READ3");
	}
	ok("%s", to_hex(out.data, out.len));
}

struct write3_result {
	int status;
	unsigned int count;
};

static void consume_write3(struct call *call, void *data)
{
	WRITE3res *res = data;
	struct write3_result *out = call->result;

	out->status = res->status;
	if (res->status == NFS3_OK)
		out->count = res->WRITE3res_u.resok.count;
}

static void cmd_write_fh3(const char *hex, const char *datahex)
{
	struct rpc_context *rpc = nfs3_connect();
	struct fh_buf fh;
	size_t len;
	unsigned char *data = from_hex(datahex, &len);
	struct call call = { 0 };
	struct write3_result out = { -1, 0 };
	WRITE3args args;

	parse_fh(hex, &fh);
	memset(&args, 0, sizeof(args));
	args.file.data.data_len = fh.len;
	args.file.data.data_val = (char *)fh.data;
	args.offset = 0;
	args.count = (count3)len;
	args.stable = FILE_SYNC;
	args.data.data_len = (u_int)len;
	args.data.data_val = (char *)data;
	call.consume = consume_write3;
	call.result = &out;
	if (rpc_nfs3_write_async(rpc, call_cb, &args, &call) != 0)
		nfs_fail("RPC", "WRITE3: %s", rpc_get_error(rpc));
	wait_call(rpc, &call, "WRITE3");
	if (out.status != NFS3_OK)
		fail_nfs3(out.status, "WRITE3");
	ok("%u", out.count);
}

static void cmd_null(void)
{
	struct call call = { 0 };

	if (opt.version == 3) {
		struct rpc_context *mnt = raw_connect(MOUNT_PROGRAM, MOUNT_V3,
						      opt.mountport, "MOUNTv3");
		struct rpc_context *rpc;

		if (rpc_mount3_null_async(mnt, call_cb, &call) != 0)
			nfs_fail("RPC", "MOUNT NULL: %s", rpc_get_error(mnt));
		wait_call(mnt, &call, "MOUNT NULL");
		rpc = nfs3_connect();
		memset(&call, 0, sizeof(call));
		if (rpc_nfs3_null_async(rpc, call_cb, &call) != 0)
			nfs_fail("RPC", "NFS3 NULL: %s", rpc_get_error(rpc));
		wait_call(rpc, &call, "NFS3 NULL");
	} else {
		struct rpc_context *rpc = raw_connect(NFS4_PROGRAM, NFS_V4,
				opt.nfsport > 0 ? opt.nfsport : 2049, "NFSv4");

		if (rpc_nfs4_null_async(rpc, call_cb, &call) != 0)
			nfs_fail("RPC", "NFS4 NULL: %s", rpc_get_error(rpc));
		wait_call(rpc, &call, "NFS4 NULL");
	}
	ok(NULL);
}

/* ------------------------------------------------------------------ */
/* raw NFSv4: one COMPOUND per command                                 */
/* ------------------------------------------------------------------ */

#define MAX_OPS 64

struct compound {
	nfs_argop4 ops[MAX_OPS];
	int n;
	/* results, copied out of the reply */
	int status;
	char failed_op[32];
	struct fh_buf fh;
	unsigned char attrmask[4 * 4];
	unsigned int attrmask_len;
	unsigned char *attrs;
	unsigned int attrs_len;
	struct names *names;
	uint64_t cookie;
	char verf[NFS4_VERIFIER_SIZE];
	int eof;
	unsigned char *data;
	size_t data_len;
	unsigned int written;
};

static const char *op_name(int op)
{
	switch (op) {
	case OP_PUTFH: return "PUTFH";
	case OP_PUTROOTFH: return "PUTROOTFH";
	case OP_LOOKUP: return "LOOKUP";
	case OP_LOOKUPP: return "LOOKUPP";
	case OP_GETFH: return "GETFH";
	case OP_GETATTR: return "GETATTR";
	case OP_READDIR: return "READDIR";
	case OP_READ: return "READ";
	case OP_WRITE: return "WRITE";
	default: return "OP";
	}
}

static int op_status(nfs_resop4 *r)
{
	switch (r->resop) {
	case OP_PUTFH: return r->nfs_resop4_u.opputfh.status;
	case OP_PUTROOTFH: return r->nfs_resop4_u.opputrootfh.status;
	case OP_LOOKUP: return r->nfs_resop4_u.oplookup.status;
	case OP_LOOKUPP: return r->nfs_resop4_u.oplookupp.status;
	case OP_GETFH: return r->nfs_resop4_u.opgetfh.status;
	case OP_GETATTR: return r->nfs_resop4_u.opgetattr.status;
	case OP_READDIR: return r->nfs_resop4_u.opreaddir.status;
	case OP_READ: return r->nfs_resop4_u.opread.status;
	case OP_WRITE: return r->nfs_resop4_u.opwrite.status;
	default: return r->nfs_resop4_u.opillegal.status;
	}
}

static void consume_compound(struct call *call, void *data)
{
	COMPOUND4res *res = data;
	struct compound *c = call->result;
	unsigned int i;

	c->status = res->status;
	for (i = 0; i < res->resarray.resarray_len; i++) {
		nfs_resop4 *r = &res->resarray.resarray_val[i];

		if (op_status(r) != NFS4_OK) {
			snprintf(c->failed_op, sizeof(c->failed_op), "%s",
				 op_name(r->resop));
			break;
		}
		switch (r->resop) {
		case OP_GETFH: {
			nfs_fh4 *fh = &r->nfs_resop4_u.opgetfh.GETFH4res_u
					       .resok4.object;
			copy_fh(&c->fh, fh->nfs_fh4_val, fh->nfs_fh4_len);
			break;
		}
		case OP_GETATTR: {
			fattr4 *a = &r->nfs_resop4_u.opgetattr.GETATTR4res_u
					     .resok4.obj_attributes;
			unsigned int w;

			c->attrmask_len = a->attrmask.bitmap4_len > 4 ?
					  4 : a->attrmask.bitmap4_len;
			for (w = 0; w < c->attrmask_len; w++)
				memcpy(c->attrmask + 4 * w,
				       &a->attrmask.bitmap4_val[w], 4);
			c->attrs_len = a->attr_vals.attrlist4_len;
			c->attrs = malloc(c->attrs_len + 1);
			memcpy(c->attrs, a->attr_vals.attrlist4_val,
			       c->attrs_len);
			break;
		}
		case OP_READDIR: {
			READDIR4resok *ok4 = &r->nfs_resop4_u.opreaddir
						      .READDIR4res_u.resok4;
			entry4 *e;

			memcpy(c->verf, ok4->cookieverf, NFS4_VERIFIER_SIZE);
			c->eof = ok4->reply.eof;
			for (e = ok4->reply.entries; e != NULL;
			     e = e->nextentry) {
				names_add(c->names, e->name.utf8string_val,
					  e->name.utf8string_len);
				c->cookie = e->cookie;
			}
			break;
		}
		case OP_READ: {
			READ4resok *ok4 = &r->nfs_resop4_u.opread
						   .READ4res_u.resok4;
			unsigned int n = ok4->data.data_len;

			if (c->data_len + n > MAX_DATA)
				n = MAX_DATA - c->data_len;
			memcpy(c->data + c->data_len, ok4->data.data_val, n);
			c->data_len += n;
			c->eof = ok4->eof || ok4->data.data_len == 0;
			break;
		}
		case OP_WRITE:
			c->written = r->nfs_resop4_u.opwrite.WRITE4res_u
					     .resok4.count;
			break;
		default:
			break;
		}
	}
}

static nfs_argop4 *add_op(struct compound *c, int op)
{
	nfs_argop4 *a;

	if (c->n >= MAX_OPS)
		usage("path too deep");
	a = &c->ops[c->n++];
	memset(a, 0, sizeof(*a));
	a->argop = op;
	return a;
}

static void add_putfh(struct compound *c, struct fh_buf *fh)
{
	nfs_argop4 *a = add_op(c, OP_PUTFH);

	a->nfs_argop4_u.opputfh.object.nfs_fh4_len = fh->len;
	a->nfs_argop4_u.opputfh.object.nfs_fh4_val = (char *)fh->data;
}

static void add_lookup(struct compound *c, const char *name)
{
	nfs_argop4 *a;

	if (strcmp(name, "..") == 0) {
		add_op(c, OP_LOOKUPP);
		return;
	}
	a = add_op(c, OP_LOOKUP);
	a->nfs_argop4_u.oplookup.objname.utf8string_len = strlen(name);
	a->nfs_argop4_u.oplookup.objname.utf8string_val = (char *)name;
}

static void add_lookups(struct compound *c, const char *path, char **keep)
{
	char *copy = strdup(path != NULL ? path : ""), *save = NULL, *comp;

	*keep = copy; /* the ops point into it until the call is done */
	for (comp = strtok_r(copy, "/", &save); comp != NULL;
	     comp = strtok_r(NULL, "/", &save))
		add_lookup(c, comp);
}

static struct rpc_context *nfs4_connect(void)
{
	return raw_connect(NFS4_PROGRAM, NFS_V4,
			   opt.nfsport > 0 ? opt.nfsport : 2049, "NFSv4");
}

static void run_compound(struct rpc_context *rpc, struct compound *c)
{
	struct call call = { 0 };
	COMPOUND4args args;
	char buf[32];

	memset(&args, 0, sizeof(args));
	args.minorversion = 0;
	args.argarray.argarray_len = c->n;
	args.argarray.argarray_val = c->ops;
	call.consume = consume_compound;
	call.result = c;
	c->status = -1;
	c->failed_op[0] = '\0';
	if (rpc_nfs4_compound_async(rpc, call_cb, &args, &call) != 0)
		nfs_fail("RPC", "COMPOUND: %s", rpc_get_error(rpc));
	wait_call(rpc, &call, "COMPOUND");
	if (c->status != NFS4_OK)
		nfs_fail(code_name(nfs4_names, c->status, buf, sizeof(buf)),
			 "in %s", c->failed_op[0] ? c->failed_op : "COMPOUND");
}

static void cmd_fh4(const char *export, const char *path)
{
	struct rpc_context *rpc = nfs4_connect();
	struct compound *c = calloc(1, sizeof(*c));
	char *keep1, *keep2;

	add_op(c, OP_PUTROOTFH);
	add_lookups(c, export, &keep1);
	add_lookups(c, path, &keep2);
	add_op(c, OP_GETFH);
	run_compound(rpc, c);
	ok("%s", to_hex(c->fh.data, c->fh.len));
}

static void cmd_lookup_fh4(const char *hex, const char *name)
{
	struct rpc_context *rpc = nfs4_connect();
	struct compound *c = calloc(1, sizeof(*c));
	struct fh_buf dir;

	parse_fh(hex, &dir);
	add_putfh(c, &dir);
	add_lookup(c, name);
	add_op(c, OP_GETFH);
	run_compound(rpc, c);
	ok("%s", to_hex(c->fh.data, c->fh.len));
}

/* XDR readers over the attribute values of a GETATTR reply. */
struct xdr_in {
	const unsigned char *p;
	size_t left;
};

static uint32_t xdr_u32(struct xdr_in *x)
{
	uint32_t v;

	if (x->left < 4)
		nfs_fail("EIO", "short GETATTR reply");
	v = (uint32_t)x->p[0] << 24 | (uint32_t)x->p[1] << 16 |
	    (uint32_t)x->p[2] << 8 | x->p[3];
	x->p += 4;
	x->left -= 4;
	return v;
}

static uint64_t xdr_u64(struct xdr_in *x)
{
	uint64_t hi = xdr_u32(x);

	return hi << 32 | xdr_u32(x);
}

static void xdr_string(struct xdr_in *x, char *out, size_t outlen)
{
	uint32_t len = xdr_u32(x), padded = (len + 3) & ~3u;

	if (x->left < padded)
		nfs_fail("EIO", "short GETATTR reply");
	snprintf(out, outlen, "%.*s", (int)len, (const char *)x->p);
	x->p += padded;
	x->left -= padded;
}

static int mask_has(struct compound *c, int bit)
{
	uint32_t word;

	if ((unsigned int)(bit / 32) >= c->attrmask_len)
		return 0;
	memcpy(&word, c->attrmask + 4 * (bit / 32), 4);
	return (word >> (bit % 32)) & 1;
}

static void cmd_getattr_fh4(const char *hex)
{
	struct rpc_context *rpc = nfs4_connect();
	struct compound *c = calloc(1, sizeof(*c));
	struct fh_buf fh;
	uint32_t mask[2];
	nfs_argop4 *a;
	struct xdr_in x;
	uint32_t type = 0, mode = 0, nlink = 0;
	uint64_t size = 0, fsid_major = 0, fsid_minor = 0, fileid = 0;
	char owner[256] = "?", group[256] = "?";
	static const int v3type[] = { 0, NF3REG, NF3DIR, NF3BLK, NF3CHR,
				      NF3LNK, NF3SOCK, NF3FIFO };

	parse_fh(hex, &fh);
	mask[0] = 1u << FATTR4_TYPE | 1u << FATTR4_SIZE | 1u << FATTR4_FSID |
		  1u << FATTR4_FILEID;
	mask[1] = 1u << (FATTR4_MODE - 32) | 1u << (FATTR4_NUMLINKS - 32) |
		  1u << (FATTR4_OWNER - 32) | 1u << (FATTR4_OWNER_GROUP - 32);
	add_putfh(c, &fh);
	a = add_op(c, OP_GETATTR);
	a->nfs_argop4_u.opgetattr.attr_request.bitmap4_len = 2;
	a->nfs_argop4_u.opgetattr.attr_request.bitmap4_val = mask;
	run_compound(rpc, c);

	/* Values come in ascending attribute number order. */
	x.p = c->attrs;
	x.left = c->attrs_len;
	if (mask_has(c, FATTR4_TYPE))
		type = xdr_u32(&x);
	if (mask_has(c, FATTR4_SIZE))
		size = xdr_u64(&x);
	if (mask_has(c, FATTR4_FSID)) {
		fsid_major = xdr_u64(&x);
		fsid_minor = xdr_u64(&x);
	}
	if (mask_has(c, FATTR4_FILEID))
		fileid = xdr_u64(&x);
	if (mask_has(c, FATTR4_MODE))
		mode = xdr_u32(&x);
	if (mask_has(c, FATTR4_NUMLINKS))
		nlink = xdr_u32(&x);
	if (mask_has(c, FATTR4_OWNER))
		xdr_string(&x, owner, sizeof(owner));
	if (mask_has(c, FATTR4_OWNER_GROUP))
		xdr_string(&x, group, sizeof(group));
	ok("type=%s mode=%04o uid=%s gid=%s size=%" PRIu64 " fileid=%" PRIu64
	   " fsid=%" PRIx64 ".%" PRIx64 " nlink=%u",
	   type_name(type < 8 ? v3type[type] : 0), mode & 07777, owner, group,
	   size, fileid, fsid_major, fsid_minor, nlink);
}

static void cmd_readdir_fh4(const char *hex)
{
	struct rpc_context *rpc = nfs4_connect();
	struct fh_buf fh;
	struct names names = { NULL, 0 };
	uint64_t cookie = 0;
	char verf[NFS4_VERIFIER_SIZE] = { 0 };
	int eof = 0;

	parse_fh(hex, &fh);
	while (!eof) {
		struct compound *c = calloc(1, sizeof(*c));
		nfs_argop4 *a;

		c->names = &names;
		c->cookie = cookie;
		add_putfh(c, &fh);
		a = add_op(c, OP_READDIR);
		a->nfs_argop4_u.opreaddir.cookie = cookie;
		memcpy(a->nfs_argop4_u.opreaddir.cookieverf, verf,
		       NFS4_VERIFIER_SIZE);
		a->nfs_argop4_u.opreaddir.dircount = 8192;
		a->nfs_argop4_u.opreaddir.maxcount = 32768;
		a->nfs_argop4_u.opreaddir.attr_request.bitmap4_len = 0;
		run_compound(rpc, c);
		if (!c->eof && c->cookie == cookie)
			nfs_fail("EIO", "READDIR made no progress");
		eof = c->eof;
		cookie = c->cookie;
		memcpy(verf, c->verf, NFS4_VERIFIER_SIZE);
		free(c);
	}
	print_names_ok(&names);
}

static void cmd_read_fh4(const char *hex)
{
	struct rpc_context *rpc = nfs4_connect();
	struct fh_buf fh;
	unsigned char *data = malloc(MAX_DATA);
	size_t len = 0;
	int eof = 0;

	parse_fh(hex, &fh);
	while (!eof) {
		struct compound *c = calloc(1, sizeof(*c));
		nfs_argop4 *a;

		if (len >= MAX_DATA)
			nfs_fail("EFBIG", "file larger than %d bytes", MAX_DATA);
		c->data = data;
		c->data_len = len;
		add_putfh(c, &fh);
		a = add_op(c, OP_READ);
		/* anonymous stateid: seqid 0, other all zero */
		a->nfs_argop4_u.opread.offset = len;
		a->nfs_argop4_u.opread.count = CHUNK;
		run_compound(rpc, c);
		eof = c->eof;
		len = c->data_len;
		free(c);
	}
	ok("%s", to_hex(data, len));
}

static void cmd_write_fh4(const char *hex, const char *datahex)
{
	struct rpc_context *rpc = nfs4_connect();
	struct compound *c = calloc(1, sizeof(*c));
	struct fh_buf fh;
	size_t len;
	unsigned char *data = from_hex(datahex, &len);
	nfs_argop4 *a;

	parse_fh(hex, &fh);
	add_putfh(c, &fh);
	a = add_op(c, OP_WRITE);
	/* anonymous stateid */
	a->nfs_argop4_u.opwrite.offset = 0;
	a->nfs_argop4_u.opwrite.stable = FILE_SYNC4;
	a->nfs_argop4_u.opwrite.data.data_len = (u_int)len;
	a->nfs_argop4_u.opwrite.data.data_val = (char *)data;
	run_compound(rpc, c);
	ok("%u", c->written);
}

/* ------------------------------------------------------------------ */
/* main                                                                */
/* ------------------------------------------------------------------ */

static int parse_int(const char *s, const char *what, int min, int max)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < min || v > max)
		usage("bad %s: %s", what, s);
	return (int)v;
}

static void enter_netns(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		usage("cannot open network namespace %s: %s", path,
		      strerror(errno));
	if (setns(fd, CLONE_NEWNET) != 0)
		usage("cannot enter network namespace %s: %s", path,
		      strerror(errno));
	close(fd);
}

static void need(int argc, int min, int max, const char *syntax)
{
	if (argc < min || argc > max)
		usage("usage: %s", syntax);
}

int main(int argc, char **argv)
{
	int c;
	const char *cmd;

	while ((c = getopt(argc, argv, "+p:m:n:u:g:t:")) != -1) {
		switch (c) {
		case 'p': opt.nfsport = parse_int(optarg, "port", 1, 65535); break;
		case 'm': opt.mountport = parse_int(optarg, "port", 1, 65535); break;
		case 'n': opt.netns = optarg; break;
		case 'u': opt.uid = parse_int(optarg, "uid", 0, 0x7fffffff); break;
		case 'g': opt.gid = parse_int(optarg, "gid", 0, 0x7fffffff); break;
		case 't': opt.timeout_ms = parse_int(optarg, "timeout", 1, 3600000); break;
		default: usage("unknown option");
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 3)
		usage("nfsprobe [-p NFSPORT] [-m MOUNTPORT] [-n NETNS] [-u UID] "
		      "[-g GID] [-t MS] SERVER 3|4 COMMAND ARGS...");
	opt.server = argv[0];
	opt.version = parse_int(argv[1], "NFS version", 3, 4);
	cmd = argv[2];
	argc -= 3;
	argv += 3;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += opt.timeout_ms / 1000;
	deadline.tv_nsec += (long)(opt.timeout_ms % 1000) * 1000000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	if (opt.netns != NULL)
		enter_netns(opt.netns);

	if (strcmp(cmd, "null") == 0) {
		need(argc, 0, 0, "null");
		cmd_null();
	} else if (strcmp(cmd, "mount") == 0) {
		need(argc, 1, 1, "mount EXPORT");
		cmd_mount(argv[0]);
	} else if (strcmp(cmd, "ls") == 0) {
		need(argc, 1, 2, "ls EXPORT [DIR]");
		cmd_ls(argv[0], argc > 1 ? argv[1] : NULL);
	} else if (strcmp(cmd, "cat") == 0) {
		need(argc, 2, 2, "cat EXPORT FILE");
		cmd_cat(argv[0], argv[1]);
	} else if (strcmp(cmd, "write") == 0) {
		need(argc, 3, 3, "write EXPORT FILE HEXDATA");
		cmd_write(argv[0], argv[1], argv[2]);
	} else if (strcmp(cmd, "mkdir") == 0) {
		need(argc, 2, 2, "mkdir EXPORT DIR");
		cmd_mkdir(argv[0], argv[1]);
	} else if (strcmp(cmd, "rm") == 0) {
		need(argc, 2, 2, "rm EXPORT FILE");
		cmd_rm(argv[0], argv[1]);
	} else if (strcmp(cmd, "stat") == 0) {
		need(argc, 1, 2, "stat EXPORT [PATH]");
		cmd_stat(argv[0], argc > 1 ? argv[1] : NULL);
	} else if (strcmp(cmd, "fh") == 0) {
		need(argc, 1, 2, "fh EXPORT [PATH]");
		if (opt.version == 3)
			cmd_fh3(argv[0], argc > 1 ? argv[1] : NULL);
		else
			cmd_fh4(argv[0], argc > 1 ? argv[1] : NULL);
	} else if (strcmp(cmd, "getattr-fh") == 0) {
		need(argc, 1, 1, "getattr-fh HEXFH");
		if (opt.version == 3)
			cmd_getattr_fh3(argv[0]);
		else
			cmd_getattr_fh4(argv[0]);
	} else if (strcmp(cmd, "readdir-fh") == 0) {
		need(argc, 1, 1, "readdir-fh HEXFH");
		if (opt.version == 3)
			cmd_readdir_fh3(argv[0]);
		else
			cmd_readdir_fh4(argv[0]);
	} else if (strcmp(cmd, "read-fh") == 0) {
		need(argc, 1, 1, "read-fh HEXFH");
		if (opt.version == 3)
			cmd_read_fh3(argv[0]);
		else
			cmd_read_fh4(argv[0]);
	} else if (strcmp(cmd, "write-fh") == 0) {
		need(argc, 2, 2, "write-fh HEXFH HEXDATA");
		if (opt.version == 3)
			cmd_write_fh3(argv[0], argv[1]);
		else
			cmd_write_fh4(argv[0], argv[1]);
	} else if (strcmp(cmd, "lookup-fh") == 0) {
		need(argc, 2, 2, "lookup-fh HEXFH NAME");
		if (opt.version == 3)
			cmd_lookup_fh3(argv[0], argv[1]);
		else
			cmd_lookup_fh4(argv[0], argv[1]);
	} else {
		usage("unknown command %s", cmd);
	}
	return 0;
}
