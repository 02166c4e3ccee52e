package io.sharedfs.console.web;

import io.sharedfs.console.client.CustomFile;
import io.sharedfs.console.client.Customization;
import io.sharedfs.console.client.ServiceException;
import io.sharedfs.console.client.Services;
import io.sharedfs.console.client.Ve;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The customized files a VE (scope VE) or one of its nodes (scope NODE) has content for: what the image customizes
 * (image-service) joined with what was uploaded (ve-service), and one file's content.
 */
final class CustomFiles {

    private CustomFiles() {
    }

    /**
     * One customized path of the VE or node.
     *
     * @param customization the image's live customization of the path with the matching scope; null when there is
     *     none any more (the upload stays on record)
     * @param uploaded the content uploaded for it; null while the copy still holds the image's original
     */
    public record FileRow(String path, Customization customization, CustomFile uploaded) {
    }

    /** One file's page: what is known of it and its content as text (unless it is not text). */
    public record FileState(String path, Long vem, FileRow row, String etag, String text, boolean binary) {
    }

    /** The rows for the VE (vem null) or one node: every live customization of that scope, then orphan uploads. */
    static List<FileRow> rows(Services services, Ve ve, Long vem) {
        String scope = vem == null ? "VE" : "NODE";
        Map<String, FileRow> rows = new LinkedHashMap<>();
        List<CustomFile> uploads = vem == null ? services.ves().files(ve.id()) : services.ves().nodeFiles(ve.id(), vem);
        Map<String, CustomFile> byPath = new LinkedHashMap<>();
        uploads.forEach(file -> byPath.put(file.path(), file));
        for (Customization c : services.images().customizations(ve.imageId(), 0, CustomizationsView.SHOWN).items()) {
            if (scope.equals(c.scope()) && live(c) && !rows.containsKey(c.path())) {
                rows.put(c.path(), new FileRow(c.path(), c, byPath.get(c.path())));
            }
        }
        List<FileRow> all = new ArrayList<>(rows.values());
        byPath.values().stream().filter(file -> !rows.containsKey(file.path()))
                .forEach(file -> all.add(new FileRow(file.path(), null, file)));
        return all;
    }

    /** The row for one path, or one of neither customization nor upload. */
    static FileRow row(Services services, Ve ve, Long vem, String path) {
        return rows(services, ve, vem).stream().filter(r -> r.path().equals(path)).findFirst()
                .orElse(new FileRow(path, null, null));
    }

    /** The file's state with its current content; none when nothing was uploaded yet. */
    static FileState read(Services services, Ve ve, Long vem, String path) {
        FileRow row = row(services, ve, vem, path);
        if (row.uploaded() == null) {
            return new FileState(path, vem, row, null, null, false);
        }
        RestResponse<byte[]> content;
        try {
            content = vem == null ? services.ves().fileContent(ve.id(), path)
                    : services.ves().nodeFileContent(ve.id(), vem, path);
        } catch (ServiceException e) {
            if (e.status() == 404) {
                return new FileState(path, vem, new FileRow(path, row.customization(), null), null, null, false);
            }
            throw e;
        }
        String text = text(content.getEntity());
        return new FileState(path, vem, row, content.getHeaderString("ETag"), text, text == null);
    }

    /** The bytes as text, or null when they are not UTF-8 text (a NUL byte, or invalid UTF-8). */
    static String text(byte[] bytes) {
        if (bytes == null) {
            return "";
        }
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** What a text area sent, as the file's bytes: browsers send CRLF line ends, files on the nodes use LF. */
    static byte[] bytes(String text) {
        return (text == null ? "" : text.replace("\r\n", "\n")).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean live(Customization c) {
        return !"FAILED".equals(c.status()) && !"REVERTED".equals(c.status());
    }
}
