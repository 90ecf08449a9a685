package io.backfill.testsupport.registry;

/**
 * A real schema registry for tests: Apicurio Registry started once per JVM as a child process from
 * its Maven Central distribution, or an external one when {@code BACKFILL_REGISTRY_URL} is set
 * (the base URL, e.g. {@code http://localhost:8080}).
 */
public interface SchemaRegistry {

    String EXTERNAL_URL_ENV = "BACKFILL_REGISTRY_URL";

    /** The registry every test in this JVM shares, started on first use, stopped when the JVM exits. */
    static SchemaRegistry shared() {
        return SharedSchemaRegistry.get();
    }

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
