package walkout.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import walkout.events.BasketClosed;
import walkout.events.BasketLine;
import walkout.events.Epc;
import walkout.events.PortalSide;
import walkout.events.TagSeen;
import walkout.events.codec.Json;
import walkout.events.codec.Sgtin96Encoder;
import walkout.events.topic.Topic;
import walkout.events.topic.Topics;
import walkout.store.sim.SimReport;
import walkout.store.sim.StoreSimulator;

/**
 * The whole store in-process on the embedded broker, driven by the simulator over real LLRP/TCP and the real
 * device API: every shopper must be charged for exactly what they took.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreIT {
    private static final String STAFF_KEY = StoreFixture.STAFF_KEY;

    private StoreFixture store;
    private StoreSimulator sim;
    private StoreApp app;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startStore(@TempDir Path dataDir) {
        store = new StoreFixture(dataDir, 3, 30_000, 7L);
        sim = store.sim;
        app = store.app;
    }

    @AfterAll
    void stopStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void shouldChargeEveryShopperExactlyForWhatTheyTook() {
        await().atMost(Duration.ofSeconds(30)).until(store::readersConnected);

        sim.runShoppers(app.url(), STAFF_KEY, line -> { }).join();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> sim.report(app.url(), STAFF_KEY).allSettled());
        SimReport report = sim.report(app.url(), STAFF_KEY);
        assertThat(report.perfect()).as(report.render()).isTrue();
    }

    @Test
    void shouldReportUpWithReaderStatesOnHealth() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> get("health", null).statusCode() == 200);

        var body = Json.MAPPER.readTree(get("health", null).body());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.get("readers").has("r-exit")).isTrue();
    }

    @Test
    void shouldServePrometheusMetrics() throws Exception {
        HttpResponse<String> metrics = get("metrics", null);

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("walkout_");
    }

    @Test
    void shouldRefuseStaffApiWithoutTheKey() throws Exception {
        HttpResponse<String> missing = get("api/orders", null);
        HttpResponse<String> wrong = get("api/orders", "not-the-key");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(missing.body()).contains("\"error\"");
        assertThat(get("api/orders", STAFF_KEY).statusCode()).isEqualTo(200);
        assertThat(get("api/alerts", STAFF_KEY).statusCode()).isEqualTo(200);
        assertThat(get("api/inventory", STAFF_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswerBadDeviceBodyWith400NamingField() throws Exception {
        HttpResponse<String> register = http.send(HttpRequest.newBuilder(app.url().resolve("api/customers"))
                .header("Authorization", "Bearer " + STAFF_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(register.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(register.body()).get("error").asText()).startsWith("paymentMethod");
    }

    @Test
    void shouldPutARefundedItemBackInStockWhenAShelfReadsIt() throws Exception {
        String apples = "04012345000016";
        Sgtin96Encoder encoder = new Sgtin96Encoder().encode(apples, 7, 1, 9_000_001L);
        String epc = Epc.hex96(encoder.hi(), encoder.lo());
        String store = app.layout().store();
        HttpResponse<String> registered = post("api/customers",
                "{\"name\":\"Rita\",\"paymentMethod\":\"pm_card_visa\"}");
        assertThat(registered.statusCode()).isEqualTo(201);
        String customerId = Json.MAPPER.readTree(registered.body()).get("customerId").asText();
        long nowMillis = System.currentTimeMillis();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.kafkaBootstrap());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer());
             Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     app.kafkaBootstrap()))) {
            long soldBefore = endOffset(admin, Topics.ITEMS_SOLD.name());
            // Tracking's part is tested on its own; here the basket goes straight to billing.
            send(producer, Topics.BASKETS, store, new BasketClosed(store, "v-refund-it", customerId,
                    nowMillis - 60_000, nowMillis - 5_000, nowMillis, List.of(new BasketLine(epc, nowMillis - 5_000,
                            null))));
            String orderId = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> chargedOrderOf("v-refund-it"), id -> id != null);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                long end = endOffset(admin, Topics.ITEMS_SOLD.name());
                return end > soldBefore && trackingCommitted(admin, store, Topics.ITEMS_SOLD.name()) >= end;
            });
            long before = inventoryCount(apples, "A3");
            long readOffset = shelfRead(producer, store, epc);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> trackingCommitted(admin, store, Topics.TAG_READS.name()) > readOffset);
            assertThat(inventoryCount(apples, "A3")).as("a sold item read on a shelf is not stock").isEqualTo(before);

            HttpResponse<String> refund = post("api/orders/" + orderId + "/refunds",
                    "{\"epcs\":[\"" + epc + "\"],\"by\":\"it\"}");

            assertThat(refund.statusCode()).as(refund.body()).isEqualTo(201);
            // The shelf keeps reading it: once tracking has taken the return in, the next read counts it there.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                shelfRead(producer, store, epc);
                return inventoryCount(apples, "A3") == before + 1;
            });
        }
    }

    /** A strong read of the item by a shelf antenna of A3; returns its offset on the (one-partition) topic. */
    private static long shelfRead(KafkaProducer<String, byte[]> producer, String store, String epc) throws Exception {
        long atMicros = System.currentTimeMillis() * 1000;
        return send(producer, Topics.TAG_READS, store, new TagSeen(store, "it-shelf:" + atMicros, "r-a3", 1, "A3",
                PortalSide.NONE, epc, atMicros, atMicros, -4000, 1));
    }

    private static long endOffset(Admin admin, String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
    }

    /** The next offset the store's tracking application will process on the topic (it committed the rest). */
    private static long trackingCommitted(Admin admin, String store, String topic) throws Exception {
        OffsetAndMetadata committed = admin.listConsumerGroupOffsets("walkout-tracking-" + store)
                .partitionsToOffsetAndMetadata().get().get(new TopicPartition(topic, 0));
        return committed == null ? -1 : committed.offset();
    }

    private static <V> long send(KafkaProducer<String, byte[]> producer, Topic<V> topic, String key, V value)
            throws Exception {
        return producer.send(new ProducerRecord<>(topic.name(), key,
                topic.valueSerde().serializer().serialize(topic.name(), value))).get().offset();
    }

    private String chargedOrderOf(String visitId) throws Exception {
        for (JsonNode order : Json.MAPPER.readTree(get("api/orders", STAFF_KEY).body())) {
            if (visitId.equals(order.get("visitId").asText()) && "CHARGED".equals(order.get("status").asText())) {
                return order.get("orderId").asText();
            }
        }
        return null;
    }

    private long inventoryCount(String gtin, String zone) throws Exception {
        long count = 0;
        for (JsonNode row : Json.MAPPER.readTree(get("api/inventory", STAFF_KEY).body())) {
            if (gtin.equals(row.get("gtin").asText()) && zone.equals(row.get("zone").asText())) {
                count += row.get("count").asLong();
            }
        }
        return count;
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.url() + path))
                .header("Authorization", "Bearer " + STAFF_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeEpcisDocumentOfItemsStockedWhenStaffAsks() throws Exception {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> get("api/epcis/events?limit=2", STAFF_KEY).headers().firstValue("Link").isPresent());

        HttpResponse<String> page = get("api/epcis/events?since=2000-01-01T00:00:00Z&limit=2", STAFF_KEY);
        var document = Json.MAPPER.readTree(page.body());
        var events = document.get("epcisBody").get("eventList");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("application/ld+json");
        assertThat(document.get("type").asText()).isEqualTo("EPCISDocument");
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("bizStep").asText()).isEqualTo("stocking");
        assertThat(events.get(0).get("epcList").get(0).asText()).startsWith("urn:epc:id:sgtin:");
        assertThat(page.headers().firstValue("Link")).hasValueSatisfying(link -> assertThat(link)
                .startsWith("</api/epcis/events?since=946684800000&limit=2&nextPageToken=").endsWith("rel=\"next\""));
        assertThat(get("api/epcis/events", null).statusCode()).isEqualTo(401);
        HttpResponse<String> bad = get("api/epcis/events?since=yesterday", STAFF_KEY);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(bad.body()).get("error").asText()).startsWith("since:");
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.url() + path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
