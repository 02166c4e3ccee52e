package io.sharedfs.ve.domain;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.sharedfs.contracts.ve.VeCreated;
import io.sharedfs.contracts.ve.VeDeleted;
import io.sharedfs.contracts.ve.VeUpdated;
import io.sharedfs.messaging.outbox.Outbox;
import io.sharedfs.service.http.ETags;
import io.sharedfs.service.problem.ProblemException;
import io.sharedfs.service.problem.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/** VEs: create, change, delete, find; every rule is checked before anything changes. */
@ApplicationScoped
public class VeService {

    private static final int MAX_DESCRIPTION = 2000;

    private final ImageCatalog images;
    private final Outbox outbox;
    private final EntityManager entityManager;

    public VeService(ImageCatalog images, Outbox outbox, EntityManager entityManager) {
        this.images = images;
        this.outbox = outbox;
        this.entityManager = entityManager;
    }

    @Transactional
    public VeList search(String text, int page, int size) {
        String query = "1 = 1";
        Parameters parameters = new Parameters();
        if (text != null && !text.isBlank()) {
            // An explicit escape character: without one Hibernate tells PostgreSQL "escape ''".
            query = "lower(name) like :text escape '!'";
            parameters.and("text", "%" + text.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%")
                    .replace("_", "!_") + "%");
        }
        var found = Ve.<Ve>find(query, Sort.by("id"), parameters).page(Page.of(page, size));
        return new VeList(found.list(), found.count());
    }

    @Transactional
    public Ve get(long id) {
        return Ve.<Ve>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("no VE with id " + id));
    }

    @Transactional
    public long liveNodes(long veId) {
        return Node.count("veId = ?1 and state <> ?2", veId, io.sharedfs.contracts.node.NodeState.REMOVED);
    }

    @Transactional
    public Ve create(VeDraft draft) {
        validate(draft);
        ImageProjection image = images.require(draft.imageId(), "imageId");
        checkImageFits(image, draft.multiServer());
        checkNameFree(draft.name(), null);
        Ve ve = new Ve();
        ve.id = ((Number) entityManager.createNativeQuery("SELECT nextval('ve_id_seq')").getSingleResult()).longValue();
        ve.name = draft.name();
        ve.imageId = draft.imageId();
        ve.multiServer = draft.multiServer();
        ve.description = draft.description();
        ve.version = 1;
        ve.createdAt = Instant.now();
        ve.updatedAt = ve.createdAt;
        ve.persist();
        outbox.publish(new VeCreated(ve.id, ve.name, ve.imageId, ve.multiServer, ve.description));
        return ve;
    }

    /**
     * Changes a VE; nodes constrain it: no image change while it has nodes, no single-server with many.
     *
     * @param change what the VE should be, given what it is now; applied to the VE as locked, so a
     *        change of one field never undoes a concurrent change of another
     */
    @Transactional
    public Ve update(long id, Function<Ve, VeDraft> change, String ifMatch) {
        Ve ve = lock(id);
        ETags.check(ifMatch, ve.version);
        VeDraft draft = change.apply(ve);
        validate(draft);
        Set<String> changed = new LinkedHashSet<>();
        compare(changed, "name", ve.name, draft.name());
        compare(changed, "imageId", ve.imageId, draft.imageId());
        compare(changed, "multiServer", ve.multiServer, draft.multiServer());
        compare(changed, "description", ve.description, draft.description());
        if (changed.isEmpty()) {
            return ve;
        }
        long nodes = liveNodes(id);
        if (changed.contains("imageId") && nodes > 0) {
            throw ProblemException.conflict("imageId", "no-nodes", "VE " + id + " has " + nodes
                    + " node(s) on its image; remove them before moving the VE to another image");
        }
        if (changed.contains("imageId") || changed.contains("multiServer")) {
            checkImageFits(images.require(draft.imageId(), "imageId"), draft.multiServer());
        }
        if (changed.contains("multiServer") && !draft.multiServer() && nodes > 1) {
            throw ProblemException.conflict("multiServer", "at-most-one-node", "VE " + id + " has " + nodes
                    + " nodes; a single-server VE holds at most one");
        }
        if (changed.contains("name")) {
            checkNameFree(draft.name(), id);
        }
        ve.name = draft.name();
        ve.imageId = draft.imageId();
        ve.multiServer = draft.multiServer();
        ve.description = draft.description();
        ve.version++;
        ve.updatedAt = Instant.now();
        outbox.publish(new VeUpdated(ve.id, ve.name, ve.imageId, ve.multiServer, ve.description, changed));
        return ve;
    }

    @Transactional
    public void delete(long id, String ifMatch) {
        Ve ve = lock(id);
        ETags.check(ifMatch, ve.version);
        long nodes = liveNodes(id);
        if (nodes > 0) {
            throw ProblemException.conflict("id", "no-nodes",
                    "VE " + id + " still has " + nodes + " node(s); remove them first");
        }
        Node.delete("veId", id);
        NodeStateEntry.delete("veId", id);
        HookResult.delete("veId", id);
        CustomFile.delete("veId", id);
        ve.delete();
        outbox.publish(new VeDeleted(ve.id, ve.name, ve.imageId));
    }

    Ve lock(long id) {
        Ve ve = entityManager.find(Ve.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (ve == null) {
            throw ProblemException.notFound("no VE with id " + id);
        }
        return ve;
    }

    private static void validate(VeDraft draft) {
        List<Violation> violations = new ArrayList<>();
        NodeRules.veName(draft.name(), violations);
        if (draft.imageId() == null) {
            violations.add(new Violation("imageId", "required", "imageId is required"));
        }
        if (draft.description() != null && draft.description().length() > MAX_DESCRIPTION) {
            violations.add(new Violation("description", "max-length",
                    "description is longer than " + MAX_DESCRIPTION + " characters"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
    }

    private static void checkImageFits(ImageProjection image, boolean multiServer) {
        String unfit = multiServer ? image.unfitForManyNodes() : image.unfitForOneNode();
        if (unfit != null) {
            throw ProblemException.conflict("imageId", multiServer ? "shared-and-ready" : "valid-image",
                    (multiServer ? "a multi-server VE needs a shared, READY image: " : "") + unfit);
        }
    }

    private void checkNameFree(String name, Long self) {
        // Serialises creates and renames to one name, so two of them cannot both pass the check.
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(:name))")
                .setParameter("name", "ve-name:" + name).getSingleResult();
        Ve same = Ve.find("name", name).firstResult();
        if (same != null && (self == null || same.id != self)) {
            throw ProblemException.conflict("name", "unique", "a VE named " + name + " already exists (id "
                    + same.id + ")");
        }
    }

    private static void compare(Set<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }

    /** One page of VEs and how many match in all. */
    public record VeList(List<Ve> items, long total) {
    }
}
