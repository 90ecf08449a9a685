package io.backfill.testsupport.junit;

import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the JVM-wide real broker and schema registry into test constructors, lifecycle methods and
 * test methods that declare a {@link KafkaBroker} or {@link SchemaRegistry} parameter. Both start
 * lazily on first use and stop when the test JVM exits.
 *
 * <pre>{@code
 * @ExtendWith(RealInfrastructureExtension.class)
 * class SomethingIT {
 *     @Test void works(KafkaBroker kafka, SchemaRegistry registry) { ... }
 * }
 * }</pre>
 */
public final class RealInfrastructureExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KafkaBroker.class || type == SchemaRegistry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KafkaBroker.class ? KafkaBroker.shared() : SchemaRegistry.shared();
    }
}
