package io.backfill.testsupport.kafka;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One combined broker+controller KRaft node running inside the test JVM on a random port, from
 * Kafka's own test kit (same version as the clients). Ready in a few seconds; {@link #close()}
 * removes its log directories.
 */
public final class InProcessKafkaBroker implements KafkaBroker, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessKafkaBroker.class);

    private final KafkaClusterTestKit cluster;

    private InProcessKafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static InProcessKafkaBroker start() {
        // The broker shares the test JVM: when it hits a fatal error (seen when its log directory goes away
        // while it shuts down at JVM exit) it must not halt the JVM and fail a run whose tests all passed.
        Exit.setHaltProcedure((code, message) -> LOG.warn("In-process broker asked to halt ({}): {}", code, message));
        Exit.setExitProcedure((code, message) -> LOG.warn("In-process broker asked to exit ({}): {}", code, message));
        long started = System.nanoTime();
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    // The test kit's default is an unreleased metadata version that real clients may not speak.
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build();
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            LOG.info(
                    "In-process Kafka broker ready at {} in {} ms",
                    cluster.bootstrapServers(),
                    (System.nanoTime() - started) / 1_000_000);
            return new InProcessKafkaBroker(cluster);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the in-process Kafka broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-process Kafka broker", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("In-process Kafka broker did not close cleanly", e);
        }
    }
}
