package io.backfill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.events.registry.ConfluentRegistryClient;
import io.backfill.events.registry.ValueSchemas;
import io.backfill.events.topics.Topics;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.registry.SchemaRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code backfill schemas register} against a real registry (Apicurio, through its Confluent-compatible
 * API and, with {@code --api apicurio}, given its own API's URL). One test, because the registry of this
 * JVM is shared and the subjects are the real ones: the steps build on each other.
 */
@ExtendWith(RealInfrastructureExtension.class)
class SchemasCommandIT {

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @Test
    void registersTheContractIdempotentlyAndRefusesAnIncompatibleChangeWithTheRegistrysReason(SchemaRegistry registry) {
        // given: backfill-alerts-value already holds a contract the current BackfillAlert is not FULL-compatible with
        ConfluentRegistryClient client = new ConfluentRegistryClient(registry.confluentApiUrl());
        String alerts = ValueSchemas.subject(Topics.BACKFILL_ALERTS);
        client.register(
                alerts,
                SchemaBuilder.record("io.backfill.events.BackfillAlert")
                        .fields()
                        .requiredString("onlyInTheOldContract")
                        .endRecord());

        // when
        int first = run("schemas", "register", "--registry", registry.confluentApiUrl(), "--compatibility", "full");

        // then: every other subject is registered with FULL, the alerts one is refused with the registry's reason
        assertThat(first).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(out.toString().lines().filter(line -> line.startsWith("registered")))
                .hasSize(Topics.ALL.size() - 1);
        assertThat(err.toString())
                .contains("refused     " + alerts + ": ")
                .contains("answered 409")
                .contains("1 schema was refused as incompatible");
        Topics.ALL.stream().filter(topic -> topic != Topics.BACKFILL_ALERTS).forEach(topic -> {
            assertThat(client.compatibility(ValueSchemas.subject(topic))).hasValue("FULL");
            assertThat(client.latest(ValueSchemas.subject(topic)))
                    .hasValueSatisfying(latest -> assertThat(latest.version()).isEqualTo(1));
        });

        // when: again, this time naming Apicurio's own API
        int second = run("schemas", "register", "--registry", registry.apicurioApiUrl(), "--api", "apicurio");

        // then: nothing new, the same refusal
        assertThat(second).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(out.toString().lines().filter(line -> line.startsWith("unchanged")))
                .hasSize(Topics.ALL.size() - 1);
        assertThat(out.toString()).doesNotContain("registered");
        assertThat(err.toString()).contains("refused     " + alerts);
        Topics.ALL.stream()
                .filter(topic -> topic != Topics.BACKFILL_ALERTS)
                .forEach(topic -> assertThat(client.latest(ValueSchemas.subject(topic)))
                        .hasValueSatisfying(
                                latest -> assertThat(latest.version()).isEqualTo(1)));
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return BackfillCli.run(args, new PrintWriter(out), new PrintWriter(err), Map.of(), BackfillCli.REAL_TIME);
    }
}
