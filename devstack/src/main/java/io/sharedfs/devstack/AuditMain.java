package io.sharedfs.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.sharedfs.contracts.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The audit trail: reads every sharedfs topic from the beginning (or from a given time) with a plain Kafka consumer,
 * up to where the topics end when it starts, and prints one line per event sorted by its CloudEvents time: time,
 * topic, key, type, subject and a short summary of the body. Exits when caught up.
 *
 * <pre>
 * AuditMain --bootstrap-servers localhost:9092 [--ve ID] [--image ID] [--since TIME] [--topics nodes,exports]
 *           [--host-events] [--full-ids] [--timeout 60]
 * </pre>
 *
 * <ul>
 *   <li>{@code --ve ID}: only records about that VE (keyed by it or naming it in the body).</li>
 *   <li>{@code --image ID}: only records about that image (its id or a unique prefix of it); with {@code --ve},
 *       records about either.</li>
 *   <li>{@code --host-events}: with a filter, also keep the storage-host-wide records ({@code ExportsApplied},
 *       {@code ExportsApplyFailed}), which name no VE.</li>
 *   <li>{@code --since}: an ISO-8601 time ({@code 2025-01-31T10:00:00Z}, or local {@code 2025-01-31T10:00}), or an
 *       age: {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}.</li>
 *   <li>{@code --topics}: a comma-separated list; the {@code sharedfs.} prefix may be left out.</li>
 *   <li>{@code --full-ids}: image ids in full (they are cut to 8 characters otherwise).</li>
 * </ul>
 */
public final class AuditMain {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern AGE = Pattern.compile("(\\d+)\\s*([smhd])");

    private AuditMain() {
    }

    /** What to keep. */
    record Filter(Long veId, String imageId, boolean hostEvents) {

        boolean any() {
            return veId != null || imageId != null;
        }

        boolean test(Events.Event event) {
            if (!any()) {
                return true;
            }
            String key = event.key() == null ? "" : event.key();
            if (hostEvents && key.startsWith("host:")) {
                return true;
            }
            if (veId != null && (key.equals(Long.toString(veId)) || event.veId() == veId)) {
                return true;
            }
            if (imageId != null) {
                if (key.startsWith(imageId)) {
                    return true;
                }
                JsonNode json = event.json();
                String id = json.path("imageId").asText(json.path("image").path("imageId").asText(""));
                return !id.isEmpty() && id.startsWith(imageId);
            }
            return false;
        }
    }

    public static void main(String[] argv) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Args args = Args.parse("audit", argv, Set.of("host-events", "full-ids", "help"), false);
        if (args.flag("help")) {
            System.out.println("usage: ./sharedfs audit [--ve ID] [--image ID] [--since TIME|AGE] [--topics LIST]"
                    + " [--host-events] [--full-ids]");
            return;
        }
        try {
            Filter filter = new Filter(args.has("ve") ? parseVe(args, args.required("ve")) : null,
                    args.has("image") ? args.required("image").toLowerCase(Locale.ROOT) : null,
                    args.flag("host-events"));
            Instant since = args.has("since") ? parseSince(args.required("since"), Instant.now()) : null;
            List<String> topics = topics(args.optional("topics", ""));
            int printed = print(args.required("bootstrap-servers"), topics, since, filter, args.flag("full-ids"),
                    Duration.ofSeconds(args.intValue("timeout", 60)));
            if (printed < 0) {
                System.exit(1);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            String message = e.getMessage();
            System.err.println(message.startsWith("audit: ") ? message : "audit: " + message);
            System.exit(2);
        }
    }

    private static Long parseVe(Args args, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw args.usage("--ve must be a VE id (a number), got '" + text + "'");
        }
    }

    /** Reads and prints; returns the number of lines printed. */
    static int print(String bootstrapServers, List<String> topics, Instant since, Filter filter, boolean fullIds,
            Duration timeout) {
        List<Events.Event> read = Events.readAll(bootstrapServers, topics, since, timeout);
        List<Events.Event> kept = read.stream().filter(filter::test)
                .sorted(Comparator.comparing(Events.Event::time).thenComparing(Events.Event::topic)
                        .thenComparingInt(Events.Event::partition).thenComparingLong(Events.Event::offset))
                .toList();
        boolean oneDay = kept.stream().map(e -> LocalDate.ofInstant(e.time(), ZoneId.systemDefault())).distinct()
                .count() <= 1;
        DateTimeFormatter time = DateTimeFormatter.ofPattern(oneDay ? "HH:mm:ss.SSS" : "yyyy-MM-dd HH:mm:ss.SSS")
                .withZone(ZoneId.systemDefault());
        int keyWidth = 3;
        int typeWidth = 4;
        int subjectWidth = 7;
        List<String[]> rows = new ArrayList<>();
        for (Events.Event event : kept) {
            String[] row = {time.format(event.time()), shortTopic(event.topic()), ids(event.key(), fullIds),
                event.type(), ids(event.subject(), fullIds), summary(event, fullIds)};
            keyWidth = Math.max(keyWidth, row[2].length());
            typeWidth = Math.max(typeWidth, row[3].length());
            subjectWidth = Math.max(subjectWidth, row[4].length());
            rows.add(row);
        }
        String header = String.format(Locale.ROOT, "%-" + (oneDay ? 12 : 23) + "s  %-14s  %-" + keyWidth + "s  %-"
                + typeWidth + "s  %-" + subjectWidth + "s  %s", "TIME", "TOPIC", "KEY", "TYPE", "SUBJECT", "SUMMARY");
        System.out.println(Format.DIM + header + Format.RESET);
        for (String[] row : rows) {
            System.out.println(String.format(Locale.ROOT, "%s  %-14s  %-" + keyWidth + "s  %-" + typeWidth + "s  %-"
                    + subjectWidth + "s  %s", row[0], row[1], row[2], row[3], row[4], row[5]).stripTrailing());
        }
        String zone = ZoneId.systemDefault().getId();
        System.out.println(Format.DIM + "(" + kept.size() + " of " + read.size() + " records"
                + (filter.any() ? " match" + describe(filter) : "") + "; " + topics.size() + " topics"
                + (since == null ? " from the beginning" : " since " + since.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)) + "; times are CloudEvents ce_time in "
                + zone + "; topics without the 'sharedfs.' prefix)" + Format.RESET);
        System.out.flush();
        return kept.size();
    }

    private static String describe(Filter filter) {
        List<String> parts = new ArrayList<>();
        if (filter.veId() != null) {
            parts.add("VE " + filter.veId());
        }
        if (filter.imageId() != null) {
            parts.add("image " + filter.imageId());
        }
        return " " + String.join(" or ", parts) + (filter.hostEvents() ? " (with storage-host-wide events)" : "");
    }

    static List<String> topics(String list) {
        if (list.isBlank()) {
            return Topics.ALL;
        }
        List<String> topics = new ArrayList<>();
        for (String name : list.split(",")) {
            String topic = name.trim();
            if (topic.isEmpty()) {
                continue;
            }
            if (!topic.startsWith("sharedfs.")) {
                topic = "sharedfs." + topic;
            }
            if (!Topics.ALL.contains(topic)) {
                throw new IllegalArgumentException("unknown topic '" + name.trim() + "'; topics: "
                        + Topics.ALL.stream().map(AuditMain::shortTopic).collect(Collectors.joining(", ")));
            }
            topics.add(topic);
        }
        return topics;
    }

    static Instant parseSince(String text, Instant now) {
        String value = text.trim();
        Matcher age = AGE.matcher(value);
        if (age.matches()) {
            long amount = Long.parseLong(age.group(1));
            Duration duration = switch (age.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return now.minus(duration);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value).atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("--since must be an ISO-8601 time (2025-01-31T10:00:00Z or"
                        + " 2025-01-31T10:00) or an age (90s, 15m, 2h, 1d), got '" + text + "'");
            }
        }
    }

    static String shortTopic(String topic) {
        return topic.startsWith("sharedfs.") ? topic.substring("sharedfs.".length()) : topic;
    }

    /** UUIDs cut to their first 8 characters unless full ids are asked for. */
    static String ids(String text, boolean full) {
        if (text == null) {
            return "-";
        }
        if (full) {
            return text;
        }
        return UUID_TEXT.matcher(text).replaceAll(match -> match.group().substring(0, 8));
    }

    /** A short, readable account of the body, by type. */
    static String summary(Events.Event event, boolean fullIds) {
        JsonNode b = event.json();
        if (b.isNull() || b.isMissingNode()) {
            return event.body() == null ? "(no body)" : "(not JSON) " + cut(event.body(), 100);
        }
        String vem = b.has("vemId") ? "VEM " + b.path("vemId").asText() + ": " : "";
        String summary = switch (event.type()) {
            case "ImageRegistered" -> image(b.path("image"), fullIds) + ", " + imageState(b.path("image"));
            case "ImageUpdated" -> image(b.path("image"), fullIds) + " changed " + list(b.path("changedFields"))
                    + " → " + imageState(b.path("image"));
            case "ImageDeleted" -> "image " + b.path("name").asText() + " (" + b.path("rootPath").asText()
                    + ") left the registry; its files stay";
            case "ImageLayoutPrepared" -> "layout ready on " + b.path("storageHost").asText() + " in "
                    + b.path("rootPath").asText() + " (custom/node, custom/ve, private 0700)";
            case "ImageLayoutRejected" -> "layout refused on " + b.path("storageHost").asText() + ": "
                    + b.path("reason").asText();
            case "VeCreated" -> "VE " + b.path("name").asText() + " on image " + ids(b.path("imageId").asText(), fullIds)
                    + (b.path("multiServer").asBoolean() ? ", multi-server" : ", single-server");
            case "VeUpdated" -> "VE " + b.path("name").asText() + " changed " + list(b.path("changedFields"));
            case "VeDeleted" -> "VE " + b.path("name").asText() + " deleted";
            case "AddNode" -> "command " + b.path("commandId").asText() + ": add " + b.path("hostname").asText()
                    + " " + b.path("address").asText();
            case "RemoveNode" -> "command " + b.path("commandId").asText() + ": remove VEM " + b.path("vemId").asText()
                    + (b.path("purge").asBoolean() ? " with purge" : "");
            case "CommandRejected" -> "command " + b.path("commandId").asText() + " (" + b.path("commandType").asText()
                    + ") rejected: " + b.path("reason").asText();
            case "NodeAdded" -> vem + b.path("hostname").asText() + " " + b.path("address").asText() + ", attempt "
                    + b.path("attempt").asText() + ", image " + b.path("image").path("rootPath").asText();
            case "NodeRemoved" -> vem + b.path("hostname").asText() + " " + b.path("address").asText()
                    + (b.path("purge").asBoolean() ? ", purge the tree" : ", keep the tree");
            case "NodeStateChanged" -> vem + (b.hasNonNull("from") ? b.path("from").asText() : "(new)") + " → "
                    + b.path("to").asText() + (b.hasNonNull("reason") ? " (" + cut(b.path("reason").asText(), 120) + ")"
                    : "");
            case "PrivateTreeCreated" -> vem + "tree " + b.path("treePath").asText() + ": "
                    + String.format(Locale.ROOT, "%,d", b.path("files").asLong()) + " files, "
                    + Format.bytes(b.path("bytes").asLong()) + " (" + list(b.path("paths")) + ")"
                    + (b.path("skippedSpecialFiles").size() > 0
                            ? ", " + b.path("skippedSpecialFiles").size() + " special files skipped" : "");
            case "InitVemHookRan" -> vem + "init_vem " + hook(b);
            case "NodeProvisioned" -> vem + "provisioned (attempt " + b.path("attempt").asText() + ")";
            case "NodeProvisioningFailed" -> vem + "failed (attempt " + b.path("attempt").asText() + "): "
                    + cut(b.path("reason").asText(), 160);
            case "PrivateTreePurged" -> vem + "tree " + b.path("treePath").asText() + " deleted";
            case "NodeExported" -> vem + b.path("paths").size() + " paths exported to " + b.path("address").asText()
                    + " (generation " + b.path("generation").asText() + ")";
            case "NodeUnexported" -> vem + "exports to " + b.path("address").asText() + " withdrawn (generation "
                    + b.path("generation").asText() + ")";
            case "ExportsApplied" -> "generation " + b.path("generation").asText() + " applied on "
                    + b.path("storageHost").asText() + ": " + b.path("entries").asText() + " lines in "
                    + b.path("durationMillis").asText() + " ms";
            case "ExportsApplyFailed" -> "generation " + b.path("generation").asText() + " NOT applied on "
                    + b.path("storageHost").asText() + ": " + cut(b.path("message").asText(), 140) + " ("
                    + b.path("nodes").size() + " nodes)";
            default -> cut(b.toString(), 140);
        };
        if (event.topic().equals(Topics.DEAD_LETTER)) {
            summary = "dead letter from " + event.headers().getOrDefault("dead-letter-topic", "?") + ": "
                    + cut(event.headers().getOrDefault("dead-letter-reason", "?"), 140) + " | " + summary;
        }
        return summary;
    }

    private static String image(JsonNode image, boolean fullIds) {
        return "image " + image.path("name").asText() + " (" + image.path("rootPath").asText() + ")";
    }

    private static String imageState(JsonNode image) {
        return (image.path("shared").asBoolean() ? "shared" : "not shared") + ", "
                + image.path("status").asText("?")
                + (image.hasNonNull("statusReason") ? " (" + cut(image.path("statusReason").asText(), 100) + ")" : "");
    }

    private static String hook(JsonNode b) {
        String outcome = b.path("outcome").asText();
        String text = switch (outcome) {
            case "EXITED" -> "exited " + b.path("exitCode").asText() + " after " + b.path("durationMillis").asText()
                    + " ms";
            case "ABSENT" -> "absent (no hook for this VE)";
            case "TIMED_OUT" -> "timed out after " + b.path("durationMillis").asText() + " ms, killed";
            case "REFUSED" -> "refused: " + b.path("detail").asText();
            default -> outcome;
        };
        String output = b.path("outputTail").asText("").strip();
        if (!output.isEmpty()) {
            String[] lines = output.split("\n");
            text += ": \"" + cut(lines[lines.length - 1], 80) + "\"";
        }
        return text;
    }

    private static String list(JsonNode array) {
        List<String> items = new ArrayList<>();
        for (JsonNode item : array) {
            items.add(item.asText());
        }
        return String.join(" ", items);
    }

    static String cut(String text, int max) {
        String single = text.replace('\n', ' ').replace('\r', ' ');
        return single.length() <= max ? single : single.substring(0, max - 1) + "…";
    }
}
