package io.sharedfs.contracts.customization;

/**
 * Who shares a customized file, and so where the image's symbolic link points in the node's view.
 */
public enum CustomizationScope {
    /** One copy per VE, at {@code <root>/private/<VE>/custom/<path>}; nodes see {@code /custom/ve/<path>}. */
    VE("/custom/ve"),
    /** One copy per node, at {@code <root>/private/<VE>/<VEM>/custom/<path>}; nodes see {@code /custom/node/<path>}. */
    NODE("/custom/node"),
    /** One copy for every node of the image, at {@code <root>/custom/<path>}; nodes see {@code /custom/<path>}. */
    ALL("/custom");

    private final String nodeViewPrefix;

    CustomizationScope(String nodeViewPrefix) {
        this.nodeViewPrefix = nodeViewPrefix;
    }

    /**
     * Where the image's link points: the file as the node sees it, never the storage host's path,
     * because the link is resolved on the node.
     */
    public String linkTarget(String path) {
        return nodeViewPrefix + CustomizationPath.check(path, this);
    }
}
