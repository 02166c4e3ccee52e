package io.sharedfs.image;

import static io.sharedfs.image.TestImages.create;
import static io.sharedfs.image.TestImages.get;
import static io.sharedfs.image.TestImages.operator;
import static io.sharedfs.image.TestImages.viewer;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.sharedfs.contracts.customization.CustomizationApplied;
import io.sharedfs.contracts.customization.CustomizationFailed;
import io.sharedfs.contracts.customization.CustomizationReverted;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.image.ImageLayoutPrepared;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.testsupport.TestEvents;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Customization tests' helpers: a shared image made READY by a storage host's answer, the REST calls
 * that customize and revert its files, and the storage host's answers about them.
 */
public final class TestCustomizations {

    /** The storage host of every test image (the single configured one). */
    public static final String HOST = "localhost";
    public static final Duration WAIT = Duration.ofSeconds(60);

    private TestCustomizations() {
    }

    /** A shared image (of {@code body}, shared forced on) whose layout the storage host prepared: READY. */
    public static String readyImage(String kafka, Map<String, Object> body) {
        body.put("shared", true);
        String id = create(body);
        TestEvents.publish(kafka, new ImageLayoutPrepared(UUID.fromString(id), HOST, (String) body.get("rootPath"),
                1L));
        await().atMost(WAIT).until(() -> "READY".equals(get(id).getString("status")));
        return id;
    }

    public static Map<String, Object> request(String path, String scope, Boolean applyToExistingNodes) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("path", path);
        request.put("scope", scope);
        if (applyToExistingNodes != null) {
            request.put("applyToExistingNodes", applyToExistingNodes);
        }
        return request;
    }

    /** An operator's POST of the request. */
    public static Response customize(String imageId, Map<String, Object> request) {
        return operator().body(request).post("/images/{id}/customizations", imageId);
    }

    /** Customizes the file (202) and returns the customization's id. */
    public static String customized(String imageId, String path, String scope) {
        return customize(imageId, request(path, scope, false)).then().statusCode(202).extract().path("id");
    }

    /** A customization as GET shows it. */
    public static JsonPath customization(String imageId, String customizationId) {
        return viewer().get("/images/{id}/customizations/{cid}", imageId, customizationId).then().statusCode(200)
                .extract().jsonPath();
    }

    /** Waits until the customization is in {@code status}; returns it then. */
    public static JsonPath awaitStatus(String imageId, String customizationId, String status) {
        await().atMost(WAIT).until(() -> status.equals(customization(imageId, customizationId).getString("status")));
        return customization(imageId, customizationId);
    }

    /** Customizes the file and has the storage host apply it, with no copies: APPLIED. */
    public static String applied(String kafka, String imageId, String path, CustomizationScope scope) {
        String id = customized(imageId, path, scope.name());
        TestEvents.publish(kafka, appliedAnswer(imageId, id, path, scope, List.of(), List.of(), List.of(), List.of()));
        awaitStatus(imageId, id, "APPLIED");
        return id;
    }

    public static CustomizationApplied appliedAnswer(String imageId, String customizationId, String path,
            CustomizationScope scope, List<Long> veCopies, List<NodeRef> nodeCopies, List<NodeRef> linkedNodes,
            List<NodeRef> keptLocalChanges) {
        return new CustomizationApplied(UUID.fromString(imageId), UUID.fromString(customizationId), path, scope, HOST,
                scope.linkTarget(path), veCopies, nodeCopies, linkedNodes, keptLocalChanges);
    }

    public static CustomizationFailed failedAnswer(String imageId, String customizationId, String path,
            boolean revert, String reason) {
        return new CustomizationFailed(UUID.fromString(imageId), UUID.fromString(customizationId), path, HOST, revert,
                reason);
    }

    public static CustomizationReverted revertedAnswer(String imageId, String customizationId, String path,
            List<NodeRef> restoredNodes) {
        return new CustomizationReverted(UUID.fromString(imageId), UUID.fromString(customizationId), path, HOST,
                restoredNodes);
    }

    /** An operator's DELETE of the customization. */
    public static Response revert(String imageId, String customizationId) {
        return operator().delete("/images/{id}/customizations/{cid}", imageId, customizationId);
    }
}
