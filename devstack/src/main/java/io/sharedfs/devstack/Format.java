package io.sharedfs.devstack;

import java.time.Duration;
import java.util.Locale;

/** Numbers for people: sizes, durations, terminal colours. */
final class Format {

    static final boolean TTY = System.console() != null && System.getenv("NO_COLOR") == null;
    static final String BOLD = TTY ? "\u001b[1m" : "";
    static final String RED = TTY ? "\u001b[31m" : "";
    static final String GREEN = TTY ? "\u001b[32m" : "";
    static final String YELLOW = TTY ? "\u001b[33m" : "";
    static final String DIM = TTY ? "\u001b[2m" : "";
    static final String RESET = TTY ? "\u001b[0m" : "";

    private Format() {
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    }

    static String millis(double millis) {
        if (millis < 10) {
            return String.format(Locale.ROOT, "%.1f ms", millis);
        }
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.0f ms", millis);
        }
        return seconds(millis / 1000.0);
    }

    static String seconds(double seconds) {
        if (seconds < 100) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        return String.format(Locale.ROOT, "%.0f s", seconds);
    }

    static String elapsed(long startNanos) {
        return String.format(Locale.ROOT, "%5.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    static String duration(Duration duration) {
        return millis(duration.toNanos() / 1e6);
    }

    static String pad(String text, int width) {
        int visible = visibleLength(text);
        return visible >= width ? text : text + " ".repeat(width - visible);
    }

    static int visibleLength(String text) {
        return text.replaceAll("\u001b\\[[0-9;]*m", "").length();
    }

    static String say(String line) {
        System.out.println(line);
        System.out.flush();
        return line;
    }

    static void step(String what) {
        say(BOLD + "==>" + RESET + " " + what);
    }
}
