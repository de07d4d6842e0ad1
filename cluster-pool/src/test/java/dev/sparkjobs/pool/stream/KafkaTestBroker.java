package dev.sparkjobs.pool.stream;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;

/**
 * One in-process KRaft Kafka broker per test JVM (started on first use, about 6 s), on loopback.
 *
 * <p>A test class that uses it carries {@code @ExtendWith(KafkaTestBroker.StopAfterAllTests.class)},
 * so the broker stops when the whole test run ends, before the JVM's shutdown hooks run. Stopping it
 * from a shutdown hook raced with Kafka's own hooks, which delete the broker's log directories: a
 * broker that sees all its log directories gone halts the JVM with exit code 1, and Surefire then
 * fails the module although every test passed.
 */
public final class KafkaTestBroker
{
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaTestBroker.class);

    private static KafkaClusterTestKit cluster;
    private static boolean stopRegistered;

    private KafkaTestBroker() {}

    /** Stops the broker, if it started, at the end of the test run (closing JUnit's root store). */
    public static final class StopAfterAllTests
            implements BeforeAllCallback
    {
        @Override
        public void beforeAll(ExtensionContext context)
        {
            context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("stop", key -> {
                synchronized (KafkaTestBroker.class) {
                    stopRegistered = true;
                }
                return (ExtensionContext.Store.CloseableResource) KafkaTestBroker::stop;
            }, ExtensionContext.Store.CloseableResource.class);
        }
    }

    private static synchronized void stop()
            throws Exception
    {
        // A later test run in this JVM (another launcher session) registers its own stop.
        stopRegistered = false;
        if (cluster != null) {
            KafkaClusterTestKit running = cluster;
            cluster = null;
            running.close();
        }
    }

    public static synchronized String bootstrapServers()
    {
        if (!stopRegistered) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(KafkaTestBroker.StopAfterAllTests.class)");
        }
        if (cluster == null) {
            try {
                KafkaClusterTestKit started = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .build();
                started.format();
                started.startup();
                started.waitForReadyBrokers();
                cluster = started;
            }
            catch (Exception e) {
                throw new IllegalStateException("the test Kafka broker did not start", e);
            }
        }
        return cluster.bootstrapServers();
    }

    public static void createTopic(String topic, int partitions)
            throws ExecutionException, InterruptedException
    {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /** Sends key/value records and waits until the broker has them all. */
    public static void send(String topic, List<Map.Entry<String, String>> records)
            throws ExecutionException, InterruptedException
    {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (Map.Entry<String, String> record : records) {
                producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue())).get();
            }
        }
    }
}
