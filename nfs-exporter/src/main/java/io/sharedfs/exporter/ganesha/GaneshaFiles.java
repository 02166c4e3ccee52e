package io.sharedfs.exporter.ganesha;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sharedfs.exporter.exports.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * nfs-exporter's directory for NFS-Ganesha:
 * <ul>
 *   <li>{@code exports.conf}: every EXPORT block of the table, replaced atomically and durably before any
 *       DBus call, which Ganesha's main configuration includes ({@code %include}), so a restarted Ganesha
 *       serves the newest table;
 *   <li>{@code export.d/<id>.conf}: one block a file, what the DBus calls read (picking a block out of one
 *       big file costs Ganesha a parse of the whole file a call);
 *   <li>{@code state.json}: the {@link GaneshaState}.
 * </ul>
 * Every file is written by this service only, never through a link.
 */
public final class GaneshaFiles {

    public static final String EXPORTS_CONF = "exports.conf";
    private static final String EXPORT_DIR = "export.d";
    private static final String STATE = "state.json";

    private final Path directory;
    private final ObjectMapper json = new ObjectMapper();

    public GaneshaFiles(Path directory) {
        this.directory = directory;
    }

    public Path exportsConf() {
        return directory.resolve(EXPORTS_CONF);
    }

    /** The file the DBus call for export {@code id} reads. */
    public Path exportFile(int id) {
        return directory.resolve(EXPORT_DIR).resolve(id + ".conf");
    }

    /** Creates the directories and an empty {@code exports.conf} (Ganesha refuses a missing include). */
    public void prepare() throws IOException {
        createDirectory(directory);
        createDirectory(directory.resolve(EXPORT_DIR));
        if (AtomicFile.readIfPresent(exportsConf()) == null) {
            AtomicFile.write(exportsConf(), header(0).getBytes(StandardCharsets.UTF_8));
        }
    }

    public GaneshaState loadState() throws IOException {
        byte[] bytes = AtomicFile.readIfPresent(directory.resolve(STATE));
        if (bytes == null) {
            return GaneshaState.EMPTY;
        }
        try {
            return json.readValue(bytes, GaneshaState.class);
        } catch (IOException e) {
            throw new IOException(directory.resolve(STATE) + " is not a state nfs-exporter wrote: " + e.getMessage(), e);
        }
    }

    public void saveState(GaneshaState state) throws IOException {
        AtomicFile.write(directory.resolve(STATE), json.writeValueAsBytes(state));
    }

    /** Replaces {@code exports.conf} by the table's blocks, durably. */
    public void writeExportsConf(List<GaneshaExport> exports) throws IOException {
        StringBuilder text = new StringBuilder(header(exports.size()));
        for (GaneshaExport export : exports) {
            text.append('\n').append(export.block());
        }
        AtomicFile.write(exportsConf(), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the one-block file of an export for the DBus call that follows (not synced: see {@link #exportsConf()}). */
    public Path writeExport(GaneshaExport export) throws IOException {
        Path file = exportFile(export.id());
        AtomicFile.write(file, export.block().getBytes(StandardCharsets.UTF_8), false);
        return file;
    }

    public void deleteExport(int id) throws IOException {
        Files.deleteIfExists(exportFile(id));
    }

    private static String header(int exports) {
        return "# sharedfs export table for NFS-Ganesha: " + exports + " export(s).\n"
                + "# Written by nfs-exporter; edits here are overwritten. Include it from ganesha.conf.\n";
    }

    private static void createDirectory(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + " is a symbolic link; nfs-exporter writes only into a directory of its own");
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        }
    }
}
