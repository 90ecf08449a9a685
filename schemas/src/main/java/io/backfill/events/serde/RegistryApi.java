package io.backfill.events.serde;

import java.util.Locale;

/**
 * Which REST API of the schema registry the coordinator speaks. Either way values are written in the
 * Confluent wire format (magic byte 0, 4-byte schema id, Avro binary) under the subject
 * {@code <topic>-value}.
 */
public enum RegistryApi {
    /**
     * The Confluent Schema Registry REST API, spoken by Confluent Schema Registry, Redpanda, Karapace and
     * Apicurio's {@code /apis/ccompat/v7}; the URL is that API's base. Our own client
     * ({@link ConfluentRegistryClient}), ids are the registry's Confluent schema ids.
     */
    CONFLUENT,
    /** Apicurio Registry's own API ({@code /apis/registry/v3}) through Apicurio's serdes. */
    APICURIO;

    /** {@code confluent} or {@code apicurio}, in any case; anything else is refused naming the choices. */
    public static RegistryApi parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown registry api '" + name + "': use confluent or apicurio", e);
        }
    }

    /** The name used in configuration and on the command line. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
