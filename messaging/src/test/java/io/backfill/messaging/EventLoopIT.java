package io.backfill.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.events.LoadSample;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.Topic;
import io.backfill.events.topics.Topics;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructureExtension.class)
class EventLoopIT {

    private static KafkaSettings settings;

    @BeforeAll
    static void topics(KafkaBroker kafka, SchemaRegistry registry) {
        kafka.createTopic(Topics.WAREHOUSE_LOAD.name(), 1, true);
        kafka.createTopic(Topics.WAREHOUSE_LOAD.deadLetterTopic(), 1, false);
        settings = new KafkaSettings(
                kafka.bootstrapServers(), new RegistrySettings(registry.apicurioApiUrl(), true), "event-loop-it");
    }

    @Test
    void parksAPoisonPillInTheDlqWithItsReasonAndHandlesTheNextRecord(KafkaBroker kafka) throws Exception {
        // given: a poison record, then a valid one, on the same partition
        String poisonKey = "poison-" + UUID.randomUUID();
        String goodKey = "good-" + UUID.randomUUID();
        produceRaw(kafka, poisonKey, "not avro at all".getBytes(StandardCharsets.UTF_8));
        List<String> handled = new CopyOnWriteArrayList<>();

        try (EventPublisher publisher = new EventPublisher(settings)) {
            publisher.publishAndWait(Topics.WAREHOUSE_LOAD, goodKey, sample(goodKey, 0.4));

            // when
            try (EventLoop loop = EventLoop.builder(settings, "poison-test-" + UUID.randomUUID(), publisher)
                    .on(Topics.WAREHOUSE_LOAD, (key, value, context) -> handled.add(key))
                    .build()) {
                loop.start();

                // then: the valid record is handled, the poison one is not
                await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains(goodKey));
                assertThat(handled).doesNotContain(poisonKey);
                assertThat(loop.healthy(Duration.ofSeconds(10))).isTrue();
            }
        }
        ConsumerRecord<String, byte[]> parked = readDeadLetter(kafka, poisonKey);
        assertThat(new String(parked.value(), StandardCharsets.UTF_8)).isEqualTo("not avro at all");
        assertThat(header(parked, Topics.DLQ_REASON_HEADER)).contains("wire format");
        assertThat(header(parked, Topics.DLQ_SOURCE_TOPIC_HEADER)).isEqualTo("warehouse-load");
    }

    @Test
    void retriesARetriableFailureAndThenSucceeds() throws Exception {
        String key = "flaky-" + UUID.randomUUID();
        AtomicInteger attempts = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        try (EventPublisher publisher = new EventPublisher(settings)) {
            publisher.publishAndWait(Topics.WAREHOUSE_LOAD, key, sample(key, 0.2));
            try (EventLoop loop = EventLoop.builder(settings, "retry-test-" + UUID.randomUUID(), publisher)
                    .retryPolicy(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50)))
                    .on(Topics.WAREHOUSE_LOAD, (k, value, context) -> {
                        if (k.equals(key) && attempts.incrementAndGet() < 3) {
                            throw new RetriableFailure("warehouse busy", null);
                        }
                        handled.add(k);
                    })
                    .build()) {
                loop.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains(key));
            }
        }
        assertThat(attempts.get()).isEqualTo(3);
    }

    @Test
    void aTransactionalLoopCatchesUpOnItsHistoryAndARewindDropsTheAbortedOutputs(KafkaBroker kafka) throws Exception {
        // given: an input topic with two records, and an output topic the handler writes to
        String run = UUID.randomUUID().toString().substring(0, 8);
        Topic<LoadSample> in = new Topic<>("tx-in-" + run, LoadSample.class, "key", "test", 1, false);
        Topic<LoadSample> out = new Topic<>("tx-out-" + run, LoadSample.class, "key", "test", 1, false);
        kafka.createTopic(in.name(), 1, false);
        kafka.createTopic(in.deadLetterTopic(), 1, false);
        kafka.createTopic(out.name(), 1, false);
        List<List<String>> rebuilds = new CopyOnWriteArrayList<>();
        AtomicInteger booms = new AtomicInteger();
        try (EventPublisher plain = new EventPublisher(settings);
                EventPublisher tx = EventPublisher.transactional(settings, "event-loop-it-" + run)) {
            plain.publishAndWait(in, "k1", sample("k1", 0.1));
            plain.publishAndWait(in, "k2", sample("k2", 0.1));
            try (EventLoop loop = EventLoop.builder(settings, "tx-test-" + run, tx)
                    .assignAllPartitions()
                    .transactional(tx)
                    .catchUp(history -> rebuilds.add(history.stream()
                            .map(r -> r.key() + (r.handledBefore() ? " (handled)" : ""))
                            .toList()))
                    .on(in, (key, value, context) -> {
                        tx.publishAndWait(out, key, value);
                        if (key.equals("boom") && booms.incrementAndGet() == 1) {
                            throw new EventLoop.Rewind("outputs in doubt", null);
                        }
                    })
                    .build()) {
                loop.start();

                // then: the history was handed over once, before anything live
                assertThat(loop.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
                assertThat(rebuilds).containsExactly(List.of("k1", "k2"));

                // when: a live record whose transaction is rewound, then another one
                plain.publishAndWait(in, "boom", sample("boom", 0.1));
                await().atMost(Duration.ofSeconds(30)).until(() -> rebuilds.size() == 2);
                plain.publishAndWait(in, "k3", sample("k3", 0.1));

                // then: the loop caught up again from what was committed, the aborted output never shows
                assertThat(rebuilds.get(1)).containsExactly("k1 (handled)", "k2 (handled)", "boom");
                assertThat(loop.rewinds()).isEqualTo(1);
                List<String> committed = new CopyOnWriteArrayList<>();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    committed.addAll(readCommittedKeys(kafka, out.name()));
                    assertThat(committed).contains("k3");
                });
                assertThat(readCommittedKeys(kafka, out.name())).containsExactly("k3");
                assertThat(loop.healthy(Duration.ofSeconds(10))).isTrue();
                assertThat(loop.stopReason()).isEmpty();
            }
        }
    }

    private static List<String> readCommittedKeys(KafkaBroker kafka, String topic) {
        Properties properties = kafka.clientProperties();
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> keys = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long end = consumer.endOffsets(partitions).get(partitions.get(0));
            while (consumer.position(partitions.get(0)) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            }
        }
        return keys;
    }

    private static LoadSample sample(String warehouseId, double pressure) {
        return LoadSample.newBuilder()
                .setWarehouseId(warehouseId)
                .setSampledAt(Instant.now())
                .setPressure(pressure)
                .build();
    }

    private static void produceRaw(KafkaBroker kafka, String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.WAREHOUSE_LOAD.name(), 0, key, value))
                    .get();
        }
    }

    private static ConsumerRecord<String, byte[]> readDeadLetter(KafkaBroker kafka, String key) {
        Properties properties = kafka.clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.WAREHOUSE_LOAD.deadLetterTopic()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
