package io.sharedfs.systemtests.harness;

import java.util.concurrent.atomic.AtomicInteger;

/** Node addresses and host names never handed out twice in one test JVM (an exports client is one node). */
public final class Addresses {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private Addresses() {
    }

    /** A fresh IPv4 address from 10.77.0.0/16. */
    public static String next() {
        int n = NEXT.getAndIncrement();
        return "10.77." + (n / 250) + "." + (n % 250 + 1);
    }
}
