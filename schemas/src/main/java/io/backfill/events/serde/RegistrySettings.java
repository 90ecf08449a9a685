package io.backfill.events.serde;

import java.util.Objects;

/**
 * Where the schema registry is and how clients use it.
 *
 * @param url Apicurio core API base, e.g. {@code http://localhost:8080/apis/registry/v3}
 * @param autoRegister register schemas on first write; fine in development and tests, in
 *     production register them from CI and leave this off so a bad deploy cannot change a contract
 */
public record RegistrySettings(String url, boolean autoRegister) {

    public RegistrySettings {
        Objects.requireNonNull(url, "registry url");
    }

    /** The Confluent-compatible API of the same registry, for Confluent-based clients. */
    public String confluentCompatibleUrl() {
        return url.replaceFirst("/apis/registry/v[23]/?$", "") + "/apis/ccompat/v7";
    }
}
