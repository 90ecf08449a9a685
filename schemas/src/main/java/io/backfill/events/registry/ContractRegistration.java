package io.backfill.events.registry;

import io.backfill.events.topics.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.avro.Schema;

/**
 * Registers the event contract in a Confluent-API registry: each topic's dereferenced value schema under
 * {@code <topic>-value}, and each subject's compatibility level. What CI runs before a deploy, so that
 * services can run with auto-register off.
 *
 * <p>Idempotent: a schema already registered under its subject is left alone (no new version), and a
 * level already set is set again to the same value. A schema the subject's compatibility rule refuses
 * is reported with the registry's reason, and the other topics are still registered.
 */
public final class ContractRegistration {

    /** What happened to one topic's schema. */
    public enum Status {
        /** A new version was registered. */
        REGISTERED,
        /** The registry had exactly this schema under the subject already. */
        UNCHANGED,
        /** The subject's compatibility rule refused it; {@link Outcome#reason()} says why. */
        REFUSED
    }

    /**
     * @param id the schema id, or 0 when refused
     * @param reason the registry's reason for a refusal, empty otherwise
     */
    public record Outcome(String topic, String subject, Status status, int id, String reason) {}

    private final ConfluentRegistryClient registry;

    public ContractRegistration(ConfluentRegistryClient registry) {
        this.registry = registry;
    }

    /**
     * Registers every topic's value schema and, when {@code compatibility} is given, sets it on every
     * subject: before registering when the subject exists (so the new schema is judged by it), after
     * registering its first version otherwise (some registries have no config for a subject that does
     * not exist yet).
     *
     * @throws RegistryUnavailableException when the registry cannot be reached; other errors than a refusal propagate
     */
    public List<Outcome> register(List<Topic<?>> topics, Optional<String> compatibility) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Topic<?> topic : topics) {
            outcomes.add(
                    register(topic.name(), ValueSchemas.subject(topic), ValueSchemas.schema(topic), compatibility));
        }
        return outcomes;
    }

    private Outcome register(String topic, String subject, Schema schema, Optional<String> compatibility) {
        boolean exists = registry.latest(subject).isPresent();
        if (exists) {
            compatibility.ifPresent(level -> registry.setCompatibility(subject, level));
        }
        OptionalInt known = registry.lookup(subject, schema);
        if (known.isPresent()) {
            return new Outcome(topic, subject, Status.UNCHANGED, known.getAsInt(), "");
        }
        int id;
        try {
            id = registry.register(subject, schema);
        } catch (IncompatibleSchemaException e) {
            return new Outcome(topic, subject, Status.REFUSED, 0, e.getMessage());
        }
        if (!exists) {
            compatibility.ifPresent(level -> registry.setCompatibility(subject, level));
        }
        return new Outcome(topic, subject, Status.REGISTERED, id, "");
    }
}
