package io.sharedfs.console.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in headless Chromium against the real services (each a process of its own, with a real broker and
 * database): what an operator and a viewer do and see. Screenshots of every page land in target/screenshots/.
 */
class ConsoleBrowserIT {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 100000, 36);
    private static Stack stack;
    private static final Api API = new Api();

    @BeforeAll
    static void startSystem() {
        assertTrue(Files.isExecutable(Browser.CHROMIUM), "the browser tests need /usr/bin/chromium (Debian:"
                + " apt-get install -y chromium chromium-driver; .ci/run installs it)");
        assertTrue(Files.isExecutable(Browser.CHROMEDRIVER), "/usr/bin/chromium is installed but /usr/bin/chromedriver"
                + " is not: apt-get install -y chromium-driver");
        stack = Stack.start();
    }

    @AfterAll
    static void stopSystem() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void operatorRegistersAnImageAndTicksSharedWhichSavesIt() {
        String name = unique("web");
        Path root = ImageTree.create(stack.imagesDir(), name);
        try (Browser browser = Browser.open(stack.consoleUrl())) {
            browser.login("operator");
            browser.go("/images");
            browser.driver.findElement(By.cssSelector("#register > summary")).click();
            browser.driver.findElement(By.id("reg-name")).sendKeys(name);
            browser.driver.findElement(By.id("reg-root")).sendKeys(root.toString());
            browser.driver.findElement(By.id("register-button")).click();
            browser.wait(60).until(ExpectedConditions.urlContains("/image?id="));
            String id = browser.driver.getCurrentUrl().replaceAll(".*[?&]id=([0-9a-f-]{36}).*", "$1");
            assertFalse(API.get(stack.url("image-service") + "/images/" + id).path("shared").asBoolean());

            awaitStatus(id, "READY");
            browser.go("/image?id=" + id);
            WebElement shared = browser.driver.findElement(By.id("shared"));
            assertFalse(shared.isSelected());
            shared.click();

            browser.wait(60).until(ExpectedConditions.textToBe(By.id("shared-status"), "Saved: the image is shared."));
            Awaitility.await("image " + id + " shared through REST").atMost(Duration.ofSeconds(30))
                    .until(() -> API.get(stack.url("image-service") + "/images/" + id).path("shared").asBoolean());
            assertTrue(browser.driver.findElement(By.id("shared")).isSelected());
            browser.screenshot("02-image-configuration");

            // An image whose root path does not exist is INVALID, with the storage host's reason in the list.
            String missing = unique("missing");
            String invalidId = API.post(stack.url("image-service") + "/images", Api.object().put("name", missing)
                    .put("rootPath", stack.imagesDir().resolve(missing).toString())).path("id").asText();
            awaitStatus(invalidId, "INVALID");
            browser.go("/images");
            contains(browser.driver.findElement(By.id("images")).getText(), name, "READY", missing, "INVALID");
            String reason = browser.driver.findElement(By.xpath("//table[@id='images']//tr[td/a[text()='" + missing
                    + "']]//*[contains(@class,'reason')]")).getText();
            assertFalse(reason.isBlank(), "the INVALID image's reason is shown");
            browser.screenshot("01-images");

            browser.driver.findElement(By.id("filter-name")).sendKeys(missing);
            browser.driver.findElement(By.cssSelector("form[role=search] button[type=submit]")).click();
            browser.wait(60).until(ExpectedConditions.urlContains("name=" + missing));
            String filtered = browser.driver.findElement(By.id("images")).getText();
            contains(filtered, missing, "1 image");
            assertFalse(filtered.contains(name), "the filter leaves out " + name);
        }
    }

    @Test
    void validationErrorsOfTheServiceShowNextToTheField() {
        String name = unique("bad");
        String id = registerImage(name, false);
        try (Browser browser = Browser.open(stack.consoleUrl())) {
            browser.login("operator");
            browser.go("/image?id=" + id);
            WebElement newDir = browser.driver.findElement(By.id("privateDirs-new-1"));
            newDir.sendKeys("srv/cache");
            browser.driver.findElement(By.id("config-save")).click();

            // /var /etc /tmp come first: the relative entry is privateDirs[3], shown next to its own box.
            WebElement error = browser.wait(60).until(
                    ExpectedConditions.visibilityOfElementLocated(By.id("privateDirs-3-error")));
            contains(error.getText(), "absolute");
            WebElement input = browser.driver.findElement(By.id("privateDirs-3"));
            assertEquals("srv/cache", input.getAttribute("value"));
            assertEquals("true", input.getAttribute("aria-invalid"));
            contains(browser.driver.findElement(By.id("config-errors")).getText(), "Fix the fields");
            browser.screenshot("03-image-validation-error");
        }
        assertFalse(API.get(stack.url("image-service") + "/images/" + id).path("privateDirs").toString()
                .contains("srv/cache"));
    }

    @Test
    void sharedCheckboxWorksWithoutJavaScript() {
        String id = registerImage(unique("nojs"), false);
        try (Browser browser = Browser.withoutJavaScript(stack.consoleUrl())) {
            browser.login("operator");
            browser.go("/image?id=" + id);
            browser.driver.findElement(By.id("shared")).click();
            browser.driver.findElement(By.id("shared-save")).click();
            browser.wait(60).until(ExpectedConditions.urlContains("notice=shared"));
            assertTrue(browser.driver.findElement(By.id("shared")).isSelected());
            assertEquals("Saved: the image is shared.", browser.driver.findElement(By.id("shared-status")).getText());
            browser.screenshot("04-image-shared-without-javascript");
        }
        assertTrue(API.get(stack.url("image-service") + "/images/" + id).path("shared").asBoolean());
    }

    @Test
    void searchingAVeLinksToItsPageWithTheIdInTheUrl() {
        String imageId = registerImage(unique("srch"), false);
        String name = unique("search-farm");
        long veId = createVe(name, imageId, false);
        try (Browser browser = Browser.open(stack.consoleUrl())) {
            browser.login("operator");
            browser.go("/ves");
            browser.driver.findElement(By.id("search")).sendKeys(name.substring(0, name.length() - 1));
            browser.driver.findElement(By.id("search-button")).click();
            browser.wait(60).until(ExpectedConditions.urlContains("search="));

            WebElement row = browser.driver.findElement(By.cssSelector("#ves tr[data-ve='" + veId + "']"));
            WebElement link = row.findElement(By.cssSelector("a.ve-link"));
            assertEquals(name, link.getText());
            assertTrue(link.getAttribute("href").endsWith("/ve?id=" + veId), link.getAttribute("href"));
            assertEquals(Long.toString(veId), row.findElement(By.cssSelector("a.ve-id")).getText());
            browser.screenshot("05-ves-search");

            link.click();
            browser.wait(60).until(ExpectedConditions.urlContains("/ve?id=" + veId));
            assertEquals(Long.toString(veId), browser.driver.findElement(By.id("ve-id")).getText());
        }
    }

    @Test
    void anAddedNodeGoesFromProvisioningToReadyOnThePageWithoutAReload() {
        String imageName = unique("farm-image");
        String imageId = registerImage(imageName, true);
        long veId = createVe(unique("farm"), imageId, true);
        Path root = stack.imagesDir().resolve(imageName);
        ImageTree.installHook(root, veId, 4);

        try (Browser browser = Browser.open(stack.consoleUrl())) {
            browser.login("operator");
            browser.go("/ve?id=" + veId);
            browser.wait(30).until(d -> Boolean.TRUE.equals(
                    browser.driver.executeScript("return typeof htmx !== 'undefined'")));
            browser.driver.executeScript("window.__sameDocument = 'still here';");
            browser.driver.findElement(By.id("node-hostname")).sendKeys("web1");
            browser.driver.findElement(By.id("node-address")).sendKeys("10.77.0.11");
            browser.driver.findElement(By.id("add-node-button")).click();

            By state = By.cssSelector("#nodes-table tbody tr[data-vem] .state");
            browser.wait(60).until(ExpectedConditions.attributeToBe(state, "data-state", "PROVISIONING"));
            contains(browser.driver.findElement(By.id("add-notice")).getText(), "added");
            browser.screenshot("06-ve-node-provisioning");

            browser.wait(120).until(ExpectedConditions.attributeToBe(state, "data-state", "READY"));
            assertEquals("still here", browser.driver.executeScript("return window.__sameDocument"));
            browser.screenshot("07-ve-node-ready");

            long vemId = Long.parseLong(browser.driver.findElement(By.cssSelector("#nodes-table tbody tr[data-vem]"))
                    .getAttribute("data-vem"));
            browser.go("/node?ve=" + veId + "&vem=" + vemId);
            assertEquals("READY", browser.driver.findElement(By.id("node-state")).getText());
            assertEquals("0", browser.driver.findElement(By.id("hook-exit")).getText());
            contains(browser.driver.findElement(By.id("hook-output")).getText(),
                    "init_vem: VE " + veId + " node " + vemId + " is ready");
            contains(browser.driver.findElement(By.id("tree")).getText(), "etc", "var");
            contains(browser.driver.findElement(By.id("fstab")).getText(), root.toString());
            contains(browser.driver.findElement(By.id("history")).getText(), "PROVISIONING", "READY");
            browser.screenshot("08-node");

            browser.go("/events?ve=" + veId);
            contains(browser.driver.findElement(By.id("events")).getText(), "NodeAdded", "NodeStateChanged",
                    "PROVISIONING → READY");
            browser.wait(30).until(d -> Boolean.TRUE.equals(
                    browser.driver.executeScript("return typeof htmx !== 'undefined'")));
            browser.driver.executeScript("window.__sameDocument = 'events';");
            long before = browser.driver.findElements(By.cssSelector("#feed tr")).size();
            API.post(stack.url("ve-service") + "/ves/" + veId + "/nodes",
                    Api.object().put("hostname", "web2").put("address", "10.77.0.12"));
            browser.wait(120).until(d -> browser.driver.findElements(By.cssSelector("#feed tr")).size() > before
                    && browser.driver.findElement(By.id("feed")).getText().contains("hostname=web2"));
            assertEquals("events", browser.driver.executeScript("return window.__sameDocument"));
            browser.screenshot("09-events");

            // Purging asks for confirmation: without it nothing is removed.
            browser.go("/ve?id=" + veId);
            browser.driver.findElement(By.cssSelector("#node-" + vemId + " a.button")).click();
            browser.wait(60).until(ExpectedConditions.urlContains("/ve/node/remove"));
            browser.driver.findElement(By.id("purge")).click();
            browser.driver.findElement(By.id("remove-button")).click();
            contains(browser.wait(60).until(ExpectedConditions.visibilityOfElementLocated(By.id("remove-errors")))
                    .getText(), "tick the box to confirm");
            browser.screenshot("12-remove-purge-confirmation");
            assertEquals("READY", API.get(stack.url("ve-service") + "/ves/" + veId + "/nodes/" + vemId)
                    .path("state").asText());
            browser.driver.findElement(By.id("purge")).click();
            browser.driver.findElement(By.id("confirm")).click();
            browser.driver.findElement(By.id("remove-button")).click();
            browser.wait(60).until(ExpectedConditions.urlContains("notice=purging"));
            browser.wait(120).until(ExpectedConditions.attributeToBe(
                    By.cssSelector("#node-" + vemId + " .state"), "data-state", "REMOVED"));
            assertTrue(API.get(stack.url("ve-service") + "/ves/" + veId + "/nodes/" + vemId)
                    .path("purgeRequested").asBoolean());
        }
    }

    @Test
    void anOperatorCustomizesAFileOfTheImageAndSeesItAppliedLiveThenRevertsIt() throws Exception {
        String imageName = unique("custom-image");
        String imageId = registerImage(imageName, true);
        Path root = stack.imagesDir().resolve(imageName);
        long veId = createVe(unique("custom-ve"), imageId, true);
        long vemId = API.post(stack.url("ve-service") + "/ves/" + veId + "/nodes",
                Api.object().put("hostname", "cust1").put("address", "10.79.0.11")).path("vemId").asLong();
        Awaitility.await("node " + veId + "/" + vemId + " READY").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> "READY".equals(API.get(stack.url("ve-service") + "/ves/" + veId + "/nodes/" + vemId)
                        .path("state").asText()));
        Path imageFile = root.resolve("etc/hostname");
        Path nodeCopy = root.resolve("private/" + veId + "/" + vemId + "/etc/hostname");
        assertTrue(Files.isRegularFile(nodeCopy, LinkOption.NOFOLLOW_LINKS), "the node's private copy " + nodeCopy);

        try (Browser browser = Browser.open(stack.consoleUrl())) {
            browser.login("operator");
            browser.go("/image?id=" + imageId);
            browser.wait(30).until(d -> Boolean.TRUE.equals(
                    browser.driver.executeScript("return typeof htmx !== 'undefined'")));
            browser.driver.executeScript("window.__sameDocument = 'still here';");
            contains(browser.driver.findElement(By.id("customizations")).getText(), "No file of this image");

            // The service's rule shows next to the path.
            browser.driver.findElement(By.id("customize-path")).sendKeys("etc/hostname");
            browser.driver.findElement(By.id("customize-button")).click();
            contains(browser.wait(60).until(ExpectedConditions.visibilityOfElementLocated(
                    By.id("customize-path-error"))).getText(), "absolute");
            assertEquals("true", browser.driver.findElement(By.id("customize-path")).getAttribute("aria-invalid"));
            browser.screenshot("13-customization-field-error");

            WebElement path = browser.driver.findElement(By.id("customize-path"));
            path.clear();
            path.sendKeys("/etc/hostname");
            new Select(browser.driver.findElement(By.id("customize-scope"))).selectByValue("VE");
            browser.driver.findElement(By.id("customize-apply")).click();
            browser.driver.findElement(By.id("customize-button")).click();
            contains(browser.wait(60).until(ExpectedConditions.visibilityOfElementLocated(By.id("customize-notice")))
                    .getText(), "/etc/hostname (VE) requested");

            By state = By.cssSelector("#customizations-table tr[data-path='/etc/hostname'] .state");
            browser.wait(120).until(ExpectedConditions.attributeToBe(state, "data-state", "APPLIED"));
            assertEquals("still here", browser.driver.executeScript("return window.__sameDocument"),
                    "APPLIED arrived without a reload");
            WebElement row = browser.driver.findElement(By.cssSelector(
                    "#customizations-table tr[data-path='/etc/hostname']"));
            contains(row.getText(), "/custom/ve/etc/hostname", "VE copies (1)", "VE " + veId, "Nodes linked (1)",
                    veId + "/" + vemId, "Local changes kept (0)");
            browser.wait(30).until(d -> "false".equals(browser.driver.findElement(By.id("customizations"))
                    .getAttribute("data-in-progress")));
            browser.screenshot("14-customization-applied");

            assertEquals(Path.of("/custom/ve/etc/hostname"), Files.readSymbolicLink(imageFile));
            assertEquals(Path.of("/custom/ve/etc/hostname"), Files.readSymbolicLink(nodeCopy));
            assertEquals("image\n", Files.readString(root.resolve("private/" + veId + "/custom/etc/hostname")));

            // Revert asks first, then the original comes back, live as well.
            String customizationId = row.getAttribute("id").substring("customization-".length());
            browser.driver.findElement(By.id("revert-" + customizationId)).click();
            browser.wait(30).until(ExpectedConditions.alertIsPresent()).accept();
            browser.wait(120).until(ExpectedConditions.attributeToBe(state, "data-state", "REVERTED"));
            assertEquals("still here", browser.driver.executeScript("return window.__sameDocument"));
            contains(browser.driver.findElement(By.cssSelector("#customizations-table tr[data-path='/etc/hostname']"))
                    .getText(), "Nodes given a plain file again (1)");
            browser.screenshot("15-customization-reverted");
        }
        assertTrue(Files.isRegularFile(imageFile, LinkOption.NOFOLLOW_LINKS), "the image's file is back");
        assertEquals("image\n", Files.readString(imageFile));
        assertTrue(Files.isRegularFile(nodeCopy, LinkOption.NOFOLLOW_LINKS), "the node has a plain file again");
    }

    @Test
    void revertingWithoutJavaScriptAsksOnAPageFirst() throws Exception {
        String imageName = unique("nojs-custom");
        String imageId = registerImage(imageName, true);
        Path root = stack.imagesDir().resolve(imageName);
        String images = stack.url("image-service") + "/images/" + imageId + "/customizations";
        String customizationId = API.post(images, Api.object().put("path", "/etc/passwd").put("scope", "ALL"))
                .path("id").asText();
        Awaitility.await("customization " + customizationId + " APPLIED").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> "APPLIED".equals(API.get(images + "/" + customizationId).path("status").asText()));
        assertEquals(Path.of("/custom/etc/passwd"), Files.readSymbolicLink(root.resolve("etc/passwd")));

        try (Browser browser = Browser.withoutJavaScript(stack.consoleUrl())) {
            browser.login("operator");
            browser.go("/image?id=" + imageId);
            WebElement row = browser.driver.findElement(By.id("customization-" + customizationId));
            contains(row.getText(), "/etc/passwd", "ALL", "/custom/etc/passwd", "APPLIED");
            browser.driver.findElement(By.id("revert-" + customizationId)).click();
            browser.wait(60).until(ExpectedConditions.urlContains("/image/customizations/revert"));
            contains(browser.driver.findElement(By.tagName("h1")).getText(), "/etc/passwd");
            assertEquals("APPLIED", API.get(images + "/" + customizationId).path("status").asText(),
                    "nothing is reverted before it is confirmed");
            browser.screenshot("16-customization-revert-confirmation");
            browser.driver.findElement(By.id("revert-button")).click();
            browser.wait(60).until(ExpectedConditions.urlContains("notice=reverting"));
            contains(browser.driver.findElement(By.id("customizations-notice")).getText(), "Revert requested");
        }
        Awaitility.await("customization " + customizationId + " REVERTED").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> "REVERTED".equals(API.get(images + "/" + customizationId).path("status").asText()));
        assertTrue(Files.isRegularFile(root.resolve("etc/passwd"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("root:x:0:0:root:/root:/bin/sh\n", Files.readString(root.resolve("custom/etc/passwd")),
                "the copy for all nodes stays on disk");
    }

    @Test
    void anOperatorWritesAVesOwnContentOfACustomizedFile() throws Exception {
        String imageName = unique("file-image");
        String imageId = registerImage(imageName, true);
        Path root = stack.imagesDir().resolve(imageName);
        long veId = createVe(unique("file-ve"), imageId, true);
        long vemId = API.post(stack.url("ve-service") + "/ves/" + veId + "/nodes",
                Api.object().put("hostname", "file1").put("address", "10.80.0.11")).path("vemId").asLong();
        Awaitility.await("node " + veId + "/" + vemId + " READY").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> "READY".equals(API.get(stack.url("ve-service") + "/ves/" + veId + "/nodes/" + vemId)
                        .path("state").asText()));
        String images = stack.url("image-service") + "/images/" + imageId + "/customizations";
        String customizationId = API.post(images, Api.object().put("path", "/etc/hostname").put("scope", "VE"))
                .path("id").asText();
        Awaitility.await("customization " + customizationId + " APPLIED").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> "APPLIED".equals(API.get(images + "/" + customizationId).path("status").asText()));
        Path veCopy = root.resolve("private/" + veId + "/custom/etc/hostname");

        try (Browser browser = Browser.open(stack.consoleUrl())) {
            browser.login("operator");
            // ve-service learns of the customization from the image's events: the file may take a moment to appear.
            browser.wait(60).until(d -> {
                browser.go("/ve?id=" + veId);
                return !browser.driver.findElements(By.cssSelector("#files tr[data-path='/etc/hostname']")).isEmpty();
            });
            WebElement row = browser.driver.findElement(By.cssSelector("#files tr[data-path='/etc/hostname']"));
            contains(row.getText(), "APPLIED", "none: the image's original");
            row.findElement(By.cssSelector("a.file-link")).click();
            browser.wait(60).until(ExpectedConditions.urlContains("/ve/file?id=" + veId));
            contains(browser.driver.findElement(By.id("file-none")).getText(), "Nothing uploaded yet");

            for (String content : List.of("web-a\n", "\nweb-b after an empty line\n")) {
                WebElement text = browser.driver.findElement(By.id("file-content"));
                text.clear();
                text.sendKeys(content);
                browser.driver.findElement(By.id("file-upload")).click();
                browser.wait(60).until(ExpectedConditions.urlContains("notice=uploaded"));
                String url = browser.driver.getCurrentUrl();
                browser.wait(120).until(d -> {
                    browser.driver.get(url);
                    return browser.driver.findElement(By.id("file-written")).getText().startsWith("written");
                });
                assertEquals(content, Files.readString(veCopy), "the VE's copy on the storage host");
                assertEquals(content, browser.driver.findElement(By.id("file-content")).getAttribute("value"));
            }
            contains(browser.driver.findElement(By.id("file-revision")).getText(), "2");
            contains(browser.driver.findElement(By.id("file-written")).getText(), veCopy.toString());
            browser.screenshot("17-ve-file");
            browser.go("/ve?id=" + veId);
            contains(browser.driver.findElement(By.cssSelector("#files tr[data-path='/etc/hostname']")).getText(),
                    "revision 2", "written");
        }
    }

    @Test
    void aViewerSeesNoControlsThatChangeAnything() {
        String imageId = registerImage(unique("view"), false);
        long veId = createVe(unique("view-ve"), imageId, false);
        JsonNode node = API.post(stack.url("ve-service") + "/ves/" + veId + "/nodes",
                Api.object().put("hostname", "solo").put("address", "10.78.0.10"));
        long vemId = node.path("vemId").asLong();
        try (Browser browser = Browser.open(stack.consoleUrl())) {
            browser.go("/ves");
            browser.wait(60).until(ExpectedConditions.urlContains("/login?next=%2Fves"));
            browser.screenshot("00-login");
            browser.login("viewer");
            List<String> pages = List.of("/images", "/image?id=" + imageId, "/ves", "/ve?id=" + veId,
                    "/node?ve=" + veId + "&vem=" + vemId, "/events");
            for (String page : pages) {
                browser.go(page);
                assertFalse(browser.driver.getTitle().contains("Not allowed") || browser.driver.getTitle().contains("wrong"), page);
                // Only the logout form posts; nothing carries htmx's mutating attributes.
                List<WebElement> posts = browser.driver.findElements(By.cssSelector("form[method=post]"));
                assertTrue(posts.stream().allMatch(f -> f.getAttribute("data-logout") != null), "forms that post on " + page);
                assertTrue(browser.driver.findElements(By.cssSelector("[hx-post], [hx-put], [hx-patch], [hx-delete]"))
                        .isEmpty(), "htmx controls on " + page);
                assertTrue(browser.driver.findElements(By.cssSelector("input[type=checkbox], input[type=radio], textarea"))
                        .isEmpty(), "editable fields on " + page);
                assertTrue(browser.driver.findElements(By.cssSelector("a[href*='/remove']")).isEmpty(),
                        "remove links on " + page);
                contains(browser.driver.findElement(By.tagName("header")).getText(), "viewer: read only");
            }
            browser.go("/image?id=" + imageId);
            assertEquals("no", browser.driver.findElement(By.id("shared-value")).getText());
            browser.screenshot("10-viewer-image");
            browser.go("/ve?id=" + veId);
            browser.screenshot("11-viewer-ve");
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private static void contains(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), "expected '" + part + "' in:\n" + text);
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + RUN + "-" + NAMES.incrementAndGet();
    }

    private static String registerImage(String name, boolean shared) {
        Path root = ImageTree.create(stack.imagesDir(), name);
        JsonNode image = API.post(stack.url("image-service") + "/images",
                Api.object().put("name", name).put("rootPath", root.toString()).put("shared", shared));
        String id = image.path("id").asText();
        // READY bumps the image's version: a form loaded before that would be refused as stale (412).
        awaitStatus(id, "READY");
        return id;
    }

    private static void awaitStatus(String imageId, String status) {
        Awaitility.await("image " + imageId + " " + status).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> status.equals(API.get(stack.url("image-service") + "/images/" + imageId).path("status")
                        .asText()));
    }

    /** Creates a VE; ve-service learns of an image from its events, so a brand-new image may take a moment. */
    private static long createVe(String name, String imageId, boolean multiServer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return API.post(stack.url("ve-service") + "/ves", Api.object().put("name", name)
                        .put("imageId", imageId).put("multiServer", multiServer)).path("id").asLong();
            } catch (Api.ApiException e) {
                if ((e.status != 409 && e.status != 422) || System.nanoTime() > deadline) {
                    throw e;
                }
                Stack.sleep(250);
            }
        }
    }
}
