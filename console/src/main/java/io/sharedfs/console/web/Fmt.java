package io.sharedfs.console.web;

import io.quarkus.qute.TemplateExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Formatting for the pages: {@code {fmt:time(x)}}, {@code {fmt:bytes(n)}}, ... Every helper takes null. */
@TemplateExtension(namespace = "fmt")
public final class Fmt {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private Fmt() {
    }

    static String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    /** Time of day with milliseconds, for the event feed. */
    static String clock(Instant instant) {
        return instant == null ? "—" : CLOCK.format(instant);
    }

    static String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    static String bytes(Long bytes) {
        if (bytes == null) {
            return "—";
        }
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
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String millis(Long millis) {
        if (millis == null) {
            return "—";
        }
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    static String since(Instant instant) {
        if (instant == null) {
            return "";
        }
        Duration age = Duration.between(instant, Instant.now());
        if (age.isNegative() || age.getSeconds() < 60) {
            return "just now";
        }
        if (age.toMinutes() < 60) {
            return age.toMinutes() + " min ago";
        }
        if (age.toHours() < 48) {
            return age.toHours() + " h ago";
        }
        return age.toDays() + " days ago";
    }

    /** A CSS class for a state or status, e.g. {@code state-ready}. */
    static String state(String state) {
        return state == null ? "state-unknown" : "state-" + state.toLowerCase(Locale.ROOT);
    }

    /** {@code "and 7 more"} after the first {@code shown} items of a long list, else nothing. */
    static String more(java.util.List<?> list, int shown) {
        return list == null || list.size() <= shown ? "" : "and " + (list.size() - shown) + " more";
    }

    /** A value for a URL's query, e.g. {@code /ve/file?path={fmt:q(path)}}. */
    static String q(String value) {
        return Pages.q(value);
    }

    static String orDash(Object value) {
        return value == null || value.toString().isBlank() ? "—" : value.toString();
    }
}
