package walkout.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import walkout.events.AlertRaised;
import walkout.events.AlertType;
import walkout.events.Epc;
import walkout.events.codec.Json;
import walkout.events.codec.Sgtin96Encoder;
import walkout.events.topic.Topics;
import walkout.store.http.HttpRoutes;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver, which the build installs
 * when missing: see .ci/test-services) against the whole store with the simulator. Screenshots of the main
 * views go to docs/screenshots/ for the README.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
    @Order(1)
    void shouldRefuseWrongStaffKey() {
        signIn("not-the-staff-key");

        WebElement error = new WebDriverWait(browser, WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(error.getText()).contains("refused");
        assertThat(browser.findElement(By.id("views")).isDisplayed()).isFalse();
        assertThat(browser.manage().getCookieNamed(HttpRoutes.SESSION_COOKIE)).isNull();
    }

    @Test
    @Order(2)
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

    /** Runs after the walkout: a held item is charged to the shopper from the alerts queue, then refunded. */
    @Test
    @Order(3)
    void shouldChargeHeldItemFromAlertsQueueThenRefundIt() throws Exception {
        JsonNode order = orders().get(0);
        String visitId = order.get("visitId").asText();
        Sgtin96Encoder socks = new Sgtin96Encoder().encode("04012345000122", 7, 1, 990_001L);
        String epc = Epc.hex96(socks.hi(), socks.lo());
        String alertId = "AMBIGUOUS:" + epc + ":dashboard-it";
        publishAlert(new AlertRaised("store-1", alertId, AlertType.AMBIGUOUS, epc,
                List.of(visitId, "v-someone-else"), System.currentTimeMillis()));
        browser.findElement(By.id("staff-name")).sendKeys("Lin");
        signIn(StoreFixture.STAFF_KEY);

        new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(
                By.xpath("//tr[@data-alert-id='" + alertId + "']//button[starts-with(., 'Charge " 
                        + visitId.substring(0, 10) + "')]")));
        screenshot("dashboard-alerts.png");
        click(By.xpath("//tr[@data-alert-id='" + alertId + "']//button[starts-with(., 'Charge "
                + visitId.substring(0, 10) + "')]"));

        await().atMost(WAIT).until(() -> lineEpcs(visitId).contains(epc));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.xpath("//tr[@data-alert-id='" + alertId + "']"), "by Lin"));

        click(By.xpath("//tr[@data-order-id='" + order.get("orderId").asText() + "']"));
        click(By.xpath("//table[@id='order-lines']//tr[td[text()='" + epc + "']]//button[text()='Refund']"));

        await().atMost(WAIT).until(() -> orders().findValuesAsText("status").stream()
                .anyMatch("PARTIALLY_REFUNDED"::equals));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.xpath(
                "//table[@id='order-lines']//tr[td[text()='" + epc + "']]"), "refunded"));
    }

    @Test
    @Order(4)
    void shouldEndSessionOnSignOut() {
        signIn(StoreFixture.STAFF_KEY);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("logout")))
                .click();

        new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        browser.navigate().refresh();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        assertThat(browser.findElement(By.id("views")).isDisplayed()).isFalse();
    }

    private void publishAlert(AlertRaised alert) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, store.app.kafkaBootstrap());
        try (KafkaProducer<String, AlertRaised> producer = new KafkaProducer<>(props,
                Topics.ALERTS.keySerde().serializer(), Topics.ALERTS.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.ALERTS.name(), alert.storeId(), alert)).get();
        }
    }

    private JsonNode orders() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        store.app.url().resolve("api/orders"))
                .header("Authorization", "Bearer " + StoreFixture.STAFF_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(response.body());
    }

    private List<String> lineEpcs(String visitId) throws Exception {
        List<String> epcs = new java.util.ArrayList<>();
        for (JsonNode order : orders()) {
            if (order.get("visitId").asText().equals(visitId)) {
                order.get("lines").forEach(line -> epcs.add(line.get("epc").asText()));
            }
        }
        return epcs;
    }

    /** Clicks what {@code by} finds, finding it again when the live page re-rendered it in between. */
    private void click(By by) {
        new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(driver -> {
            WebElement element = ExpectedConditions.elementToBeClickable(by).apply(driver);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
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
