package io.sharedfs.contracts;

import java.util.Locale;
import java.util.UUID;

/**
 * Record key rules: image events by image id, everything about a VE or its nodes by VE id,
 * storage-host-wide export events by host name.
 */
public final class Keys {

    private Keys() {
    }

    public static String image(UUID imageId) {
        return imageId.toString();
    }

    public static String ve(long veId) {
        return Long.toString(veId);
    }

    public static String storageHost(String host) {
        return "host:" + host.toLowerCase(Locale.ROOT);
    }
}
