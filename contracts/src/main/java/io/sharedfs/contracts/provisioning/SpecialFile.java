package io.sharedfs.contracts.provisioning;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import io.sharedfs.contracts.Require;

/** A FIFO, socket or device node found in an image's private dir and deliberately not copied. */
public record SpecialFile(String path, Kind kind) {

    /** The kinds of file a private tree never copies. */
    public enum Kind {
        FIFO,
        SOCKET,
        CHARACTER_DEVICE,
        BLOCK_DEVICE,
        /** Also what an older reader makes of a kind it does not know. */
        @JsonEnumDefaultValue
        OTHER
    }

    public SpecialFile {
        Require.text(path, "path");
        Require.present(kind, "kind");
    }
}
