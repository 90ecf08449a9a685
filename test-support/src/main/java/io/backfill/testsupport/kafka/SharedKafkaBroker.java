package io.backfill.testsupport.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Holds the one broker of this JVM: external if configured, else in-process, closed at JVM exit. */
final class SharedKafkaBroker {

    private static final Logger LOG = LoggerFactory.getLogger(SharedKafkaBroker.class);

    private static KafkaBroker instance;

    private SharedKafkaBroker() {}

    static synchronized KafkaBroker get() {
        if (instance == null) {
            String external = System.getenv(KafkaBroker.EXTERNAL_BOOTSTRAP_ENV);
            if (external != null && !external.isBlank()) {
                LOG.info("Using external Kafka broker at {}", external);
                instance = () -> external;
            } else {
                InProcessKafkaBroker broker = InProcessKafkaBroker.start();
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "stop-in-process-kafka"));
                instance = broker;
            }
        }
        return instance;
    }
}
