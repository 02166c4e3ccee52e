package io.sharedfs.image.api;

import static io.sharedfs.image.TestImages.create;
import static io.sharedfs.image.TestImages.get;
import static io.sharedfs.image.TestImages.minimal;
import static io.sharedfs.image.TestImages.operator;
import static io.sharedfs.image.TestImages.problem;
import static io.sharedfs.image.TestImages.unique;
import static io.sharedfs.image.TestImages.viewer;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every endpoint's happy path: register, list, read, replace, patch and delete an image. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class ImageResourceTest {

    @Test
    void registeringAnImageAnswers201WithItsLocationETagAndDefaults() {
        Map<String, Object> body = minimal();

        Response response = operator().body(body).post("/images");

        response.then().statusCode(201)
                .header("ETag", equalTo("\"1\""))
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .body("name", equalTo(body.get("name")))
                .body("rootPath", equalTo(body.get("rootPath")))
                .body("storageHost", equalTo("localhost"))
                .body("shared", equalTo(false))
                .body("privateDirs", contains("/var", "/etc", "/tmp"))
                .body("sharedSubdirs", contains("/var/lib/rpm"))
                .body("ramDirs", contains("/var/run"))
                .body("description", nullValue())
                .body("status", equalTo("PENDING"))
                .body("statusReason", nullValue())
                .body("version", equalTo(1))
                .body("createdAt", notNullValue())
                .body("updatedAt", notNullValue())
                .body("usedBy", empty());
        String id = response.path("id");
        String location = response.header("Location");
        assertEquals(true, location.startsWith("http"), location);
        assertEquals(true, location.endsWith("/images/" + id), location);
        viewer().get(location).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void registeringWithEveryFieldKeepsThem() {
        Map<String, Object> body = minimal();
        body.put("storageHost", "localhost");
        body.put("shared", true);
        body.put("privateDirs", List.of("/var", "/etc", "/srv/cache"));
        body.put("sharedSubdirs", List.of("/var/lib/rpm", "/srv/cache/common"));
        body.put("ramDirs", List.of("/var/run", "/var/lock"));
        body.put("description", "web farm base");

        String id = create(body);

        JsonPath image = get(id);
        assertEquals(true, image.getBoolean("shared"));
        assertEquals(List.of("/var", "/etc", "/srv/cache"), image.getList("privateDirs"));
        assertEquals(List.of("/var/lib/rpm", "/srv/cache/common"), image.getList("sharedSubdirs"));
        assertEquals(List.of("/var/run", "/var/lock"), image.getList("ramDirs"));
        assertEquals("web farm base", image.getString("description"));
        assertEquals("PENDING", image.getString("status"));
    }

    @Test
    void readingOneImageAnswersItWithItsETag() {
        Map<String, Object> body = minimal();
        String id = create(body);

        viewer().get("/images/{id}", id).then().statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("id", equalTo(id))
                .body("name", equalTo(body.get("name")))
                .body("version", equalTo(1));
    }

    @Test
    void theListIsPagedByNameAndFilteredByNameSubstringAndSharedFlag() {
        String unique = unique();
        for (String suffix : List.of("c", "a", "b")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", "list-" + unique + "-" + suffix);
            body.put("rootPath", "/srv/images/list-" + unique + "-" + suffix);
            body.put("shared", suffix.equals("b"));
            create(body);
        }

        viewer().get("/images?name={name}&page=0&size=2", unique).then().statusCode(200)
                .body("page", equalTo(0))
                .body("size", equalTo(2))
                .body("total", equalTo(3))
                .body("items.name", contains("list-" + unique + "-a", "list-" + unique + "-b"));
        viewer().get("/images?name={name}&page=1&size=2", unique).then().statusCode(200)
                .body("page", equalTo(1))
                .body("total", equalTo(3))
                .body("items.name", contains("list-" + unique + "-c"));
        viewer().get("/images?name={name}", unique.toUpperCase()).then().statusCode(200)
                .body("size", equalTo(20))
                .body("total", equalTo(3));
        viewer().get("/images?name={name}&shared=true", unique).then().statusCode(200)
                .body("total", equalTo(1))
                .body("items.name", contains("list-" + unique + "-b"))
                .body("items[0].shared", equalTo(true));
        viewer().get("/images?name={name}&shared=false", unique).then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.name", contains("list-" + unique + "-a", "list-" + unique + "-c"));
        viewer().get("/images?name={name}-z", unique).then().statusCode(200)
                .body("total", equalTo(0))
                .body("items", empty());
    }

    @Test
    void theNameFilterTakesLikeWildcardsLiterally() {
        String unique = unique();
        for (String suffix : List.of("a_b", "axb")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", "like-" + unique + "-" + suffix);
            body.put("rootPath", "/srv/images/like-" + unique + "-" + suffix);
            create(body);
        }

        viewer().get("/images?name={name}", unique + "-a_b").then().statusCode(200)
                .body("items.name", contains("like-" + unique + "-a_b"));
        viewer().get("/images?name={name}", unique + "-a%b").then().statusCode(200)
                .body("total", equalTo(0));
    }

    @Test
    void aPageOutsideTheLimitsIsRefused() {
        problem(viewer().get("/images?page=-1").then(), 400, "page", "min");
        problem(viewer().get("/images?size=0").then(), 400, "size", "range");
        problem(viewer().get("/images?size=201").then(), 400, "size", "range");
        viewer().get("/images?size=200").then().statusCode(200).body("size", equalTo(200));
    }

    @Test
    void putReplacesEveryFieldAndAbsentOnesTakeTheirDefaults() {
        Map<String, Object> body = minimal();
        body.put("shared", true);
        body.put("privateDirs", List.of("/var", "/srv/cache"));
        body.put("description", "before");
        String id = create(body);

        Map<String, Object> replacement = new LinkedHashMap<>();
        replacement.put("name", body.get("name") + "-renamed");
        replacement.put("rootPath", body.get("rootPath"));
        replacement.put("description", "after");
        replacement.put("ramDirs", List.of("/var/run", "/var/lock"));

        operator().header("If-Match", "\"1\"").body(replacement).put("/images/{id}", id).then().statusCode(200)
                .header("ETag", equalTo("\"2\""))
                .body("id", equalTo(id))
                .body("name", equalTo(body.get("name") + "-renamed"))
                .body("shared", equalTo(false))
                .body("privateDirs", contains("/var", "/etc", "/tmp"))
                .body("sharedSubdirs", contains("/var/lib/rpm"))
                .body("ramDirs", contains("/var/run", "/var/lock"))
                .body("description", equalTo("after"))
                .body("version", equalTo(2));
        assertEquals("after", get(id).getString("description"));
    }

    @Test
    void patchingSharedTrueTicksTheSharedCheckboxAndKeepsTheOtherFields() {
        Map<String, Object> body = minimal();
        body.put("privateDirs", List.of("/var", "/etc", "/tmp", "/srv/cache"));
        body.put("description", "kept");
        String id = create(body);

        operator().body(Map.of("shared", true)).patch("/images/{id}", id).then().statusCode(200)
                .header("ETag", equalTo("\"2\""))
                .body("shared", equalTo(true))
                .body("name", equalTo(body.get("name")))
                .body("rootPath", equalTo(body.get("rootPath")))
                .body("privateDirs", contains("/var", "/etc", "/tmp", "/srv/cache"))
                .body("description", equalTo("kept"))
                .body("version", equalTo(2));
        assertEquals(true, get(id).getBoolean("shared"));
    }

    @Test
    void aMergePatchDocumentIsAcceptedAndNullClearsAField() {
        Map<String, Object> body = minimal();
        body.put("description", "to be cleared");
        String id = create(body);

        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("shared", true);
        patch.put("description", null);
        operator().contentType("application/merge-patch+json").header("If-Match", "\"1\"").body(patch)
                .patch("/images/{id}", id).then().statusCode(200)
                .header("ETag", equalTo("\"2\""))
                .body("shared", equalTo(true))
                .body("description", nullValue());
        JsonPath image = get(id);
        assertEquals(true, image.getBoolean("shared"));
        assertEquals(null, image.getString("description"));
    }

    @Test
    void deletingAnImageAnswers204AndThenItIsGone() {
        String id = create(minimal());

        operator().header("If-Match", "\"1\"").delete("/images/{id}", id).then().statusCode(204);

        viewer().get("/images/{id}", id).then().statusCode(404);
        operator().delete("/images/{id}", id).then().statusCode(404);
    }

    @Test
    void aDeletedImagesNameAndRootPathCanBeRegisteredAgain() {
        Map<String, Object> body = minimal();
        String id = create(body);
        operator().delete("/images/{id}", id).then().statusCode(204);

        String again = create(body);

        viewer().get("/images/{id}", again).then().statusCode(200).body("name", equalTo(body.get("name")));
        viewer().get("/images?name={name}", body.get("name")).then().body("items.id", contains(again));
    }

    @Test
    void theOpenApiDocumentDescribesTheImageBodyOfEveryChange() {
        JsonPath api = io.restassured.RestAssured.given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath();

        for (String operation : List.of("'/images'.post", "'/images/{id}'.put", "'/images/{id}'.patch")) {
            Map<String, Object> content = api.getMap("paths." + operation + ".requestBody.content");
            assertEquals(true, content.toString().contains("ImageRequest"), operation + ": " + content);
        }
    }
}
