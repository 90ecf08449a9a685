package io.backfill.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The house rules for the contract (STYLE.md, Avro): one type per file, stable namespace, docs everywhere. */
class SchemaConventionsTest {

    private static final Path SOURCES = Path.of("src/main/avro");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyFileHoldsOneTypeNamedAfterIt() throws IOException {
        for (Path file : avscFiles()) {
            JsonNode schema = json.readTree(file.toFile());
            assertThat(schema.get("name").asText() + ".avsc")
                    .as("type name of %s", file)
                    .isEqualTo(file.getFileName().toString());
        }
    }

    @Test
    void namespaceIsStableAndCarriesNoVersion() throws IOException {
        for (Path file : avscFiles()) {
            assertThat(json.readTree(file.toFile()).get("namespace").asText())
                    .as("namespace of %s", file)
                    .isEqualTo("io.backfill.events");
        }
    }

    @Test
    void everyTypeAndFieldHasADoc() throws IOException {
        List<String> undocumented = new ArrayList<>();
        for (Path file : avscFiles()) {
            collectUndocumented(json.readTree(file.toFile()), file.getFileName().toString(), undocumented);
        }
        assertThat(undocumented).isEmpty();
    }

    private static void collectUndocumented(JsonNode node, String where, List<String> undocumented) {
        if (node.isArray()) {
            node.forEach(child -> collectUndocumented(child, where, undocumented));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        String type = node.path("type").asText();
        if ((type.equals("record") || type.equals("enum")) && !hasDoc(node)) {
            undocumented.add(where + ": type " + node.path("name").asText());
        }
        for (JsonNode field : node.path("fields")) {
            if (!hasDoc(field)) {
                undocumented.add(where + ": field " + field.path("name").asText());
            }
            collectUndocumented(field.path("type"), where, undocumented);
        }
        collectUndocumented(node.path("items"), where, undocumented);
    }

    private static boolean hasDoc(JsonNode node) {
        return !node.path("doc").asText().isBlank();
    }

    private static List<Path> avscFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<Path> found =
                    files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
            assertThat(found).isNotEmpty();
            return found;
        }
    }
}
