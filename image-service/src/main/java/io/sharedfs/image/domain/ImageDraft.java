package io.sharedfs.image.domain;

import java.util.List;

/** What an operator asks an image to be: the fields of a create or a full replace, defaults applied. */
public record ImageDraft(
        String name,
        String rootPath,
        String storageHost,
        boolean shared,
        List<String> privateDirs,
        List<String> sharedSubdirs,
        List<String> ramDirs,
        String description) {

    public static final List<String> DEFAULT_PRIVATE_DIRS = List.of("/var", "/etc", "/tmp");
    public static final List<String> DEFAULT_SHARED_SUBDIRS = List.of("/var/lib/rpm");
    public static final List<String> DEFAULT_RAM_DIRS = List.of("/var/run");

    public ImageDraft {
        privateDirs = privateDirs == null ? DEFAULT_PRIVATE_DIRS : privateDirs;
        sharedSubdirs = sharedSubdirs == null ? DEFAULT_SHARED_SUBDIRS : sharedSubdirs;
        ramDirs = ramDirs == null ? DEFAULT_RAM_DIRS : ramDirs;
    }
}
