package io.backfill.planner.domain.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides when the warehouse load counts as a sustained breach: every sample for at least
 * {@code sustainFor} above the pressure threshold (or above the latency-ratio threshold, when one is set).
 * One breach per episode: after it fired, it fires again only once a sample below the thresholds ended the
 * episode (re-armed) and a new one lasted {@code sustainFor}. A gap in the samples longer than
 * {@code sustainFor} also ends an episode: with no data nobody can say the breach went on.
 *
 * @see Breach the values the alert carries
 */
public final class LoadBreachWatch {

    /**
     * @param pressure breach when a sample's pressure is above this
     * @param latencyRatio breach when a sample's latency ratio is above this; null: pressure only
     * @param sustainFor how long every sample must stay above before it is a breach
     */
    public record Settings(double pressure, Double latencyRatio, Duration sustainFor) {
        public Settings {
            Objects.requireNonNull(sustainFor, "sustainFor");
            if (sustainFor.isNegative()) {
                throw new IllegalArgumentException("sustainFor must not be negative: " + sustainFor);
            }
        }
    }

    /** A sustained breach: since when, the latest values and the highest pressure of the episode. */
    public record Breach(Instant since, LoadReading latest, double peakPressure, Settings settings) {

        public Duration lasted() {
            return Duration.between(since, latest.at());
        }

        /** One line for humans, with the values. */
        public String describe() {
            StringBuilder text = new StringBuilder()
                    .append(String.format(
                            "warehouse load above its limit for %d s: pressure %.2f (peak %.2f, limit %.2f)",
                            lasted().toSeconds(), latest.pressure(), peakPressure, settings.pressure()));
            if (latest.latencyRatio() != null) {
                text.append(String.format(", latency ratio %.2f×", latest.latencyRatio()));
                if (settings.latencyRatio() != null) {
                    text.append(String.format(" (limit %.2f×)", settings.latencyRatio()));
                }
            }
            if (latest.budget() != null) {
                text.append(String.format(", admitted budget %.2f statement-s/s", latest.budget()));
            }
            return text.append(", since ").append(since).toString();
        }
    }

    private final Settings settings;
    private Instant episodeStart;
    private Instant lastSample;
    private double peak;
    private boolean fired;

    public LoadBreachWatch(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Takes one sample (older or repeated samples are ignored); a breach when this one makes it sustained. */
    public Optional<Breach> observe(LoadReading reading) {
        if (lastSample != null && !reading.at().isAfter(lastSample)) {
            return Optional.empty();
        }
        boolean gap =
                lastSample != null && Duration.between(lastSample, reading.at()).compareTo(settings.sustainFor()) > 0;
        lastSample = reading.at();
        if (!above(reading) || gap) {
            episodeStart = null;
            fired = false;
            if (!above(reading)) {
                return Optional.empty();
            }
        }
        if (episodeStart == null) {
            episodeStart = reading.at();
            peak = reading.pressure();
        }
        peak = Math.max(peak, reading.pressure());
        if (fired || Duration.between(episodeStart, reading.at()).compareTo(settings.sustainFor()) < 0) {
            return Optional.empty();
        }
        fired = true;
        return Optional.of(new Breach(episodeStart, reading, peak, settings));
    }

    private boolean above(LoadReading reading) {
        return reading.pressure() > settings.pressure()
                || (settings.latencyRatio() != null
                        && reading.latencyRatio() != null
                        && reading.latencyRatio() > settings.latencyRatio());
    }
}
