package io.sharedfs.contracts;

import java.util.UUID;

/** CloudEvents subjects, written the same way by every producer so audit lines can be grepped. */
public final class Subjects {

    private Subjects() {
    }

    public static String image(UUID imageId) {
        return "image/" + imageId;
    }

    public static String ve(long veId) {
        return "ve/" + veId;
    }

    public static String node(long veId, long vemId) {
        return "ve/" + veId + "/node/" + vemId;
    }

    public static String command(String commandId) {
        return "command/" + commandId;
    }

    public static String storageHost(String host) {
        return "host/" + host.toLowerCase(java.util.Locale.ROOT);
    }
}
