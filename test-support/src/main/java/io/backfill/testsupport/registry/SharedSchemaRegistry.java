package io.backfill.testsupport.registry;

import io.backfill.infra.registry.ApicurioDistribution;
import io.backfill.infra.registry.ApicurioRegistryProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Holds the one registry of this JVM: external if configured, else a child process stopped at JVM exit. */
final class SharedSchemaRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SharedSchemaRegistry.class);

    private static SchemaRegistry instance;

    private SharedSchemaRegistry() {}

    static synchronized SchemaRegistry get() {
        if (instance == null) {
            String external = System.getenv(SchemaRegistry.EXTERNAL_URL_ENV);
            if (external != null && !external.isBlank()) {
                String baseUrl = external.replaceFirst("/+$", "");
                LOG.info("Using external schema registry at {}", baseUrl);
                instance = () -> baseUrl;
            } else {
                ApicurioRegistryProcess registry = start();
                Runtime.getRuntime().addShutdownHook(new Thread(registry::close, "stop-apicurio-registry"));
                instance = registry::baseUrl;
            }
        }
        return instance;
    }

    private static ApicurioRegistryProcess start() {
        try {
            return ApicurioRegistryProcess.start(ApicurioDistribution.locate());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    e.getMessage() + " (or set " + SchemaRegistry.EXTERNAL_URL_ENV + " to use a running registry)", e);
        }
    }
}
