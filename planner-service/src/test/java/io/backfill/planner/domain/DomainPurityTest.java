package io.backfill.planner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the planner's domain framework-free (STYLE.md, "Domain code is framework-free") by reading
 * its sources; a stand-in until the lead adds ArchUnit to this module. To fix a failure, move the
 * framework code to the messaging, api or warehouse package and pass plain values into the domain.
 */
class DomainPurityTest {

    private static final List<String> FORBIDDEN =
            List.of("org.apache.kafka", "io.quarkus", "java.sql", "javax.sql", "org.apache.avro", "jakarta.");

    @Test
    void domainImportsNoKafkaQuarkusJdbcOrAvro() throws IOException {
        Path domain = Path.of("src/main/java/io/backfill/planner/domain");
        assertThat(domain).isDirectory();

        try (Stream<Path> files = Files.walk(domain)) {
            List<String> offending = files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(DomainPurityTest::importLines)
                    .filter(line -> FORBIDDEN.stream().anyMatch(line::contains))
                    .toList();

            assertThat(offending).as("framework imports in the domain package").isEmpty();
        }
    }

    private static Stream<String> importLines(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.startsWith("import "))
                    .map(line -> file.getFileName() + ": " + line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
