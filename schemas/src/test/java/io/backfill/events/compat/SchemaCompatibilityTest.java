package io.backfill.events.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaCompatibilityTest {

    private static final Path CURRENT = Path.of("src/main/avro");
    private static final Path RELEASED = Path.of("released");

    private final CompatibilityGuard guard = new CompatibilityGuard();

    @Test
    void everySchemaIsFullyCompatibleWithItsReleasedVersion() throws IOException {
        Map<String, Schema> current = SchemaFolder.read(CURRENT);
        Map<String, Schema> released = SchemaFolder.read(newestRelease());

        assertThat(guard.violations(current, released)).isEmpty();
        assertThat(current).containsKeys("io.backfill.events.BackfillRequested", "io.backfill.events.LoadSample");
    }

    @Test
    void refusesAFieldAddedWithoutADefaultAndNamesIt() throws IOException {
        Schema released = SchemaFolder.read(newestRelease()).get("io.backfill.events.LoadSample");
        Schema candidate = new Schema.Parser()
                .parse(released.toString()
                        .replace(
                                "\"fields\":[",
                                "\"fields\":[{\"name\":\"queueDepth\",\"type\":\"int\",\"doc\":\"no default\"},"));

        assertThat(guard.violations(candidate, released))
                .isNotEmpty()
                .anySatisfy(problem -> assertThat(problem).contains("queueDepth"));
    }

    @Test
    void refusesARemovedFieldThatOldReadersNeedAndNamesIt() throws IOException {
        Schema released = SchemaFolder.read(newestRelease()).get("io.backfill.events.LoadSample");
        String withoutPressure = released.toString()
                .replaceFirst("\\{\"name\":\"pressure\",\"type\":\"double\",\"doc\":\"[^\"]*\"},", "");
        assertThat(withoutPressure).doesNotContain("\"pressure\"");
        Schema candidate = new Schema.Parser().parse(withoutPressure);

        assertThat(guard.violations(candidate, released))
                .isNotEmpty()
                .anySatisfy(problem -> assertThat(problem).contains("pressure"));
    }

    @Test
    void acceptsAnOptionalFieldWithADefault() throws IOException {
        Schema released = SchemaFolder.read(newestRelease()).get("io.backfill.events.LoadSample");
        Schema candidate = new Schema.Parser()
                .parse(released.toString()
                        .replace(
                                "\"fields\":[",
                                "\"fields\":[{\"name\":\"queueDepth\",\"type\":[\"null\",\"int\"],\"default\":null,"
                                        + "\"doc\":\"optional\"},"));

        assertThat(guard.violations(candidate, released)).isEmpty();
    }

    private static Path newestRelease() throws IOException {
        try (Stream<Path> releases = Files.list(RELEASED)) {
            return releases.filter(Files::isDirectory)
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow(() -> new AssertionError("no released schemas under " + RELEASED));
        }
    }
}
