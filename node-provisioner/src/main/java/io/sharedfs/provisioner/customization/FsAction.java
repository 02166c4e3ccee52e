package io.sharedfs.provisioner.customization;

import io.sharedfs.provisioner.fs.UnsafeTreeException;
import java.io.IOException;

/** A step on disk that may meet an I/O error or a layout the agent refuses. */
@FunctionalInterface
public interface FsAction<T> {

    T run() throws IOException, UnsafeTreeException;
}
