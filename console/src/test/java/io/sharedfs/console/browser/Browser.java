package io.sharedfs.console.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium driven by its chromedriver, with a fresh profile each time. */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final String base;
    private final Path profile;

    private Browser(String base, boolean javascript) {
        this.base = base;
        try {
            Path target = Stack.targetDir();
            Files.createDirectories(target);
            this.profile = Files.createTempDirectory(target, "chromium-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1100", "--user-data-dir=" + profile);
        if (!javascript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(90));
    }

    static Browser open(String base) {
        return new Browser(base, true);
    }

    static Browser withoutJavaScript(String base) {
        return new Browser(base, false);
    }

    void go(String path) {
        driver.get(base + path);
    }

    void login(String user) {
        go("/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(user);
        driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        wait(60).until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    WebDriverWait wait(int seconds) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(100));
        // htmx swaps parts of the page while a condition looks at them.
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}, the whole page's height. */
    Path screenshot(String name) {
        try {
            Path directory = Stack.targetDir().resolve("screenshots");
            Files.createDirectories(directory);
            Object height = driver.executeScript("return document.documentElement.scrollHeight");
            if (height instanceof Number number && number.intValue() > 1100) {
                driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280,
                        Math.min(number.intValue() + 140, 4000)));
            }
            Path file = directory.resolve(name + ".png");
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1100));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // a leftover profile in target/ is harmless
                }
            });
        } catch (IOException e) {
            // same
        }
    }
}
