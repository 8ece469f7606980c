package walkout.store.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker (broker and controller in one) running inside this JVM on 127.0.0.1, for a store that
 * has no Kafka cluster of its own. Its log lives under {@code <dataDir>/kafka}; the storage is formatted once (the
 * cluster id is kept beside it) and reused across restarts, so nothing relayed is lost when the store restarts.
 *
 * <p>Not thread-safe: start and stop it from one thread.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = "127.0.0.1";

    private final Path dataDir;
    private KafkaRaftServer server;
    private String bootstrapServers;

    public EmbeddedKafka(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Formats the log dir if it is new, then starts the broker on free ports. Returns the bootstrap servers. */
    public String start() {
        Path logDir = dataDir.resolve("kafka");
        try {
            Files.createDirectories(logDir);
            int[] ports = freePorts(2);
            int brokerPort = ports[0];
            int controllerPort = ports[1];
            Properties props = brokerProperties(logDir, brokerPort, controllerPort);
            format(logDir, props);
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            bootstrapServers = HOST + ":" + brokerPort;
            LOG.info("embedded Kafka broker up at {} (log dir {})", bootstrapServers, logDir);
            return bootstrapServers;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded Kafka log dir " + logDir, e);
        }
    }

    public String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("the embedded broker is not started");
        }
        return bootstrapServers;
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            LOG.info("embedded Kafka broker stopped");
        }
    }

    static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        // One node: every internal topic has one replica and needs one in sync.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    /** Formats the storage once: the cluster id is kept beside the log dir; {@code --ignore-formatted} on reuse. */
    private void format(Path logDir, Properties props) throws IOException {
        Path clusterIdFile = dataDir.resolve("kafka-cluster-id");
        String clusterId;
        if (Files.exists(clusterIdFile)) {
            clusterId = Files.readString(clusterIdFile, StandardCharsets.UTF_8).trim();
        } else {
            clusterId = Uuid.randomUuid().toString();
            Files.writeString(clusterIdFile, clusterId, StandardCharsets.UTF_8);
        }
        Path propsFile = dataDir.resolve("kafka-format.properties");
        try (OutputStream out = Files.newOutputStream(propsFile)) {
            props.store(out, "written by Walkout to format the embedded broker's storage");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", propsFile.toString(),
                "--ignore-formatted"}, print);
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting the embedded Kafka storage in " + logDir + " failed (exit "
                    + rc + "): " + output.toString(StandardCharsets.UTF_8).trim());
        }
        LOG.debug("kafka storage format: {}", output.toString(StandardCharsets.UTF_8).trim());
    }

    /**
     * Picks {@code count} distinct free ports on {@code HOST}: every socket stays open until all are chosen, so the
     * kernel cannot hand the same port out twice (two ports picked one after the other can collide).
     */
    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }
}
