package io.backfill.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the one {@link E2eCluster} of this test run: started by the first test that asks for it, kept in
 * the root store so every e2e class shares the same service processes, and closed (processes stopped,
 * database dropped) when the run ends.
 */
public final class E2eClusterExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(E2eCluster.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == E2eCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(E2eCluster.class, key -> startCluster(), E2eCluster.class);
    }

    private static E2eCluster startCluster() {
        try {
            return E2eCluster.start();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the e2e cluster", e);
        }
    }
}
