package walkout.store.kafka;

import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Kafka cluster answers, checked in the background every few seconds so that {@code GET /health}
 * never waits on the network.
 */
public final class KafkaHealth implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaHealth.class);
    private static final long CHECK_EVERY_MS = 5_000;

    private final Admin admin;
    private final ScheduledExecutorService checker;
    private volatile boolean up = true;

    public KafkaHealth(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        admin = Admin.create(props);
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "walkout-kafka-health");
            t.setDaemon(true);
            return t;
        });
        checker.scheduleWithFixedDelay(this::check, CHECK_EVERY_MS, CHECK_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    public boolean up() {
        return up;
    }

    private void check() {
        try {
            admin.describeCluster().nodes().get(4, TimeUnit.SECONDS);
            if (!up) {
                LOG.info("Kafka answers again");
            }
            up = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (up) {
                LOG.warn("Kafka does not answer: {}", e.toString());
            }
            up = false;
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
        admin.close();
    }
}
