package io.backfill.infra.registry;

/** Where a running Apicurio Registry answers, and the paths of the two APIs clients use. */
public interface RegistryEndpoint {

    /** Base URL without an API path, e.g. {@code http://127.0.0.1:41234}. */
    String baseUrl();

    /** Apicurio's own API, which Apicurio serdes are configured with. */
    default String apicurioApiUrl() {
        return baseUrl() + "/apis/registry/v3";
    }

    /** The Confluent-compatible API of the same registry. */
    default String confluentApiUrl() {
        return baseUrl() + "/apis/ccompat/v7";
    }
}
