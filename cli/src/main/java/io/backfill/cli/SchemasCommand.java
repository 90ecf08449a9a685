package io.backfill.cli;

import io.backfill.events.registry.ConfluentRegistryClient;
import io.backfill.events.registry.ContractRegistration;
import io.backfill.events.registry.ContractRegistration.Outcome;
import io.backfill.events.registry.ContractRegistration.Status;
import io.backfill.events.registry.RegistryUnavailableException;
import io.backfill.events.registry.SchemaExport;
import io.backfill.events.registry.SchemaRegistryException;
import io.backfill.events.serde.RegistryApi;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code backfill schemas register|export}: the event contract for registries and for producers in other
 * languages. Talks to the schema registry, not to the planner.
 */
@Command(
        name = "schemas",
        mixinStandardHelpOptions = true,
        description = "Register the event contract in a schema registry, or export it as .avsc files.",
        subcommands = {SchemasCommand.Register.class, SchemasCommand.Export.class})
final class SchemasCommand implements Runnable {

    @ParentCommand
    BackfillCli cli;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(cli.out());
    }

    /** Compatibility levels every Confluent-API registry knows. */
    static final Set<String> LEVELS = Set.of(
            "NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE");

    @Command(
            name = "register",
            mixinStandardHelpOptions = true,
            description = {
                "Register every topic's value schema (dereferenced) under <topic>-value and set each subject's"
                        + " compatibility level. Idempotent: schemas already there are left alone.",
                "Exit codes: 0 all registered or unchanged, 2 the registry refused a schema as incompatible"
                        + " (its reason is printed), 3 registry unreachable, 5 other registry error."
            })
    static final class Register implements Callable<Integer> {

        @ParentCommand
        SchemasCommand schemas;

        @Option(
                names = "--registry",
                required = true,
                paramLabel = "URL",
                description = "The registry's API base: a Confluent-API registry (http://schema-registry:8081,"
                        + " Apicurio's http://HOST/apis/ccompat/v7) or, with --api apicurio, Apicurio's"
                        + " http://HOST/apis/registry/v3")
        String registry;

        @Option(
                names = "--api",
                defaultValue = "confluent",
                paramLabel = "confluent|apicurio",
                description = "Which API --registry is (default ${DEFAULT-VALUE}); apicurio registers through the"
                        + " same registry's Confluent-compatible endpoint, where Apicurio's serdes find them")
        String api;

        @Option(
                names = "--compatibility",
                defaultValue = "FULL",
                paramLabel = "LEVEL",
                description = "Compatibility level set on every subject (default ${DEFAULT-VALUE}, what the build"
                        + " checks the contract against)")
        String compatibility;

        @Override
        public Integer call() {
            String level = compatibility.toUpperCase(Locale.ROOT);
            if (!LEVELS.contains(level)) {
                throw new CliException(
                        ExitCodes.BAD_INPUT, "--compatibility " + compatibility + " is not one of " + LEVELS);
            }
            RegistryApi registryApi;
            try {
                registryApi = RegistryApi.parse(api);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.BAD_INPUT, e.getMessage());
            }
            String url = new RegistrySettings(registry, false, registryApi).confluentCompatibleUrl();
            List<Outcome> outcomes;
            try {
                outcomes = new ContractRegistration(new ConfluentRegistryClient(url))
                        .register(Topics.ALL, Optional.of(level));
            } catch (RegistryUnavailableException e) {
                throw new CliException(ExitCodes.UNREACHABLE, e.getMessage());
            } catch (SchemaRegistryException e) {
                throw new CliException(ExitCodes.PLANNER_ERROR, e.getMessage());
            }
            boolean refused = false;
            for (Outcome outcome : outcomes) {
                switch (outcome.status()) {
                    case REGISTERED ->
                        schemas.cli
                                .out()
                                .printf(
                                        "registered  %-26s id %d, compatibility %s%n",
                                        outcome.subject(), outcome.id(), level);
                    case UNCHANGED ->
                        schemas.cli
                                .out()
                                .printf(
                                        "unchanged   %-26s id %d, compatibility %s%n",
                                        outcome.subject(), outcome.id(), level);
                    case REFUSED -> {
                        refused = true;
                        schemas.cli.err().printf("refused     %s: %s%n", outcome.subject(), outcome.reason());
                    }
                }
            }
            if (refused) {
                long count = outcomes.stream()
                        .filter(o -> o.status() == Status.REFUSED)
                        .count();
                throw new CliException(
                        ExitCodes.BAD_INPUT,
                        count + " schema" + (count == 1 ? " was" : "s were") + " refused as incompatible by " + url);
            }
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Write each topic's value schema, dereferenced (self-contained), as DIR/<topic>.avsc for"
                    + " producers in other languages.")
    static final class Export implements Callable<Integer> {

        @ParentCommand
        SchemasCommand schemas;

        @Parameters(paramLabel = "DIR", description = "Folder to write into (created if missing)")
        Path dir;

        @Override
        public Integer call() {
            try {
                for (Path file : SchemaExport.write(dir, Topics.ALL)) {
                    schemas.cli.out().println(file);
                }
            } catch (IOException e) {
                throw new CliException(ExitCodes.BAD_INPUT, "cannot write to " + dir + ": " + e.getMessage());
            }
            return ExitCodes.OK;
        }
    }
}
