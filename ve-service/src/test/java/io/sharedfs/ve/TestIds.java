package io.sharedfs.ve;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Fresh names, hostnames and addresses per test, so tests sharing one broker and database never collide. */
public final class TestIds {

    /** A VEM id no VE ever reaches: reports about it change nothing, which makes them fences. */
    public static final long NO_SUCH_VEM = 999_999_999L;

    private static final AtomicLong NEXT = new AtomicLong(ThreadLocalRandom.current().nextLong(1 << 16, 1 << 22));

    private TestIds() {
    }

    public static long next() {
        return NEXT.incrementAndGet();
    }

    public static String name(String prefix) {
        return prefix + "-" + next();
    }

    public static String hostname() {
        return "node-" + next();
    }

    /** An IPv4 address in 10.0.0.0/8 that no other test uses. */
    public static String ipv4() {
        long n = next();
        return "10." + (n >> 16 & 0xff) + "." + (n >> 8 & 0xff) + "." + (n & 0xff);
    }

    /** An IPv6 address in fd00::/8, in its RFC 5952 form, that no other test uses. */
    public static String ipv6() {
        long n = next();
        return "fd00::" + Long.toHexString(n >> 16) + ":" + Long.toHexString(n & 0xffff);
    }

    public static String mac() {
        long n = next();
        return String.format("52:54:00:%02x:%02x:%02x", n >> 16 & 0xff, n >> 8 & 0xff, n & 0xff);
    }
}
