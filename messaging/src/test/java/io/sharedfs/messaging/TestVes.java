package io.sharedfs.messaging;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Fresh VE ids per test, so tests sharing a broker and a database never see each other's events. */
public final class TestVes {

    private static final AtomicLong NEXT = new AtomicLong(ThreadLocalRandom.current().nextLong(1, 1L << 40) * 1000);

    private TestVes() {
    }

    public static long next() {
        return NEXT.incrementAndGet();
    }
}
