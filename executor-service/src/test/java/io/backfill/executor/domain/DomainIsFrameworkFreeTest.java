package io.backfill.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code io.backfill.executor.domain} plain Java: no Kafka, Quarkus, CDI, JDBC, Avro or
 * logging framework. Reads the sources (surefire runs in the module directory) until the ArchUnit
 * rule replaces it. If this fails: move the framework code to {@code messaging}/{@code warehouse}
 * and hand the domain plain values.
 */
class DomainIsFrameworkFreeTest {

    private static final Path DOMAIN_SOURCES = Path.of("src/main/java/io/backfill/executor/domain");
    private static final List<String> FORBIDDEN = List.of(
            "org.apache.kafka",
            "io.quarkus",
            "io.smallrye",
            "jakarta.",
            "javax.",
            "java.sql",
            "org.apache.avro",
            "io.apicurio",
            "io.backfill.events",
            "org.jboss",
            "org.slf4j");

    @Test
    void domainSourcesImportNoFrameworkOrJdbc() throws IOException {
        assertThat(DOMAIN_SOURCES).isDirectory();
        List<String> violations;
        try (Stream<Path> files = Files.walk(DOMAIN_SOURCES)) {
            violations = files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(DomainIsFrameworkFreeTest::forbiddenImports)
                    .toList();
        }

        assertThat(violations).isEmpty();
    }

    private static Stream<String> forbiddenImports(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .map(String::strip)
                    .filter(line -> line.startsWith("import "))
                    .filter(line -> FORBIDDEN.stream()
                            .anyMatch(prefix -> line.replace("import static ", "")
                                    .replace("import ", "")
                                    .startsWith(prefix)))
                    .map(line -> file + ": " + line + " (domain must stay framework-free)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
