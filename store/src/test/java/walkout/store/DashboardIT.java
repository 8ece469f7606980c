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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Stream;
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
import org.openqa.selenium.Dimension;
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
import walkout.events.codec.Sgtin96Encoder;
import walkout.events.topic.Topics;
import walkout.store.http.HttpRoutes;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver, which the build installs
 * when missing: see .ci/test-services) against the whole store with the simulator. Screenshots of the main
 * views (1280x800, and the overview at tablet size 820x1180) go to docs/screenshots/ for the README.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    private static final Path SCREENSHOTS = Path.of("..", "docs", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final Dimension DESKTOP = new Dimension(1280, 800);
    private static final Dimension TABLET = new Dimension(820, 1180);

    private StoreFixture store;
    private ChromeDriver browser;
    private Path downloads;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        store = new StoreFixture(dataDir, 2, 20_000, 3L);
        downloads = dataDir.resolve("downloads");
        ChromeOptions options = new ChromeOptions()
                .setBinary("/usr/bin/chromium")
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,800");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath()
                .toString(), "download.prompt_for_download", false));
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
        browser.manage().window().setSize(DESKTOP);
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
    void shouldShowShoppersOnTheMapThenTheirChargedOrderWithEvidence() throws IOException {
        signIn(StoreFixture.STAFF_KEY);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBe(By.id("store-status"), "store UP"));
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isFalse();
        Cookie session = browser.manage().getCookieNamed(HttpRoutes.SESSION_COOKIE);
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        await().atMost(WAIT).until(store::readersConnected);
        tab("map");

        CompletableFuture<?> shopping = store.sim.runShoppers(store.app.url(), StoreFixture.STAFF_KEY, line -> { });
        new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(driver ->
                driver.findElements(By.cssSelector("#map .zone .shoppers")).stream()
                        .anyMatch(count -> Integer.parseInt(count.getText()) > 0));
        screenshot("dashboard-map.png");
        shopping.join();

        tab("overview");
        awaitText(By.id("tile-exits"), text -> !"0".equals(text) && !"-".equals(text));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#feed li .kind.charge")));
        screenshot("dashboard-overview.png");

        tab("orders");
        String orderRow = awaitText(By.cssSelector("#orders tbody tr"), text -> !text.isBlank());
        assertThat(orderRow).contains("CHARGED");
        click(By.cssSelector("#orders tbody tr"));
        String firstLine = awaitText(By.cssSelector("#order-lines tbody tr"), text -> !text.isBlank());
        assertThat(firstLine).contains("reads").contains("margin");
        screenshot("dashboard-orders.png");
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
        tab("alerts");

        By charge = By.xpath("//tr[@data-alert-id='" + alertId + "']//button[starts-with(., 'Charge "
                + visitId.substring(0, 10) + "')]");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(charge));
        screenshot("dashboard-alerts.png");
        click(charge);

        await().atMost(WAIT).until(() -> lineEpcs(visitId).contains(epc));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.xpath("//tr[@data-alert-id='" + alertId + "']"), "by Lin"));

        tab("orders");
        click(By.xpath("//tr[@data-order-id='" + order.get("orderId").asText() + "']"));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("order-lines"), epc));
        click(By.xpath("//table[@id='order-lines']//tr[td[text()='" + epc + "']]//button[text()='Refund']"));

        await().atMost(WAIT).until(() -> orders().findValuesAsText("status").stream()
                .anyMatch("PARTIALLY_REFUNDED"::equals));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.xpath(
                "//table[@id='order-lines']//tr[td[text()='" + epc + "']]"), "refunded"));
    }

    @Test
    @Order(4)
    void shouldFindAnOrderBySearchingOneOfItsEpcs() {
        // more than one order, so the search must narrow: the walkout's other baskets may still be closing
        JsonNode all = await().atMost(WAIT).until(this::orders, orders -> orders.size() > 1);
        JsonNode target = null;
        for (JsonNode order : all) {
            if (order.get("lines").size() > 0) {
                target = order;
            }
        }
        assertThat(target).as("a shopper took something").isNotNull();
        String orderId = target.get("orderId").asText();
        String epc = target.get("lines").get(0).get("epc").asText();
        signIn(StoreFixture.STAFF_KEY);
        tab("orders");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.numberOfElementsToBeMoreThan(
                By.cssSelector("#orders tbody tr"), 1));

        browser.findElement(By.id("search-epc")).sendKeys(epc.toLowerCase(java.util.Locale.ROOT));
        browser.findElement(By.id("search-go")).click();

        new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(driver -> {
            List<WebElement> rows = driver.findElements(By.cssSelector("#orders tbody tr"));
            return rows.size() == 1 && orderId.equals(rows.get(0).getAttribute("data-order-id"));
        });
    }

    @Test
    @Order(5)
    void shouldHighlightLowStockAndDownloadTheReplenishmentCsv() throws Exception {
        JsonNode row = store.staffJson("api/inventory").get(0);
        String gtin = row.get("gtin").asText();
        int threshold = (int) row.get("floorCount").asLong() + 5;
        store.setLowStock(gtin, threshold);
        signIn(StoreFixture.STAFF_KEY);
        tab("inventory");

        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#inventory tbody tr.low[data-gtin='" + gtin + "']")));
        screenshot("dashboard-inventory.png");
        browser.findElement(By.id("inv-search")).sendKeys(gtin);
        new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(driver ->
                driver.findElements(By.cssSelector("#inventory tbody tr")).stream()
                        .allMatch(tr -> gtin.equals(tr.getAttribute("data-gtin"))));
        // The level is tracking's: wait until its next check put the product on the list, then download.
        await().atMost(WAIT).until(() -> store.staffCall("GET", "api/replenishment.csv", null).body()
                .contains(gtin + ","));
        click(By.id("replenishment-link"));

        Path csv = await().atMost(WAIT).until(() -> downloadedCsv(), file -> file != null);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("gtin,name,floor_count,threshold,reorder_quantity");
        assertThat(lines).anyMatch(line -> line.startsWith(gtin + ",") && line.contains("," + threshold + ","));
    }

    @Test
    @Order(6)
    void shouldFitATabletScreen() throws IOException {
        browser.manage().window().setSize(TABLET);
        signIn(StoreFixture.STAFF_KEY);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBe(By.id("store-status"), "store UP"));
        awaitText(By.id("tile-exits"), text -> !"-".equals(text));

        Long overflow = (Long) browser.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow).as("no sideways scrolling on a tablet").isLessThanOrEqualTo(0L);
        screenshot("dashboard-tablet.png");
    }

    @Test
    @Order(7)
    void shouldEndSessionOnSignOut() {
        signIn(StoreFixture.STAFF_KEY);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("logout")))
                .click();

        new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        browser.navigate().refresh();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        assertThat(browser.findElement(By.id("views")).isDisplayed()).isFalse();
    }

    /** The finished replenishment download, or null while there is none (Chromium writes a .crdownload first). */
    private Path downloadedCsv() throws IOException {
        if (!Files.isDirectory(downloads)) {
            return null;
        }
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(f -> f.getFileName().toString().startsWith("replenishment-")
                    && f.getFileName().toString().endsWith(".csv")).findFirst().orElse(null);
        }
    }

    private void tab(String view) {
        click(By.cssSelector("#nav .tab[data-view='" + view + "']"));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("view-" + view)));
    }

    private void publishAlert(AlertRaised alert) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, store.app.kafkaBootstrap());
        try (KafkaProducer<String, AlertRaised> producer = new KafkaProducer<>(props,
                Topics.ALERTS.keySerde().serializer(), Topics.ALERTS.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.ALERTS.name(), alert.storeId(), alert)).get();
        }
    }

    private JsonNode orders() {
        return store.staffJson("api/orders");
    }

    private List<String> lineEpcs(String visitId) {
        List<String> epcs = new java.util.ArrayList<>();
        for (JsonNode order : orders()) {
            if (order.get("visitId").asText().equals(visitId)) {
                order.get("lines").forEach(line -> epcs.add(line.get("epc").asText()));
            }
        }
        return epcs;
    }

    /**
     * The text of the first element {@code by} finds once it satisfies {@code expected}, finding the element again
     * when the live page re-rendered it in between.
     */
    private String awaitText(By by, Predicate<String> expected) {
        return new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(driver -> {
            List<WebElement> found = driver.findElements(by);
            if (found.isEmpty()) {
                return null;
            }
            String text = found.get(0).getText();
            return expected.test(text) ? text : null;
        });
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
