package io.sharedfs.provisioner.domain;

import java.util.List;

/** Where a customization is on this storage host. */
public enum CustomizationState {
    /** Recorded; the worker has not kept the original yet. */
    PENDING,
    /** The original is kept: copies are being made, and every tree built from now on gets its own. */
    APPLYING,
    /** The image's file is the link; CustomizationApplied published. */
    APPLIED,
    /** Refused (or given up) before the image changed; CustomizationFailed published. */
    FAILED,
    /** A revert is asked for; the customization still holds. */
    REVERT_PENDING,
    /** Being reverted: trees built from now on lose the link. */
    REVERTING,
    /** The image has its original file again; CustomizationReverted published. */
    REVERTED;

    /** States in which the worker has something to do. */
    public static final List<CustomizationState> DUE = List.of(PENDING, APPLYING, REVERT_PENDING, REVERTING);
    /** States in which a tree built now must get its copy. */
    public static final List<CustomizationState> HOLDING = List.of(APPLYING, APPLIED, REVERT_PENDING);
    /** States in which a tree built now must not keep the link. */
    public static final List<CustomizationState> UNDONE = List.of(REVERTING, REVERTED);
}
