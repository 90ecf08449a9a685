package io.backfill.executor.domain.admission;

import io.backfill.executor.domain.load.LoadSample;
import java.util.Objects;

/**
 * Adds an instance-wide pause switch on top of any strategy: while paused by command (an operator
 * draining this executor, or the service acting on a pause instruction), every decision is
 * "admit nothing, pause consumption" with {@link PauseReason#COMMAND}. Samples keep flowing to the
 * wrapped controller meanwhile, so it resumes from current load, not from where it was paused.
 */
public final class CommandPausableController implements AdmissionController {

    private final AdmissionController delegate;
    private volatile boolean paused;

    public CommandPausableController(AdmissionController delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    public boolean isPaused() {
        return paused;
    }

    @Override
    public void onLoadSample(LoadSample sample) {
        delegate.onLoadSample(sample);
    }

    @Override
    public AdmissionDecision decision() {
        return paused ? AdmissionDecision.paused(PauseReason.COMMAND) : delegate.decision();
    }

    @Override
    public AdmissionExplanation explain() {
        return paused ? AdmissionExplanation.of(strategy(), decision()) : delegate.explain();
    }

    @Override
    public AdmissionStrategy strategy() {
        return delegate.strategy();
    }
}
