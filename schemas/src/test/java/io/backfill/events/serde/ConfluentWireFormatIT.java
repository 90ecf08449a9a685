package io.backfill.events.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backfill.events.BackfillRequested;
import io.backfill.events.EventFixtures;
import io.backfill.events.topics.Topics;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.registry.SchemaRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves a record written by our serializer can be read the way a Confluent consumer reads it, using
 * nothing of ours or Apicurio's: magic byte 0, a 4-byte big-endian schema id, the writer schema from
 * {@code /apis/ccompat/v7/schemas/ids/{id}}, plain Avro binary decoding.
 */
@ExtendWith(RealInfrastructureExtension.class)
class ConfluentWireFormatIT {

    @Test
    void recordWrittenByOurSerializerIsReadableAsConfluentWireFormat(SchemaRegistry registry) throws Exception {
        // given
        EventSerdes serdes = new EventSerdes(new RegistrySettings(registry.apicurioApiUrl(), true));
        BackfillRequested request = EventFixtures.backfillRequested("bf-wire-format");

        // when
        byte[] bytes;
        try (var serializer = serdes.serializer(Topics.BACKFILL_REQUESTS)) {
            bytes = serializer.serialize(Topics.BACKFILL_REQUESTS.name(), request);
        }

        // then: the Confluent framing
        assertThat(bytes[0]).as("magic byte").isZero();
        int schemaId = ByteBuffer.wrap(bytes, 1, 4).getInt();

        // and the writer schema is served by the Confluent-compatible API under that id
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(registry.confluentApiUrl() + "/schemas/ids/" + schemaId))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Schema writerSchema = new Schema.Parser()
                .parse(new ObjectMapper()
                        .readTree(response.body())
                        .get("schema")
                        .asText());
        assertThat(writerSchema.getFullName()).isEqualTo("io.backfill.events.BackfillRequested");
        assertThat(writerSchema)
                .as("schema %d served for what we wrote", schemaId)
                .isEqualTo(request.getSchema());

        // and plain Avro decoding of the rest yields the same record
        byte[] payload = Arrays.copyOfRange(bytes, 5, bytes.length);
        GenericRecord decoded = new GenericDatumReader<GenericRecord>(writerSchema)
                .read(null, DecoderFactory.get().binaryDecoder(payload, null));
        assertThat(decoded.get("backfillId")).hasToString("bf-wire-format");
        assertThat(((GenericRecord) decoded.get("target")).get("tableName")).hasToString("daily_revenue");
        assertThat(decoded.get("rolloutMode")).hasToString("CANARY");
        assertThat(decoded.get("requestedAt"))
                .isEqualTo(request.getRequestedAt().toEpochMilli());

        // and a specific reader resolving the registry's writer schema against our class gets the whole record back
        BackfillRequested specific = new SpecificDatumReader<BackfillRequested>(
                        writerSchema, BackfillRequested.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(payload, null));
        assertThat(specific).isEqualTo(request);
    }

    @Test
    void ourDeserializerReadsOurSerializerBackIntoTheGeneratedClass(SchemaRegistry registry) {
        EventSerdes serdes = new EventSerdes(new RegistrySettings(registry.apicurioApiUrl(), true));
        BackfillRequested request = EventFixtures.backfillRequested("bf-round-trip");

        BackfillRequested read;
        try (var serde = serdes.serde(Topics.BACKFILL_REQUESTS)) {
            byte[] bytes = serde.serializer().serialize(Topics.BACKFILL_REQUESTS.name(), request);
            read = serde.deserializer().deserialize(Topics.BACKFILL_REQUESTS.name(), bytes);
        }

        assertThat(read).isEqualTo(request);
    }
}
