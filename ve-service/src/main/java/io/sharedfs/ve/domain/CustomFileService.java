package io.sharedfs.ve.domain;

import io.quarkus.panache.common.Sort;
import io.sharedfs.contracts.customization.CustomFileUploaded;
import io.sharedfs.contracts.customization.CustomFileWriteFailed;
import io.sharedfs.contracts.customization.CustomFileWritten;
import io.sharedfs.contracts.customization.CustomizationPath;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.messaging.outbox.Outbox;
import io.sharedfs.service.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The content of customized files, per VE or per node: uploads get an increasing revision and are
 * published as CustomFileUploaded for the storage host, which reports whether it wrote them.
 */
@ApplicationScoped
public class CustomFileService {

    private static final Logger LOG = Logger.getLogger(CustomFileService.class);

    private final VeService ves;
    private final ImageCatalog images;
    private final CustomizationCatalog customizations;
    private final Outbox outbox;
    private final EntityManager entityManager;

    public CustomFileService(VeService ves, ImageCatalog images, CustomizationCatalog customizations, Outbox outbox,
            EntityManager entityManager) {
        this.ves = ves;
        this.images = images;
        this.customizations = customizations;
        this.outbox = outbox;
        this.entityManager = entityManager;
    }

    /** What an upload did: the file as stored now, whether it is new, whether its content was already current. */
    public record Upload(CustomFile file, boolean created, boolean unchanged) {
    }

    /**
     * Stores the content as the file's next revision and publishes it, unless it equals the current
     * revision (then nothing is published, except to retry a revision the storage host failed to write).
     *
     * @param vemId the node, or null for the file shared by the VE's nodes
     * @param ifMatch when present, the quoted SHA-256 of the content the client last saw
     */
    @Transactional
    public Upload upload(long veId, Long vemId, String path, byte[] content, String ifMatch) {
        checkPath(path);
        // One upload of a VE's files at a time: revisions are allocated without gaps or races.
        Ve ve = ves.lock(veId);
        if (vemId != null) {
            requireLiveNode(veId, vemId);
        }
        ImageProjection image = images.of(ve);
        requireCustomized(ve, image, vemId, path);
        // Locked too, so a report being recorded at the same moment is not overwritten.
        CustomFile file = entityManager.find(CustomFile.class, key(veId, vemId, path), LockModeType.PESSIMISTIC_WRITE);
        checkIfMatch(ifMatch, file, path);
        String sha256 = sha256(content);
        if (file != null && file.sha256.equals(sha256) && file.currentWriteError() == null) {
            return new Upload(file, false, true);
        }
        boolean created = file == null;
        if (created) {
            file = new CustomFile();
            file.veId = veId;
            file.vemId = vemId == null ? CustomFile.VE_WIDE : vemId;
            file.path = path;
        }
        file.revision++;
        file.sha256 = sha256;
        file.content = content;
        file.size = content.length;
        file.uploadedAt = Instant.now();
        if (created) {
            file.persist();
        }
        outbox.publish(new CustomFileUploaded(veId, vemId, path, file.revision, sha256,
                Base64.getEncoder().encodeToString(content), image.toRef()));
        return new Upload(file, created, false);
    }

    /** The file's last uploaded content; 404 when the VE, the node or an upload is missing. */
    @Transactional
    public CustomFile get(long veId, Long vemId, String path) {
        checkPath(path);
        CustomFile file = CustomFile.findById(key(veId, vemId, path));
        if (file == null) {
            requireOwner(veId, vemId);
            throw ProblemException.notFound("no content was uploaded for " + path + " of " + owner(veId, vemId));
        }
        return file;
    }

    /** The VE's own files (vemId null) or one node's, by path. */
    @Transactional
    public List<CustomFile> list(long veId, Long vemId) {
        requireOwner(veId, vemId);
        return CustomFile.list("veId = ?1 and vemId = ?2", Sort.by("path"), veId,
                vemId == null ? CustomFile.VE_WIDE : vemId);
    }

    /** The storage host wrote a revision: the file is written if that is still its current revision. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void written(CustomFileWritten report) {
        CustomFile file = lockReported(report.veId(), report.vemId(), report.path(), report.revision());
        if (file == null || file.written()) {
            return;
        }
        if (!file.sha256.equals(report.sha256())) {
            LOG.warnf("ignored CustomFileWritten for %s of %s revision %d: sha256 %s, uploaded %s", report.path(),
                    owner(report.veId(), report.vemId()), report.revision(), report.sha256(), file.sha256);
            return;
        }
        file.writtenRevision = report.revision();
        file.writtenAt = Instant.now();
        file.storageHost = report.storageHost();
        file.serverPath = report.serverPath();
    }

    /** The storage host could not write a revision: shown while that is the current, unwritten revision. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void writeFailed(CustomFileWriteFailed report) {
        CustomFile file = lockReported(report.veId(), report.vemId(), report.path(), report.revision());
        // A success reported for the same revision wins, whatever order the two reports arrive in.
        if (file == null || file.written()) {
            return;
        }
        file.failedRevision = report.revision();
        file.writeError = report.reason();
        file.failedAt = Instant.now();
        file.storageHost = report.storageHost();
    }

    /** The path rule every service applies; 400 naming the query parameter {@code path}. */
    public static String checkPath(String path) {
        if (path == null || path.isEmpty()) {
            throw ProblemException.invalid("path", "required",
                    "the query parameter path is required: the file's absolute path in the image, "
                            + "e.g. ?path=/etc/crontab");
        }
        try {
            return CustomizationPath.check(path, null);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("path", "customization-path", e.getMessage());
        }
    }

    // Only a report about the current revision changes anything: an older one describes content
    // that was replaced since, and a newer one cannot exist.
    private CustomFile lockReported(long veId, Long vemId, String path, long revision) {
        CustomFile file = entityManager.find(CustomFile.class, key(veId, vemId, path), LockModeType.PESSIMISTIC_WRITE);
        return file == null || file.revision != revision ? null : file;
    }

    private void requireCustomized(Ve ve, ImageProjection image, Long vemId, String path) {
        CustomizationScope wanted = vemId == null ? CustomizationScope.VE : CustomizationScope.NODE;
        List<ImageCustomization> live = image.deleted ? List.of() : customizations.live(image.imageId, path);
        if (live.stream().anyMatch(customization -> customization.scope == wanted)) {
            return;
        }
        if (live.isEmpty()) {
            throw ProblemException.conflict("path", "customized", "image " + image.name + " of VE " + ve.id
                    + " has no live customization of " + path + ": customize the file first (image-service: POST "
                    + "/images/" + image.imageId + "/customizations), then upload its content here");
        }
        String scopes = live.stream().map(customization -> elsewhere(ve.id, customization.scope, path))
                .distinct().collect(Collectors.joining("; "));
        throw ProblemException.conflict("path", "scope", path + " of image " + image.name + " is not customized per "
                + (wanted == CustomizationScope.VE ? "VE" : "node") + ": " + scopes);
    }

    private static String elsewhere(long veId, CustomizationScope scope, String path) {
        return switch (scope) {
            case VE -> "scope is VE: use /ves/" + veId + "/files?path=" + path;
            case NODE -> "scope is NODE: use /ves/" + veId + "/nodes/{vem}/files?path=" + path;
            case ALL -> "scope is ALL: one file shared by every node of the image, at /custom" + path
                    + " in the image, not uploaded per VE or node";
        };
    }

    private void requireLiveNode(long veId, long vemId) {
        Node node = Node.findById(new NodeId(veId, vemId));
        if (node == null) {
            throw ProblemException.notFound("VE " + veId + " has no node with VEM id " + vemId);
        }
        if (node.removeRequested) {
            throw ProblemException.notFound("node " + vemId + " of VE " + veId + " is removed (" + node.state + ")");
        }
    }

    private void requireOwner(long veId, Long vemId) {
        ves.get(veId);
        if (vemId != null && Node.findById(new NodeId(veId, vemId)) == null) {
            throw ProblemException.notFound("VE " + veId + " has no node with VEM id " + vemId);
        }
    }

    private static void checkIfMatch(String ifMatch, CustomFile file, String path) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        if (file != null) {
            for (String candidate : ifMatch.split(",")) {
                String tag = candidate.trim();
                if (tag.equals("*") || tag.equals("\"" + file.sha256 + "\"")) {
                    return;
                }
            }
        }
        throw ProblemException.stale("If-Match " + ifMatch.trim() + (file == null
                ? " names content, but none was uploaded for " + path + " yet"
                : " does not name the current content \"" + file.sha256 + "\" (revision " + file.revision
                        + "); read the file again and retry"));
    }

    private static CustomFile.Key key(long veId, Long vemId, String path) {
        return new CustomFile.Key(veId, vemId == null ? CustomFile.VE_WIDE : vemId, path);
    }

    private static String owner(long veId, Long vemId) {
        return vemId == null ? "VE " + veId : "node " + vemId + " of VE " + veId;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
