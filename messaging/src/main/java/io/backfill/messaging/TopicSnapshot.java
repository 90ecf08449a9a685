package io.backfill.messaging;

import io.backfill.events.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads whole topics once, outside any consumer group, from the beginning to the end offsets at the
 * time of the call, as raw records: how a service reads its own past outputs back on start (the
 * planner's statuses and instruction journal). Only committed records are read, so the output of an
 * aborted transaction (a fenced or failed planner) is never mistaken for something that happened.
 */
public final class TopicSnapshot {

    private TopicSnapshot() {}

    /** @throws IllegalStateException when a topic does not exist or cannot be read within {@code timeout} */
    public static List<ConsumerRecord<String, byte[]>> read(
            KafkaSettings settings, String role, List<Topic<?>> topics, Duration timeout) {
        Properties properties = settings.baseProperties(role);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> into = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic<?> topic : topics) {
                partitions.addAll(EventLoop.partitionsOf(reader, topic.name()));
            }
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            Map<TopicPartition, Long> remaining = new HashMap<>(end);
            remaining.entrySet().removeIf(e -> e.getValue() == 0);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read " + topics + " within " + timeout.toSeconds() + " s; missing " + remaining);
                }
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        into.add(record);
                    }
                }
                remaining.entrySet().removeIf(e -> reader.position(e.getKey()) >= e.getValue());
            }
            return into;
        }
    }
}
