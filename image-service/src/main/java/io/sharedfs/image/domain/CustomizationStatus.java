package io.sharedfs.image.domain;

import java.util.Set;

/**
 * Where a customization stands: REQUESTED until the storage host answers, then APPLIED or FAILED;
 * a revert goes through REVERTING to REVERTED, or to REVERT_FAILED (still applied, the revert may be
 * asked again). FAILED and REVERTED are history.
 */
public enum CustomizationStatus {
    REQUESTED,
    APPLIED,
    FAILED,
    REVERTING,
    REVERTED,
    REVERT_FAILED;

    /** The states in which the customization holds its path: the image's file is, or may become, a link. */
    public static final Set<CustomizationStatus> LIVE = Set.of(REQUESTED, APPLIED, REVERTING, REVERT_FAILED);

    public boolean live() {
        return LIVE.contains(this);
    }
}
