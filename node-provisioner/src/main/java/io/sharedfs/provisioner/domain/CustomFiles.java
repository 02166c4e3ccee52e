package io.sharedfs.provisioner.domain;

import io.sharedfs.contracts.customization.CustomFileUploaded;
import io.sharedfs.contracts.customization.CustomFileWriteFailed;
import io.sharedfs.contracts.customization.CustomFileWritten;
import io.sharedfs.messaging.outbox.Outbox;
import io.sharedfs.provisioner.config.ProvisionerConfig;
import io.sharedfs.provisioner.customization.CustomFileWriter;
import io.sharedfs.provisioner.fs.ImagePaths;
import io.sharedfs.provisioner.fs.UnsafeTreeException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Uploaded content of customized files: kept per (VE, node or none, path) with the last revision
 * received, written at once (a file of at most 256 KiB is quick to write) or, for a node whose tree
 * is not built yet, once the tree is in place. The row, the file and the event change together in
 * one transaction; a crash before the commit rewrites the same bytes on redelivery.
 */
@ApplicationScoped
public class CustomFiles {

    private final EntityManager entityManager;
    private final CustomFileWriter writer;
    private final Outbox outbox;
    private final ProvisionerConfig config;

    public CustomFiles(EntityManager entityManager, CustomFileWriter writer, Outbox outbox, ProvisionerConfig config) {
        this.entityManager = entityManager;
        this.writer = writer;
        this.outbox = outbox;
        this.config = config;
    }

    /** Keeps and writes an upload; a revision not newer than the last one received is ignored. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void uploaded(CustomFileUploaded upload) {
        long vem = upload.vemId() == null ? 0 : upload.vemId();
        lockNode(upload.veId(), vem);
        CustomFile file = entityManager.find(CustomFile.class, new CustomFile.Key(upload.veId(), vem, upload.path()),
                LockModeType.PESSIMISTIC_WRITE);
        if (file != null && upload.revision() <= file.revision) {
            return;
        }
        if (file == null) {
            file = new CustomFile();
            file.veId = upload.veId();
            file.vemId = vem;
            file.path = upload.path();
        }
        file.imageId = upload.image().imageId();
        file.rootPath = upload.image().rootPath();
        file.revision = upload.revision();
        file.sha256 = upload.sha256();
        file.content = upload.bytes();
        file.state = CustomFile.PENDING;
        file.reason = null;
        file.updatedAt = Instant.now();
        if (!entityManager.contains(file)) {
            file.persist();
        }
        String actual = sha256(file.content);
        if (!actual.equalsIgnoreCase(upload.sha256())) {
            failed(file, "the uploaded content's SHA-256 is " + actual + ", not " + upload.sha256()
                    + " as announced; nothing was written");
            return;
        }
        write(file);
    }

    /**
     * Writes a node's uploads that waited for its tree; called once the tree is in place. The node
     * lock orders this against {@link #uploaded}: either the upload saw the tree, or this sees the upload.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void writePending(long veId, long vemId) {
        lockNode(veId, vemId);
        List<CustomFile> pending = entityManager.createQuery(
                        "from CustomFile where veId = ?1 and vemId = ?2 and state = ?3", CustomFile.class)
                .setParameter(1, veId).setParameter(2, vemId).setParameter(3, CustomFile.PENDING)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        pending.forEach(this::write);
    }

    private void write(CustomFile file) {
        try {
            Path written = writer.write(ImagePaths.of(file.rootPath), file.veId, file.vem(), file.path, file.content);
            if (written == null) {
                // The node's tree is not built yet: written by writePending once it is.
                return;
            }
            file.state = CustomFile.WRITTEN;
            file.writtenRevision = file.revision;
            file.serverPath = written.toString();
            file.updatedAt = Instant.now();
            outbox.publish(new CustomFileWritten(file.veId, file.vem(), file.path, file.revision, file.sha256,
                    config.storageHost(), file.serverPath));
        } catch (UnsafeTreeException e) {
            failed(file, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file.path + " of VE " + file.veId, e);
        }
    }

    private void failed(CustomFile file, String reason) {
        file.state = CustomFile.FAILED;
        file.reason = reason;
        file.updatedAt = Instant.now();
        outbox.publish(new CustomFileWriteFailed(file.veId, file.vem(), file.path, file.revision, config.storageHost(),
                reason));
    }

    private void lockNode(long veId, long vemId) {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(:node))")
                .setParameter("node", "provisioner-custom-file:" + veId + "/" + vemId).getSingleResult();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
