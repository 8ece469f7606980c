package walkout.tracking;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import walkout.events.codec.JsonSerde;
import walkout.events.topic.Topic;
import walkout.events.topic.Topics;
import walkout.events.EpcisObjectEvent;
import walkout.tracking.epcis.EpcisLog;
import walkout.tracking.exit.ClockState;
import walkout.tracking.exit.ExitDecisionProcessor;
import walkout.tracking.inventory.FloorCount;
import walkout.tracking.inventory.InventoryLedger;
import walkout.tracking.item.ItemReturnedProcessor;
import walkout.tracking.inventory.StockLevel;
import walkout.tracking.inventory.StockLevelProcessor;
import walkout.tracking.item.ItemSoldProcessor;
import walkout.tracking.item.ItemState;
import walkout.tracking.item.PendingExit;
import walkout.tracking.item.PortalPass;
import walkout.tracking.item.SeenRecords;
import walkout.tracking.item.TagReadProcessor;
import walkout.tracking.visit.ShopperEventProcessor;
import walkout.tracking.visit.Visit;

/**
 * The tracking topology (Processor API). All inputs are keyed by store id and co-partitioned, so one task sees a
 * store's reads, shopper events and sales, and its processors share the stores below:
 *
 * <pre>
 * tag-reads ──────> tag-read-processor ─────┐
 * shopper-events ─> shopper-event-processor ┼─> exit-decision-processor ─┬─> baskets
 * items-sold ─────> item-sold-processor ────┘   (punctuation only)       └─> alerts
 * items-returned ─> item-returned-processor
 *                     (tag-read, item-sold) ──> stock-level-processor ───> stock-levels
 *                                               (punctuation only)
 *   tag-read, item-sold and exit-decision processors also ──> epcis-events (EPCIS 2.0 ObjectEvents)
 *
 * store                      written by                                   read by
 * items                      tag-read, item-sold, item-returned, exit-dec. the same
 * portal passes              tag-read, exit-decision (ends passes)          the same
 * pending exits              tag-read, item-sold, exit-decision (new exit)  exit-decision
 * visits, open-visit index   shopper-event, exit-decision, tag-read       the same
 * inventory                  tag-read, item-sold, exit-decision           stock-level, interactive queries
 * stock levels               stock-level                                  interactive queries
 * clock                      exit-decision                                exit-decision
 * epcis events (time-keyed)  tag-read, item-sold, exit-decision (prune)   interactive queries
 * seen records (window)      tag-read (drops re-sent reads)               tag-read
 * </pre>
 * Every node and store is named by a constant here so changelog topics keep their names as the code changes.
 */
public final class TrackingTopology {
    public static final String TAG_READS_SOURCE = "tag-reads-source";
    public static final String SHOPPER_EVENTS_SOURCE = "shopper-events-source";
    public static final String ITEMS_SOLD_SOURCE = "items-sold-source";
    public static final String ITEMS_RETURNED_SOURCE = "items-returned-source";
    public static final String TAG_READ_PROCESSOR = "tag-read-processor";
    public static final String SHOPPER_EVENT_PROCESSOR = "shopper-event-processor";
    public static final String ITEM_SOLD_PROCESSOR = "item-sold-processor";
    public static final String ITEM_RETURNED_PROCESSOR = "item-returned-processor";
    public static final String EXIT_DECISION_PROCESSOR = "exit-decision-processor";
    public static final String STOCK_LEVEL_PROCESSOR = "stock-level-processor";
    public static final String STOCK_LEVELS_SINK = StockLevelProcessor.SINK;
    public static final String BASKETS_SINK = ExitDecisionProcessor.BASKETS_SINK;
    public static final String ALERTS_SINK = ExitDecisionProcessor.ALERTS_SINK;
    public static final String EPCIS_SINK = EpcisLog.SINK;

    /** EPC -> {@link ItemState}. */
    public static final String ITEM_STORE = ItemState.STORE;
    /** EPC -> {@link PortalPass} in progress. */
    public static final String PORTAL_PASS_STORE = PortalPass.STORE;
    /** exit time + EPC -> {@link PendingExit}. */
    public static final String PENDING_EXIT_STORE = PendingExit.STORE;
    /** visit id -> {@link Visit}. */
    public static final String VISIT_STORE = Visit.STORE;
    /** customer id -> open visit id. */
    public static final String OPEN_VISIT_BY_CUSTOMER_STORE = Visit.BY_CUSTOMER_STORE;
    /** store|gtin|zone -> {@link FloorCount}. */
    public static final String INVENTORY_STORE = InventoryLedger.STORE;
    /** store|gtin -> {@link StockLevel}. */
    public static final String STOCK_LEVEL_STORE = StockLevelProcessor.STORE;
    /** event time + event id -> {@link EpcisObjectEvent}, within retention. */
    public static final String EPCIS_STORE = EpcisLog.STORE;
    /** tag-read record id at event time -> event time (window store): reads already applied. */
    public static final String SEEN_RECORDS_STORE = SeenRecords.STORE;
    /** one {@link ClockState} per task. */
    public static final String CLOCK_STORE = ClockState.STORE;

    /** Short so baskets appear promptly: under exactly_once_v2 output is visible only after a commit. */
    static final int COMMIT_INTERVAL_MS = 100;

    private final TrackingConfig config;
    private final TrackingCounters counters;

    public TrackingTopology(TrackingConfig config) {
        this(config, new TrackingCounters());
    }

    /** With the counters the processors count skipped input and decisions into. */
    public TrackingTopology(TrackingConfig config, TrackingCounters counters) {
        this.config = config;
        this.counters = counters;
    }

    public Topology build() {
        Topology topology = new Topology();
        EventTimeExtractor eventTime = new EventTimeExtractor();
        addSource(topology, TAG_READS_SOURCE, eventTime, Topics.TAG_READS);
        addSource(topology, SHOPPER_EVENTS_SOURCE, eventTime, Topics.SHOPPER_EVENTS);
        addSource(topology, ITEMS_SOLD_SOURCE, eventTime, Topics.ITEMS_SOLD);
        addSource(topology, ITEMS_RETURNED_SOURCE, eventTime, Topics.ITEMS_RETURNED);

        topology.addProcessor(TAG_READ_PROCESSOR, () -> new TagReadProcessor(config, counters), TAG_READS_SOURCE);
        topology.addProcessor(SHOPPER_EVENT_PROCESSOR, () -> new ShopperEventProcessor(config, counters),
                SHOPPER_EVENTS_SOURCE);
        topology.addProcessor(ITEM_SOLD_PROCESSOR, () -> new ItemSoldProcessor(config.exitZone(), counters),
                ITEMS_SOLD_SOURCE);
        topology.addProcessor(ITEM_RETURNED_PROCESSOR, () -> new ItemReturnedProcessor(counters),
                ITEMS_RETURNED_SOURCE);
        topology.addProcessor(EXIT_DECISION_PROCESSOR, () -> new ExitDecisionProcessor(config, counters),
                TAG_READ_PROCESSOR, SHOPPER_EVENT_PROCESSOR, ITEM_SOLD_PROCESSOR);
        topology.addProcessor(STOCK_LEVEL_PROCESSOR, () -> new StockLevelProcessor(config.stockThresholds(),
                config.punctuateEveryMs(), config.quietGuardMs()), TAG_READ_PROCESSOR, ITEM_SOLD_PROCESSOR);

        topology.addStateStore(store(ITEM_STORE, ItemState.class), TAG_READ_PROCESSOR, ITEM_SOLD_PROCESSOR,
                ITEM_RETURNED_PROCESSOR, EXIT_DECISION_PROCESSOR);
        topology.addStateStore(store(PENDING_EXIT_STORE, PendingExit.class), TAG_READ_PROCESSOR,
                ITEM_SOLD_PROCESSOR, EXIT_DECISION_PROCESSOR);
        topology.addStateStore(store(PORTAL_PASS_STORE, PortalPass.class), TAG_READ_PROCESSOR,
                EXIT_DECISION_PROCESSOR);
        topology.addStateStore(store(INVENTORY_STORE, FloorCount.class), TAG_READ_PROCESSOR, ITEM_SOLD_PROCESSOR,
                STOCK_LEVEL_PROCESSOR, EXIT_DECISION_PROCESSOR);
        topology.addStateStore(store(STOCK_LEVEL_STORE, StockLevel.class), STOCK_LEVEL_PROCESSOR);
        topology.addStateStore(store(VISIT_STORE, Visit.class), SHOPPER_EVENT_PROCESSOR, TAG_READ_PROCESSOR,
                EXIT_DECISION_PROCESSOR);
        topology.addStateStore(store(OPEN_VISIT_BY_CUSTOMER_STORE, String.class, Serdes.String()),
                SHOPPER_EVENT_PROCESSOR, EXIT_DECISION_PROCESSOR);
        topology.addStateStore(store(CLOCK_STORE, ClockState.class), EXIT_DECISION_PROCESSOR);
        topology.addStateStore(SeenRecords.storeBuilder(), TAG_READ_PROCESSOR);
        topology.addStateStore(store(EPCIS_STORE, EpcisObjectEvent.class), TAG_READ_PROCESSOR, ITEM_SOLD_PROCESSOR,
                EXIT_DECISION_PROCESSOR);

        topology.addSink(BASKETS_SINK, Topics.BASKETS.name(), Topics.BASKETS.keySerde().serializer(),
                Topics.BASKETS.valueSerde().serializer(), EXIT_DECISION_PROCESSOR);
        topology.addSink(ALERTS_SINK, Topics.ALERTS.name(), Topics.ALERTS.keySerde().serializer(),
                Topics.ALERTS.valueSerde().serializer(), EXIT_DECISION_PROCESSOR);
        topology.addSink(STOCK_LEVELS_SINK, Topics.STOCK_LEVELS.name(), Topics.STOCK_LEVELS.keySerde().serializer(),
                Topics.STOCK_LEVELS.valueSerde().serializer(), STOCK_LEVEL_PROCESSOR);
        topology.addSink(EPCIS_SINK, Topics.EPCIS_EVENTS.name(), Topics.EPCIS_EVENTS.keySerde().serializer(),
                Topics.EPCIS_EVENTS.valueSerde().serializer(), TAG_READ_PROCESSOR, ITEM_SOLD_PROCESSOR,
                EXIT_DECISION_PROCESSOR);
        return topology;
    }

    /**
     * Streams properties for this topology: exactly_once_v2, a short commit interval, state under {@code stateDir},
     * String keys, and the {@link CountingDeserializationHandler}. Callers may add properties (for example
     * {@link CountingDeserializationHandler#COUNTERS_CONFIG}).
     */
    public static Properties streamsProperties(TrackingConfig config, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                CountingDeserializationHandler.class);
        props.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, EventTimeExtractor.class);
        // No global stores here; set only to adopt the 5.0 default now and keep the start-up log clean.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return props;
    }

    private static <V> void addSource(Topology topology, String name, EventTimeExtractor eventTime, Topic<V> topic) {
        // Earliest: a new application must see every read and entry already on the topics.
        topology.addSource(AutoOffsetReset.earliest(), name, eventTime, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer(), topic.name());
    }

    private static <V> StoreBuilder<?> store(String name, Class<V> valueType) {
        return store(name, valueType, new JsonSerde<>(valueType));
    }

    private static <V> StoreBuilder<?> store(String name, Class<V> valueType, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde);
    }
}
