package walkout.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import walkout.store.http.HttpRoutes;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver, which the build installs
 * when missing: see .ci/test-services) against the whole store with the simulator. Screenshots of the main
 * views go to docs/screenshots/ for the README.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {
    private static final Path SCREENSHOTS = Path.of("..", "docs", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private StoreFixture store;
    private ChromeDriver browser;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        store = new StoreFixture(dataDir, 1, 15_000, 3L);
        ChromeOptions options = new ChromeOptions()
                .setBinary("/usr/bin/chromium")
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (store != null) {
            store.close();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.manage().deleteAllCookies();
        browser.get(store.app.url().toString());
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
    }

    @Test
    void shouldRefuseWrongStaffKey() {
        signIn("not-the-staff-key");

        WebElement error = new WebDriverWait(browser, WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(error.getText()).contains("refused");
        assertThat(browser.findElement(By.id("views")).isDisplayed()).isFalse();
        assertThat(browser.manage().getCookieNamed(HttpRoutes.SESSION_COOKIE)).isNull();
    }

    @Test
    void shouldShowChargedOrderWithItsEvidenceAfterSimulatedWalkout() throws IOException {
        signIn(StoreFixture.STAFF_KEY);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBe(By.id("store-status"), "store UP"));
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("views")).isDisplayed()).isTrue();
        Cookie session = browser.manage().getCookieNamed(HttpRoutes.SESSION_COOKIE);
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        await().atMost(WAIT).until(store::readersConnected);

        store.sim.runShoppers(store.app.url(), StoreFixture.STAFF_KEY, line -> { }).join();

        WebElement order = new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#orders tbody tr")));
        assertThat(order.getText()).contains("CHARGED");
        screenshot("dashboard-overview.png");
        order.click();
        List<WebElement> lines = new WebDriverWait(browser, WAIT).until(
                ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#order-lines tbody tr"), 0));
        assertThat(lines.get(0).getText()).contains("reads").contains("margin");
        browser.executeScript("arguments[0].scrollIntoView()", browser.findElement(By.id("order-detail")));
        screenshot("dashboard-order-evidence.png");
    }

    @Test
    void shouldEndSessionOnSignOut() {
        signIn(StoreFixture.STAFF_KEY);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("logout")))
                .click();

        new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        browser.navigate().refresh();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        assertThat(browser.findElement(By.id("views")).isDisplayed()).isFalse();
    }

    private void signIn(String key) {
        browser.findElement(By.id("key")).sendKeys(key);
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
