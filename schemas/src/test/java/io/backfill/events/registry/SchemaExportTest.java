package io.backfill.events.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.events.BackfillRequested;
import io.backfill.events.topics.Topic;
import io.backfill.events.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaExportTest {

    @Test
    void writesEveryTopicsValueSchemaSelfContainedAsTopicNameAvsc(@TempDir Path dir) throws Exception {
        List<Path> files = SchemaExport.write(dir.resolve("out"), Topics.ALL);

        assertThat(files)
                .extracting(file -> file.getFileName().toString())
                .containsExactlyElementsOf(
                        Topics.ALL.stream().map(topic -> topic.name() + ".avsc").toList());
        for (Topic<?> topic : Topics.ALL) {
            // A fresh parser knows no named types: the file must carry every one of them inline.
            Schema parsed = new Schema.Parser()
                    .parse(dir.resolve("out").resolve(topic.name() + ".avsc").toFile());
            assertThat(parsed).isEqualTo(ValueSchemas.schema(topic));
        }
        assertThat(Files.readString(dir.resolve("out/backfill-requests.avsc")))
                .contains("\"name\" : \"TableRef\"")
                .contains("\"name\" : \"BackfillRequested\"");
    }

    @Test
    void subjectsFollowTheTopicNameStrategy() {
        assertThat(ValueSchemas.subject(Topics.BACKFILL_REQUESTS)).isEqualTo("backfill-requests-value");
        assertThat(ValueSchemas.schema(Topics.BACKFILL_REQUESTS)).isEqualTo(BackfillRequested.getClassSchema());
    }
}
