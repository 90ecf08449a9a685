package io.backfill.messaging;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client properties an operator sets for every client of a service (TLS, SASL, timeouts),
 * picked out of the service's configuration so no code change is needed per cluster. Two spellings
 * are accepted: {@code kafka.security.protocol=SASL_SSL} in properties or system properties, and
 * {@code KAFKA_SECURITY_PROTOCOL=SASL_SSL} in the environment (Kafka client property names contain
 * no underscores, so the mapping back is exact; only names the Kafka clients know are taken from the
 * environment, so {@code KAFKA_HOME} or {@code KAFKA_OPTS} are not mistaken for client settings).
 * {@code bootstrap.servers} is configured on its own
 * and is never taken from here; the dotted spelling wins when both are given.
 */
public final class KafkaClientOverrides {

    private static final String DOTTED_PREFIX = "kafka.";
    private static final String ENV_PREFIX = "KAFKA_";
    private static final String BOOTSTRAP = "bootstrap.servers";

    private static final Set<String> CLIENT_PROPERTIES = clientProperties();

    private KafkaClientOverrides() {}

    private static Set<String> clientProperties() {
        Set<String> names = new HashSet<>(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Set.copyOf(names);
    }

    /**
     * Reads the overrides from a configuration source given as its names and a lookup (MicroProfile
     * Config: {@code from(config.getPropertyNames(), n -> config.getOptionalValue(n, String.class))}).
     * Names whose value cannot be read are skipped. SmallRye Config lists every environment variable
     * twice, as itself and in dotted form ({@code KAFKA_HOME} and {@code kafka.home}); a dotted name
     * whose environment spelling is listed too is that variable, so it is judged as one (and
     * {@code KAFKA_HOME} stays out).
     */
    public static Map<String, String> from(Iterable<String> names, Function<String, Optional<String>> lookup) {
        Set<String> listed = new HashSet<>();
        names.forEach(listed::add);
        Map<String, String> config = new TreeMap<>();
        for (String name : listed) {
            if (!name.startsWith(DOTTED_PREFIX) && !name.startsWith(ENV_PREFIX)) {
                continue;
            }
            if (name.startsWith(DOTTED_PREFIX) && listed.contains(environmentSpelling(name))) {
                continue;
            }
            try {
                lookup.apply(name).ifPresent(value -> config.put(name, value));
            } catch (RuntimeException unreadable) {
                // e.g. an expression referring to an unset variable: not a client property we can use
            }
        }
        return from(config);
    }

    private static String environmentSpelling(String dotted) {
        return dotted.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * @param config every configuration name a service sees with its value (properties, system
     *     properties and environment)
     * @return client property name to value
     */
    public static Map<String, String> from(Map<String, String> config) {
        Map<String, String> fromEnvironment = new TreeMap<>();
        Map<String, String> dotted = new TreeMap<>();
        config.forEach((name, value) -> {
            if (name.startsWith(DOTTED_PREFIX)) {
                dotted.put(name.substring(DOTTED_PREFIX.length()), value);
            } else if (name.startsWith(ENV_PREFIX) && name.equals(name.toUpperCase(Locale.ROOT))) {
                String property = name.substring(ENV_PREFIX.length())
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '.');
                if (CLIENT_PROPERTIES.contains(property)) {
                    fromEnvironment.put(property, value);
                }
            }
        });
        Map<String, String> overrides = new TreeMap<>(fromEnvironment);
        overrides.putAll(dotted);
        overrides.remove(BOOTSTRAP);
        overrides.entrySet().removeIf(e -> e.getKey().isEmpty() || e.getValue() == null);
        return overrides;
    }
}
