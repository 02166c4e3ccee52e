package io.sharedfs.console.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's pages against canned services: logging in, who sees which controls, what the console sends on the
 * user's behalf, and how a service's refusal or absence is shown.
 */
@QuarkusTest
@QuarkusTestResource(FakeServices.class)
class ConsolePagesTest {

    private static final String IMAGE = FakeServices.IMAGE_ID;
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @BeforeEach
    void forgetCalls() {
        FakeServices.CALLS.clear();
    }

    @Test
    void aBrowserWithoutLoginIsSentToTheLoginPageAndBack() {
        given().accept("text/html").redirects().follow(false)
                .when().get("/ves?search=web")
                .then().statusCode(303)
                .header("Location", containsString("/login?next=%2Fves%3Fsearch%3Dweb"));
    }

    @Test
    void aProgramWithoutLoginGetsAProblem() {
        given().accept("*/*")
                .when().get("/images")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Basic"));
    }

    @Test
    void aWrongPasswordIsExplained() {
        given().formParam("username", "viewer").formParam("password", "nope").formParam("next", "/images")
                .when().post("/login")
                .then().statusCode(401)
                .body(containsString("Wrong user name or password"));
    }

    @Test
    void loginSendsOnlyToPagesOfTheConsole() {
        assertEquals("/ve?id=3", LoginPages.safeNext("/ve?id=3"));
        assertEquals("/images", LoginPages.safeNext("//evil.example/"));
        assertEquals("/images", LoginPages.safeNext("https://evil.example/"));
        assertEquals("/images", LoginPages.safeNext(null));
    }

    @Test
    void aViewerReadsWithTheirOwnCredentialsAndSeesNoControls() {
        String session = login("viewer");
        String page = given().cookie("sharedfs_session", session).accept("text/html")
                .when().get("/images")
                .then().statusCode(200).extract().asString();
        assertTrue(page.contains("rootPath /srv/images/web does not exist"), "the INVALID reason is shown");
        assertTrue(page.contains("webfarm"));
        assertFalse(page.contains("Register an image"));
        assertFalse(page.contains("method=\"post\" action=\"/images\""));
        assertEquals(basic("viewer"), FakeServices.CALLS.get(0).authorization());

        String image = given().cookie("sharedfs_session", session).accept("text/html")
                .when().get("/image?id=" + IMAGE).then().statusCode(200).extract().asString();
        assertFalse(image.contains("type=\"checkbox\""), "no shared checkbox for a viewer");
        assertTrue(image.contains("id=\"shared-value\">no<"));
        String ve = given().cookie("sharedfs_session", session).accept("text/html")
                .when().get("/ve?id=10").then().statusCode(200).extract().asString();
        assertFalse(ve.contains("Add a node"));
        assertFalse(ve.contains("Retry"));
        assertFalse(ve.contains("Remove"));
    }

    @Test
    void aViewerCannotChangeAnythingEvenByPostingDirectly() {
        String session = login("viewer");
        given().cookie("sharedfs_session", session).accept("text/html")
                .formParam("id", IMAGE).formParam("version", "3").formParam("shared", "on")
                .formParam("csrf", csrf(session, "/image?id=" + IMAGE))
                .when().post("/image/shared")
                .then().statusCode(403)
                .body(containsString("may only read"));
        assertTrue(FakeServices.CALLS.stream().noneMatch(call -> call.method().equals("PATCH")));
    }

    @Test
    void tickingSharedPatchesTheImageWithItsVersionAndTheOperatorsLogin() {
        String session = login("operator");
        String token = csrf(session, "/image?id=" + IMAGE);
        given().cookie("sharedfs_session", session).accept("text/html").redirects().follow(false)
                .formParam("id", IMAGE).formParam("version", "3").formParam("shared", "on").formParam("csrf", token)
                .when().post("/image/shared")
                .then().statusCode(303)
                .header("Location", containsString("/image?id=" + IMAGE + "&notice=shared"));
        FakeServices.Call patch = patch();
        assertEquals("\"3\"", patch.ifMatch());
        assertEquals("{\"shared\":true}", patch.body());
        assertEquals(basic("operator"), patch.authorization());
    }

    @Test
    void tickingSharedWithHtmxAnswersTheCheckboxAloneWithTheNewVersion() {
        String session = login("operator");
        String token = csrf(session, "/image?id=" + IMAGE);
        String fragment = given().cookie("sharedfs_session", session).header("HX-Request", "true")
                .formParam("id", IMAGE).formParam("version", "3").formParam("shared", "on").formParam("csrf", token)
                .when().post("/image/shared")
                .then().statusCode(200).extract().asString();
        assertTrue(fragment.contains("id=\"shared-box\""));
        assertTrue(fragment.contains("Saved: the image is shared."));
        assertTrue(fragment.contains("id=\"config-version\" name=\"version\" value=\"4\""), fragment);
        assertFalse(fragment.contains("<html"));
    }

    @Test
    void aFormWithoutTheSessionsTokenIsRefused() {
        String session = login("operator");
        given().cookie("sharedfs_session", session).accept("text/html")
                .formParam("id", IMAGE).formParam("version", "3").formParam("shared", "on")
                .when().post("/image/shared")
                .then().statusCode(403)
                .body(containsString("out of date"));
        assertTrue(FakeServices.CALLS.stream().noneMatch(call -> call.method().equals("PATCH")));
    }

    @Test
    void theServicesRulesAreShownNextToTheFieldsTheyName() {
        String session = login("operator");
        String page = given().cookie("sharedfs_session", session).accept("text/html")
                .formParam("id", IMAGE).formParam("version", "3").formParam("name", "web")
                .formParam("rootPath", "/srv/images/web").formParam("privateDirs", "/var")
                .formParam("privateDirs", "").formParam("privateDirs", "relative")
                .formParam("csrf", csrf(session, "/image?id=" + IMAGE))
                .when().post("/image")
                .then().statusCode(400).extract().asString();
        // The blank box is dropped: "relative" is privateDirs[1], as the service numbers it.
        assertTrue(patch().body().contains("\"privateDirs\":[\"/var\",\"relative\"]"), patch().body());
        int input = page.indexOf("id=\"privateDirs-1\" name=\"privateDirs\" value=\"relative\"");
        int error = page.indexOf("id=\"privateDirs-1-error\">privateDirs[1] must be an absolute path");
        assertTrue(input > 0 && error > input && error - input < 400, page);
        assertTrue(page.contains("somebody else changed it"), "a rule of no field goes to the summary");
    }

    @Test
    void htmlAndProgramsMayUseHttpBasicWhichIsForwardedAsItIs() {
        given().header("Authorization", basic("operator")).accept("text/html")
                .when().get("/ves")
                .then().statusCode(200)
                .body(containsString("href=\"/ve?id=10\""))
                .body(containsString("Create a VE"));
        assertEquals(basic("operator"), FakeServices.CALLS.get(0).authorization());
    }

    @Test
    void theNodePageShowsEachServicesPartAndSaysWhichOneIsMissing() {
        String session = login("operator");
        String page = given().cookie("sharedfs_session", session).accept("text/html")
                .when().get("/node?ve=10&vem=2")
                .then().statusCode(200).extract().asString();
        assertTrue(page.contains("cannot reach the license server"), "hook output");
        assertTrue(page.contains("/srv/images/web/private/10/2"), "tree on disk");
        assertTrue(page.contains("nfs-exporter: nfs-exporter at http://localhost:"), "mounts: which service is missing");
        assertTrue(page.contains("did not answer"));
        assertTrue(page.contains("Retry provisioning"), "a FAILED node can be retried");
        assertTrue(page.contains("mounting /var failed: Connection refused"), "the node's own boot report");
        assertTrue(page.contains("last up"), "when the node was last up");
    }

    @Test
    void addingANodeWithHtmxPutsTheRefusalNextToTheField() {
        String session = login("operator");
        Response response = given().cookie("sharedfs_session", session).header("HX-Request", "true")
                .formParam("id", "10").formParam("hostname", "bad host").formParam("address", "10.0.0.13")
                .formParam("csrf", csrf(session, "/ve?id=10"))
                .when().post("/ve/nodes");
        response.then().statusCode(200).header("HX-Retarget", "#add-node")
                .body(containsString("id=\"node-hostname-error\">hostname must be an RFC 1123 name"));
    }

    @Test
    void addingANodeWithHtmxAnswersTheNewTableAndAClearedForm() {
        String session = login("operator");
        String body = given().cookie("sharedfs_session", session).header("HX-Request", "true")
                .formParam("id", "10").formParam("hostname", "web3").formParam("address", "10.0.0.13")
                .formParam("csrf", csrf(session, "/ve?id=10"))
                .when().post("/ve/nodes")
                .then().statusCode(200).extract().asString();
        assertTrue(body.contains("id=\"nodes-table\""));
        assertTrue(body.contains("hx-swap-oob=\"true\""));
        assertTrue(body.contains("Node 3 (web3) added"));
        assertTrue(FakeServices.CALLS.stream().anyMatch(call -> call.method().equals("POST")
                && call.body().equals("{\"hostname\":\"web3\",\"address\":\"10.0.0.13\"}")));
    }

    @Test
    void purgingAsksForConfirmationFirst() {
        String session = login("operator");
        String token = csrf(session, "/ve/node/remove?ve=10&vem=2");
        given().cookie("sharedfs_session", session).accept("text/html")
                .formParam("ve", "10").formParam("vem", "2").formParam("purge", "purge").formParam("csrf", token)
                .when().post("/ve/node/remove")
                .then().statusCode(400).body(containsString("tick the box to confirm"));
        assertTrue(FakeServices.CALLS.stream().noneMatch(call -> call.method().equals("DELETE")));

        given().cookie("sharedfs_session", session).accept("text/html").redirects().follow(false)
                .formParam("ve", "10").formParam("vem", "2").formParam("purge", "purge").formParam("confirm", "yes")
                .formParam("csrf", token)
                .when().post("/ve/node/remove")
                .then().statusCode(303).header("Location", containsString("/ve?id=10&vem=2&notice=purging"));
        assertTrue(FakeServices.CALLS.stream().anyMatch(call -> call.method().equals("DELETE")
                && call.path().equals("/ves/10/nodes/2?purge=true")));
    }

    @Test
    void aFailedNodeCanBeRetriedFromItsPage() {
        String session = login("operator");
        String ve = given().cookie("sharedfs_session", session).accept("text/html").when().get("/ve?id=10")
                .then().statusCode(200).extract().asString();
        assertTrue(ve.contains("Retry<span class=\"sr-only\"> node 2</span>"), "only the FAILED node has Retry");
        assertFalse(ve.contains("Retry<span class=\"sr-only\"> node 1</span>"));
        given().cookie("sharedfs_session", session).accept("text/html").redirects().follow(false)
                .formParam("ve", "10").formParam("vem", "2").formParam("back", "node")
                .formParam("csrf", csrf(session, "/node?ve=10&vem=2"))
                .when().post("/ve/node/retry")
                .then().statusCode(303).header("Location", containsString("/node?ve=10&vem=2&notice=retrying"));
        assertTrue(FakeServices.CALLS.stream().anyMatch(call -> call.method().equals("POST")
                && call.path().equals("/ves/10/nodes/2/retry") && call.authorization().equals(basic("operator"))));
    }

    @Test
    void aBadIdIsExplainedOnAPage() {
        String session = login("viewer");
        given().cookie("sharedfs_session", session).accept("text/html")
                .when().get("/ve?id=abc")
                .then().statusCode(400)
                .contentType(startsWith("text/html"))
                .body(containsString("id must be a positive whole number, not &#39;abc&#39;"));
        given().cookie("sharedfs_session", session).accept("text/html")
                .when().get("/events?ve=x")
                .then().statusCode(400).body(containsString("VE must be a positive whole number"));
    }

    @Test
    void aServiceThatIsNotFoundIsShownAsSuch() {
        String session = login("viewer");
        given().cookie("sharedfs_session", session).accept("text/html")
                .when().get("/ve?id=99")
                .then().statusCode(404)
                .body(containsString("ve-service refused (404 Not found): no /ves/99 here"))
                .body(not(containsString("Exception")));
    }

    @Test
    void loggingOutEndsTheSession() {
        String session = login("viewer");
        given().cookie("sharedfs_session", session).redirects().follow(false)
                .when().post("/logout")
                .then().statusCode(303).header("Location", containsString("/login"));
        given().cookie("sharedfs_session", session).accept("text/html").redirects().follow(false)
                .when().get("/images")
                .then().statusCode(303);
    }

    @Test
    void theImagePageListsCustomizationsWithWhatTheStorageHostDid() {
        String session = login("operator");
        String page = given().cookie("sharedfs_session", session).accept("text/html")
                .when().get("/image?id=" + IMAGE).then().statusCode(200).extract().asString();
        assertTrue(FakeServices.CALLS.stream().anyMatch(call -> call.method().equals("GET")
                && call.path().startsWith("/images/" + IMAGE + "/customizations?")
                && call.authorization().equals(basic("operator"))), FakeServices.CALLS.toString());
        String applied = row(page, FakeServices.APPLIED_ID);
        contains(applied, "<code class=\"path\">/etc/crontab</code>", "<code>/custom/ve/etc/crontab</code>",
                "data-state=\"APPLIED\"", "and existing nodes", "VE copies (2)", "href=\"/ve?id=10\">VE 10</a>",
                "href=\"/ve?id=11\">VE 11</a>", "Nodes linked (1)", "href=\"/node?ve=10&amp;vem=1\"",
                "Local changes kept (1)", "class=\"kept-local-changes kept\">", ">10/2</a>", "Node copies (0)",
                "id=\"revert-" + FakeServices.APPLIED_ID + "\"", "hx-vals='{\"confirm\":\"yes\"}'",
                "hx-confirm=\"Revert /etc/crontab? ");
        String failed = row(page, FakeServices.FAILED_ID);
        contains(failed, "data-state=\"FAILED\"", "<div class=\"reason\">/var/lib/app is a directory");
        assertFalse(failed.contains("Revert"), "a FAILED customization is history: nothing to revert");
        assertFalse(row(page, FakeServices.REQUESTED_ID).contains("Revert"), "not before it is applied");
        assertTrue(page.indexOf(FakeServices.REQUESTED_ID) < page.indexOf(FakeServices.APPLIED_ID), "newest first");
        // REQUESTED: the list asks for itself again until the storage host is done.
        contains(page, "id=\"customizations\" data-in-progress=\"true\" hx-get=\"/image/customizations?id=" + IMAGE
                + "\" hx-trigger=\"every 2s\" hx-swap=\"outerHTML\"", "id=\"customize-path\"");
    }

    @Test
    void theLiveListIsAFragmentThatStopsAskingOnceNothingIsInProgress() {
        String session = login("viewer");
        String busy = given().cookie("sharedfs_session", session).header("HX-Request", "true")
                .when().get("/image/customizations?id=" + IMAGE).then().statusCode(200).extract().asString();
        assertTrue(busy.strip().startsWith("<div id=\"customizations\""), busy);
        assertTrue(busy.contains("hx-trigger=\"every 2s\""));
        assertFalse(busy.contains("<html") || busy.contains("Customize a file"));
        assertFalse(busy.contains("/image/customizations/revert"), "a viewer gets no Revert button");

        String settled = given().cookie("sharedfs_session", session).header("HX-Request", "true")
                .when().get("/image/customizations?id=" + FakeServices.SETTLED_IMAGE_ID)
                .then().statusCode(200).extract().asString();
        contains(settled, "data-in-progress=\"false\"", "data-state=\"REVERTED\"",
                "Nodes given a plain file again (1)");
        assertFalse(settled.contains("hx-get") || settled.contains("hx-trigger"), settled);
    }

    @Test
    void aViewerSeesTheCustomizationsButNoControlsAndCannotPostThem() {
        String session = login("viewer");
        String page = given().cookie("sharedfs_session", session).accept("text/html")
                .when().get("/image?id=" + IMAGE).then().statusCode(200).extract().asString();
        contains(page, "/custom/ve/etc/crontab", "Local changes kept (1)");
        assertFalse(page.contains("Customize a file") || page.contains("action=\"/image/customizations"), page);
        assertFalse(page.contains("revert-"), "no Revert button");
        given().cookie("sharedfs_session", session).accept("text/html")
                .formParam("id", IMAGE).formParam("path", "/etc/motd").formParam("scope", "VE")
                .formParam("csrf", csrf(session, "/image?id=" + IMAGE))
                .when().post("/image/customizations")
                .then().statusCode(403).body(containsString("may only read"));
        given().cookie("sharedfs_session", session).accept("text/html")
                .formParam("id", IMAGE).formParam("cid", FakeServices.APPLIED_ID).formParam("confirm", "yes")
                .formParam("csrf", csrf(session, "/image?id=" + IMAGE))
                .when().post("/image/customizations/revert")
                .then().statusCode(403);
        assertTrue(FakeServices.CALLS.stream().noneMatch(call -> !call.method().equals("GET")), FakeServices.CALLS
                .toString());
    }

    @Test
    void customizingPostsTheFormAsTheServicesBodyThenRedirectsToTheList() {
        String session = login("operator");
        given().cookie("sharedfs_session", session).accept("text/html").redirects().follow(false)
                .formParam("id", IMAGE).formParam("path", " /etc/motd ").formParam("scope", "VE")
                .formParam("applyToExistingNodes", "on").formParam("csrf", csrf(session, "/image?id=" + IMAGE))
                .when().post("/image/customizations")
                .then().statusCode(303)
                .header("Location", containsString("/image?id=" + IMAGE + "&notice=customizing#customizations-h"));
        FakeServices.Call post = post("/images/" + IMAGE + "/customizations");
        assertEquals("{\"path\":\"/etc/motd\",\"scope\":\"VE\",\"applyToExistingNodes\":true}", post.body());
        assertEquals(basic("operator"), post.authorization());

        // Unticked, the box sends nothing: false.
        given().cookie("sharedfs_session", session).accept("text/html").redirects().follow(false)
                .formParam("id", IMAGE).formParam("path", "/etc/motd").formParam("scope", "ALL")
                .formParam("csrf", csrf(session, "/image?id=" + IMAGE))
                .when().post("/image/customizations")
                .then().statusCode(303);
        assertEquals("{\"path\":\"/etc/motd\",\"scope\":\"ALL\",\"applyToExistingNodes\":false}",
                post("/images/" + IMAGE + "/customizations").body());

        String page = given().cookie("sharedfs_session", session).accept("text/html")
                .when().get("/image?id=" + IMAGE + "&notice=customizing").then().statusCode(200).extract().asString();
        contains(page, "id=\"customizations-notice\">Customization requested");
    }

    @Test
    void aRefusedPathIsShownNextToThePathFieldAsTyped() {
        String session = login("operator");
        String page = given().cookie("sharedfs_session", session).accept("text/html")
                .formParam("id", IMAGE).formParam("path", "relative").formParam("scope", "NODE")
                .formParam("applyToExistingNodes", "on").formParam("csrf", csrf(session, "/image?id=" + IMAGE))
                .when().post("/image/customizations")
                .then().statusCode(400).contentType(startsWith("text/html")).extract().asString();
        int input = page.indexOf("id=\"customize-path\" name=\"path\" value=\"relative\"");
        int error = page.indexOf("id=\"customize-path-error\">path must be absolute (start with /), got relative");
        assertTrue(input > 0 && error > input && error - input < 700, page);
        contains(page, "<option value=\"NODE\" selected>", "id=\"customize-apply\" name=\"applyToExistingNodes\""
                + " value=\"on\" checked", "Fix the fields marked below");
        assertTrue(page.substring(input, error).contains("aria-invalid=\"true\""));
    }

    @Test
    void aConflictWithoutAFieldIsShownAboveTheForm() {
        String session = login("operator");
        String page = given().cookie("sharedfs_session", session).accept("text/html")
                .formParam("id", IMAGE).formParam("path", "/etc/crontab").formParam("scope", "VE")
                .formParam("csrf", csrf(session, "/image?id=" + IMAGE))
                .when().post("/image/customizations")
                .then().statusCode(409).extract().asString();
        int box = page.indexOf("id=\"customize-errors\"");
        assertTrue(box > 0, page);
        contains(page.substring(box), "/etc/crontab already has a live customization (APPLIED)");
    }

    @Test
    void customizingWithHtmxAnswersTheLiveListAndAClearedFormOrTheRefusalInTheForm() {
        String session = login("operator");
        String token = csrf(session, "/image?id=" + IMAGE);
        String body = given().cookie("sharedfs_session", session).header("HX-Request", "true")
                .formParam("id", IMAGE).formParam("path", "/etc/motd").formParam("scope", "VE")
                .formParam("csrf", token)
                .when().post("/image/customizations")
                .then().statusCode(200).extract().asString();
        assertTrue(body.strip().startsWith("<div id=\"customizations\""), body);
        contains(body, "hx-trigger=\"every 2s\"", "<div id=\"add-customization\" hx-swap-oob=\"true\">",
                "Customization of /etc/motd (VE) requested", "id=\"customize-path\" name=\"path\" value=\"\"");
        assertFalse(body.contains("<html"));

        given().cookie("sharedfs_session", session).header("HX-Request", "true")
                .formParam("id", IMAGE).formParam("path", "relative").formParam("scope", "VE")
                .formParam("csrf", token)
                .when().post("/image/customizations")
                .then().statusCode(200)
                .header("HX-Retarget", "#add-customization").header("HX-Reswap", "outerHTML")
                .body(containsString("id=\"customize-path-error\">path must be absolute"))
                .body(not(containsString("hx-swap-oob")));
    }

    @Test
    void revertingAsksFirstWithoutJavaScriptThenDeletes() {
        String session = login("operator");
        String token = csrf(session, "/image?id=" + IMAGE);
        String ask = given().cookie("sharedfs_session", session).accept("text/html")
                .formParam("id", IMAGE).formParam("cid", FakeServices.APPLIED_ID).formParam("csrf", token)
                .when().post("/image/customizations/revert")
                .then().statusCode(200).extract().asString();
        contains(ask, "Revert the customization of <code>/etc/crontab</code>", "name=\"confirm\" value=\"yes\"",
                "id=\"revert-button\"", "stay on disk");
        assertTrue(FakeServices.CALLS.stream().noneMatch(call -> call.method().equals("DELETE")), "not yet");

        given().cookie("sharedfs_session", session).accept("text/html").redirects().follow(false)
                .formParam("id", IMAGE).formParam("cid", FakeServices.APPLIED_ID).formParam("confirm", "yes")
                .formParam("csrf", token)
                .when().post("/image/customizations/revert")
                .then().statusCode(303)
                .header("Location", containsString("/image?id=" + IMAGE + "&notice=reverting#customizations-h"));
        assertTrue(FakeServices.CALLS.stream().anyMatch(call -> call.method().equals("DELETE")
                && call.path().equals("/images/" + IMAGE + "/customizations/" + FakeServices.APPLIED_ID)
                && call.authorization().equals(basic("operator"))), FakeServices.CALLS.toString());
    }

    @Test
    void revertingWithHtmxAnswersTheListWithWhatHappened() {
        String session = login("operator");
        String token = csrf(session, "/image?id=" + IMAGE);
        given().cookie("sharedfs_session", session).header("HX-Request", "true")
                .formParam("id", IMAGE).formParam("cid", FakeServices.APPLIED_ID).formParam("confirm", "yes")
                .formParam("csrf", token)
                .when().post("/image/customizations/revert")
                .then().statusCode(200)
                .body(containsString("id=\"customizations-notice\">Revert of /etc/crontab requested"))
                .body(not(containsString("<html")));
        given().cookie("sharedfs_session", session).header("HX-Request", "true")
                .formParam("id", IMAGE).formParam("cid", FakeServices.FAILED_ID).formParam("confirm", "yes")
                .formParam("csrf", token)
                .when().post("/image/customizations/revert")
                .then().statusCode(200)
                .body(containsString("id=\"customizations-error\"><p>Not reverted: image-service refused (409"
                        + " Conflict): only an APPLIED or REVERT_FAILED customization can be reverted"));
    }

    @Test
    void aRevertWithoutTheSessionsTokenIsRefused() {
        String session = login("operator");
        given().cookie("sharedfs_session", session).accept("text/html")
                .formParam("id", IMAGE).formParam("cid", FakeServices.APPLIED_ID).formParam("confirm", "yes")
                .when().post("/image/customizations/revert")
                .then().statusCode(403).body(containsString("out of date"));
        assertTrue(FakeServices.CALLS.stream().noneMatch(call -> call.method().equals("DELETE")));
    }

    @Test
    void theVeAndNodePagesListTheirCustomizedFilesWithTheirUploads() {
        String session = login("viewer");
        String ve = given().cookie("sharedfs_session", session).accept("text/html")
                .when().get("/ve?id=10").then().statusCode(200).extract().asString();
        int row = ve.indexOf("<tr data-path=\"/etc/crontab\">");
        assertTrue(row > 0, ve);
        contains(ve.substring(row, ve.indexOf("</tr>", row)), "href=\"/ve/file?id=10&amp;path=%2Fetc%2Fcrontab\"",
                ">APPLIED</span>", "revision 2, 22 B", ">written</span>");
        assertFalse(ve.contains("data-path=\"/etc/hostname\""), "a NODE-scoped file is not the VE's");
        String node = given().cookie("sharedfs_session", session).accept("text/html")
                .when().get("/node?ve=10&vem=2").then().statusCode(200).extract().asString();
        contains(node, "href=\"/ve/file?id=10&amp;vem=2&amp;path=%2Fetc%2Fhostname\"", "none: the image's original");
    }

    @Test
    void aViewerReadsAFilesContentButGetsNoForm() {
        String session = login("viewer");
        String page = given().cookie("sharedfs_session", session).accept("text/html")
                .when().get("/ve/file?id=10&path=/etc/crontab").then().statusCode(200).extract().asString();
        contains(page, "<pre id=\"file-text\" tabindex=\"0\">0 * * * * root backup\n</pre>",
                "id=\"file-revision\">2,", "/srv/images/web/private/10/custom/etc/crontab");
        assertFalse(page.contains("<textarea") || page.contains("action=\"/ve/file\""), page);
    }

    @Test
    void uploadingSendsTheTextAsTheFilesBytesWithLineFeedsAndTheVersionRead() {
        String session = login("operator");
        String token = csrf(session, "/ve/file?id=10&path=/etc/crontab");
        given().cookie("sharedfs_session", session).accept("text/html").redirects().follow(false)
                .formParam("id", "10").formParam("path", "/etc/crontab").formParam("etag", "\"9f86d081\"")
                .formParam("content", "5 * * * * root sync\r\n# end\r\n").formParam("csrf", token)
                .when().post("/ve/file")
                .then().statusCode(303)
                .header("Location", containsString("/ve/file?id=10&path=%2Fetc%2Fcrontab&notice=uploaded"));
        List<FakeServices.Call> puts = FakeServices.CALLS.stream().filter(c -> c.method().equals("PUT")).toList();
        assertEquals(1, puts.size(), FakeServices.CALLS.toString());
        assertEquals("/ves/10/files?path=%2Fetc%2Fcrontab", puts.get(0).path());
        assertEquals("5 * * * * root sync\n# end\n", puts.get(0).body());
        assertEquals("\"9f86d081\"", puts.get(0).ifMatch());
        assertEquals(basic("operator"), puts.get(0).authorization());
    }

    @Test
    void aTooLargeUploadIsRefusedNextToTheContentWhichIsKept() {
        String session = login("operator");
        String page = given().cookie("sharedfs_session", session).accept("text/html")
                .formParam("id", "10").formParam("path", "/etc/crontab").formParam("content", "too big")
                .formParam("csrf", csrf(session, "/ve/file?id=10&path=/etc/crontab"))
                .when().post("/ve/file")
                .then().statusCode(413).extract().asString();
        contains(page, "aria-invalid=\"true\">\ntoo big</textarea>",
                "id=\"file-content-error\">the file is larger than 262144 bytes (256 KiB)");
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    static String login(String user) {
        return given().formParam("username", user).formParam("password", user).formParam("next", "/images")
                .redirects().follow(false)
                .when().post("/login")
                .then().statusCode(303)
                .header("Location", containsString("/images"))
                .cookie("sharedfs_session")
                .extract().cookie("sharedfs_session");
    }

    private static String csrf(String session, String page) {
        String html = given().cookie("sharedfs_session", session).accept("text/html").when().get(page)
                .then().statusCode(200).extract().asString();
        Matcher matcher = CSRF.matcher(html);
        assertTrue(matcher.find(), "a form with a token on " + page);
        FakeServices.CALLS.clear();
        return matcher.group(1);
    }

    /** The table row of one customization. */
    private static String row(String page, String customizationId) {
        int start = page.indexOf("<tr id=\"customization-" + customizationId + "\"");
        assertTrue(start > 0, "row of " + customizationId + " in:\n" + page);
        return page.substring(start, page.indexOf("</tr>", start));
    }

    private static void contains(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), "expected '" + part + "' in:\n" + text);
        }
    }

    private static FakeServices.Call post(String path) {
        List<FakeServices.Call> posts = FakeServices.CALLS.stream()
                .filter(c -> c.method().equals("POST") && c.path().equals(path)).toList();
        assertEquals(1, posts.size(), "one POST " + path + ": " + FakeServices.CALLS);
        return posts.get(0);
    }

    private static FakeServices.Call patch() {
        List<FakeServices.Call> patches = FakeServices.CALLS.stream().filter(c -> c.method().equals("PATCH")).toList();
        assertEquals(1, patches.size(), "one PATCH: " + FakeServices.CALLS);
        return patches.get(0);
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }
}
