package io.sharedfs.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmark says about the machine and its processes, from /proc. */
final class Machine {

    private static final Pattern STARTED = Pattern.compile("started in ([0-9]+(?:\\.[0-9]+)?)s");
    /** USER_HZ: the unit of the times in /proc/<pid>/stat; 100 on every Linux architecture that matters. */
    static final double TICKS_PER_SECOND = 100.0;

    private Machine() {
    }

    static String description() {
        String cpu = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim().replaceAll("\\s+", " ");
                    break;
                }
            }
        } catch (IOException e) {
            // keep ?
        }
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), " + Format.bytes(memTotal())
                + " RAM, Linux " + read("/proc/sys/kernel/osrelease").trim();
    }

    static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return 0;
    }

    static String loadAverage() {
        String[] parts = read("/proc/loadavg").trim().split("\\s+");
        return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "?";
    }

    static double load1() {
        try {
            return Double.parseDouble(read("/proc/loadavg").trim().split("\\s+")[0]);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Busy and total jiffies of all CPUs together, from the first line of /proc/stat. */
    static long[] cpuJiffies() {
        String[] parts = read("/proc/stat").lines().findFirst().orElse("").trim().split("\\s+");
        long total = 0;
        long idle = 0;
        for (int i = 1; i < parts.length; i++) {
            long value = Long.parseLong(parts[i]);
            total += value;
            if (i == 4 || i == 5) { // idle, iowait
                idle += value;
            }
        }
        return new long[] {total - idle, total};
    }

    /** Microseconds some task waited for a CPU (Linux pressure stall information), or -1 without PSI. */
    static long cpuPressureMicros() {
        for (String line : read("/proc/pressure/cpu").split("\n")) {
            if (line.startsWith("some ")) {
                int at = line.indexOf("total=");
                if (at >= 0) {
                    return Long.parseLong(line.substring(at + 6).trim());
                }
            }
        }
        return -1;
    }

    static long rssBytes(long pid) {
        for (String line : read("/proc/" + pid + "/status").split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    /** CPU ticks (user + system) a process used, its reaped children's included. */
    static long cpuTicks(long pid) {
        String stat = read("/proc/" + pid + "/stat");
        if (stat.isEmpty()) {
            return 0;
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                + Long.parseLong(fields[14]);
    }

    /** CPU ticks of a process (its reaped children's included) in the kernel (system time). */
    static long systemTicks(long pid) {
        String stat = read("/proc/" + pid + "/stat");
        if (stat.isEmpty()) {
            return 0;
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[12]) + Long.parseLong(fields[14]);
    }

    /** A process and all its descendants: CPU ticks. */
    static long treeCpuTicks(long pid) {
        long ticks = 0;
        for (long member : tree(pid)) {
            ticks += cpuTicks(member);
        }
        return ticks;
    }

    static List<Long> tree(long root) {
        Map<Long, List<Long>> children = new HashMap<>();
        try (var entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String stat = read("/proc/" + name + "/stat");
                if (stat.isEmpty()) {
                    continue;
                }
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                children.computeIfAbsent(Long.parseLong(fields[1]), k -> new ArrayList<>()).add(Long.parseLong(name));
            }
        } catch (IOException e) {
            return List.of(root);
        }
        List<Long> members = new ArrayList<>();
        List<Long> queue = new ArrayList<>(List.of(root));
        while (!queue.isEmpty()) {
            long pid = queue.remove(queue.size() - 1);
            members.add(pid);
            queue.addAll(children.getOrDefault(pid, List.of()));
        }
        return members;
    }

    /** The launcher's processes and their pids, from {@code <home>/pids}; PostgreSQL as its server's pid. */
    static Map<String, Long> processes(Path home) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String name : List.of("image-service", "ve-service", "node-provisioner", "nfs-exporter", "kafka")) {
            pid(home.resolve("pids").resolve(name + ".pid")).ifPresent(pid -> pids.put(name, pid));
        }
        pid(home.resolve("data/postgres/postmaster.pid")).ifPresent(pid -> pids.put("postgres", pid));
        return pids;
    }

    private static Optional<Long> pid(Path file) {
        try {
            String first = Files.readAllLines(file).get(0).trim();
            long pid = Long.parseLong(first);
            return Files.exists(Path.of("/proc/" + pid)) ? Optional.of(pid) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The last "started in X s" of a service's log, in seconds; -1 when there is none. */
    static double startSeconds(Path log) {
        double seconds = -1;
        try {
            for (String line : Files.readAllLines(log)) {
                Matcher matcher = STARTED.matcher(line);
                if (matcher.find()) {
                    seconds = Double.parseDouble(matcher.group(1));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return seconds;
    }

    static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }
}
