package io.backfill.events.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The production topic manifests (deploy/kubernetes/topics.yaml, Strimzi KafkaTopics) declare
 * every topic of {@link Topics} and its dead-letter topic with the same partitions and cleanup
 * policy, so a topic added or resized in code cannot silently miss production.
 */
class DeployedTopicsTest {

    private static final Path MANIFEST = Path.of("..", "deploy", "kubernetes", "topics.yaml");

    @Test
    void manifestDeclaresEveryTopicWithItsPartitionsAndCleanupPolicy() throws IOException {
        Map<String, Map<String, Object>> deployed = deployedTopics();

        for (Topic<?> topic : Topics.ALL) {
            assertThat(deployed).as("KafkaTopic for %s", topic.name()).containsKey(topic.name());
            Map<String, Object> spec = deployed.get(topic.name());
            assertThat(spec.get("partitions"))
                    .as("partitions of %s", topic.name())
                    .isEqualTo(topic.partitions());
            assertThat(config(spec).get("cleanup.policy"))
                    .as("cleanup.policy of %s", topic.name())
                    .isEqualTo(topic.compacted() ? "compact" : "delete");
            assertThat(deployed).as("dead-letter topic of %s", topic.name()).containsKey(topic.deadLetterTopic());
        }
        assertThat(deployed).hasSize(Topics.ALL.size() * 2);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(Map<String, Object> spec) {
        return (Map<String, Object>) spec.getOrDefault("config", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> deployedTopics() throws IOException {
        Map<String, Map<String, Object>> topics = new HashMap<>();
        try (Reader reader = Files.newBufferedReader(MANIFEST)) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                if (document instanceof Map<?, ?> resource && "KafkaTopic".equals(resource.get("kind"))) {
                    Map<String, Object> spec = (Map<String, Object>) resource.get("spec");
                    topics.put((String) spec.get("topicName"), spec);
                }
            }
        }
        return topics;
    }
}
