package walkout.events.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import walkout.events.topic.Topic;
import walkout.events.topic.Topics;

/**
 * A single-node KRaft broker in the test's JVM on 127.0.0.1, for the modules' integration tests (shared through
 * the events test-jar; the store has its own {@code EmbeddedKafka} for production use). Ports are chosen once, so
 * {@link #stop()} then {@link #start()} brings the same broker back with its data, as a broker outage would.
 * Users need {@code kafka_2.13}, {@code kafka-server} and {@code kafka-server-common} on the test classpath.
 */
public final class TestKafka implements AutoCloseable {
    private final Properties props;
    private final String bootstrap;
    private KafkaRaftServer server;

    /** Prepares (formats) a broker under {@code dir}; call {@link #start()}. */
    public TestKafka(Path dir) throws IOException {
        int[] ports = freePorts(2);
        int brokerPort = ports[0];
        int controllerPort = ports[1];
        Path logDir = Files.createDirectories(dir.resolve("kafka-logs"));
        props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        for (String oneNode : List.of("offsets.topic.replication.factor", "offsets.topic.num.partitions",
                "transaction.state.log.replication.factor", "transaction.state.log.min.isr",
                "transaction.state.log.num.partitions", "share.coordinator.state.topic.replication.factor",
                "share.coordinator.state.topic.min.isr", "default.replication.factor", "min.insync.replicas")) {
            props.put(oneNode, "1");
        }
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        format(dir, props);
        bootstrap = "127.0.0.1:" + brokerPort;
    }

    /** Starts (or restarts after {@link #stop()}) the broker. */
    public TestKafka start() {
        if (server == null) {
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
        }
        return this;
    }

    /** Stops the broker, keeping its data and ports for {@link #start()}. */
    public void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** Creates every topic in {@link Topics}, one partition each. */
    public TestKafka createTopics() throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(Topics.all().stream().map(Topic::name)
                    .map(name -> new NewTopic(name, 1, (short) 1)).toList()).all().get();
        }
        return this;
    }

    @Override
    public void close() {
        stop();
    }

    private static void format(Path dir, Properties props) throws IOException {
        Path propsFile = dir.resolve("broker.properties");
        try (OutputStream out = Files.newOutputStream(propsFile)) {
            props.store(out, "test broker");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                propsFile.toString(), "--ignore-formatted"}, print);
        }
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * Picks {@code count} distinct free ports on the loopback address: every socket stays open until all are chosen,
     * so the kernel cannot hand the same port out twice (two ports picked one after the other can collide).
     */
    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
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
