package io.backfill.testsupport.quarkus;

import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Quarkus test resource that points an application at the JVM-wide real broker and registry.
 * Topics named in the {@code topics} init argument (comma-separated, {@code name} or
 * {@code name:partitions}) are created first, because Kafka Streams waits for its input topics.
 */
public final class KafkaAndRegistryTestResource implements QuarkusTestResourceLifecycleManager {

    private List<String> topics = List.of();

    @Override
    public void init(Map<String, String> initArgs) {
        String names = initArgs.getOrDefault("topics", "");
        topics = names.isBlank() ? List.of() : List.of(names.split(","));
    }

    @Override
    public Map<String, String> start() {
        KafkaBroker kafka = KafkaBroker.shared();
        SchemaRegistry registry = SchemaRegistry.shared();
        for (String topic : topics) {
            String[] parts = topic.trim().split(":");
            kafka.createTopic(parts[0], parts.length > 1 ? Integer.parseInt(parts[1]) : 1, false);
        }
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("backfill.registry.url", registry.apicurioApiUrl());
        config.put("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", registry.apicurioApiUrl());
        return config;
    }

    @Override
    public void stop() {
        // Broker and registry are shared by every test of this JVM and stop when it exits.
    }
}
