package io.sharedfs.image.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/**
 * Which VEs use which image and how many nodes they have, projected from VE and node events.
 * Events of the two topics may arrive in any order, so a VE also counts as a user through its
 * nodes before its own event arrives.
 */
@ApplicationScoped
public class ImageUsage {

    private static final String USERS = """
            SELECT u.ve_id, max(u.ve_name),
                   (SELECT count(*) FROM node_usage n WHERE n.ve_id = u.ve_id AND NOT n.removed)
            FROM (SELECT ve_id, ve_name FROM ve_usage WHERE image_id = :image
                  UNION ALL
                  SELECT ve_id, NULL FROM node_usage WHERE image_id = :image AND NOT removed) u
            GROUP BY u.ve_id ORDER BY u.ve_id""";

    private final EntityManager entityManager;

    public ImageUsage(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The VEs that use the image, in VE id order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<VeUse> usersOf(UUID imageId) {
        List<?> rows = entityManager.createNativeQuery(USERS).setParameter("image", imageId).getResultList();
        return rows.stream().map(Object[].class::cast)
                .map(row -> new VeUse(((Number) row[0]).longValue(), (String) row[1], ((Number) row[2]).longValue()))
                .toList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void veUses(long veId, String veName, UUID imageId) {
        entityManager.createNativeQuery("""
                        INSERT INTO ve_usage (ve_id, ve_name, image_id) VALUES (:ve, :name, :image)
                        ON CONFLICT (ve_id) DO UPDATE SET ve_name = excluded.ve_name, image_id = excluded.image_id""")
                .setParameter("ve", veId).setParameter("name", veName).setParameter("image", imageId)
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void veDeleted(long veId) {
        entityManager.createNativeQuery("DELETE FROM ve_usage WHERE ve_id = :ve").setParameter("ve", veId)
                .executeUpdate();
    }

    /** A node was added; a node already known as removed stays removed (events may come late). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void nodeAdded(long veId, long vemId, UUID imageId) {
        entityManager.createNativeQuery("""
                        INSERT INTO node_usage (ve_id, vem_id, image_id) VALUES (:ve, :vem, :image)
                        ON CONFLICT (ve_id, vem_id) DO UPDATE SET image_id = excluded.image_id""")
                .setParameter("ve", veId).setParameter("vem", vemId).setParameter("image", imageId)
                .executeUpdate();
    }

    /** A node reached REMOVED; recorded even before its NodeAdded arrives. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void nodeRemoved(long veId, long vemId) {
        entityManager.createNativeQuery("""
                        INSERT INTO node_usage (ve_id, vem_id, image_id, removed)
                        VALUES (:ve, :vem, '00000000-0000-0000-0000-000000000000', TRUE)
                        ON CONFLICT (ve_id, vem_id) DO UPDATE SET removed = TRUE""")
                .setParameter("ve", veId).setParameter("vem", vemId)
                .executeUpdate();
    }
}
