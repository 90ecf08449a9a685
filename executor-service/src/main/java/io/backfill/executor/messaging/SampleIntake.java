package io.backfill.executor.messaging;

import io.backfill.executor.domain.load.LoadSample;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Which of the load feed's samples reach the admission controller, and when. Two rules, both because a
 * controller steps once per sample:
 * <ul>
 *   <li>The samples a starting feed reads back from before its start are history, not news: only the
 *       newest of them is handed on, once the feed has read up to where it started. Replaying every one
 *       stepped the controller once per old sample (issue 12: the limit ramped to 8 before anything ran).
 *   <li>A sample stamped more than {@link #FUTURE_TOLERANCE} ahead of this executor's clock is refused:
 *       its age would read negative, so it would count as fresh for as long as the clocks disagree.
 * </ul>
 */
final class SampleIntake {

    /** How far ahead of this executor's clock a sampler's stamp may be (clock skew between hosts). */
    static final Duration FUTURE_TOLERANCE = Duration.ofSeconds(5);

    private final Clock clock;
    private boolean caughtUp;
    private LoadSample newestReplayed;

    SampleIntake(Clock clock) {
        this.clock = clock;
    }

    /** Why {@code sample} must not be used, if it must not. */
    Optional<String> refusal(LoadSample sample) {
        if (sample.sampledAt().isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
            return Optional.of("stamped " + sample.sampledAt() + ", more than " + FUTURE_TOLERANCE.toSeconds()
                    + " s ahead of this executor's clock (" + clock.instant() + ")");
        }
        return Optional.empty();
    }

    /**
     * A usable sample read by the feed; {@code replayed} when it was written before the feed started.
     *
     * @return what to hand on now
     */
    List<LoadSample> accept(LoadSample sample, boolean replayed) {
        if (replayed && !caughtUp) {
            if (newestReplayed == null || !sample.sampledAt().isBefore(newestReplayed.sampledAt())) {
                newestReplayed = sample;
            }
            return List.of();
        }
        return List.of(sample);
    }

    /** The feed has read up to where it started: the newest replayed sample, if any, is handed on once. */
    List<LoadSample> caughtUp() {
        if (caughtUp) {
            return List.of();
        }
        caughtUp = true;
        LoadSample newest = newestReplayed;
        newestReplayed = null;
        return newest == null ? List.of() : List.of(newest);
    }
}
