package io.sharedfs.ve.api;

import static io.sharedfs.ve.Api.problem;
import static io.sharedfs.ve.Files.content;
import static io.sharedfs.ve.Files.put;
import static io.sharedfs.ve.Files.utf8;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.sharedfs.contracts.customization.CustomFileUploaded;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.ve.Api;
import io.sharedfs.ve.Customizations;
import io.sharedfs.ve.CustomizedVe;
import io.sharedfs.ve.Files;
import io.sharedfs.ve.Images;
import io.sharedfs.ve.TestIds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every refused upload or read is problem+json naming the rule, and stores and publishes nothing. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class CustomFileRulesTest {

    private static final String CRONTAB = CustomizedVe.CRONTAB;
    private static final String HOSTNAME = CustomizedVe.HOSTNAME;

    @Test
    void aMissingPathIs400NamingTheQueryParameter() {
        CustomizedVe setup = CustomizedVe.create();
        for (Long vem : new Long[] {null, setup.vem()}) {
            problem(Files.operator().body(utf8("x")).put(Files.url(setup.ve(), vem)).then(), 400, "path", "required")
                    .body("detail", containsString("query parameter path"));
        }
        setup.assertNothingUploaded();
    }

    @Test
    void aPathBreakingThePathRuleIs400OnUploadAndRead() {
        CustomizedVe setup = CustomizedVe.create();
        List<String> bad = List.of("etc/crontab", "/etc/../etc/crontab", "/etc//crontab", "/etc/", "/",
                "/private/10/custom/etc/crontab", "/custom/ve/etc/crontab", "/proc/cmdline", "/sys/x", "/dev/null",
                "/etc/cron\ttab");
        for (String path : bad) {
            for (Long vem : new Long[] {null, setup.vem()}) {
                problem(put(setup.ve(), vem, path, "x"), 400, "path", "customization-path");
                problem(Files.get(setup.ve(), vem, path), 400, "path", "customization-path");
            }
        }
        setup.assertNothingUploaded();
    }

    @Test
    void anEmptyPathIs400AsMissing() {
        CustomizedVe setup = CustomizedVe.create();
        for (Long vem : new Long[] {null, setup.vem()}) {
            problem(put(setup.ve(), vem, "", "x"), 400, "path", "required");
            problem(Files.get(setup.ve(), vem, ""), 400, "path", "required");
        }
        setup.assertNothingUploaded();
    }

    @Test
    void anUnknownVeOrNodeIs404() {
        CustomizedVe setup = CustomizedVe.create();
        long noVe = setup.ve() + 1_000_000;
        for (Long vem : new Long[] {null, TestIds.NO_SUCH_VEM}) {
            long ve = vem == null ? noVe : setup.ve();
            problem(put(ve, vem, vem == null ? CRONTAB : HOSTNAME, "x"), 404);
            problem(Files.get(ve, vem, CRONTAB), 404);
            problem(Files.viewer().get(Files.url(ve, vem)).then(), 404);
        }
        problem(put(noVe, setup.vem(), HOSTNAME, "x"), 404);
        setup.assertNothingUploaded();
    }

    @Test
    void aRemovedNodeTakesNoUploadButItsFilesStayReadable() {
        CustomizedVe setup = CustomizedVe.create();
        put(setup.ve(), setup.vem(), HOSTNAME, "before\n").statusCode(201);
        Api.operator().delete("/ves/{ve}/nodes/{vem}", setup.ve(), setup.vem()).then().statusCode(202);
        problem(put(setup.ve(), setup.vem(), HOSTNAME, "after\n"), 404).body("detail", containsString("removed"));
        assertEquals("before\n", new String(content(setup.ve(), setup.vem(), HOSTNAME), StandardCharsets.UTF_8));
        assertEquals(1, Files.uploaded(setup.ve()).size());
    }

    @Test
    void readingAFileNeverUploadedIs404() {
        CustomizedVe setup = CustomizedVe.create();
        problem(Files.get(setup.ve(), null, CRONTAB), 404).body("detail", containsString(CRONTAB));
        problem(Files.get(setup.ve(), setup.vem(), HOSTNAME), 404);
    }

    @Test
    void aPathTheImageDoesNotCustomizeIs409() {
        CustomizedVe setup = CustomizedVe.create();
        problem(put(setup.ve(), null, "/etc/motd", "x"), 409, "path", "customized")
                .body("detail", containsString("no live customization of /etc/motd"))
                .body("detail", containsString("POST /images/" + setup.image().imageId() + "/customizations"));
        problem(put(setup.ve(), setup.vem(), "/etc/motd", "x"), 409, "path", "customized");
        // The same path customized on another image does not count.
        ImageSpec other = Images.sharedReady();
        Customizations.customize(other, "/etc/motd", CustomizationScope.VE);
        problem(put(setup.ve(), null, "/etc/motd", "x"), 409, "path", "customized");
        setup.assertNothingUploaded();
    }

    @Test
    void aPathCustomizedWithAnotherScopeIs409SayingWhereItsContentGoes() {
        CustomizedVe setup = CustomizedVe.create();
        problem(put(setup.ve(), null, HOSTNAME, "x"), 409, "path", "scope")
                .body("detail", containsString("scope is NODE: use /ves/" + setup.ve() + "/nodes/{vem}/files?path="
                        + HOSTNAME));
        problem(put(setup.ve(), setup.vem(), CRONTAB, "x"), 409, "path", "scope")
                .body("detail", containsString("scope is VE: use /ves/" + setup.ve() + "/files?path=" + CRONTAB));
        Customizations.customize(setup.image(), "/etc/resolv.conf", CustomizationScope.ALL);
        for (Long vem : new Long[] {null, setup.vem()}) {
            problem(put(setup.ve(), vem, "/etc/resolv.conf", "x"), 409, "path", "scope")
                    .body("detail", containsString("scope is ALL"));
        }
        setup.assertNothingUploaded();
    }

    @Test
    void ifMatchNamingOtherContentIs412AndChangesNothing() {
        CustomizedVe setup = CustomizedVe.create();
        problem(Files.operator().header("If-Match", "\"" + Files.sha256(utf8("x")) + "\"").queryParam("path", CRONTAB)
                .body(utf8("x")).put(Files.url(setup.ve(), null)).then(), 412, "If-Match", "current-version");
        problem(Files.operator().header("If-Match", "*").queryParam("path", CRONTAB).body(utf8("x"))
                .put(Files.url(setup.ve(), null)).then(), 412);
        String first = put(setup.ve(), null, CRONTAB, "first\n").statusCode(201).extract().header("ETag");
        put(setup.ve(), null, CRONTAB, "second\n").statusCode(200);
        problem(Files.operator().header("If-Match", first).queryParam("path", CRONTAB).body(utf8("lost update\n"))
                .put(Files.url(setup.ve(), null)).then(), 412).body("detail", containsString("revision 2"));
        problem(Files.operator().header("If-Match", "\"2\"").queryParam("path", CRONTAB).body(utf8("lost update\n"))
                .put(Files.url(setup.ve(), null)).then(), 412);
        assertEquals("second\n", new String(content(setup.ve(), null, CRONTAB), StandardCharsets.UTF_8));
        assertEquals(2, Files.uploaded(setup.ve()).size());
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413ProblemJson() {
        CustomizedVe setup = CustomizedVe.create();
        put(setup.ve(), null, CRONTAB, "kept\n").statusCode(201);
        byte[] oneTooMany = new byte[CustomFileUploaded.MAX_BYTES + 1];
        for (Long vem : new Long[] {null, setup.vem()}) {
            tooLarge(put(setup.ve(), vem, vem == null ? CRONTAB : HOSTNAME, oneTooMany).extract().asString());
        }
        assertEquals("kept\n", new String(content(setup.ve(), null, CRONTAB), StandardCharsets.UTF_8));
        assertEquals(1, Files.uploaded(setup.ve()).size());
    }

    @Test
    void aBodyOverQuarkusOwnLimitIs413ProblemJsonToo() {
        CustomizedVe setup = CustomizedVe.create();
        // Quarkus refuses bodies over 10 MiB by default, with an empty 413 of its own.
        byte[] huge = new byte[11 * 1024 * 1024];
        tooLarge(put(setup.ve(), null, CRONTAB, huge).extract().asString());
        setup.assertNothingUploaded();
        put(setup.ve(), null, CRONTAB, "fits\n").statusCode(201);
    }

    @Test
    void aStreamedBodyOverTheLimitIs413ProblemJson() throws IOException, InterruptedException {
        CustomizedVe setup = CustomizedVe.create();
        byte[] oneTooMany = new byte[CustomFileUploaded.MAX_BYTES + 1];
        for (Long vem : new Long[] {null, setup.vem()}) {
            HttpResponse<String> answer = streamed(setup.ve(), vem, vem == null ? CRONTAB : HOSTNAME, oneTooMany);
            assertEquals(413, answer.statusCode(), answer.body());
            assertEquals(Api.PROBLEM_JSON, answer.headers().firstValue("Content-Type").orElse(""));
            tooLarge(answer.body());
        }
        setup.assertNothingUploaded();
        byte[] largest = CustomFileResourceTest.binary(CustomFileUploaded.MAX_BYTES);
        assertEquals(201, streamed(setup.ve(), null, CRONTAB, largest).statusCode());
        assertArrayEquals(largest, content(setup.ve(), null, CRONTAB));
    }

    @Test
    void aStreamedBodyOverQuarkusOwnLimitIs413ProblemJsonToo() throws IOException, InterruptedException {
        CustomizedVe setup = CustomizedVe.create();
        HttpResponse<String> answer = streamed(setup.ve(), null, CRONTAB, new byte[11 * 1024 * 1024]);
        assertEquals(413, answer.statusCode(), answer.body());
        tooLarge(answer.body());
        setup.assertNothingUploaded();
    }

    private static void tooLarge(String body) {
        JsonPath problem = JsonPath.from(body);
        assertEquals(413, problem.getInt("status"), body);
        assertEquals("urn:sharedfs:problem:content-too-large", problem.getString("type"));
        assertEquals("body", problem.getString("errors[0].field"));
        assertEquals("max-size", problem.getString("errors[0].rule"));
        assertTrue(problem.getString("detail").contains(Integer.toString(CustomFileUploaded.MAX_BYTES)), body);
        assertTrue(problem.getString("instance").matches("/ves/\\d+(/nodes/\\d+)?/files"), body);
    }

    /** An upload without a declared length (chunked), as a client streaming a file sends it. */
    private static HttpResponse<String> streamed(long ve, Long vem, String path, byte[] content)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                        + Files.url(ve, vem) + "?path=" + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(utf8("operator:operator")))
                .header("Content-Type", Files.OCTETS)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content)))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
