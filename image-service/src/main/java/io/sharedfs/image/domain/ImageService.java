package io.sharedfs.image.domain;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.sharedfs.contracts.image.ImageDeleted;
import io.sharedfs.contracts.image.ImageRegistered;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.contracts.image.ImageStatus;
import io.sharedfs.contracts.image.ImageUpdated;
import io.sharedfs.image.config.ImageConfig;
import io.sharedfs.messaging.outbox.Outbox;
import io.sharedfs.service.http.ETags;
import io.sharedfs.service.problem.ProblemException;
import io.sharedfs.service.problem.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The image registry's state changes. Each checks every rule first and changes nothing when one
 * is broken; a change and its event commit together through the outbox.
 */
@ApplicationScoped
public class ImageService {

    private static final Logger LOG = Logger.getLogger(ImageService.class);

    private final ImageConfig config;
    private final ImageUsage usage;
    private final Outbox outbox;
    private final EntityManager entityManager;

    public ImageService(ImageConfig config, ImageUsage usage, Outbox outbox, EntityManager entityManager) {
        this.config = config;
        this.usage = usage;
        this.outbox = outbox;
        this.entityManager = entityManager;
    }

    /** A page of images, by name, optionally filtered by a name substring and the shared flag. */
    @Transactional
    public ImageList list(String nameContains, Boolean shared, int page, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (nameContains != null && !nameContains.isBlank()) {
            // Name the escape character: in the SQL Hibernate renders for a bare LIKE, a backslash escapes nothing.
            query.append(" and lower(name) like :name escape '!'");
            parameters.and("name", "%" + likeEscape(nameContains.toLowerCase(java.util.Locale.ROOT)) + "%");
        }
        if (shared != null) {
            query.append(" and shared = :shared");
            parameters.and("shared", shared);
        }
        var found = Image.<Image>find(query.toString(), Sort.by("name"), parameters).page(Page.of(page, size));
        return new ImageList(found.list(), found.count());
    }

    @Transactional
    public Image get(UUID id) {
        return Image.<Image>findByIdOptional(id)
                .orElseThrow(() -> ProblemException.notFound("no image with id " + id));
    }

    @Transactional
    public List<VeUse> usersOf(UUID id) {
        return usage.usersOf(id);
    }

    @Transactional
    public Image register(ImageDraft requested) {
        ImageDraft draft = withDefaultHost(requested);
        validate(draft);
        lockStorageHost(draft.storageHost());
        checkUnique(null, draft);
        Image image = new Image();
        image.id = UUID.randomUUID();
        image.apply(draft);
        image.version = 1;
        image.createdAt = Instant.now();
        image.updatedAt = image.createdAt;
        image.awaitLayout();
        image.persist();
        outbox.publish(new ImageRegistered(image.toSpec()));
        return image;
    }

    /**
     * Changes the operator-controlled fields to what {@code change} makes of the current ones (a full
     * replace ignores them, a patch merges into them), with the image locked; a change that changes
     * nothing publishes nothing.
     */
    @Transactional
    public Image update(UUID id, UnaryOperator<ImageDraft> change, String ifMatch) {
        Image image = lockForChange(id, ifMatch);
        ImageDraft draft = withDefaultHost(change.apply(image.toDraft()));
        validate(draft);
        ImageSpec before = image.toSpec();
        Set<String> changed = changedFields(image.toDraft(), draft);
        if (changed.isEmpty()) {
            return image;
        }
        checkUsageAllows(image, draft, changed);
        if (changed.contains("rootPath") || changed.contains("storageHost") || changed.contains("name")) {
            lockStorageHost(draft.storageHost());
            checkUnique(image.id, draft);
        }
        image.apply(draft);
        image.version++;
        image.updatedAt = Instant.now();
        if (changed.contains("rootPath") || changed.contains("storageHost") || (changed.contains("shared") && draft.shared())) {
            image.awaitLayout();
        }
        publishUpdate(before, image, changed);
        return image;
    }

    @Transactional
    public void delete(UUID id, String ifMatch) {
        Image image = lockForChange(id, ifMatch);
        List<VeUse> users = usage.usersOf(id);
        if (!users.isEmpty()) {
            throw ProblemException.conflict("id", "unused",
                    "image " + image.name + " is used by " + describe(users) + "; delete or move those VEs first");
        }
        checkNoLiveCustomizations(image, "id", "delete the image");
        image.delete();
        outbox.publish(new ImageDeleted(image.id, image.name, image.storageHost, image.rootPath));
    }

    /**
     * Applies the storage host's answer about the image's layout. Answers about an older root path
     * or shared flag, or from another host, or for a deleted image, are ignored.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void layoutAnswered(UUID id, String storageHost, Long aboutVersion, ImageStatus status, String reason) {
        Image image = entityManager.find(Image.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (image == null || !image.storageHost.equals(storageHost)
                || (aboutVersion != null && aboutVersion < image.layoutRequestVersion)) {
            LOG.debugf("Ignoring a stale layout answer for image %s (version %s)", id, aboutVersion);
            return;
        }
        if (image.status == status && Objects.equals(image.statusReason, reason)) {
            return;
        }
        ImageSpec before = image.toSpec();
        image.status = status;
        image.statusReason = reason;
        image.version++;
        image.updatedAt = Instant.now();
        publishUpdate(before, image, Set.of("status"));
    }

    private void publishUpdate(ImageSpec before, Image image, Set<String> changed) {
        Set<String> fields = new LinkedHashSet<>(changed);
        if (before.status() != image.status || !Objects.equals(before.statusReason(), image.statusReason)) {
            fields.add("status");
        }
        outbox.publish(new ImageUpdated(image.toSpec(), fields));
    }

    private Image lockForChange(UUID id, String ifMatch) {
        Image image = entityManager.find(Image.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (image == null) {
            throw ProblemException.notFound("no image with id " + id);
        }
        ETags.check(ifMatch, image.version);
        return image;
    }

    private ImageDraft withDefaultHost(ImageDraft draft) {
        if ((draft.storageHost() == null || draft.storageHost().isBlank()) && config.storageHosts().size() == 1) {
            return new ImageDraft(draft.name(), draft.rootPath(), config.storageHosts().get(0), draft.shared(),
                    draft.privateDirs(), draft.sharedSubdirs(), draft.ramDirs(), draft.description());
        }
        return draft;
    }

    private void validate(ImageDraft draft) {
        List<Violation> violations = ImageRules.check(draft, config.storageHosts());
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
    }

    // Serialises the root-path checks of one storage host, so two requests cannot both pass them.
    private void lockStorageHost(String storageHost) {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(:host))")
                .setParameter("host", "image-root:" + storageHost).getSingleResult();
    }

    private void checkUnique(UUID self, ImageDraft draft) {
        Image sameName = Image.find("name", draft.name()).firstResult();
        if (sameName != null && !sameName.id.equals(self)) {
            throw ProblemException.conflict("name", "unique", "an image named " + draft.name() + " already exists");
        }
        List<Image> sameHost = Image.list("storageHost", draft.storageHost());
        for (Image other : sameHost) {
            if (!other.id.equals(self) && ImageRules.overlap(other.rootPath, draft.rootPath())) {
                String how = other.rootPath.equals(draft.rootPath()) ? "is the root path of" : "overlaps the root path "
                        + other.rootPath + " of";
                throw ProblemException.conflict("rootPath", "no-overlap",
                        "rootPath " + draft.rootPath() + " " + how + " image " + other.name + " on " + other.storageHost);
            }
        }
    }

    private void checkUsageAllows(Image image, ImageDraft draft, Set<String> changed) {
        boolean unsharing = changed.contains("shared") && !draft.shared();
        boolean moving = changed.contains("rootPath") || changed.contains("storageHost");
        if (!unsharing && !moving) {
            return;
        }
        String field = unsharing ? "shared" : changed.contains("rootPath") ? "rootPath" : "storageHost";
        String what = unsharing ? "turn shared off" : "move the image";
        List<VeUse> multiNode = usage.usersOf(image.id).stream().filter(use -> use.nodes() > 1).toList();
        if (!multiNode.isEmpty()) {
            throw ProblemException.conflict(field, "no-multi-node-users", "cannot " + what + " while "
                    + describe(multiNode) + " run" + (multiNode.size() == 1 ? "s" : "") + " several nodes on it");
        }
        checkNoLiveCustomizations(image, field, what);
    }

    // The image's files are links into /custom: unsharing, moving or forgetting the image would strand them.
    private static void checkNoLiveCustomizations(Image image, String field, String what) {
        List<Customization> live = Customization.liveOf(image.id);
        if (!live.isEmpty()) {
            throw ProblemException.conflict(field, "no-live-customizations", "cannot " + what + " while it has "
                    + live.size() + " live customization" + (live.size() == 1 ? "" : "s") + ": "
                    + live.stream().map(c -> c.id + " (" + c.path + ", " + c.status + ")")
                            .collect(Collectors.joining(", "))
                    + "; revert them first (DELETE /images/" + image.id + "/customizations/{id}; a REQUESTED or"
                    + " REVERTING one after the storage host's answer) and wait until they are REVERTED");
        }
    }

    private static String describe(List<VeUse> users) {
        return users.stream()
                .map(use -> "VE " + use.veId() + (use.veName() == null ? "" : " (" + use.veName() + ")")
                        + " with " + use.nodes() + " node" + (use.nodes() == 1 ? "" : "s"))
                .collect(Collectors.joining(", "));
    }

    private static Set<String> changedFields(ImageDraft before, ImageDraft after) {
        Set<String> changed = new LinkedHashSet<>();
        compare(changed, "name", before.name(), after.name());
        compare(changed, "rootPath", before.rootPath(), after.rootPath());
        compare(changed, "storageHost", before.storageHost(), after.storageHost());
        compare(changed, "shared", before.shared(), after.shared());
        compare(changed, "privateDirs", before.privateDirs(), after.privateDirs());
        compare(changed, "sharedSubdirs", before.sharedSubdirs(), after.sharedSubdirs());
        compare(changed, "ramDirs", before.ramDirs(), after.ramDirs());
        compare(changed, "description", before.description(), after.description());
        return changed;
    }

    private static void compare(Set<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }

    private static String likeEscape(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /** One page of images and how many match in all. */
    public record ImageList(List<Image> items, long total) {
    }
}
