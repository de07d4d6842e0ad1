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
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;

/** One in-process KRaft Kafka broker per test JVM (started on first use, about 6 s), on loopback. */
public final class KafkaTestBroker
{
    private static KafkaClusterTestKit cluster;

    private KafkaTestBroker() {}

    public static synchronized String bootstrapServers()
    {
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
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    }
                    catch (Exception ignored) {
                        // the JVM is going away
                    }
                }));
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
