package io.sharedfs.exporter.domain;

import java.time.Duration;

/**
 * What the apply worker decides on (see {@code ApplyPolicy}).
 *
 * @param pending changes of the desired table not handed to an apply attempt yet
 * @param awaiting nodes whose tree is on its way: added here, not withdrawn, their current attempt
 *        neither provisioned nor reported failed, and not stuck
 * @param oldestPendingAge how long the oldest pending change has waited
 */
public record Backlog(long pending, long awaiting, Duration oldestPendingAge) {

    /** The age of a pending change whose time is unknown: old enough for any window. */
    public static final Duration LONG_AGO = Duration.ofDays(365);

    public static final Backlog NONE = new Backlog(0, 0, Duration.ZERO);
}
