package io.sharedfs.provisioner.customization;

import io.sharedfs.contracts.customization.CustomizationPath;
import java.util.List;

/** An image's directory lists (node view), as image events carry them. */
public record NodeDirs(List<String> privateDirs, List<String> sharedSubdirs, List<String> ramDirs) {

    public NodeDirs {
        privateDirs = List.copyOf(privateDirs);
        sharedSubdirs = List.copyOf(sharedSubdirs);
        ramDirs = List.copyOf(ramDirs);
    }

    /**
     * Whether every node keeps its own copy of {@code path} in its private tree: inside a private dir,
     * and not inside a shared subdir or a RAM dir (those are the image's, mounted over the copy).
     */
    public boolean storedPerNode(String path) {
        return privateDirs.stream().anyMatch(dir -> CustomizationPath.isUnder(path, dir))
                && sharedSubdirs.stream().noneMatch(dir -> CustomizationPath.isUnder(path, dir))
                && ramDirs.stream().noneMatch(dir -> CustomizationPath.isUnder(path, dir));
    }
}
