package io.backfill.events.registry;

import io.backfill.events.serde.RegistryApi;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.Topic;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks at a service's start that the registry has the contract, for services running with
 * auto-register off (production): better to refuse to start, naming the subject, than to run and fail on
 * the first record written.
 *
 * <p>Confluent mode asks for exactly the schema the service writes (that is the id its serializer
 * looks up). Apicurio mode asks the same registry's Confluent-compatible API for the subject's latest
 * version, the one Apicurio's serializer uses (Apicurio keeps a subject as the artifact of that name in
 * the default group, where its serdes look).
 */
public final class RegisteredContract {

    private RegisteredContract() {}

    /** The subjects whose schema the registry lacks, in the order of {@code topics}. */
    public static List<String> missing(RegistrySettings settings, List<Topic<?>> topics) {
        ConfluentRegistryClient registry = new ConfluentRegistryClient(settings.confluentCompatibleUrl());
        List<String> missing = new ArrayList<>();
        for (Topic<?> topic : topics) {
            String subject = ValueSchemas.subject(topic);
            boolean present = settings.api() == RegistryApi.CONFLUENT
                    ? registry.lookup(subject, ValueSchemas.schema(topic)).isPresent()
                    : registry.latest(subject).isPresent();
            if (!present) {
                missing.add(subject);
            }
        }
        return missing;
    }

    /**
     * Returns when every topic's schema is registered, or when auto-register is on (the service will
     * register them itself).
     *
     * @throws IllegalStateException naming every missing subject and how to register them
     * @throws RegistryUnavailableException when the registry cannot be asked
     */
    public static void require(RegistrySettings settings, List<Topic<?>> topics) {
        if (settings.autoRegister()) {
            return;
        }
        List<String> missing = missing(settings, topics);
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    "schema registry " + settings.url() + " (" + settings.api().configName()
                            + " api) lacks the schema of subject" + (missing.size() == 1 ? " " : "s ")
                            + String.join(", ", missing)
                            + ", and backfill.registry.auto-register is off: register the contract first with"
                            + " `bin/backfill schemas register --registry " + settings.url() + " --api "
                            + settings.api().configName() + "`");
        }
    }
}
