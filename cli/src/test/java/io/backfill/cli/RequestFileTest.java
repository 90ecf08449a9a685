package io.backfill.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestFileTest {

    @TempDir
    Path dir;

    @Test
    void readsYamlIntoTheSameJsonTheRestApiTakes() throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("request.yaml"), """
                backfillId: revenue-fix
                target: {schemaName: analytics, tableName: daily_revenue}
                range:
                  grain: DAY
                  start: 2026-01-01
                  end: 2026-04-01
                priority: 70
                checks:
                  - name: rows
                    type: ROW_COUNT_VS_SOURCE
                    tolerance: 0.01
                """);

        // when
        JsonNode request = RequestFile.read(file);

        // then dates stay text, numbers stay numbers
        assertThat(request.path("range").path("start").isTextual()).isTrue();
        assertThat(request.path("range").path("start").asText()).isEqualTo("2026-01-01");
        assertThat(request.path("priority").isInt()).isTrue();
        assertThat(request.path("checks").get(0).path("tolerance").asDouble()).isEqualTo(0.01);
        assertThat(RequestFile.toJson(request)).startsWith("{\"backfillId\":\"revenue-fix\"");
    }

    @Test
    void namesTheLineOfAYamlSyntaxError() throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("broken.yml"), """
                backfillId: x
                target: {schemaName: analytics
                range: oops
                """);

        // when / then
        assertThatThrownBy(() -> RequestFile.read(file))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("broken.yml: YAML syntax error at line 3")
                .extracting(e -> ((CliException) e).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void readsJsonFilesWithTheJsonParser() throws Exception {
        // given a .json file with a trailing comma, which YAML would not notice the same way
        Path file = Files.writeString(dir.resolve("request.json"), "{\"backfillId\": \"x\",\n \"priority\": 1,}");

        // when / then
        assertThatThrownBy(() -> RequestFile.read(file))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("request.json: JSON syntax error at line 2");
    }

    @Test
    void saysWhenTheFileIsMissing() {
        assertThatThrownBy(() -> RequestFile.read(dir.resolve("nope.yaml")))
                .isInstanceOf(CliException.class)
                .hasMessageEndingWith("nope.yaml: no such file")
                .extracting(e -> ((CliException) e).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void refusesAnEmptyFileAndAListInsteadOfAMapping() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
        Path list = Files.writeString(dir.resolve("list.yaml"), "- a\n- b\n");

        assertThatThrownBy(() -> RequestFile.read(empty)).hasMessageContaining("empty file");
        assertThatThrownBy(() -> RequestFile.read(list))
                .hasMessageContaining("expected a mapping")
                .hasMessageEndingWith("found array");
    }
}
