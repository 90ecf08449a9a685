package io.backfill.executor.domain.admission;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The admission strategies an executor can be configured with, by their config names. */
public enum AdmissionStrategy {
    /** Load-driven AIMD (the default); see {@link AdaptiveAdmissionController}. */
    ADAPTIVE("adaptive"),
    /**
     * A fixed work budget in statement-seconds per second (fractional, e.g. 0.5), like an Airflow
     * pool without start spacing; ignores load. See {@link StaticAdmissionController}.
     */
    STATIC("static"),
    /** Unthrottled up to the instance cap and phase budget. See {@link UnthrottledAdmissionController}. */
    NONE("none");

    private final String configName;

    AdmissionStrategy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /**
     * The strategy with this config name, ignoring case.
     *
     * @throws IllegalArgumentException naming the valid names
     */
    public static AdmissionStrategy fromName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(s -> s.configName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown admission strategy '" + name + "'; use one of "
                        + Arrays.stream(values()).map(s -> s.configName).collect(Collectors.joining(", "))));
    }
}
