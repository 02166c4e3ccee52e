package io.sharedfs.provisioner;

import io.agroal.api.AgroalDataSource;
import io.sharedfs.contracts.CloudEventHeaders;
import io.sharedfs.contracts.MessageType;
import io.sharedfs.contracts.SharedfsMessage;
import io.sharedfs.contracts.Subjects;
import io.sharedfs.contracts.Topics;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.contracts.node.NodeRemoved;
import io.sharedfs.contracts.provisioning.NodeProvisioned;
import io.sharedfs.contracts.provisioning.NodeProvisioningFailed;
import io.sharedfs.provisioner.fs.ImagePaths;
import io.sharedfs.provisioner.fs.LayoutPreparer;
import io.sharedfs.provisioner.fs.TestImage;
import io.sharedfs.provisioner.fs.UnsafeTreeException;
import io.sharedfs.testsupport.KafkaTestClient;
import jakarta.enterprise.inject.spi.CDI;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Acts like ve-service and an operator towards node-provisioner: fresh VE ids, images on real
 * disk, node events, the agent's events read back per node, and its jobs as psql would show them.
 */
public final class TestNodes {

    /** The storage host of the agent under test (its default). */
    public static final String HOST = "localhost";
    public static final Duration WAIT = Duration.ofSeconds(60);

    private static final AtomicLong NEXT_VE = new AtomicLong(ThreadLocalRandom.current().nextLong(1, 1L << 20) * 1000);

    /** A job row. */
    public record JobRow(long id, String kind, long vemId, int attempt, String state, int tries, String reason) {
    }

    /** An event about a node, read back from its topic, with its record key. */
    public record NodeEvent(String key, SharedfsMessage body) {
    }

    private TestNodes() {
    }

    public static long nextVe() {
        return NEXT_VE.incrementAndGet();
    }

    /** A small image on disk: {@code /etc} with two files, {@code /var/log} with one; not yet prepared. */
    public static Path smallImage(String name) {
        Path root = TestImage.scratch(name).resolve("image");
        try {
            Files.createDirectories(root.resolve("etc"));
            Files.writeString(root.resolve("etc/hostname"), "node\n");
            Files.writeString(root.resolve("etc/hosts"), "127.0.0.1\n");
            Files.createDirectories(root.resolve("var/log"));
            Files.writeString(root.resolve("var/log/boot"), "ok\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    /** Prepares the layout of a shared image, as the agent does on ImageRegistered. */
    public static void prepareLayout(Path root) {
        try {
            LayoutPreparer.prepare(ImagePaths.of(root.toString()), true);
        } catch (UnsafeTreeException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A small shared image with its layout prepared. */
    public static Path preparedImage(String name) {
        Path root = smallImage(name);
        prepareLayout(root);
        return root;
    }

    public static ImageRef ref(Path root, boolean shared) {
        return ref(root, shared, List.of("/var", "/etc"), List.of(), List.of());
    }

    public static ImageRef ref(Path root, boolean shared, List<String> privateDirs, List<String> sharedSubdirs,
            List<String> ramDirs) {
        return new ImageRef(UUID.nameUUIDFromBytes(root.toString().getBytes()), HOST, root.toString(), shared,
                privateDirs, sharedSubdirs, ramDirs);
    }

    public static NodeAdded added(long ve, long vem, int attempt, ImageRef image) {
        return new NodeAdded(ve, vem, "node-" + vem, "10.0." + (vem / 250) + "." + (vem % 250 + 1), null, attempt,
                image);
    }

    public static NodeRemoved removed(long ve, long vem, boolean purge, ImageRef image) {
        return new NodeRemoved(ve, vem, "node-" + vem, "10.0." + (vem / 250) + "." + (vem % 250 + 1), purge, image);
    }

    /**
     * Writes {@code <root>/private/<VE>/init_vem} (root's, mode 0755) running {@code body}; the file
     * is closed before anything can execute it (an open file cannot be run: ETXTBSY).
     */
    public static Path hook(Path root, long ve, String body) {
        Path veDir = root.resolve("private").resolve(Long.toString(ve));
        Path hook = veDir.resolve("init_vem");
        try {
            Files.createDirectories(veDir);
            Path draft = veDir.resolve(".init_vem.draft");
            Files.writeString(draft, "#!/bin/sh\n" + body);
            Files.setAttribute(draft, "unix:mode", 0755);
            Files.move(draft, hook, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hook;
    }

    /** The node's private tree path. */
    public static Path tree(Path root, long ve, long vem) {
        return root.resolve("private").resolve(Long.toString(ve)).resolve(Long.toString(vem));
    }

    public static boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** The lines of a file a hook appends to; none if it does not exist. */
    public static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node's events on {@code sharedfs.provisioning}, read from the start until {@code done} holds. */
    public static List<NodeEvent> provisioningEvents(String kafka, long ve, long vem, Predicate<List<NodeEvent>> done) {
        String subject = Subjects.node(ve, vem);
        List<NodeEvent> events = new ArrayList<>();
        KafkaTestClient.readUntil(kafka, Topics.PROVISIONING, WAIT, records -> {
            events.clear();
            events.addAll(ofSubject(records, subject));
            return done.test(events);
        });
        return List.copyOf(events);
    }

    /** The node's events until the agent reported the attempt provisioned or failed. */
    public static List<NodeEvent> untilOutcome(String kafka, long ve, long vem, int attempt) {
        return provisioningEvents(kafka, ve, vem, events -> events.stream().anyMatch(e -> isOutcome(e.body(), attempt)));
    }

    public static boolean isOutcome(SharedfsMessage body, int attempt) {
        return (body instanceof NodeProvisioned p && p.attempt() == attempt)
                || (body instanceof NodeProvisioningFailed f && f.attempt() == attempt);
    }

    /** The simple type names of the events, in topic order. */
    public static List<String> types(List<NodeEvent> events) {
        return events.stream().map(e -> e.body().getClass().getSimpleName()).toList();
    }

    public static <T extends SharedfsMessage> List<T> ofType(List<NodeEvent> events, Class<T> type) {
        return events.stream().map(NodeEvent::body).filter(type::isInstance).map(type::cast).toList();
    }

    private static List<NodeEvent> ofSubject(List<ConsumerRecord<String, String>> records, String subject) {
        List<NodeEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            if (!subject.equals(KafkaTestClient.header(record, CloudEventHeaders.SUBJECT))) {
                continue;
            }
            MessageType type = MessageType.byCeType(KafkaTestClient.header(record, CloudEventHeaders.TYPE))
                    .orElseThrow();
            events.add(new NodeEvent(record.key(), type.read(record.value())));
        }
        return events;
    }

    /** The agent's jobs for the VE, oldest first. */
    public static List<JobRow> jobs(long ve) {
        List<JobRow> jobs = new ArrayList<>();
        try (Connection connection = CDI.current().select(AgroalDataSource.class).get().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id, kind, vem_id, attempt, state, tries, reason FROM job WHERE ve_id = ? ORDER BY id")) {
            select.setLong(1, ve);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    jobs.add(new JobRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getString(5),
                            rs.getInt(6), rs.getString(7)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return jobs;
    }

    /** The agent's jobs for one node, oldest first. */
    public static List<JobRow> jobs(long ve, long vem) {
        return jobs(ve).stream().filter(job -> job.vemId() == vem).toList();
    }
}
