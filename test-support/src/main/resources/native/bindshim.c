/*
 * bindshim.c - LD_PRELOAD shim that makes every IPv4 socket of a process use
 * the source address given in the environment variable SRC_ADDR.
 *
 * Why: NFS servers decide access by the client's IP address. Every address in
 * 127.0.0.0/8 is local on Linux, so a test can act as many different NFS
 * clients (127.77.0.1, 127.77.0.2, ...) from one machine - if the client binds
 * its sockets to that address. libnfs has no option for a source address, so
 * this shim adds one without touching libnfs:
 *
 *   SRC_ADDR=127.77.0.1 LD_PRELOAD=/path/bindshim.so nfsprobe ...
 *
 * Behaviour (IPv4 only; other families pass through untouched):
 *   bind():    the address part of an AF_INET bind is replaced by SRC_ADDR,
 *              the port is kept. libnfs, running as root, binds a reserved
 *              port (< 1024) on INADDR_ANY before connecting; that port stays,
 *              only the address changes.
 *   connect(): if an AF_INET socket is not bound yet, it is first bound to
 *              SRC_ADDR with an ephemeral port, so the kernel never picks the
 *              source address itself.
 *
 * If SRC_ADDR is unset the shim is transparent. If it is set but is not a
 * dotted IPv4 address, bind() and connect() fail with EADDRNOTAVAIL: a test
 * must never silently connect from the wrong address.
 *
 * Build: gcc -shared -fPIC -O2 -o bindshim.so bindshim.c -ldl
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

typedef int (*bind_fn)(int, const struct sockaddr *, socklen_t);
typedef int (*connect_fn)(int, const struct sockaddr *, socklen_t);

static bind_fn real_bind_fn(void)
{
	static bind_fn fn;
	if (fn == NULL)
		fn = (bind_fn)dlsym(RTLD_NEXT, "bind");
	return fn;
}

static connect_fn real_connect_fn(void)
{
	static connect_fn fn;
	if (fn == NULL)
		fn = (connect_fn)dlsym(RTLD_NEXT, "connect");
	return fn;
}

/*
 * Reads SRC_ADDR. Returns 0 if it is unset (shim inactive), 1 if it was
 * parsed into *out, -1 if it is set but invalid.
 */
static int source_address(struct in_addr *out)
{
	const char *src = getenv("SRC_ADDR");

	if (src == NULL || *src == '\0')
		return 0;
	if (inet_pton(AF_INET, src, out) != 1)
		return -1;
	return 1;
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	struct in_addr src;
	struct sockaddr_in replaced;
	int have;

	if (addr == NULL || addr->sa_family != AF_INET ||
	    len < (socklen_t)sizeof(struct sockaddr_in))
		return real_bind_fn()(fd, addr, len);

	have = source_address(&src);
	if (have == 0)
		return real_bind_fn()(fd, addr, len);
	if (have < 0) {
		errno = EADDRNOTAVAIL;
		return -1;
	}

	/* Keep family and port (libnfs's reserved port), replace the address. */
	memcpy(&replaced, addr, sizeof(replaced));
	replaced.sin_addr = src;
	return real_bind_fn()(fd, (const struct sockaddr *)&replaced,
			      sizeof(replaced));
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	struct in_addr src;
	struct sockaddr_in current;
	socklen_t current_len = sizeof(current);
	int have;

	if (addr == NULL || addr->sa_family != AF_INET)
		return real_connect_fn()(fd, addr, len);

	have = source_address(&src);
	if (have < 0) {
		errno = EADDRNOTAVAIL;
		return -1;
	}
	if (have > 0 &&
	    getsockname(fd, (struct sockaddr *)&current, &current_len) == 0 &&
	    current.sin_family == AF_INET &&
	    current.sin_addr.s_addr == htonl(INADDR_ANY) &&
	    current.sin_port == 0) {
		/* Not bound yet: bind to SRC_ADDR, ephemeral port. */
		struct sockaddr_in local;

		memset(&local, 0, sizeof(local));
		local.sin_family = AF_INET;
		local.sin_addr = src;
		local.sin_port = 0;
		if (real_bind_fn()(fd, (const struct sockaddr *)&local,
				   sizeof(local)) != 0)
			return -1;
	}
	return real_connect_fn()(fd, addr, len);
}
