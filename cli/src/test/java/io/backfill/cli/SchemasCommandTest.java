package io.backfill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.events.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemasCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void exportWritesOneSelfContainedAvscPerTopicAndListsThem(@TempDir Path dir) throws Exception {
        int code = run("schemas", "export", dir.resolve("contract").toString());

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString().lines()).hasSize(Topics.ALL.size());
        Schema requests = new Schema.Parser()
                .parse(dir.resolve("contract/backfill-requests.avsc").toFile());
        assertThat(requests.getFullName()).isEqualTo("io.backfill.events.BackfillRequested");
        assertThat(Files.list(dir.resolve("contract"))).hasSize(Topics.ALL.size());
    }

    @Test
    void registerRefusesAnUnknownCompatibilityLevelOrApiBeforeAskingAnyRegistry() {
        assertThat(run("schemas", "register", "--registry", "http://127.0.0.1:1", "--compatibility", "SOMETIMES"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--compatibility SOMETIMES is not one of");

        assertThat(run("schemas", "register", "--registry", "http://127.0.0.1:1", "--api", "karapace"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("unknown registry api 'karapace'");
    }

    @Test
    void registerSaysUnreachableWhenNoRegistryAnswers() {
        assertThat(run("schemas", "register", "--registry", "http://127.0.0.1:1"))
                .isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(err.toString()).contains("http://127.0.0.1:1/subjects/backfill-requests-value");
    }

    @Test
    void registerNeedsARegistry() {
        assertThat(run("schemas", "register")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--registry");
    }

    private int run(String... args) {
        return BackfillCli.run(args, new PrintWriter(out), new PrintWriter(err), Map.of(), BackfillCli.REAL_TIME);
    }
}
