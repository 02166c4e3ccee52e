package io.sharedfs.devstack;

import static io.sharedfs.devstack.Format.BOLD;
import static io.sharedfs.devstack.Format.DIM;
import static io.sharedfs.devstack.Format.GREEN;
import static io.sharedfs.devstack.Format.RED;
import static io.sharedfs.devstack.Format.RESET;
import static io.sharedfs.devstack.Format.YELLOW;
import static io.sharedfs.devstack.Format.say;
import static io.sharedfs.devstack.Format.step;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sharedfs.contracts.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./sharedfs bench}: measures sharedfs against the performance targets of SPEC.md section 5 on a running
 * system, through REST and the topics, and prints the figures with the machine they came from.
 *
 * <ul>
 *   <li>burst (default): N nodes (500) added to one multi-server VE on an image (a generated minbase-sized sample, or
 *       {@code --image PATH}); wall time until all are READY, NodeAdded→READY per node (from the events' ce_time on
 *       sharedfs.nodes), export apply runs (ExportsApplied on sharedfs.exports), where the time goes (per stage, CPU
 *       per process); then a serial {@code cp -a} of the same private dirs for the same N nodes into a scratch dir on
 *       the same file system, and the ratio;</li>
 *   <li>{@code --latency}: a tiny image, node adds at a fixed rate (20/s for 30 s), NodeAdded→READY p50/p99;</li>
 *   <li>{@code --apply}: 1,000 node adds at once on a tiny image, the number of export apply runs;</li>
 *   <li>every run: each service's resident memory at idle and start time, and (unless {@code --no-render}) the render
 *       time of a 10,000-node export table (nfs-exporter's RenderBenchmark, run through Maven).</li>
 * </ul>
 *
 * Everything it creates lives in {@code <home>/bench/<run>/} and in the services' databases; at the end nodes are
 * removed with purge, the VEs and images deleted and the run directory removed, unless {@code --keep}.
 */
public final class BenchMain {

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Pattern RENDER = Pattern.compile(
            "build ([0-9.]+) / ([0-9.]+) ms, analyse ([0-9.]+) / ([0-9.]+) ms, render ([0-9.]+) / ([0-9.]+) ms");
    private static final Duration POLL = Duration.ofMillis(250);

    private static final String USAGE = """
            usage: ./sharedfs bench [--nodes N] [--image PATH] [--latency | --apply | --all] [options]

              (default)          burst: add N nodes to one multi-server VE, time until all READY, compare with a
                                 serial 'cp -a' of the same private dirs for N nodes (target: at most 1.1x)
              --latency          instead: a tiny image, --rate adds per second for --duration seconds,
                                 NodeAdded->READY p50/p99 (targets: 150 ms / 500 ms)
              --apply            instead: --apply-nodes (1,000) adds at once on a tiny image, counting the
                                 export apply runs (target: at most 20)
              --all              all three, one after the other
              --nodes N          nodes of the burst (default 500)
              --image PATH       the burst's image: any root file system, registered in place (sharedfs creates
                                 /custom and /private in it); default: a generated sample sized like a Debian
                                 minbase tree's /etc and /var
              --hook             give the burst's VE the demo's init_vem hook (default: no hook)
              --concurrency C    parallel REST calls adding the burst's nodes (default 4)
              --rate R           latency mode: adds per second (default 20)
              --duration S       latency mode: seconds of adds (default 30)
              --timeout S        give up waiting for READY after S seconds (default: 600, or 2 s a node if more)
              --no-cp            skip the cp -a comparison
              --no-render        skip the 10,000-node render benchmark (it runs Maven: about a minute)
              --keep             keep the nodes, VEs, images and files (default: remove them at the end)
              --sources DIR      the source tree to run the render benchmark in (default: the launcher's)

            Also printed: the machine (CPUs, memory, kernel), the load before, during and after, each service's
            resident memory (VmRSS) at idle and start time ("started in" of its log).
            """;

    /** One line of the final table. */
    record Row(String figure, String measured, String target, String met) {
    }

    private final Api api;
    private final Api.Services services;
    private final Path home;
    private final Path repository;
    private final String bootstrapServers;
    private final String launcher;
    private final String runId;
    private final Path runDir;
    private final Args args;
    private final int addressBase;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> cleanup = new ArrayList<>();
    private boolean everythingCleaned = true;

    private BenchMain(Args args) {
        this.args = args;
        home = Path.of(args.required("home")).toAbsolutePath().normalize();
        repository = Path.of(args.optional("sources", args.required("root"))).toAbsolutePath().normalize();
        services = Api.Services.onLocalhost(args.intValue("port-base", 8081));
        bootstrapServers = args.required("bootstrap-servers");
        launcher = args.optional("launcher", "./sharedfs");
        api = Api.operator(Duration.ofSeconds(60));
        runId = LocalDateTime.now().format(RUN_ID);
        runDir = home.resolve("bench").resolve(runId);
        addressBase = 128 + Math.floorMod(runId.hashCode(), 60) * 2;
    }

    public static void main(String[] argv) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Args args;
        try {
            args = Args.parse("bench", argv,
                    Set.of("latency", "apply", "all", "keep", "no-cp", "no-render", "hook", "help"), false);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (args.flag("help")) {
            System.out.print(USAGE);
            return;
        }
        try {
            System.exit(new BenchMain(args).run());
        } catch (IllegalArgumentException e) {
            System.err.println(RED + "error:" + RESET + " " + e.getMessage());
            System.exit(2);
        } catch (Api.ApiException | IllegalStateException | IOException e) {
            System.err.println(RED + "error:" + RESET + " " + e.getMessage());
            System.exit(1);
        }
    }

    private int run() throws IOException {
        boolean latency = args.flag("latency") || args.flag("all");
        boolean applyBurst = args.flag("apply") || args.flag("all");
        boolean burst = (!args.flag("latency") && !args.flag("apply")) || args.flag("all");
        int nodes = args.intValue("nodes", 500);
        if (nodes < 1 || nodes > 60_000) {
            throw args.usage("--nodes must be between 1 and 60000");
        }
        String machine = Machine.description();
        String loadBefore = Machine.loadAverage();
        say(BOLD + "sharedfs benchmark" + RESET + " run " + runId + " on " + machine);
        say("   load average before: " + loadBefore + "; work directory " + runDir);
        Files.createDirectories(runDir);

        LoadSampler load = new LoadSampler();
        Idle idle = measureIdle();
        boolean ok = true;
        try {
            if (burst) {
                ok &= burst(nodes);
            }
            if (latency) {
                ok &= latency();
            }
            if (applyBurst) {
                ok &= applyBurst(args.intValue("apply-nodes", 1000));
            }
        } finally {
            load.close();
        }
        if (!args.flag("no-render")) {
            render();
        }
        String loadAfter = Machine.loadAverage();
        idle.after();

        // The report
        say("");
        say(BOLD + "sharedfs benchmark " + runId + RESET);
        say("machine: " + machine);
        say("load:    load average before " + loadBefore + ", after " + loadAfter + "; during the measurements "
                + load.describe());
        say("");
        int w0 = "figure".length();
        int w1 = "measured".length();
        int w2 = "target (SPEC 5)".length();
        for (Row row : rows) {
            w0 = Math.max(w0, row.figure().length());
            w1 = Math.max(w1, row.measured().length());
            w2 = Math.max(w2, row.target().length());
        }
        String format = "%-" + w0 + "s  %-" + w1 + "s  %-" + w2 + "s  %s";
        say(BOLD + String.format(Locale.ROOT, format, "figure", "measured", "target (SPEC 5)", "met") + RESET);
        for (Row row : rows) {
            String met = row.met();
            String colour = met.startsWith("yes") ? GREEN : met.startsWith("NO") ? RED : "";
            say(String.format(Locale.ROOT, format, row.figure(), row.measured(), row.target(),
                    colour + met + (colour.isEmpty() ? "" : RESET)).stripTrailing());
        }
        if (!notes.isEmpty()) {
            say("");
            for (String note : notes) {
                say("- " + note);
            }
        }
        say("");
        if (args.flag("keep")) {
            say("kept (--keep): " + String.join("; ", cleanup) + "; files in " + runDir);
        } else {
            if (everythingCleaned) {
                deleteTree(runDir);
                cleanup.add("work directory " + runDir + " removed");
            } else {
                cleanup.add("work directory " + runDir + " kept, as something could not be removed");
            }
            say("cleaned up: " + String.join("; ", cleanup));
        }
        return ok ? 0 : 1;
    }

    // -----------------------------------------------------------------------------------------------------------------
    // idle memory and start times

    private final class Idle {
        private final Map<String, Long> pids = Machine.processes(home);

        Idle() {
            step("idle services: resident memory (VmRSS) and start time");
            for (Map.Entry<String, Long> entry : pids.entrySet()) {
                String name = entry.getKey();
                if (name.equals("postgres")) {
                    continue;
                }
                long rss = Machine.rssBytes(entry.getValue());
                double started = Machine.startSeconds(home.resolve("logs").resolve(name + ".log"));
                String start = started < 0 ? "" : ", started in " + Format.seconds(started);
                say("   " + name + ": " + Format.bytes(rss) + start);
                if (!name.equals("kafka")) {
                    rows.add(new Row(name + ": RSS at idle / start time", Format.bytes(rss) + " / "
                            + (started < 0 ? "?" : Format.seconds(started)), "(none)", "-"));
                } else {
                    rows.add(new Row("kafka broker (devstack): RSS at idle", Format.bytes(rss), "(none)", "-"));
                }
            }
        }

        void after() {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Long> entry : pids.entrySet()) {
                if (!entry.getKey().equals("postgres") && !entry.getKey().equals("kafka")) {
                    parts.add(entry.getKey() + " " + Format.bytes(Machine.rssBytes(entry.getValue())));
                }
            }
            notes.add("RSS after the runs: " + String.join(", ", parts) + " (the JVMs keep what they grew to)."
                    + " Start times are Quarkus' own \"started in\", measured while the four services and"
                    + " PostgreSQL and Kafka started side by side on this machine.");
        }
    }

    private Idle measureIdle() {
        return new Idle();
    }

    // -----------------------------------------------------------------------------------------------------------------
    // burst

    private boolean burst(int nodes) throws IOException {
        step("burst: " + nodes + " nodes added to one multi-server VE");
        Path root;
        boolean generated = !args.has("image");
        if (generated) {
            root = runDir.resolve("image-burst");
            SampleImage.Summary summary = SampleImage.build(root, SampleImage.Profile.MINBASE, "bench");
            say("   sample image (minbase-sized /etc and /var) in " + root + ": " + summary);
        } else {
            root = Path.of(args.required("image")).toRealPath();
            say(YELLOW + "   note:" + RESET + " using " + root + " in place: sharedfs creates /custom and /private in"
                    + " it, and " + nodes + " node trees under /private (purged at the end unless --keep)");
        }
        Setup setup = setUp("burst", root, generated);
        if (args.flag("hook")) {
            DemoMain.installHook(root, setup.veId);
            say("   init_vem hook installed (the demo's)");
        }
        List<Path> privateDirs = new ArrayList<>();
        long copiedFiles = 0;
        long copiedBytes = 0;
        for (String dir : setup.privateDirs) {
            Path path = root.resolve(dir.substring(1));
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                privateDirs.add(path);
                DemoMain.Counts counts = DemoMain.Counts.of(path);
                copiedFiles += counts.files() + counts.links() + counts.dirs();
                copiedBytes += counts.bytes();
            }
        }
        say("   private dirs " + String.join(" ", setup.privateDirs) + ": " + String.format(Locale.ROOT, "%,d",
                copiedFiles) + " entries, " + Format.bytes(copiedBytes) + " per node in the image");

        Path scratch = root.getParent().resolve("cp-scratch-" + runId);
        boolean cp = !args.flag("no-cp");
        if (cp) {
            // Both runs start with the image in the page cache and no dirty pages of earlier steps.
            Files.createDirectories(scratch);
            copyNode(privateDirs, scratch.resolve("warm-up"));
            deleteTree(scratch.resolve("warm-up"));
        }
        sync();

        int concurrency = args.intValue("concurrency", 4);
        Duration timeout = Duration.ofSeconds(args.intValue("timeout", Math.max(600, nodes * 2)));
        Instant since = Instant.now();
        NodeTimeline timeline = new NodeTimeline(setup.veId, since);
        long generationBefore = api.get(services.exporter() + "/exports").path("generation").asLong();
        Map<String, Long> cpuBefore = cpu();
        long[] machineBefore = Machine.cpuJiffies();
        boolean allReady;
        Instant t0;
        Duration submitted;
        try (Events.Tail tail = new Events.Tail(bootstrapServers,
                List.of(Topics.NODES, Topics.PROVISIONING, Topics.EXPORTS), timeline)) {
            t0 = Instant.now();
            submitted = addNodes(setup.veId, nodes, concurrency, timeline);
            allReady = waitReady(timeline, nodes, t0, timeout, tail);
        }
        Instant end = NodeTimeline.latest(timeline.ready);
        Map<String, Long> cpuAfter = cpu();
        long[] machineAfter = Machine.cpuJiffies();
        long generationAfter = api.get(services.exporter() + "/exports").path("generation").asLong();

        double wallSeconds = end == null ? Double.NaN : Duration.between(t0, end).toNanos() / 1e9;
        double[] latency = NodeTimeline.between(timeline.added, timeline.ready);
        rows.add(new Row(nodes + "-node burst: all READY (wall, from the first POST)", allReady
                ? Format.seconds(wallSeconds) : "not all READY: " + timeline.ready.size() + "/" + nodes, "", ""));
        rows.add(new Row("  REST: " + nodes + " POSTs (" + concurrency + " in parallel)",
                Format.seconds(submitted.toNanos() / 1e9), "", ""));
        rows.add(new Row("  NodeAdded→READY p50 / p99 / max", ms(latency, 0.5) + " / " + ms(latency, 0.99) + " / "
                + ms(latency, 1.0), "(queueing in a burst)", "-"));
        int applies = timeline.applies.size();
        String applyTarget = "(--apply: 1,000 at once)";
        String applyMet = "-";
        rows.add(new Row("  export apply runs (ExportsApplied)", applies + " (generations +"
                + (generationAfter - generationBefore) + ")", applyTarget, applyMet));
        if (!timeline.applyFailures.isEmpty()) {
            notes.add(timeline.applyFailures.size() + " failed apply runs: " + timeline.applyFailures.get(0));
        }
        whereTimeGoes("burst", timeline, cpuBefore, cpuAfter, machineBefore, machineAfter, t0, end);

        if (cp && allReady) {
            step("serial cp -a of " + String.join(" ", setup.privateDirs) + " for " + nodes + " nodes into " + scratch);
            sync();
            long cpuStart = Machine.cpuTicks(ProcessHandle.current().pid());
            long cpSystemStart = Machine.systemTicks(ProcessHandle.current().pid());
            long[] machineStart = Machine.cpuJiffies();
            long start = System.nanoTime();
            for (int i = 1; i <= nodes; i++) {
                copyNode(privateDirs, scratch.resolve(Integer.toString(i)));
                if (i % 100 == 0 || i == nodes) {
                    say("   " + i + "/" + nodes + " in " + Format.elapsed(start).trim());
                }
            }
            double cpSeconds = (System.nanoTime() - start) / 1e9;
            double cpCpu = (Machine.cpuTicks(ProcessHandle.current().pid()) - cpuStart) / Machine.TICKS_PER_SECOND;
            double cpSystem = (Machine.systemTicks(ProcessHandle.current().pid()) - cpSystemStart)
                    / Machine.TICKS_PER_SECOND;
            long[] machineEnd = Machine.cpuJiffies();
            double cpOthers = Math.max(0, (machineEnd[0] - machineStart[0]) / Machine.TICKS_PER_SECOND - cpCpu);
            long syncStart = System.nanoTime();
            sync();
            double syncSeconds = (System.nanoTime() - syncStart) / 1e9;
            double ratio = wallSeconds / cpSeconds;
            rows.add(new Row("  serial cp -a of the same private dirs", Format.seconds(cpSeconds)
                    + " (+ sync " + Format.seconds(syncSeconds) + ")", "", ""));
            rows.add(new Row("  ratio sharedfs / cp -a", String.format(Locale.ROOT, "%.2f× (with sync: %.2f×)", ratio,
                    wallSeconds / (cpSeconds + syncSeconds)), "≤ 1.1×", ratio <= 1.1 ? "yes" : "NO"));
            long bytes = timeline.treeBytes.values().stream().mapToLong(Long::longValue).sum();
            notes.add(String.format(Locale.ROOT, "burst: sharedfs copied %s in %,d files (PrivateTreeCreated), cp -a"
                    + " %s a node (shared subdirs and RAM dirs included: sharedfs leaves them empty); the %d cp -a"
                    + " processes used %.1f CPU-seconds (%.0f ms a node, %.0f%% kernel) in %.1f s of wall time, while"
                    + " other processes used about %.0f CPU-seconds", Format.bytes(bytes),
                    timeline.treeFiles.values().stream().mapToLong(Long::longValue).sum(), Format.bytes(copiedBytes),
                    nodes, cpCpu, 1000 * cpCpu / nodes, cpCpu > 0 ? 100 * cpSystem / cpCpu : 0, cpSeconds, cpOthers));
            deleteTree(scratch);
        } else if (cp) {
            notes.add("cp -a comparison skipped: not every node became READY");
            deleteTree(scratch);
        }
        if (!timeline.failed.isEmpty()) {
            Map.Entry<Long, String> first = timeline.failed.entrySet().iterator().next();
            notes.add(timeline.failed.size() + " nodes FAILED in the burst, e.g. VEM " + first.getKey() + ": "
                    + first.getValue());
        }
        tearDown(setup, nodes, generated);
        return allReady;
    }

    // -----------------------------------------------------------------------------------------------------------------
    // latency

    private boolean latency() throws IOException {
        double rate = args.doubleValue("rate", 20);
        int duration = args.intValue("duration", 30);
        int total = (int) Math.round(rate * duration);
        if (rate <= 0 || total < 1) {
            throw args.usage("--rate and --duration must give at least one node");
        }
        step(String.format(Locale.ROOT, "latency: %.0f node adds a second for %d s (%d nodes) on a tiny image", rate,
                duration, total));
        Path root = runDir.resolve("image-latency");
        SampleImage.Summary summary = SampleImage.build(root, SampleImage.Profile.TINY, "latency");
        say("   tiny image in " + root + ": " + summary);
        Setup setup = setUp("latency", root, true);
        sync();

        Instant since = Instant.now();
        NodeTimeline timeline = new NodeTimeline(setup.veId, since);
        Map<String, Long> cpuBefore = cpu();
        long[] machineBefore = Machine.cpuJiffies();
        List<Double> postMillis = new ArrayList<>();
        boolean allReady;
        Instant t0;
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try (Events.Tail tail = new Events.Tail(bootstrapServers,
                List.of(Topics.NODES, Topics.PROVISIONING, Topics.EXPORTS), timeline)) {
            ExecutorService pool = Executors.newFixedThreadPool(32);
            List<Future<Double>> posts = new ArrayList<>();
            t0 = Instant.now();
            long startNanos = System.nanoTime();
            long intervalNanos = (long) (1e9 / rate);
            for (int i = 1; i <= total; i++) {
                long due = startNanos + (i - 1) * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int index = i;
                posts.add(pool.submit(() -> {
                    long s = System.nanoTime();
                    try {
                        addNode(setup.veId, index);
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                    return (System.nanoTime() - s) / 1e6;
                }));
                if (failure.get() != null) {
                    break;
                }
                if (i % Math.max(1, (int) rate * 5) == 0) {
                    say("   " + Format.elapsed(startNanos).trim() + ": " + i + " adds sent, "
                            + timeline.ready.size() + " READY");
                }
            }
            for (Future<Double> post : posts) {
                postMillis.add(post.get());
            }
            pool.shutdown();
            if (failure.get() != null) {
                throw failure.get();
            }
            allReady = waitReady(timeline, total, t0, Duration.ofSeconds(args.intValue("timeout", 600)), tail);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a node add failed: " + e.getCause(), e.getCause());
        }
        Instant end = NodeTimeline.latest(timeline.ready);
        Map<String, Long> cpuAfter = cpu();
        long[] machineAfter = Machine.cpuJiffies();
        double[] latency = NodeTimeline.between(timeline.added, timeline.ready);
        double p50 = NodeTimeline.quantile(latency, 0.5);
        double p99 = NodeTimeline.quantile(latency, 0.99);
        double[] posts = postMillis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        String label = String.format(Locale.ROOT, "latency, %.0f adds/s for %d s: NodeAdded→READY", rate, duration);
        rows.add(new Row(label + " p50", allReady ? Format.millis(p50) : "not all READY", "≤ 150 ms",
                allReady && p50 <= 150 ? "yes" : "NO"));
        rows.add(new Row(label + " p99", allReady ? Format.millis(p99) : "not all READY", "≤ 500 ms",
                allReady && p99 <= 500 ? "yes" : "NO"));
        rows.add(new Row("  max / REST POST p50, p99", ms(latency, 1.0) + " / " + ms(posts, 0.5) + ", "
                + ms(posts, 0.99), "", ""));
        rows.add(new Row("  export apply runs", Integer.toString(timeline.applies.size()), "", ""));
        whereTimeGoes("latency", timeline, cpuBefore, cpuAfter, machineBefore, machineAfter, t0, end);
        tearDown(setup, total, true);
        return allReady;
    }

    // -----------------------------------------------------------------------------------------------------------------
    // apply runs of a burst

    /** SPEC: a burst of 1,000 node adds applies the exports in at most 20 runs; on a tiny image, so adds are fast. */
    private boolean applyBurst(int nodes) throws IOException {
        step("export apply runs: " + nodes + " node adds at once on a tiny image");
        Path root = runDir.resolve("image-apply");
        SampleImage.Summary summary = SampleImage.build(root, SampleImage.Profile.TINY, "apply");
        say("   tiny image in " + root + ": " + summary);
        Setup setup = setUp("apply", root, true);
        sync();
        NodeTimeline timeline = new NodeTimeline(setup.veId, Instant.now());
        Map<String, Long> cpuBefore = cpu();
        long[] machineBefore = Machine.cpuJiffies();
        boolean allReady;
        Instant t0;
        Duration submitted;
        try (Events.Tail tail = new Events.Tail(bootstrapServers,
                List.of(Topics.NODES, Topics.PROVISIONING, Topics.EXPORTS), timeline)) {
            t0 = Instant.now();
            submitted = addNodes(setup.veId, nodes, args.intValue("concurrency", 4) * 2, timeline);
            allReady = waitReady(timeline, nodes, t0, Duration.ofSeconds(args.intValue("timeout", 600)), tail);
        }
        Instant end = NodeTimeline.latest(timeline.ready);
        Map<String, Long> cpuAfter = cpu();
        long[] machineAfter = Machine.cpuJiffies();
        int applies = timeline.applies.size();
        double[] latency = NodeTimeline.between(timeline.added, timeline.ready);
        rows.add(new Row(String.format(Locale.ROOT, "%,d-node burst, tiny image: export apply runs", nodes),
                allReady ? Integer.toString(applies) : applies + " (not all READY)", "≤ 20 for 1,000 adds",
                allReady && nodes >= 1000 ? (applies <= 20 ? "yes" : "NO") : "n/a"));
        rows.add(new Row("  all READY / POSTs / NodeAdded→READY p50, p99", (end == null ? "-"
                : Format.seconds(Duration.between(t0, end).toNanos() / 1e9)) + " / "
                + Format.seconds(submitted.toNanos() / 1e9) + " / " + ms(latency, 0.5) + ", " + ms(latency, 0.99),
                "", ""));
        whereTimeGoes("apply burst", timeline, cpuBefore, cpuAfter, machineBefore, machineAfter, t0, end);
        tearDown(setup, nodes, true);
        return allReady;
    }

    // -----------------------------------------------------------------------------------------------------------------
    // where the time goes

    private void whereTimeGoes(String label, NodeTimeline t, Map<String, Long> cpuBefore, Map<String, Long> cpuAfter,
            long[] machineBefore, long[] machineAfter, Instant t0, Instant end) {
        String stages = "NodeAdded→PrivateTreeCreated " + stage(t.added, t.treeCreated)
                + (t.hookRan.size() > 0 ? ", →InitVemHookRan " + stage(t.treeCreated, t.hookRan)
                        + ", →NodeProvisioned " + stage(t.hookRan, t.provisioned)
                        : ", →NodeProvisioned " + stage(t.treeCreated, t.provisioned))
                + ", →NodeExported " + stage(t.provisioned, t.exported)
                + ", →READY " + stage(t.exported, t.ready);
        notes.add(label + ": stages, p50 / p99 per node: " + stages);
        if (!t.applies.isEmpty()) {
            double[] durations = t.applies.stream().mapToDouble(NodeTimeline.Apply::durationMillis).sorted().toArray();
            double[] gaps = new double[Math.max(0, t.applies.size() - 1)];
            List<NodeTimeline.Apply> sorted = t.applies.stream()
                    .sorted((a, b) -> a.time().compareTo(b.time())).toList();
            for (int i = 1; i < sorted.size(); i++) {
                gaps[i - 1] = Duration.between(sorted.get(i - 1).time(), sorted.get(i).time()).toNanos() / 1e6;
            }
            java.util.Arrays.sort(gaps);
            notes.add(label + ": " + t.applies.size() + " apply runs, duration p50 " + ms(durations, 0.5) + " max "
                    + ms(durations, 1.0) + ", time between runs p50 " + ms(gaps, 0.5) + ", largest table "
                    + t.applies.stream().mapToInt(NodeTimeline.Apply::entries).max().orElse(0) + " lines");
        }
        if (end != null) {
            double seconds = Duration.between(t0, end).toNanos() / 1e9;
            List<String> parts = new ArrayList<>();
            long ours = 0;
            for (Map.Entry<String, Long> entry : cpuAfter.entrySet()) {
                if (entry.getKey().endsWith(":system")) {
                    continue;
                }
                long delta = entry.getValue() - cpuBefore.getOrDefault(entry.getKey(), entry.getValue());
                long system = cpuAfter.getOrDefault(entry.getKey() + ":system", 0L)
                        - cpuBefore.getOrDefault(entry.getKey() + ":system", 0L);
                ours += delta;
                parts.add(entry.getKey() + " " + Format.seconds(delta / Machine.TICKS_PER_SECOND)
                        + (delta > 0 && cpuAfter.containsKey(entry.getKey() + ":system")
                                ? " (" + Math.round(100.0 * system / delta) + "% kernel)" : ""));
            }
            double busy = (machineAfter[0] - machineBefore[0]) / Machine.TICKS_PER_SECOND;
            double capacity = (machineAfter[1] - machineBefore[1]) / Machine.TICKS_PER_SECOND;
            notes.add(String.format(Locale.ROOT, "%s: CPU time used from the first add until the bench stopped"
                    + " watching (%.0f s of wall time, %.0f CPU-seconds available): %s; the whole machine was busy"
                    + " %.0f%% of it, other processes (builds, …) about %.0f CPU-seconds", label, seconds, capacity,
                    String.join(", ", parts), capacity > 0 ? 100 * busy / capacity : 0,
                    Math.max(0, busy - ours / Machine.TICKS_PER_SECOND)));
        }
    }

    private static String stage(NodeTimeline.Stage from, NodeTimeline.Stage to) {
        double[] values = NodeTimeline.between(from, to);
        if (values.length == 0) {
            return "-";
        }
        return ms(values, 0.5) + " / " + ms(values, 0.99);
    }

    private Map<String, Long> cpu() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (Map.Entry<String, Long> entry : Machine.processes(home).entrySet()) {
            if (entry.getKey().equals("postgres")) {
                ticks.put(entry.getKey(), Machine.treeCpuTicks(entry.getValue()));
            } else {
                ticks.put(entry.getKey(), Machine.cpuTicks(entry.getValue()));
                ticks.put(entry.getKey() + ":system", Machine.systemTicks(entry.getValue()));
            }
        }
        ticks.put("bench", Machine.cpuTicks(ProcessHandle.current().pid()));
        return ticks;
    }

    // -----------------------------------------------------------------------------------------------------------------
    // render

    private void render() {
        step("render time of a 10,000-node export table: nfs-exporter's RenderBenchmark through Maven");
        List<String> command = List.of("mvn", "-B", "-o", "-pl", "nfs-exporter", "test", "-Dbenchmarks",
                "-Dtest=RenderBenchmark#tenThousandNodes", "-Dsurefire.failIfNoSpecifiedTests=false");
        say("   " + String.join(" ", command));
        Path log = home.resolve("logs").resolve("bench-render.log");
        if (!Files.isRegularFile(repository.resolve("nfs-exporter/src/test/java/io/sharedfs/exporter/exports"
                + "/RenderBenchmark.java"))) {
            rows.add(new Row("render 10,000-node export table", "not measured: no sources in " + repository
                    + " (--sources DIR)", "≤ 200 ms", "?"));
            return;
        }
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).directory(repository.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                rows.add(new Row("render 10,000-node export table", "not measured: Maven ran over 15 min",
                        "≤ 200 ms", "?"));
                return;
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Matcher matcher = RENDER.matcher(output);
            if (process.exitValue() != 0 || !matcher.find()) {
                String tail = output.lines().filter(l -> l.contains("ERROR")).findFirst().orElse("no figure printed");
                rows.add(new Row("render 10,000-node export table", "not measured (see " + log + "): "
                        + AuditMain.cut(tail, 80), "≤ 200 ms", "?"));
                return;
            }
            double build = Double.parseDouble(matcher.group(1));
            double analyse = Double.parseDouble(matcher.group(3));
            double render = Double.parseDouble(matcher.group(5));
            double renderMax = Double.parseDouble(matcher.group(6));
            rows.add(new Row("render 10,000-node export table (60,000 lines)", Format.millis(render) + " (max "
                    + Format.millis(renderMax) + ")", "≤ 200 ms", render <= 200 ? "yes" : "NO"));
            rows.add(new Row("  build + analyse + render (an apply run's CPU work)",
                    Format.millis(build + analyse + render), "≤ 200 ms", build + analyse + render <= 200 ? "yes" : "NO"));
            say("   " + matcher.group());
        } catch (IOException e) {
            rows.add(new Row("render 10,000-node export table", "not measured: " + e.getMessage(), "≤ 200 ms", "?"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // -----------------------------------------------------------------------------------------------------------------
    // image, VE, nodes

    private record Setup(String imageId, String imageName, Path root, long veId, List<String> privateDirs,
            boolean imageCreated) {
    }

    private Setup setUp(String label, Path root, boolean generated) {
        String name = "bench-" + runId + "-" + label;
        JsonNode image = null;
        boolean created = false;
        if (!generated) {
            image = imageAt(root);
            if (image != null) {
                say("   reusing image " + image.path("name").asText() + ", registered earlier for " + root);
            }
        }
        if (image == null) {
            image = api.post(services.images() + "/images", Api.object().put("name", name)
                    .put("rootPath", root.toString()).put("description", "./sharedfs bench " + runId));
            created = true;
        }
        String imageId = image.path("id").asText();
        if (!image.path("shared").asBoolean()) {
            api.patch(services.images() + "/images/" + imageId, Api.object().put("shared", true));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!(image.path("status").asText().equals("READY") && image.path("shared").asBoolean())) {
            if (image.path("status").asText().equals("INVALID")) {
                throw new IllegalStateException("image " + root + " refused: " + image.path("statusReason").asText());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("image " + root + " not READY after 120 s");
            }
            DemoMain.sleep(POLL);
            image = api.get(services.images() + "/images/" + imageId);
        }
        ObjectNode body = Api.object().put("name", name).put("imageId", imageId).put("multiServer", true)
                .put("description", "./sharedfs bench " + runId);
        JsonNode ve = null;
        while (ve == null) {
            try {
                ve = api.post(services.ves() + "/ves", body);
            } catch (Api.ApiException e) {
                if (e.status() != 409 || !"shared-and-ready".equals(e.rule()) || System.nanoTime() > deadline) {
                    throw e;
                }
                DemoMain.sleep(POLL);
            }
        }
        List<String> privateDirs = new ArrayList<>();
        image.path("privateDirs").forEach(d -> privateDirs.add(d.asText()));
        say("   image " + image.path("name").asText() + " READY and shared; VE " + ve.path("id").asText() + " ("
                + name + ")");
        cleanup.add("image " + image.path("name").asText() + (created ? "" : " (existing)") + ", VE "
                + ve.path("id").asText());
        return new Setup(imageId, image.path("name").asText(), root, ve.path("id").asLong(), privateDirs, created);
    }

    private JsonNode imageAt(Path root) {
        for (int page = 0; ; page++) {
            JsonNode found = api.get(services.images() + "/images?size=200&page=" + page);
            for (JsonNode item : found.path("items")) {
                if (item.path("rootPath").asText().equals(root.toString())) {
                    return item;
                }
            }
            if ((page + 1) * 200L >= found.path("total").asLong()) {
                return null;
            }
        }
    }

    private String address(int index) {
        // 10.<128..247>.x.y: a /16 of its own per run, away from the demo's 10.77.0.0/16
        return "10." + addressBase + "." + (index / 250) + "." + (index % 250 + 1);
    }

    private void addNode(long veId, int index) {
        api.post(services.ves() + "/ves/" + veId + "/nodes", Api.object().put("hostname", "node-" + index)
                .put("address", address(index)));
    }

    private Duration addNodes(long veId, int nodes, int concurrency, NodeTimeline timeline) {
        long start = System.nanoTime();
        AtomicInteger next = new AtomicInteger(1);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(() -> {
                int index;
                while (failure.get() == null && (index = next.getAndIncrement()) <= nodes) {
                    try {
                        addNode(veId, index);
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }, "add-" + t);
            thread.start();
            threads.add(thread);
        }
        long lastReport = System.nanoTime();
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
                if (System.nanoTime() - lastReport > 5_000_000_000L) {
                    lastReport = System.nanoTime();
                    say("   " + Format.elapsed(start).trim() + ": " + Math.min(nodes, next.get() - 1)
                            + " adds sent, " + timeline.ready.size() + " READY");
                }
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("adding nodes failed: " + failure.get().getMessage());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        say("   " + nodes + " adds accepted (202) in " + Format.duration(took));
        return took;
    }

    private boolean waitReady(NodeTimeline t, int nodes, Instant t0, Duration timeout, Events.Tail tail) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long lastReport = 0;
        while (t.ready.size() < nodes) {
            if (tail.failure() != null) {
                throw new IllegalStateException("reading the topics failed: " + tail.failure());
            }
            if (!t.failed.isEmpty() && t.ready.size() + t.failed.size() >= nodes) {
                break;
            }
            if (System.nanoTime() > deadline) {
                say(RED + "   gave up after " + timeout.toSeconds() + " s" + RESET + ": " + t.ready.size() + " of "
                        + nodes + " READY; see " + launcher + " logs node-provisioner / nfs-exporter / ve-service");
                return false;
            }
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                lastReport = System.nanoTime();
                say(String.format(Locale.ROOT, "   %5.1f s: added %d, trees %d, provisioned %d, exported %d, READY %d,"
                        + " FAILED %d; %d apply runs", Duration.between(t0, Instant.now()).toMillis() / 1000.0,
                        t.added.size(), t.treeCreated.size(), t.provisioned.size(), t.exported.size(), t.ready.size(),
                        t.failed.size(), t.applies.size()));
            }
            DemoMain.sleep(Duration.ofMillis(100));
        }
        // The last READY event is in; let the rest of its batch arrive.
        DemoMain.sleep(Duration.ofMillis(500));
        Instant end = NodeTimeline.latest(t.ready);
        say(String.format(Locale.ROOT, "   %d of %d READY%s, the last %.1f s after the first add; %d apply runs",
                t.ready.size(), nodes, t.failed.isEmpty() ? "" : ", " + t.failed.size() + " FAILED",
                end == null ? 0 : Duration.between(t0, end).toMillis() / 1000.0, t.applies.size()));
        return t.ready.size() == nodes;
    }

    /** Removes the nodes with purge, deletes the VE and the image, and the generated image's files. */
    private void tearDown(Setup setup, int nodes, boolean generated) {
        if (args.flag("keep")) {
            return;
        }
        step("cleaning up: " + nodes + " nodes removed with purge, VE " + setup.veId + " deleted"
                + (setup.imageCreated() ? ", and image " + setup.imageName : ""));
        long start = System.nanoTime();
        try {
            List<JsonNode> live = new ArrayList<>();
            for (JsonNode node : api.get(services.ves() + "/ves/" + setup.veId + "/nodes")) {
                if (!node.path("state").asText().equals("REMOVED") && !node.path("removeRequested").asBoolean()) {
                    live.add(node);
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> removals = new ArrayList<>();
            for (JsonNode node : live) {
                removals.add(pool.submit(() -> api.delete(services.ves() + "/ves/" + setup.veId + "/nodes/"
                        + node.path("vemId").asText() + "?purge=true")));
            }
            for (Future<?> removal : removals) {
                removal.get();
            }
            pool.shutdown();
            long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(300, nodes)).toNanos();
            while (true) {
                int left = 0;
                for (JsonNode node : api.get(services.ves() + "/ves/" + setup.veId + "/nodes")) {
                    if (!node.path("state").asText().equals("REMOVED")) {
                        left++;
                    }
                }
                if (left == 0) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(left + " nodes of VE " + setup.veId + " not REMOVED yet");
                }
                DemoMain.sleep(Duration.ofMillis(500));
            }
            say("   " + live.size() + " nodes REMOVED (trees purged) in " + Format.elapsed(start).trim());
            api.delete(services.ves() + "/ves/" + setup.veId);
            if (setup.imageCreated()) {
                // image-service learns that the VE is gone from its event.
                while (true) {
                    try {
                        api.delete(services.images() + "/images/" + setup.imageId);
                        break;
                    } catch (Api.ApiException e) {
                        if (e.status() != 409 || System.nanoTime() > deadline) {
                            throw e;
                        }
                        DemoMain.sleep(POLL);
                    }
                }
            }
            if (generated) {
                deleteTree(setup.root);
            } else {
                removeVeDirectory(setup.root.resolve("private").resolve(Long.toString(setup.veId)));
            }
            cleanup.add(setup.imageName + ": " + live.size() + " nodes removed with purge, VE deleted"
                    + (setup.imageCreated() ? ", image deleted" : "") + (generated ? ", its files removed" : ""));
        } catch (RuntimeException | InterruptedException | java.util.concurrent.ExecutionException e) {
            everythingCleaned = false;
            notes.add("cleanup of " + setup.imageName + " incomplete: " + e.getMessage()
                    + " (remove VE " + setup.veId + "'s nodes and the image by hand)");
            say(RED + "   cleanup incomplete: " + RESET + e.getMessage());
        }
    }

    // -----------------------------------------------------------------------------------------------------------------
    // files

    /**
     * sharedfs keeps a VE's directory ({@code /custom/ve}, the hook) when its nodes are purged; in an image that is not
     * the bench's own, it removes the one it caused, as long as it holds nothing but an empty custom/ and the hook.
     */
    private void removeVeDirectory(Path veDir) {
        try {
            if (!Files.isDirectory(veDir, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            List<String> entries;
            try (java.util.stream.Stream<Path> list = Files.list(veDir)) {
                entries = list.map(p -> p.getFileName().toString()).sorted().toList();
            }
            Path custom = veDir.resolve("custom");
            boolean emptyCustom = Files.isDirectory(custom, LinkOption.NOFOLLOW_LINKS);
            if (emptyCustom) {
                try (java.util.stream.Stream<Path> list = Files.list(custom)) {
                    emptyCustom = list.findAny().isEmpty();
                }
            }
            boolean ours = emptyCustom && (entries.equals(List.of("custom"))
                    || entries.equals(List.of("custom", "init_vem"))
                            && Files.readString(veDir.resolve("init_vem")).equals(DemoMain.HOOK));
            if (ours) {
                deleteTree(veDir);
            } else {
                notes.add("left in place: " + veDir + " (" + String.join(", ", entries) + ")");
            }
        } catch (IOException e) {
            notes.add("could not look at " + veDir + ": " + e.getMessage());
        }
    }

    private static void copyNode(List<Path> privateDirs, Path target) throws IOException {
        Files.createDirectories(target);
        List<String> command = new ArrayList<>(List.of("cp", "-a"));
        privateDirs.forEach(dir -> command.add(dir.toString()));
        command.add(target.toString());
        run(command);
    }

    private static void sync() {
        try {
            run(List.of("sync"));
        } catch (IOException e) {
            throw new IllegalStateException("sync failed: " + e.getMessage());
        }
    }

    private static void deleteTree(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            run(List.of("rm", "-rf", "--one-file-system", path.toString()));
        } catch (IOException e) {
            say(YELLOW + "   could not remove " + path + ": " + e.getMessage() + RESET);
        }
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command.subList(0, Math.min(3, command.size()))) + "… failed: "
                        + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private static String ms(double[] sorted, double q) {
        double value = NodeTimeline.quantile(sorted, q);
        return Double.isNaN(value) ? "-" : Format.millis(value);
    }

    // -----------------------------------------------------------------------------------------------------------------

    /** Samples the 1-minute load average and CPU use every 5 s while the measurements run. */
    private static final class LoadSampler implements AutoCloseable {

        private final List<Double> loads = new ArrayList<>();
        private final long[] start = Machine.cpuJiffies();
        private final long pressureStart = Machine.cpuPressureMicros();
        private final long startNanos = System.nanoTime();
        private long[] end;
        private long pressureEnd;
        private long endNanos;
        private final Thread thread;
        private volatile boolean running = true;

        LoadSampler() {
            thread = new Thread(() -> {
                while (running) {
                    synchronized (loads) {
                        loads.add(Machine.load1());
                    }
                    try {
                        Thread.sleep(5000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "load-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
            end = Machine.cpuJiffies();
            pressureEnd = Machine.cpuPressureMicros();
            endNanos = System.nanoTime();
        }

        String describe() {
            double max;
            double mean;
            synchronized (loads) {
                max = loads.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
                mean = loads.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            }
            long[] last = end == null ? Machine.cpuJiffies() : end;
            double busy = (double) (last[0] - start[0]) / Math.max(1, last[1] - start[1]);
            String pressure = "";
            if (pressureStart >= 0 && pressureEnd >= 0 && endNanos > startNanos) {
                pressure = String.format(Locale.ROOT, "; some task waited for a CPU %.0f%% of the time (PSI cpu)",
                        100.0 * (pressureEnd - pressureStart) * 1000 / (endNanos - startNanos));
            }
            return String.format(Locale.ROOT, "1-min load mean %.1f, max %.1f; CPUs %.0f%% busy (all processes)", mean,
                    max, busy * 100) + pressure;
        }
    }
}
