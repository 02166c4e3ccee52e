package io.sharedfs.ve;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.sharedfs.contracts.EventJson;
import io.sharedfs.contracts.customization.CustomFileUploaded;
import io.sharedfs.contracts.customization.CustomFileWriteFailed;
import io.sharedfs.contracts.customization.CustomFileWritten;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Uploading and reading customized files' content over REST, and what the storage host reports about them. */
public final class Files {

    public static final String OCTETS = "application/octet-stream";
    private static final String UPLOADED = "io.sharedfs.CustomFileUploaded";

    private Files() {
    }

    public static RequestSpecification operator() {
        return given().auth().preemptive().basic("operator", "operator").contentType(OCTETS);
    }

    public static RequestSpecification viewer() {
        return given().auth().preemptive().basic("viewer", "viewer");
    }

    /** The URL of the VE's file (vem null) or the node's. */
    public static String url(long ve, Long vem) {
        return "/ves/" + ve + (vem == null ? "" : "/nodes/" + vem) + "/files";
    }

    public static ValidatableResponse put(long ve, Long vem, String path, byte[] content) {
        return operator().queryParam("path", path).body(content).put(url(ve, vem)).then();
    }

    public static ValidatableResponse put(long ve, Long vem, String path, String content) {
        return put(ve, vem, path, content.getBytes(StandardCharsets.UTF_8));
    }

    public static ValidatableResponse get(long ve, Long vem, String path) {
        return viewer().queryParam("path", path).get(url(ve, vem)).then();
    }

    /** The content GET returns. */
    public static byte[] content(long ve, Long vem, String path) {
        return get(ve, vem, path).statusCode(200).contentType(OCTETS).extract().asByteArray();
    }

    /** The CustomFileUploaded ve-service published (its outbox holds exactly those) for the VE, in order. */
    public static List<CustomFileUploaded> uploaded(long ve) {
        return TestDb.outbox("ve/" + ve, UPLOADED).stream()
                .map(row -> EventJson.read(row.payload(), CustomFileUploaded.class)).toList();
    }

    public static CustomFileWritten written(long ve, Long vem, String path, long revision, byte[] content) {
        return new CustomFileWritten(ve, vem, path, revision, sha256(content), Images.STORAGE_HOST,
                serverPath(ve, vem, path));
    }

    public static CustomFileWriteFailed writeFailed(long ve, Long vem, String path, long revision, String reason) {
        return new CustomFileWriteFailed(ve, vem, path, revision, Images.STORAGE_HOST, reason);
    }

    public static String serverPath(long ve, Long vem, String path) {
        return "/srv/images/test/private/" + ve + (vem == null ? "" : "/" + vem) + "/custom" + path;
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
