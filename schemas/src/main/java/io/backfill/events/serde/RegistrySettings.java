package io.backfill.events.serde;

import java.util.Objects;

/**
 * Where the schema registry is and how clients use it.
 *
 * @param url base of the API {@code api} names: Apicurio's core API, e.g.
 *     {@code http://localhost:8080/apis/registry/v3}, or a Confluent-API registry, e.g.
 *     {@code http://schema-registry:8081} or {@code http://localhost:8080/apis/ccompat/v7}
 * @param autoRegister register schemas on first write; fine in development and tests, in
 *     production register them from CI ({@code bin/backfill schemas register}) and leave this off so a
 *     bad deploy cannot change a contract
 * @param api which REST API {@code url} serves
 */
public record RegistrySettings(String url, boolean autoRegister, RegistryApi api) {

    public RegistrySettings {
        Objects.requireNonNull(url, "registry url");
        Objects.requireNonNull(api, "registry api");
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** An Apicurio core API registry (the default API, see {@code backfill.registry.api}). */
    public RegistrySettings(String url, boolean autoRegister) {
        this(url, autoRegister, RegistryApi.APICURIO);
    }

    /** The Confluent-compatible API of the same registry: {@link #url()} itself in Confluent mode. */
    public String confluentCompatibleUrl() {
        return switch (api) {
            case CONFLUENT -> url;
            case APICURIO -> url.replaceFirst("/apis/registry/v[23]/?$", "") + "/apis/ccompat/v7";
        };
    }
}
