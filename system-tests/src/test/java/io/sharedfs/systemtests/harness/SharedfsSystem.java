package io.sharedfs.systemtests.harness;

import io.sharedfs.contracts.Topics;
import io.sharedfs.testsupport.EmbeddedPostgres;
import io.sharedfs.testsupport.KafkaProcess;
import io.sharedfs.testsupport.KafkaTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole system on this machine: a real Kafka broker (KRaft, its own process) with every topic, a
 * real PostgreSQL with one database per service (instances of one service share theirs), and every
 * service as a process of its own from its packaged application: image-service, one or more
 * ve-service instances, and a node-provisioner and an nfs-exporter per storage host.
 *
 * <p>Everything lives under {@code target/system-tests/<name>/}: the broker's data and log, one log
 * file per service instance, the images, each host's exports directory. {@link #close()} kills every
 * process (and waits for it) whatever happened; a JVM shutdown hook does the same if the test JVM
 * ends first.
 */
public final class SharedfsSystem implements AutoCloseable {

    /** Database user and password of the embedded PostgreSQL. */
    private static final String DB_USER = "postgres";
    /** Ports handed out in this JVM: a stopped service keeps its port, so none is handed out twice. */
    private static final Set<Integer> PORTS = new HashSet<>();

    private final String name;
    private final Path work;
    private final Topology topology;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final Map<String, StorageHost> hosts = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> provisioners = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> exporters = new LinkedHashMap<>();
    private final List<ServiceProcess> veServices = new ArrayList<>();
    private final Map<ServiceProcess, String> databases = new LinkedHashMap<>();
    private final Thread shutdownHook = new Thread(this::killEverything, "system-tests-stop");
    private KafkaProcess broker;
    private ServiceProcess imageService;
    private boolean brokerRunning;

    /**
     * What runs: the storage hosts (each with its agents), how many ve-service instances, and settings
     * every nfs-exporter gets on top of the harness's own (e.g. the NFS-Ganesha backend).
     */
    public record Topology(List<String> storageHosts, int veServiceInstances, Map<String, String> exporterSettings) {

        public Topology {
            storageHosts = List.copyOf(storageHosts);
            exporterSettings = Map.copyOf(exporterSettings);
            if (storageHosts.isEmpty() || veServiceInstances < 1) {
                throw new IllegalArgumentException("at least one storage host and one ve-service instance");
            }
        }

        public Topology(List<String> storageHosts, int veServiceInstances) {
            this(storageHosts, veServiceInstances, Map.of());
        }

        /** One storage host, one instance of each service. */
        public static Topology single() {
            return new Topology(List.of("storage-a"), 1);
        }

        /** The same, every exporter with these settings too. */
        public Topology withExporterSettings(Map<String, String> settings) {
            return new Topology(storageHosts, veServiceInstances, settings);
        }
    }

    private SharedfsSystem(String name, Topology topology) {
        this.name = name;
        this.topology = topology;
        this.work = Path.of(System.getProperty("sharedfs.systemtests.work", "target/system-tests"))
                .toAbsolutePath().normalize().resolve(name);
    }

    /** Starts everything and returns once every service answers ready; on failure stops what it started. */
    public static SharedfsSystem start(String name, Topology topology) {
        SharedfsSystem system = new SharedfsSystem(name, topology);
        Runtime.getRuntime().addShutdownHook(system.shutdownHook);
        try {
            system.startAll();
            return system;
        } catch (RuntimeException | Error e) {
            system.close();
            throw e;
        }
    }

    private void startAll() {
        long begin = System.nanoTime();
        // A previous run's leftovers go; this run's stay for reading after the build.
        FileTrees.delete(work);
        try {
            Files.createDirectories(work.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker = KafkaProcess.start(work);
        brokerRunning = true;
        KafkaTestClient.createTopics(kafka(), Topics.ALL, 3);
        Path applyScript = writeApplyScript();

        String imageDb = EmbeddedPostgres.newDatabase("image");
        imageService = add(Service.IMAGE_SERVICE, "image-service", imageDb,
                Map.of("sharedfs.image.storage-hosts", String.join(",", topology.storageHosts())));

        String veDb = EmbeddedPostgres.newDatabase("ve");
        for (int i = 1; i <= topology.veServiceInstances(); i++) {
            veServices.add(add(Service.VE_SERVICE, topology.veServiceInstances() == 1 ? "ve-service" : "ve-service-" + i,
                    veDb, Map.of()));
        }

        for (String host : topology.storageHosts()) {
            Path hostDir = work.resolve("hosts").resolve(host);
            StorageHost storage = new StorageHost(host, hostDir.resolve("images"), hostDir.resolve("exports"),
                    hostDir.resolve("apply-runs.log"));
            try {
                Files.createDirectories(storage.imagesDir());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            hosts.put(host, storage);
            String dbName = host.replaceAll("[^a-z0-9]", "_");
            provisioners.put(host, add(Service.NODE_PROVISIONER, "node-provisioner@" + host,
                    EmbeddedPostgres.newDatabase("provisioner_" + dbName),
                    Map.of("sharedfs.provisioner.storage-host", host,
                            "sharedfs.provisioner.hook.timeout", "60s")));
            Map<String, String> exporter = new LinkedHashMap<>(Map.of("sharedfs.exporter.storage-host", host,
                    "sharedfs.exporter.exports-dir", storage.exportsDir().toString(),
                    "sharedfs.exporter.apply-command", "sh " + applyScript + " " + storage.exportsFile()
                            + " " + storage.applyLog(),
                    "sharedfs.exporter.retry-backoff", "200ms",
                    "sharedfs.exporter.retry-backoff-max", "2s"));
            exporter.putAll(topology.exporterSettings());
            exporters.put(host, add(Service.NFS_EXPORTER, "nfs-exporter@" + host,
                    EmbeddedPostgres.newDatabase("exporter_" + dbName), exporter));
        }

        // All at once: the machine has few cores, but the JVMs spend much of their start waiting.
        processes.forEach(ServiceProcess::start);
        processes.forEach(ServiceProcess::awaitReady);
        System.out.printf("[system-tests] %s: broker, PostgreSQL and %d service processes ready in %d s; work dir %s%n",
                name, processes.size(), Duration.ofNanos(System.nanoTime() - begin).toSeconds(), work);
    }

    private ServiceProcess add(Service service, String instance, String jdbcUrl, Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("kafka.bootstrap.servers", kafka());
        properties.put("quarkus.datasource.jdbc.url", jdbcUrl);
        properties.put("quarkus.datasource.username", DB_USER);
        properties.put("quarkus.datasource.password", DB_USER);
        properties.put("quarkus.log.category.\"org.apache.kafka\".level", "WARN");
        properties.putAll(extra);
        ServiceProcess process = new ServiceProcess(instance, service, freePort(),
                work.resolve("logs").resolve(instance.replace('@', '.') + ".log"), properties);
        processes.add(process);
        databases.put(process, jdbcUrl);
        return process;
    }

    /** The exporters' apply command: records each run (the generation line of the file it installed). */
    private Path writeApplyScript() {
        Path script = work.resolve("record-apply.sh");
        try {
            Files.writeString(script, String.join("\n",
                    "#!/bin/sh",
                    "# The apply command of the system tests: one line per run, naming the generation applied.",
                    "set -eu",
                    "if [ -f \"$1\" ]; then head -n 1 \"$1\" >> \"$2\"; else echo '# no file' >> \"$2\"; fi",
                    ""));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return script;
    }

    public String name() {
        return name;
    }

    /** This system's work directory under {@code target/system-tests}. */
    public Path work() {
        return work;
    }

    public String kafka() {
        return broker.bootstrapServers();
    }

    public ServiceProcess imageService() {
        return imageService;
    }

    /** The first ve-service instance. */
    public ServiceProcess veService() {
        return veServices.get(0);
    }

    public List<ServiceProcess> veServices() {
        return List.copyOf(veServices);
    }

    public ServiceProcess provisioner(String host) {
        return require(provisioners, host);
    }

    public ServiceProcess exporter(String host) {
        return require(exporters, host);
    }

    public StorageHost host(String host) {
        return require(hosts, host);
    }

    /** The first storage host. */
    public StorageHost host() {
        return hosts.values().iterator().next();
    }

    public List<ServiceProcess> processes() {
        return List.copyOf(processes);
    }

    /** An operator's view of the system through REST (image-service and the first ve-service). */
    public Operator operator() {
        return new Operator(this, veService());
    }

    /** A direct connection to a service instance's own database (for fault injection only). */
    public Connection database(ServiceProcess process) throws SQLException {
        String url = databases.get(process);
        if (url == null) {
            throw new IllegalArgumentException(process.name() + " is not part of " + name);
        }
        return DriverManager.getConnection(url, DB_USER, DB_USER);
    }

    /** {@code kill -9} of the broker: every service loses it at once. */
    public void stopBroker() {
        broker.kill();
        brokerRunning = false;
        System.out.printf("[system-tests] %s: broker killed at %s%n", name, Instant.now());
    }

    /** Starts the broker again on the same port with the same data, then waits until every service is ready again. */
    public void startBroker() {
        broker.restart();
        brokerRunning = true;
        System.out.printf("[system-tests] %s: broker started again at %s%n", name, Instant.now());
        awaitAllReady();
    }

    public boolean brokerRunning() {
        return brokerRunning;
    }

    /** Waits until every running service instance answers ready. */
    public void awaitAllReady() {
        processes.stream().filter(ServiceProcess::isAlive).forEach(ServiceProcess::awaitReady);
    }

    @Override
    public void close() {
        killEverything();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down.
        }
    }

    private synchronized void killEverything() {
        List<RuntimeException> failures = new ArrayList<>();
        for (ServiceProcess process : processes) {
            try {
                process.kill();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (broker != null) {
            broker.close();
            brokerRunning = false;
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private static <T> T require(Map<String, T> map, String host) {
        T value = map.get(host);
        if (value == null) {
            throw new IllegalArgumentException("no storage host " + host + "; there are " + map.keySet());
        }
        return value;
    }

    /** A free port, never one handed out before in this JVM (a stopped service keeps its port). */
    private static synchronized int freePort() {
        for (int i = 0; i < 100; i++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (PORTS.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port");
    }
}
