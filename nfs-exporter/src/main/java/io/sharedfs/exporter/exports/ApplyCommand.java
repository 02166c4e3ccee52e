package io.sharedfs.exporter.exports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command that makes the NFS server take the exports file ({@code exportfs -ra} by default),
 * run without a shell, with a timeout that kills its whole process tree, and with its output
 * captured (capped) for the operator; or {@code skip}, which renders only.
 */
public final class ApplyCommand {

    /** The configured value that means "render the file, run nothing". */
    public static final String SKIP = "skip";

    static final int OUTPUT_CAP = 16 * 1024;

    private final List<String> argv;
    private final Duration timeout;

    private ApplyCommand(List<String> argv, Duration timeout) {
        this.argv = List.copyOf(argv);
        this.timeout = timeout;
    }

    /** Splits the configured command on spaces; {@code skip} gives a command that runs nothing. */
    public static ApplyCommand parse(String text, Duration timeout) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("apply-command must name a command, or be '" + SKIP + "'");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("apply-timeout must be positive");
        }
        String trimmed = text.trim();
        List<String> argv = trimmed.equals(SKIP) ? List.of() : Arrays.asList(trimmed.split("\\s+"));
        return new ApplyCommand(argv, timeout);
    }

    public Duration timeout() {
        return timeout;
    }

    public boolean skips() {
        return argv.isEmpty();
    }

    @Override
    public String toString() {
        return skips() ? SKIP : String.join(" ", argv);
    }

    /** What one run did. */
    public record Result(boolean ok, String message) {
    }

    public Result run() {
        if (skips()) {
            return new Result(true, "skipped (apply-command is '" + SKIP + "')");
        }
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // Messages an operator can search for, whatever the service's locale.
            builder.environment().put("LC_ALL", "C");
            process = builder.start();
        } catch (IOException e) {
            return new Result(false, "cannot run " + this + ": " + e.getMessage());
        }
        OutputReader output = new OutputReader(process.getInputStream());
        output.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                return new Result(false, this + " did not finish within " + timeout.toSeconds() + "s and was killed"
                        + tail(output.text(Duration.ofSeconds(1))));
            }
            String text = output.text(Duration.ofSeconds(5));
            int exit = process.exitValue();
            return exit == 0 ? new Result(true, this + " succeeded" + tail(text))
                    : new Result(false, this + " exited with " + exit + tail(text));
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            return new Result(false, this + " was interrupted");
        }
    }

    private static void killTree(Process process) {
        // Children first, so none is re-parented and left running when the parent goes.
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // Killed with SIGKILL (a zombie waits for its new parent to reap it): nothing more to do.
            }
        }
    }

    private static String tail(String output) {
        String trimmed = output.strip();
        return trimmed.isEmpty() ? "" : ": " + trimmed;
    }

    /** Drains the command's output so it never blocks on a full pipe, keeping the first bytes. */
    private static final class OutputReader extends Thread {

        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private boolean truncated;

        OutputReader(InputStream in) {
            super("sharedfs-apply-output");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    synchronized (this) {
                        int room = OUTPUT_CAP - kept.size();
                        kept.write(buffer, 0, Math.min(room, n));
                        truncated |= n > room;
                    }
                }
            } catch (IOException e) {
                // The process was killed or closed its output: what was read is what there is.
            }
        }

        String text(Duration wait) throws InterruptedException {
            join(wait.toMillis());
            synchronized (this) {
                String text = kept.toString(StandardCharsets.UTF_8);
                return truncated ? text + "\n[output truncated]" : text;
            }
        }
    }
}
