package io.backfill.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The DuckDB local topology end to end, as {@code bin/backfill-demo} runs it (broker and registry as child
 * processes, every service in this JVM on one embedded DuckDB file), on a small sample.
 */
class LocalStackIT {

    @Test
    void runsTheSampleBackfillOnEmbeddedDuckDbToCompletionWithEveryRowEqualToARecomputation() throws Exception {
        // given
        LocalStackOptions options = LocalStackOptions.parse(new String[] {
            "--days",
            "6",
            "--orders-per-day",
            "60",
            "--executors",
            "2",
            "--data-dir",
            "target/local-stack-it",
            "--timeout-minutes",
            "4"
        });
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exitCode;

        // when
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
                LocalStack stack = new LocalStack(options, out)) {
            exitCode = stack.run();
        }

        // then
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(exitCode).as(output).isZero();
        assertThat(output)
                .contains("DuckDB")
                .contains("outcome            COMPLETED")
                .contains("partitions         6 published of 6")
                .contains("target vs recompute every row matches");
    }
}
