package walkout.tracking;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import walkout.events.EpcisObjectEvent;
import walkout.tracking.inventory.FloorCount;
import walkout.tracking.query.EpcisQuery;
import walkout.tracking.inventory.StockLevel;
import walkout.tracking.query.InventoryQuery;
import walkout.tracking.query.StockLevelQuery;
import walkout.tracking.query.VisitQuery;
import walkout.tracking.visit.Visit;

/**
 * Runs the tracking topology as a Kafka Streams application and answers the dashboard's queries from its local
 * stores. {@link #start()} once, then {@link #close()}; queries and {@link #running()} are thread-safe.
 *
 * <p>An exception escaping a stream thread is logged and the thread replaced, up to three times; after that the
 * client shuts down and {@link #running()} turns false, so the store's health check reports it.
 */
public final class TrackingApp implements AutoCloseable {
    static final int MAX_THREAD_REPLACEMENTS = 3;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(TrackingApp.class);

    private final TrackingConfig config;
    private final Path stateDir;
    private final TrackingCounters counters = new TrackingCounters();
    private final AtomicInteger threadReplacements = new AtomicInteger();
    private volatile KafkaStreams streams;

    public TrackingApp(TrackingConfig config, Path stateDir) {
        this.config = config;
        this.stateDir = stateDir;
    }

    public synchronized void start() {
        if (streams != null) {
            throw new IllegalStateException("tracking already started");
        }
        Properties props = TrackingTopology.streamsProperties(config, stateDir);
        props.put(CountingDeserializationHandler.COUNTERS_CONFIG, counters);
        KafkaStreams created = new KafkaStreams(new TrackingTopology(config, counters).build(), props);
        created.setUncaughtExceptionHandler(exception -> {
            if (threadReplacements.incrementAndGet() > MAX_THREAD_REPLACEMENTS) {
                LOG.error("tracking stream thread failed {} times: shutting tracking down", threadReplacements.get(),
                        exception);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            LOG.error("tracking stream thread failed: replacing it", exception);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        created.setStateListener((next, previous) -> LOG.info("tracking {} -> {}", previous, next));
        streams = created;
        created.start();
        LOG.info("tracking started: applicationId={} bootstrap={} exitZone={}", config.applicationId(),
                config.bootstrapServers(), config.exitZone());
    }

    /** True while the Streams client is RUNNING or REBALANCING. */
    public boolean running() {
        KafkaStreams current = streams;
        return current != null && current.state().isRunningOrRebalancing();
    }

    /**
     * Items on the shop floor per product and zone, from this instance's stores. Empty (and logged) while the stores
     * cannot be queried, for example during a rebalance or before start.
     */
    public List<InventoryCount> inventory() {
        return query(TrackingTopology.INVENTORY_STORE, (ReadOnlyKeyValueStore<String, FloorCount> counts) ->
                InventoryQuery.floorCounts(counts));
    }

    /**
     * Each product's floor count (all zones) against its low-stock threshold, for products seen on the floor. Empty
     * (and logged) while the stores cannot be queried.
     */
    public List<StockLevel> stockLevels() {
        return query(TrackingTopology.STOCK_LEVEL_STORE, (ReadOnlyKeyValueStore<String, StockLevel> levels) ->
                StockLevelQuery.levels(levels));
    }

    /** The shoppers in the store now (open visits) and the zone each was last heard in. */
    public List<ShopperPosition> shoppers() {
        return query(TrackingTopology.VISIT_STORE, (ReadOnlyKeyValueStore<String, Visit> visits) ->
                VisitQuery.positions(visits));
    }

    private <V, R> List<R> query(String storeName, Function<ReadOnlyKeyValueStore<String, V>, List<R>> read) {
        KafkaStreams current = streams;
        if (current == null) {
            return List.of();
        }
        try {
            ReadOnlyKeyValueStore<String, V> store = current.store(StoreQueryParameters.fromNameAndType(storeName,
                    QueryableStoreTypes.keyValueStore()));
            return read.apply(store);
        } catch (InvalidStateStoreException e) {
            LOG.warn("{} not queryable now (state {}): {}", storeName, current.state(), e.getMessage());
            return List.of();
        }
    }

    /**
     * A page of the EPCIS events this instance keeps (see {@link EpcisQuery#page}), oldest first.
     *
     * @throws InvalidStateStoreException while the store cannot be queried (before start, during a rebalance)
     */
    public EpcisQuery.EpcisPage epcisEvents(long sinceMillis, String after, int limit) {
        KafkaStreams current = streams;
        if (current == null) {
            throw new InvalidStateStoreException("tracking is not running");
        }
        ReadOnlyKeyValueStore<String, EpcisObjectEvent> events = current.store(StoreQueryParameters.fromNameAndType(
                TrackingTopology.EPCIS_STORE, QueryableStoreTypes.keyValueStore()));
        return EpcisQuery.page(events, sinceMillis, after, limit);
    }

    /** What tracking skipped and decided so far. */
    public TrackingCounters counters() {
        return counters;
    }

    /** Leaves the consumer group (so a restart does not wait for the session timeout) and waits at most 10 s. */
    @Override
    public synchronized void close() {
        KafkaStreams current = streams;
        if (current == null) {
            return;
        }
        streams = null;
        boolean closed = current.close(CloseOptions
                .groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
        if (!closed) {
            LOG.warn("tracking did not close within {}", CLOSE_TIMEOUT);
        }
    }
}
