package io.backfill.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Self-test: the shared broker and registry are real and work together with the registry serdes. */
@ExtendWith(RealInfrastructureExtension.class)
class KafkaAndRegistryIT {

    private static final Schema GREETING = new Schema.Parser()
            .parse("{\"type\":\"record\",\"name\":\"Greeting\",\"namespace\":\"io.backfill.testsupport\","
                    + "\"fields\":[{\"name\":\"text\",\"type\":\"string\"}]}");

    @Test
    void roundTripsAnAvroRecordThroughBrokerAndRegistry(KafkaBroker kafka, SchemaRegistry registry) {
        // given
        String topic = "self-test-greetings";
        kafka.createTopic(topic, 1, false);
        GenericRecord hello = new GenericData.Record(GREETING);
        hello.put("text", "hello");
        Map<String, Object> serdeConfig =
                Map.of("apicurio.registry.url", registry.apicurioApiUrl(), "apicurio.registry.auto-register", true);

        // when
        Properties producerProps = kafka.clientProperties();
        try (KafkaProducer<String, GenericRecord> producer =
                new KafkaProducer<>(producerProps, new StringSerializer(), serializer(serdeConfig))) {
            producer.send(new ProducerRecord<>(topic, "k1", hello)).get();
        } catch (Exception e) {
            throw new AssertionError("produce failed", e);
        }

        // then
        List<ConsumerRecord<String, GenericRecord>> received = new ArrayList<>();
        Properties consumerProps = kafka.clientProperties();
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "self-test");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, GenericRecord> consumer =
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), deserializer(serdeConfig))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        assertThat(received).hasSize(1);
        assertThat(received.get(0).key()).isEqualTo("k1");
        assertThat(received.get(0).value().get("text")).hasToString("hello");
    }

    @Test
    void registryAnswersOnItsConfluentCompatibleApi(SchemaRegistry registry) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(registry.confluentApiUrl() + "/subjects"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("[");
    }

    private static AvroKafkaSerializer<GenericRecord> serializer(Map<String, Object> config) {
        AvroKafkaSerializer<GenericRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config, false);
        return serializer;
    }

    private static AvroKafkaDeserializer<GenericRecord> deserializer(Map<String, Object> config) {
        AvroKafkaDeserializer<GenericRecord> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(config, false);
        return deserializer;
    }
}
