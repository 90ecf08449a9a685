package io.backfill.testsupport.registry;

import io.backfill.infra.registry.RegistryEndpoint;

/**
 * A real schema registry for tests: Apicurio Registry started once per JVM as a child process from
 * its Maven Central distribution, or an external one when {@code BACKFILL_REGISTRY_URL} is set
 * (the base URL, e.g. {@code http://localhost:8080}).
 */
public interface SchemaRegistry extends RegistryEndpoint {

    String EXTERNAL_URL_ENV = "BACKFILL_REGISTRY_URL";

    /** The registry every test in this JVM shares, started on first use, stopped when the JVM exits. */
    static SchemaRegistry shared() {
        return SharedSchemaRegistry.get();
    }
}
