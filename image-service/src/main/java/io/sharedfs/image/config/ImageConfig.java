package io.sharedfs.image.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** image-service settings ({@code sharedfs.image.*}). */
@ConfigMapping(prefix = "sharedfs.image")
public interface ImageConfig {

    /**
     * The storage (NFS) hosts images may live on. When there is exactly one, a new image without
     * a {@code storageHost} goes there.
     */
    @WithDefault("localhost")
    List<String> storageHosts();
}
