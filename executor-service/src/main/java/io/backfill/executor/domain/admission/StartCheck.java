package io.backfill.executor.domain.admission;

import java.time.Instant;
import java.util.Objects;

/** The answer of {@link StartRule}: may a partition start now, and if not, what to wait for. */
public sealed interface StartCheck {

    /** Start now. */
    record Go() implements StartCheck {}

    /** The rate limit allows the next start at {@code notBefore}. */
    record NotBefore(Instant notBefore) implements StartCheck {
        public NotBefore {
            Objects.requireNonNull(notBefore, "notBefore");
        }
    }

    /** All permits are in use (or the limit is 0): wait for a release or a better decision. */
    record AtCapacity(int running, int permits) implements StartCheck {}

    /** Admission is paused: wait for a better decision. */
    record Paused(PauseReason reason) implements StartCheck {
        public Paused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
