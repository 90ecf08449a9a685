package io.backfill.benchmark;

import io.backfill.executor.domain.admission.AdmissionConfig;
import io.backfill.executor.domain.admission.AdmissionStrategy;
import java.util.Locale;

/**
 * One admission setting of the sweep: {@code none}, a static work budget of {@code budget}
 * statement-seconds per second, or {@code adaptive}. Everything else is the product's default
 * ({@link AdmissionConfig#defaults()}): the benchmark judges what ships.
 */
record Strategy(AdmissionStrategy strategy, double budget) {

    static Strategy none() {
        return new Strategy(AdmissionStrategy.NONE, Double.NaN);
    }

    static Strategy adaptive() {
        return new Strategy(AdmissionStrategy.ADAPTIVE, Double.NaN);
    }

    static Strategy fixed(double budget) {
        return new Strategy(AdmissionStrategy.STATIC, budget);
    }

    boolean isStatic() {
        return strategy == AdmissionStrategy.STATIC;
    }

    /** {@code none}, {@code adaptive}, or {@code static 0.5}. */
    String label() {
        return isStatic() ? "static " + format(budget) : strategy.configName();
    }

    /** The label as a file-name part: {@code static-0.5}. */
    String slug() {
        return label().replace(' ', '-');
    }

    AdmissionConfig admission() {
        AdmissionConfig config = AdmissionConfig.defaults().withStrategy(strategy);
        return isStatic() ? config.withStaticBudget(budget) : config;
    }

    static String format(double budget) {
        return budget == Math.rint(budget)
                ? Long.toString((long) budget)
                : String.format(Locale.ROOT, "%s", budget).replaceAll("0+$", "");
    }
}
