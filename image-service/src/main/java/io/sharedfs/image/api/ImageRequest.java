package io.sharedfs.image.api;

import io.sharedfs.image.domain.ImageDraft;
import java.util.List;

/**
 * The body of {@code POST /images} and {@code PUT /images/{id}}. Absent fields take their
 * defaults: the single configured storage host, not shared, private dirs {@code /var /etc /tmp},
 * shared subdir {@code /var/lib/rpm}, RAM dir {@code /var/run}.
 */
public record ImageRequest(
        String name,
        String rootPath,
        String storageHost,
        Boolean shared,
        List<String> privateDirs,
        List<String> sharedSubdirs,
        List<String> ramDirs,
        String description) {

    ImageDraft toDraft() {
        return new ImageDraft(name, rootPath, storageHost, Boolean.TRUE.equals(shared), privateDirs, sharedSubdirs,
                ramDirs, description);
    }

    static ImageRequest of(ImageDraft draft) {
        return new ImageRequest(draft.name(), draft.rootPath(), draft.storageHost(), draft.shared(),
                draft.privateDirs(), draft.sharedSubdirs(), draft.ramDirs(), draft.description());
    }
}
