package io.sharedfs.testsupport;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.jboss.logging.Logger;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) inside the test JVM,
 * from Kafka's own test kit; started once per JVM and shared by every test that needs it.
 */
public final class EmbeddedKafka {

    private static final Logger LOG = Logger.getLogger(EmbeddedKafka.class);
    private static KafkaClusterTestKit cluster;

    private EmbeddedKafka() {
    }

    /** Starts the broker on first use; returns its bootstrap servers. */
    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            cluster = start();
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedKafka::stop, "embedded-kafka-stop"));
        }
        return cluster.bootstrapServers();
    }

    private static KafkaClusterTestKit start() {
        // Kafka calls exit or halt on some fatal paths (slow shutdowns on a loaded machine among
        // them); inside the test JVM that would end the test run with a failing exit code.
        Exit.setExitProcedure((code, message) -> LOG.warnf("Kafka asked to exit (%d): %s", code, message));
        Exit.setHaltProcedure((code, message) -> LOG.warnf("Kafka asked to halt (%d): %s", code, message));
        try {
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "5")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return kit;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker", e);
        }
    }

    private static synchronized void stop() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                // The JVM is exiting; a broker that does not close cleanly loses nothing we need.
            }
            cluster = null;
        }
    }
}
