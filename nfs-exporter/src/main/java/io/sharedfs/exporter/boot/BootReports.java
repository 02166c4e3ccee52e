package io.sharedfs.exporter.boot;

import io.sharedfs.contracts.boot.BootStage;
import io.sharedfs.contracts.boot.NodeBootFailed;
import io.sharedfs.contracts.boot.NodeBooted;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.exporter.domain.NodeRow;
import io.sharedfs.messaging.outbox.Outbox;
import io.sharedfs.service.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's own report of its boot, turned into {@link NodeBooted} or {@link NodeBootFailed}. The node is
 * untrusted: the stage must be one the contract knows, the error text is bounded and stripped of control
 * characters, and a node reporting the same stage again within the configured interval is refused.
 */
@ApplicationScoped
public class BootReports {

    /** The longest error a node may report; a boot message says what failed, not the whole console. */
    public static final int MAX_ERROR = 500;

    private final Outbox outbox;
    private final Duration interval;
    private final Clock clock;
    private final Map<String, Instant> lastAccepted = new ConcurrentHashMap<>();

    public BootReports(Outbox outbox, BootConfig config) {
        this.outbox = outbox;
        this.interval = config.reportInterval();
        this.clock = Clock.systemUTC();
    }

    /** What a node may say: a stage and, with {@code failed}, what went wrong. */
    public record Report(String stage, String error) {
    }

    /** What was published. */
    public record Accepted(long veId, long vemId, String stage, Instant reportedAt) {
    }

    @Transactional
    public Accepted accept(NodeRow node, Report report) {
        String stage = report.stage() == null ? "" : report.stage().strip().toLowerCase(Locale.ROOT);
        String error = clean(report.error());
        if (!stage.equals("failed") && !stage.equals("mounted") && !stage.equals("booted")) {
            throw ProblemException.invalid("stage", "one-of", "stage must be mounted, booted or failed");
        }
        if (stage.equals("failed") && error.isEmpty()) {
            throw ProblemException.invalid("error", "required", "a failed boot needs an error: what failed");
        }
        if (!stage.equals("failed") && !error.isEmpty()) {
            throw ProblemException.invalid("error", "only-when-failed", "error is given only with stage=failed");
        }
        Instant now = clock.instant();
        admit(node.ref(), stage, now);
        if (stage.equals("failed")) {
            outbox.publish(new NodeBootFailed(node.veId, node.vemId, node.address, node.storageHost, error, now));
        } else {
            BootStage reached = stage.equals("mounted") ? BootStage.MOUNTED : BootStage.BOOTED;
            outbox.publish(new NodeBooted(node.veId, node.vemId, node.address, node.storageHost, reached, now));
        }
        return new Accepted(node.veId, node.vemId, stage, now);
    }

    private void admit(NodeRef node, String stage, Instant now) {
        String key = node.veId() + "/" + node.vemId() + "/" + stage;
        Instant[] refusedUntil = new Instant[1];
        lastAccepted.compute(key, (k, last) -> {
            if (last != null && now.isBefore(last.plus(interval))) {
                refusedUntil[0] = last.plus(interval);
                return last;
            }
            return now;
        });
        if (refusedUntil[0] != null) {
            throw ProblemException.tooMany("node " + node.veId() + "/" + node.vemId() + " reported " + stage
                    + " less than " + interval.toMillis() + " ms ago; report again after " + refusedUntil[0]);
        }
    }

    /** The error as one printable line of at most {@link #MAX_ERROR} characters. */
    static String clean(String error) {
        if (error == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        error.codePoints().forEach(c -> text.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        String line = text.toString().strip().replaceAll(" {2,}", " ");
        return line.length() <= MAX_ERROR ? line : line.substring(0, MAX_ERROR - 1) + "…";
    }
}
