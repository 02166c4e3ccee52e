package io.sharedfs.ve.api;

import static io.sharedfs.ve.Files.content;
import static io.sharedfs.ve.Files.put;
import static io.sharedfs.ve.Files.sha256;
import static io.sharedfs.ve.Files.utf8;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.sharedfs.contracts.customization.CustomFileUploaded;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.ve.Api;
import io.sharedfs.ve.Customizations;
import io.sharedfs.ve.Files;
import io.sharedfs.ve.Images;
import io.sharedfs.ve.TestDb;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Uploading a customized file's content for a VE or a node and reading it back, byte for byte, with its revision. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class CustomFileResourceTest {

    private static final String CRONTAB = "/etc/crontab";

    @Test
    void theFirstUploadIsCreatedAsRevisionOneAndReadsBackByteForByte() {
        long ve = veCustomizing(CRONTAB, CustomizationScope.VE);
        byte[] binary = binary(100_000);
        Instant before = Instant.now();

        ExtractableResponse<Response> created = put(ve, null, CRONTAB, binary).statusCode(201)
                .header("Location", endsWith("/ves/" + ve + "/files?path=/etc/crontab"))
                .header("ETag", equalTo("\"" + sha256(binary) + "\""))
                .extract();
        JsonPath view = created.jsonPath();
        assertEquals(ve, view.getLong("veId"));
        assertNull(view.get("vemId"));
        assertEquals(CRONTAB, view.getString("path"));
        assertEquals(1, view.getLong("revision"));
        assertEquals(sha256(binary), view.getString("sha256"));
        assertEquals(binary.length, view.getLong("size"));
        assertEquals(false, view.getBoolean("written"));
        assertEquals(false, view.getBoolean("unchanged"));
        assertEquals("/ves/" + ve + "/files?path=/etc/crontab", view.getString("self"));
        assertTrue(!Instant.parse(view.getString("uploadedAt")).isBefore(before.minusSeconds(1)));

        Files.get(ve, null, CRONTAB).statusCode(200).contentType(Files.OCTETS)
                .header("ETag", equalTo("\"" + sha256(binary) + "\""))
                .header("Sharedfs-Revision", equalTo("1"))
                .header("Sharedfs-Written", equalTo("false"));
        assertArrayEquals(binary, content(ve, null, CRONTAB));
    }

    @Test
    void zeroBytesAndBytesThatAreNotUtf8SurviveTheRoundTrip() {
        long ve = veCustomizing(CRONTAB, CustomizationScope.VE);
        byte[] awkward = {0, 0, (byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, 0, '\r', '\n', (byte) 0x80, 0};
        put(ve, null, CRONTAB, awkward).statusCode(201).body("size", equalTo(awkward.length));
        assertArrayEquals(awkward, content(ve, null, CRONTAB));
        assertArrayEquals(awkward, Files.uploaded(ve).get(0).bytes());
    }

    @Test
    void anyContentTypeIsTakenAsBytes() {
        long ve = veCustomizing(CRONTAB, CustomizationScope.VE);
        byte[] text = utf8("SHELL=/bin/sh\n*/5 * * * * root /usr/local/bin/sync\n");
        Files.operator().contentType("text/plain; charset=UTF-8").queryParam("path", CRONTAB).body(text)
                .put(Files.url(ve, null)).then().statusCode(201);
        assertArrayEquals(text, content(ve, null, CRONTAB));
        byte[] json = utf8("{\"not\": \"parsed\"");
        Files.operator().contentType("application/json").queryParam("path", CRONTAB).body(json)
                .put(Files.url(ve, null)).then().statusCode(200).body("revision", equalTo(2));
        assertArrayEquals(json, content(ve, null, CRONTAB));
    }

    @Test
    void anEmptyFileIsAFile() {
        long ve = veCustomizing(CRONTAB, CustomizationScope.VE);
        put(ve, null, CRONTAB, new byte[0]).statusCode(201).body("size", equalTo(0))
                .body("sha256", equalTo(sha256(new byte[0])));
        assertArrayEquals(new byte[0], content(ve, null, CRONTAB));
        assertEquals("", Files.uploaded(ve).get(0).content());
    }

    @Test
    void theLargestFileAllowedIsAccepted() {
        long ve = veCustomizing(CRONTAB, CustomizationScope.VE);
        byte[] largest = binary(CustomFileUploaded.MAX_BYTES);
        put(ve, null, CRONTAB, largest).statusCode(201).body("size", equalTo(CustomFileUploaded.MAX_BYTES));
        assertArrayEquals(largest, content(ve, null, CRONTAB));
        assertArrayEquals(largest, Files.uploaded(ve).get(0).bytes());
    }

    @Test
    void eachChangedUploadIsTheNextRevisionAndPublishedWithIt() {
        long ve = veCustomizing(CRONTAB, CustomizationScope.VE);
        for (int revision = 1; revision <= 3; revision++) {
            put(ve, null, CRONTAB, "revision " + revision + "\n").statusCode(revision == 1 ? 201 : 200)
                    .body("revision", equalTo(revision)).body("unchanged", equalTo(false));
        }
        assertEquals("revision 3\n", new String(content(ve, null, CRONTAB)));
        Files.get(ve, null, CRONTAB).header("Sharedfs-Revision", equalTo("3"));
        assertEquals(List.of(1L, 2L, 3L), Files.uploaded(ve).stream().map(CustomFileUploaded::revision).toList());
    }

    @Test
    void anUnchangedUploadAnswers200ButStoresAndPublishesNothing() {
        long ve = veCustomizing(CRONTAB, CustomizationScope.VE);
        put(ve, null, CRONTAB, "same\n").statusCode(201);
        put(ve, null, CRONTAB, "same\n").statusCode(200).body("revision", equalTo(1))
                .body("unchanged", equalTo(true)).header("ETag", equalTo("\"" + sha256(utf8("same\n")) + "\""));
        assertEquals(1, Files.uploaded(ve).size());
        put(ve, null, CRONTAB, "other\n").statusCode(200).body("revision", equalTo(2))
                .body("unchanged", equalTo(false));
        assertEquals(2, Files.uploaded(ve).size());
    }

    @Test
    void ifMatchWithTheCurrentETagIsHonoured() {
        long ve = veCustomizing(CRONTAB, CustomizationScope.VE);
        String etag = put(ve, null, CRONTAB, "first\n").statusCode(201).extract().header("ETag");
        Files.operator().header("If-Match", etag).queryParam("path", CRONTAB).body(utf8("second\n"))
                .put(Files.url(ve, null)).then().statusCode(200).body("revision", equalTo(2));
        Files.operator().header("If-Match", "*").queryParam("path", CRONTAB).body(utf8("third\n"))
                .put(Files.url(ve, null)).then().statusCode(200).body("revision", equalTo(3));
        assertEquals("third\n", new String(content(ve, null, CRONTAB)));
    }

    @Test
    void aNodesFileIsItsOwnWithItsOwnRevisions() {
        ImageSpec image = Images.sharedReady();
        long ve = Api.createVe(image, true);
        Customizations.customize(image, "/etc/hostname", CustomizationScope.NODE);
        long first = Api.addNode(ve);
        long second = Api.addNode(ve);

        put(ve, first, "/etc/hostname", "first\n").statusCode(201)
                .header("Location", endsWith("/ves/" + ve + "/nodes/" + first + "/files?path=/etc/hostname"))
                .body("vemId", equalTo((int) first)).body("revision", equalTo(1));
        put(ve, first, "/etc/hostname", "first again\n").statusCode(200).body("revision", equalTo(2));
        put(ve, second, "/etc/hostname", "second\n").statusCode(201).body("revision", equalTo(1))
                .body("self", equalTo("/ves/" + ve + "/nodes/" + second + "/files?path=/etc/hostname"));

        assertEquals("first again\n", new String(content(ve, first, "/etc/hostname")));
        assertEquals("second\n", new String(content(ve, second, "/etc/hostname")));
        Files.get(ve, second, "/etc/hostname").header("Sharedfs-Revision", equalTo("1"));
        List<CustomFileUploaded> uploads = Files.uploaded(ve);
        assertEquals(List.of(first, first, second), uploads.stream().map(CustomFileUploaded::vemId).toList());
        assertEquals(List.of(1L, 2L, 1L), uploads.stream().map(CustomFileUploaded::revision).toList());
    }

    @Test
    void theListsShowTheVesFilesAndEachNodesFilesApart() {
        ImageSpec image = Images.sharedReady();
        long ve = Api.createVe(image, true);
        Customizations.customize(image, "/etc/motd", CustomizationScope.VE);
        Customizations.customize(image, "/etc/crontab", CustomizationScope.VE);
        Customizations.customize(image, "/etc/hostname", CustomizationScope.NODE);
        long vem = Api.addNode(ve);
        long other = Api.addNode(ve);
        put(ve, null, "/etc/motd", "welcome\n").statusCode(201);
        put(ve, null, "/etc/crontab", "").statusCode(201);
        put(ve, vem, "/etc/hostname", "node\n").statusCode(201);

        Files.viewer().get(Files.url(ve, null)).then().statusCode(200).contentType("application/json")
                .body("path", equalTo(List.of("/etc/crontab", "/etc/motd")))
                .body("size", equalTo(List.of(0, 8)))
                .body("vemId", equalTo(java.util.Arrays.asList(null, null)))
                .body("[1].self", equalTo("/ves/" + ve + "/files?path=/etc/motd"))
                .body("[0].unchanged", nullValue());
        Files.viewer().get(Files.url(ve, vem)).then().statusCode(200)
                .body("path", equalTo(List.of("/etc/hostname"))).body("[0].vemId", equalTo((int) vem));
        Files.viewer().get(Files.url(ve, other)).then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aPathWithSpacesAndUnicodeIsOneFile() {
        String path = "/etc/app/my config é.conf";
        long ve = veCustomizing(path, CustomizationScope.VE);
        put(ve, null, path, "x=1\n").statusCode(201)
                .body("self", equalTo("/ves/" + ve + "/files?path=/etc/app/my%20config%20%C3%A9.conf"));
        assertEquals("x=1\n", new String(content(ve, null, path)));
        // The self link, as a client follows it.
        byte[] read = Files.viewer().urlEncodingEnabled(false)
                .get("/ves/" + ve + "/files?path=/etc/app/my%20config%20%C3%A9.conf").then().statusCode(200)
                .extract().asByteArray();
        assertEquals("x=1\n", new String(read));
    }

    @Test
    void deletingAVeDeletesItsFiles() {
        long ve = veCustomizing(CRONTAB, CustomizationScope.VE);
        put(ve, null, CRONTAB, "x").statusCode(201);
        Api.operator().delete("/ves/{ve}", ve).then().statusCode(204);
        assertEquals(0, TestDb.count("SELECT count(*) FROM custom_file WHERE ve_id = ?", ve));
        Api.problem(Files.get(ve, null, CRONTAB), 404);
    }

    /** A VE on a fresh image that customizes the path with the scope. */
    static long veCustomizing(String path, CustomizationScope scope) {
        ImageSpec image = Images.sharedReady();
        long ve = Api.createVe(image, true);
        Customizations.customize(image, path, scope);
        return ve;
    }

    static byte[] binary(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        bytes[0] = 0;
        bytes[size - 1] = (byte) 0xff;
        return bytes;
    }
}
