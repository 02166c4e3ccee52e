package io.sharedfs.devstack;

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
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./sharedfs demo}: the whole story on a running system, through the services' REST APIs as an operator would
 * do it: builds a sample image (or takes a root file system in place), registers it, ticks its shared checkbox, waits
 * until the storage host prepared it, creates a multi-server VE with an {@code init_vem} hook, adds three nodes and
 * follows them until READY, then shows the private trees, the exports, one node's fstab and the audit trail from the
 * topics.
 *
 * <pre>
 * DemoMain --home .sharedfs --port-base 8081 --bootstrap-servers localhost:9092 [--rootfs PATH] [--nodes 3]
 *          [--timeout 120] [--user operator --password operator]
 * </pre>
 */
public final class DemoMain {

    private static final Pattern DEMO_NAME = Pattern.compile("demo-(\\d+)");
    private static final Duration POLL = Duration.ofMillis(250);

    private final Api api;
    private final Api.Services services;
    private final Path home;
    private final String bootstrapServers;
    private final int nodeCount;
    private final Duration timeout;
    private final String launcher;

    private DemoMain(Args args) {
        home = Path.of(args.required("home")).toAbsolutePath().normalize();
        services = Api.Services.onLocalhost(args.intValue("port-base", 8081));
        bootstrapServers = args.required("bootstrap-servers");
        api = Api.operator(Duration.ofSeconds(30));
        nodeCount = args.intValue("nodes", 3);
        timeout = Duration.ofSeconds(args.intValue("timeout", 120));
        launcher = args.optional("launcher", "./sharedfs");
        if (nodeCount < 1 || nodeCount > 50) {
            throw args.usage("--nodes must be between 1 and 50");
        }
    }

    public static void main(String[] argv) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        try {
            Args args = Args.parse("demo", argv, Set.of(), false);
            DemoMain demo = new DemoMain(args);
            System.exit(demo.run(args.has("rootfs") ? Path.of(args.required("rootfs")) : null));
        } catch (IllegalArgumentException e) {
            System.err.println(RED + "error:" + RESET + " " + e.getMessage());
            System.exit(2);
        } catch (Api.ApiException | IllegalStateException | IOException e) {
            System.err.println(RED + "error:" + RESET + " " + e.getMessage());
            System.exit(1);
        }
    }

    private int run(Path rootfs) throws IOException {
        Instant started = Instant.now().minusSeconds(1);
        int n = nextNumber();
        String name = "demo-" + n;

        // 1. The image
        Path root;
        JsonNode image;
        if (rootfs == null) {
            root = home.resolve("images").resolve(name);
            step("building a sample image in " + rel(root));
            SampleImage.Summary summary = SampleImage.build(root, SampleImage.Profile.DEMO, name);
            say("   " + summary + " (/bin, /usr, /etc, /var with lib/rpm, run and log, sticky /tmp, relative and"
                    + " absolute links, one dangling: /etc/resolv.conf)");
            image = register(name, root);
        } else {
            root = checkRootfs(rootfs);
            say(YELLOW + "note:" + RESET + " using " + root + " in place: sharedfs creates /custom (custom/node,"
                    + " custom/ve) and /private (mode 0700) in it, and each node's tree under /private;"
                    + " nothing else in it is changed.");
            image = existingImageAt(root);
            if (image != null) {
                say("   reusing image " + image.path("name").asText() + " (" + image.path("id").asText()
                        + "), registered earlier for this path");
            } else {
                image = register(name, root);
            }
        }
        String imageId = image.path("id").asText();
        if (!image.path("shared").asBoolean()) {
            step("ticking the image's shared checkbox: PATCH /images/" + imageId + " {\"shared\": true}");
            ObjectNode patch = Api.object().put("shared", true);
            image = api.patch(services.images() + "/images/" + imageId, patch);
        }
        image = waitForImage(imageId);
        say("   image " + image.path("name").asText() + " is " + GREEN + "READY" + RESET + ": shared, layout prepared ("
                + rel(root) + "/custom/node, custom/ve, private 0700)");

        // 2. The VE and its hook
        step("creating the multi-server VE " + name + ": POST /ves");
        JsonNode ve = createVe(name, imageId);
        long veId = ve.path("id").asLong();
        say("   VE " + veId + " (" + ve.path("name").asText() + ") on image " + image.path("name").asText());
        Path hook = installHook(root, veId);
        say("   hook " + rel(hook) + " (root-owned, 0755): writes /custom/node/hello in each node's tree");

        // 3. The nodes
        step("adding " + nodeCount + " nodes: POST /ves/" + veId + "/nodes");
        Map<Long, String> hostnames = new LinkedHashMap<>();
        for (int i = 1; i <= nodeCount; i++) {
            JsonNode node = addNode(veId, name + "-node" + i, n, i);
            hostnames.put(node.path("vemId").asLong(), node.path("hostname").asText());
            say("   VEM " + node.path("vemId").asText() + ": " + node.path("hostname").asText() + " "
                    + node.path("address").asText() + " → " + node.path("state").asText());
        }
        List<JsonNode> nodes = follow(veId, hostnames);
        if (nodes == null) {
            return 1;
        }

        // 4. What it did
        showHooks(veId, hostnames);
        showTrees(root, veId, nodes);
        showExports(root);
        long firstVem = hostnames.keySet().iterator().next();
        step("the mount table of " + hostnames.get(firstVem) + ": GET " + services.exporter() + "/nodes/" + veId + "/"
                + firstVem + "/fstab");
        for (String line : api.getText(services.exporter() + "/nodes/" + veId + "/" + firstVem + "/fstab").split("\n")) {
            say("   " + line);
        }
        step("the audit trail of VE " + veId + " and image " + image.path("name").asText()
                + ", read from the topics (./sharedfs audit --ve " + veId + ")");
        AuditMain.print(bootstrapServers, Topics.ALL, started, new AuditMain.Filter(veId, imageId, true), false,
                Duration.ofSeconds(60));

        say("");
        say(GREEN + "demo done" + RESET + ": image " + image.path("name").asText() + " at " + rel(root) + ", VE " + veId
                + " with " + nodeCount + " READY nodes.");
        say("Next:  curl -u viewer:viewer " + services.ves() + "/ves/" + veId + "/nodes/" + firstVem
                + "        (a node: states, tree, hook)");
        say("       curl -u operator:operator -X DELETE '" + services.ves() + "/ves/" + veId + "/nodes/" + firstVem
                + "?purge=true'   (remove it, delete its tree)");
        say("       " + launcher + " audit --ve " + veId + "      Swagger UI: " + services.ves() + "/q/swagger-ui");
        return 0;
    }

    // -----------------------------------------------------------------------------------------------------------------
    // image

    /** One more than the highest demo number in use as a directory, an image name or a VE name. */
    private int nextNumber() throws IOException {
        int highest = 0;
        Path images = home.resolve("images");
        if (Files.isDirectory(images)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(images)) {
                for (Path entry : entries) {
                    highest = Math.max(highest, number(entry.getFileName().toString()));
                }
            }
        }
        for (int page = 0; ; page++) {
            JsonNode found = api.get(services.images() + "/images?name=demo-&size=200&page=" + page);
            for (JsonNode item : found.path("items")) {
                highest = Math.max(highest, number(item.path("name").asText()));
            }
            if ((page + 1) * 200L >= found.path("total").asLong()) {
                break;
            }
        }
        for (int page = 0; ; page++) {
            JsonNode found = api.get(services.ves() + "/ves?search=demo-&size=200&page=" + page);
            for (JsonNode item : found.path("items")) {
                highest = Math.max(highest, number(item.path("name").asText()));
            }
            if ((page + 1) * 200L >= found.path("total").asLong()) {
                break;
            }
        }
        return highest + 1;
    }

    private static int number(String name) {
        Matcher matcher = DEMO_NAME.matcher(name);
        if (!matcher.matches() || matcher.group(1).length() > 6) {
            return 0;
        }
        return Integer.parseInt(matcher.group(1));
    }

    private JsonNode register(String name, Path root) {
        step("registering image " + name + ": POST /images {\"name\": \"" + name + "\", \"rootPath\": \"" + root
                + "\"}");
        ObjectNode body = Api.object().put("name", name).put("rootPath", root.toString())
                .put("description", "registered by ./sharedfs demo");
        JsonNode image = api.post(services.images() + "/images", body);
        say("   image " + image.path("id").asText() + ": " + image.path("status").asText() + ", shared "
                + image.path("shared").asBoolean() + "; private dirs " + list(image.path("privateDirs"))
                + ", shared subdirs " + list(image.path("sharedSubdirs")) + ", RAM dirs " + list(image.path("ramDirs")));
        return image;
    }

    private Path checkRootfs(Path rootfs) throws IOException {
        if (!Files.exists(rootfs)) {
            throw new IllegalArgumentException(rootfs + " does not exist");
        }
        Path real = rootfs.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new IllegalArgumentException(rootfs + " is not a directory");
        }
        if (real.getNameCount() == 0) {
            throw new IllegalArgumentException("the root file system may not be '/' itself");
        }
        if (!Files.isDirectory(real.resolve("etc")) || !Files.isDirectory(real.resolve("var"))) {
            say(YELLOW + "note:" + RESET + " " + real + " has no /etc or /var; is it a root file system?");
        }
        return real;
    }

    private JsonNode existingImageAt(Path root) {
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

    private JsonNode waitForImage(String imageId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode image = api.get(services.images() + "/images/" + imageId);
            String status = image.path("status").asText();
            if (status.equals("READY") && image.path("shared").asBoolean()) {
                return image;
            }
            if (status.equals("INVALID")) {
                throw new IllegalStateException("the storage host refused image " + image.path("name").asText() + ": "
                        + image.path("statusReason").asText() + "\n       see: " + launcher
                        + " logs node-provisioner");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("image " + image.path("name").asText() + " is still " + status
                        + " after 60 s; node-provisioner prepares its layout: " + launcher + " logs node-provisioner");
            }
            sleep(POLL);
        }
    }

    // -----------------------------------------------------------------------------------------------------------------
    // VE, hook, nodes

    private JsonNode createVe(String name, String imageId) {
        ObjectNode body = Api.object().put("name", name).put("imageId", imageId).put("multiServer", true)
                .put("description", "created by ./sharedfs demo");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return api.post(services.ves() + "/ves", body);
            } catch (Api.ApiException e) {
                // ve-service learns about the image from its events; a moment after READY it may not know yet.
                if (e.status() != 409 || !"shared-and-ready".equals(e.rule()) || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(POLL);
            }
        }
    }

    static final String HOOK = """
            #!/bin/sh
            # init_vem of the sharedfs demo: node-provisioner runs it as "init_vem VE_ID VEM_ID" once for each node
            # added to this VE, after the node's private tree is in place, in a clean environment.
            set -eu
            printf 'hello from init_vem: VE %s, node %s, %s\\n' "$1" "$2" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \\
                > "$SHAREDFS_NODE_TREE/custom/hello"
            echo "init_vem: VE $1 node $2: wrote /custom/node/hello ($SHAREDFS_NODE_TREE/custom/hello)"
            """;

    /** Writes {@code <root>/private/<VE>/init_vem} (0755) in one rename, so no node ever sees half of it. */
    static Path installHook(Path root, long veId) throws IOException {
        Path veDir = root.resolve("private").resolve(Long.toString(veId));
        if (!Files.isDirectory(veDir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(veDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.setPosixFilePermissions(veDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path hook = veDir.resolve("init_vem");
        Path temporary = veDir.resolve(".init_vem.tmp");
        Files.writeString(temporary, HOOK, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            Files.move(temporary, hook, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, hook, StandardCopyOption.REPLACE_EXISTING);
        }
        return hook;
    }

    private JsonNode addNode(long veId, String hostname, int n, int i) {
        for (int attempt = 0; attempt < 250; attempt++) {
            String address = "10.77." + ((n + attempt) % 250) + "." + (10 + i);
            ObjectNode body = Api.object().put("hostname", hostname).put("address", address);
            try {
                return api.post(services.ves() + "/ves/" + veId + "/nodes", body);
            } catch (Api.ApiException e) {
                if (e.status() != 409 || !"unique-live-address".equals(e.rule())) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("no free address found for " + hostname + " in 10.77.0.0/16");
    }

    /** Shows each node's state until all are READY; null (after saying why) when one fails or time runs out. */
    private List<JsonNode> follow(long veId, Map<Long, String> hostnames) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String last = "";
        boolean refreshing = Format.TTY;
        while (true) {
            List<JsonNode> nodes = new ArrayList<>();
            for (JsonNode node : api.get(services.ves() + "/ves/" + veId + "/nodes")) {
                if (hostnames.containsKey(node.path("vemId").asLong())) {
                    nodes.add(node);
                }
            }
            StringBuilder line = new StringBuilder();
            int ready = 0;
            JsonNode failed = null;
            for (JsonNode node : nodes) {
                String state = node.path("state").asText();
                String colour = state.equals("READY") ? GREEN : state.equals("FAILED") ? RED : YELLOW;
                line.append("  ").append(hostnames.get(node.path("vemId").asLong())).append(' ').append(colour)
                        .append(state).append(RESET);
                if (state.equals("READY")) {
                    ready++;
                } else if (state.equals("FAILED") && failed == null) {
                    failed = node;
                }
            }
            String text = line.toString();
            if (refreshing) {
                System.out.print("\r" + Format.elapsed(start) + text + "   ");
                System.out.flush();
            } else if (!text.equals(last)) {
                say(Format.elapsed(start) + text);
            }
            last = text;
            if (ready == hostnames.size()) {
                if (refreshing) {
                    System.out.println();
                }
                say("   all " + ready + " nodes " + GREEN + "READY" + RESET + " in " + Format.elapsed(start).trim());
                return nodes;
            }
            if (failed != null || System.nanoTime() > deadline) {
                if (refreshing) {
                    System.out.println();
                }
                explainFailure(veId, nodes, hostnames, failed);
                return null;
            }
            sleep(POLL);
        }
    }

    private void explainFailure(long veId, List<JsonNode> nodes, Map<Long, String> hostnames, JsonNode failed) {
        if (failed != null) {
            System.err.println(RED + "error:" + RESET + " node " + failed.path("hostname").asText() + " (VE " + veId
                    + ", VEM " + failed.path("vemId").asText() + ") FAILED: " + failed.path("stateReason").asText());
        } else {
            System.err.println(RED + "error:" + RESET + " not every node is READY after " + timeout.toSeconds() + " s");
        }
        for (JsonNode node : nodes) {
            if (node.path("state").asText().equals("READY")) {
                continue;
            }
            long vem = node.path("vemId").asLong();
            JsonNode detail = api.get(services.ves() + "/ves/" + veId + "/nodes/" + vem);
            System.err.println("       " + hostnames.get(vem) + " (VEM " + vem + "): " + detail.path("state").asText()
                    + " since " + detail.path("stateSince").asText()
                    + (detail.hasNonNull("stateReason") ? ": " + detail.path("stateReason").asText() : ""));
            JsonNode hook = detail.path("hook");
            if (!hook.isMissingNode() && !hook.isNull()) {
                System.err.println("         hook: " + hook.path("outcome").asText() + " "
                        + hook.path("exitCode").asText("") + " " + hook.path("outputTail").asText("").strip());
            }
        }
        System.err.println("       look at:  " + launcher + " logs node-provisioner    (trees and hooks)");
        System.err.println("                 " + launcher + " logs nfs-exporter        (exports)");
        System.err.println("                 " + launcher + " logs ve-service          (node states)");
        System.err.println("                 " + launcher + " audit --ve " + veId + "            (every event of this VE)");
        System.err.println("                 curl -u viewer:viewer " + services.ves() + "/ves/" + veId
                + "/nodes/<VEM>   (state history, hook result)");
    }

    // -----------------------------------------------------------------------------------------------------------------
    // what it did

    private void showHooks(long veId, Map<Long, String> hostnames) {
        step("the init_vem hook's result for each node (GET /ves/" + veId + "/nodes/<VEM>)");
        for (long vem : hostnames.keySet()) {
            JsonNode hook = api.get(services.ves() + "/ves/" + veId + "/nodes/" + vem).path("hook");
            if (hook.isMissingNode() || hook.isNull()) {
                say("   " + hostnames.get(vem) + ": no hook result");
                continue;
            }
            say("   " + hostnames.get(vem) + ": " + hook.path("outcome").asText()
                    + (hook.hasNonNull("exitCode") ? " " + hook.path("exitCode").asText() : "") + " in "
                    + hook.path("durationMillis").asText() + " ms: " + hook.path("outputTail").asText("").strip());
        }
    }

    private void showTrees(Path root, long veId, List<JsonNode> nodes) throws IOException {
        Path privateRoot = root.resolve("private");
        step("the trees: " + rel(privateRoot) + " (" + mode(privateRoot) + ", the nodes' private dirs live here)");
        List<String> others = new ArrayList<>();
        boolean staging = false;
        try (Stream<Path> entries = Files.list(privateRoot)) {
            for (String entry : entries.map(p -> p.getFileName().toString()).sorted().toList()) {
                if (entry.equals(".staging")) {
                    staging = true;
                } else if (!entry.equals(Long.toString(veId))) {
                    others.add(entry + "/");
                }
            }
        }
        Path veDir = privateRoot.resolve(Long.toString(veId));
        say("   " + veId + "/" + pad(veId + "/", 28) + DIM + "VE " + veId + RESET);
        say("     init_vem" + pad("init_vem", 26) + mode(veDir.resolve("init_vem")) + DIM + "  the hook" + RESET);
        say("     custom/" + pad("custom/", 26) + mode(veDir.resolve("custom")) + DIM + "  /custom/ve: shared by the"
                + " VE's nodes, " + count(veDir.resolve("custom")) + " entries" + RESET);
        boolean first = true;
        for (JsonNode node : nodes) {
            String vem = node.path("vemId").asText();
            Path tree = veDir.resolve(vem);
            say("     " + vem + "/" + pad(vem + "/", 26) + mode(tree) + DIM + "  " + node.path("hostname").asText() + " "
                    + node.path("address").asText() + RESET);
            try (Stream<Path> dirs = Files.list(tree)) {
                for (Path dir : dirs.sorted().toList()) {
                    String name = dir.getFileName().toString();
                    Counts counts = Counts.of(dir);
                    String note = "";
                    if (name.equals("custom")) {
                        Path hello = dir.resolve("hello");
                        note = "/custom/node" + (Files.exists(hello)
                                ? ": hello = \"" + Files.readString(hello).strip() + "\"" : "");
                    } else if (name.equals("var")) {
                        note = "lib/rpm " + describeEmpty(dir.resolve("lib/rpm"), "shared subdir: the image's copy is"
                                + " mounted over it") + "; run " + describeEmpty(dir.resolve("run"), "RAM dir: tmpfs on"
                                + " the node, seeded from the image");
                    }
                    say("       " + name + "/" + pad(name + "/", 24) + mode(dir) + "  " + counts
                            + (note.isEmpty() ? "" : DIM + "  " + note + RESET));
                    if (first && name.equals("var")) {
                        listDirectories(dir, "         ", 1);
                    }
                }
            }
            first = false;
        }
        if (staging) {
            say("   .staging/" + pad(".staging/", 28) + mode(privateRoot.resolve(".staging")) + DIM
                    + "  node-provisioner's build area: a tree is built here, then renamed into place" + RESET);
        }
        if (!others.isEmpty()) {
            say("   " + DIM + "also: " + String.join(" ", others) + " (other VEs on this image)" + RESET);
        }
    }

    private static String describeEmpty(Path dir, String why) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return "absent";
        }
        return (count(dir) == 0 ? "empty" : count(dir) + " entries") + " (" + why + ")";
    }

    /** The subdirectories of {@code dir}, one level, each with what it holds. */
    private static void listDirectories(Path dir, String indent, int depth) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (Files.isSymbolicLink(entry)) {
                    say(indent + name + " -> " + Files.readSymbolicLink(entry));
                } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    say(indent + name + "/" + pad(name + "/", 22) + mode(entry) + "  " + Counts.of(entry));
                }
            }
        }
    }

    private void showExports(Path root) {
        JsonNode exports = api.get(services.exporter() + "/exports");
        JsonNode last = exports.path("lastApply");
        step("the exports file " + rel(Path.of(exports.path("file").asText())) + ": generation "
                + exports.path("appliedGeneration").asText() + ", last apply "
                + last.path("result").asText(last.path("status").asText("?")) + " (apply command: "
                + exports.path("applyCommand").asText() + ")");
        int others = 0;
        String prefix = root.toString();
        for (JsonNode line : exports.path("lines")) {
            String text = line.asText();
            if (text.startsWith(prefix + " ") || text.startsWith(prefix + "/") || text.startsWith("\"" + prefix)) {
                say("   " + text);
            } else if (!text.isBlank() && !text.startsWith("#")) {
                others++;
            }
        }
        if (others > 0) {
            say("   " + DIM + "(" + others + " more lines for other images)" + RESET);
        }
    }

    /** Files, directories, links and bytes below a directory. */
    record Counts(long files, long dirs, long links, long bytes) {

        static Counts of(Path dir) throws IOException {
            long[] c = new long[4];
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.skip(1).forEach(p -> {
                    try {
                        PosixFileAttributes attributes = Files.readAttributes(p, PosixFileAttributes.class,
                                LinkOption.NOFOLLOW_LINKS);
                        if (attributes.isSymbolicLink()) {
                            c[2]++;
                        } else if (attributes.isDirectory()) {
                            c[1]++;
                        } else {
                            c[0]++;
                            c[3] += attributes.size();
                        }
                    } catch (IOException e) {
                        // vanished: skip
                    }
                });
            }
            return new Counts(c[0], c[1], c[2], c[3]);
        }

        @Override
        public String toString() {
            if (files + dirs + links == 0) {
                return "empty";
            }
            List<String> parts = new ArrayList<>();
            parts.add(files + (files == 1 ? " file" : " files"));
            if (dirs > 0) {
                parts.add(dirs + (dirs == 1 ? " dir" : " dirs"));
            }
            if (links > 0) {
                parts.add(links + (links == 1 ? " link" : " links"));
            }
            parts.add(Format.bytes(bytes));
            return String.join(", ", parts);
        }
    }

    private static long count(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        }
    }

    private static String mode(Path path) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return String.format(Locale.ROOT, "%04o %s", mode & 07777, attributes.owner().getName());
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String pad(String shown, int width) {
        return " ".repeat(Math.max(1, width - shown.length()));
    }

    private static String list(JsonNode array) {
        Set<String> items = new TreeSet<>();
        List<String> ordered = new ArrayList<>();
        for (JsonNode item : array) {
            if (items.add(item.asText())) {
                ordered.add(item.asText());
            }
        }
        return ordered.isEmpty() ? "none" : String.join(" ", ordered);
    }

    private String rel(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        return path.startsWith(cwd) ? cwd.relativize(path).toString() : path.toString();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
