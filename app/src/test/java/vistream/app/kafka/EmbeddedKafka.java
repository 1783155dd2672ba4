package vistream.app.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * Kafka's own KRaft server (one node, broker and controller) in this JVM, on 127.0.0.1, with its
 * logs in a temporary directory: a real broker for the tests, without Docker.
 */
final class EmbeddedKafka implements AutoCloseable {

    private final Path directory;
    private final Properties config;
    private final String bootstrap;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path directory, Properties config, KafkaRaftServer server, String bootstrap) {
        this.directory = directory;
        this.config = config;
        this.server = server;
        this.bootstrap = bootstrap;
    }

    /** Formats a log directory and starts the server on two free ports. */
    static EmbeddedKafka start() throws IOException {
        Path directory = Files.createTempDirectory("vistream-kafka");
        int brokerPort = freePort();
        int controllerPort = freePort();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", directory.resolve("logs").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // A killed consumer's session ends after the client's session.timeout.ms, at least this.
        p.put("group.min.session.timeout.ms", "1000");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        Path config = directory.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, null);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
            config.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalStateException("kafka-storage format failed: " + out.toString(StandardCharsets.UTF_8));
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(p), Time.SYSTEM);
        server.startup();
        return new EmbeddedKafka(directory, p, server, "127.0.0.1:" + brokerPort);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** host:port of the broker's listener. */
    String bootstrap() {
        return bootstrap;
    }

    /** Creates a topic with the given partitions (replication 1), and waits until each has its leader. */
    void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!hasLeaders(admin, name)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + name + " has no leader after 30 s");
                }
                Thread.sleep(50);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
    }

    /** Whether every partition of the topic has a leader; false while the broker does not know the topic yet. */
    static boolean hasLeaders(Admin admin, String name) throws InterruptedException {
        try {
            return admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions().stream()
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                return false;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Shuts the server down, keeping its logs: an outage, until {@link #restart()}. */
    synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts the server again on the same ports and logs, after {@link #stop()}. */
    synchronized void restart() {
        if (server == null) {
            server = new KafkaRaftServer(new KafkaConfig(config), Time.SYSTEM);
            server.startup();
        }
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
