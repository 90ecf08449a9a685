package io.backfill.validator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code io.backfill.validator.domain} plain Java: no Kafka, Quarkus, CDI, JDBC, warehouse, Avro or
 * logging framework, so the check math is testable without infrastructure. Reads the sources (surefire
 * runs in the module directory) until an ArchUnit rule replaces it. If this fails: measure in
 * {@code io.backfill.validator.checks} and hand the domain plain values.
 */
class DomainIsFrameworkFreeTest {

    private static final Path DOMAIN_SOURCES = Path.of("src/main/java/io/backfill/validator/domain");
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
            "io.backfill.warehouse",
            "org.jboss",
            "org.slf4j");

    @Test
    void domainSourcesImportNoFrameworkJdbcOrWarehouse() throws IOException {
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
