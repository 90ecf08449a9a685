package io.backfill.benchmark;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop foreground load: queries arrive on an {@link ArrivalSchedule} whatever their latency, are
 * handed to a pool of workers (each with its own warehouse connection, as behind a BI tool's pool) and
 * wait in a queue when all workers are busy. Each query's latency is measured from its intended start
 * (see {@link ForegroundSamples}), so a slow warehouse cannot make the load lighter or its latency
 * look better, which is what the closed-loop dashboards of benchmark v1 did.
 */
final class OpenLoopLoad implements AutoCloseable {

    /** Runs one query of the named type on the calling worker thread. */
    @FunctionalInterface
    interface QueryRunner {
        void run(String type) throws Exception;
    }

    /** Query types with their relative weights in the mix. */
    record Mix(List<String> types, List<Double> weights) {
        Mix {
            if (types.isEmpty() || types.size() != weights.size()) {
                throw new IllegalArgumentException("one weight per query type");
            }
        }

        String pick(SplittableRandom random) {
            double total = weights.stream().mapToDouble(Double::doubleValue).sum();
            double x = random.nextDouble() * total;
            for (int i = 0; i < types.size(); i++) {
                x -= weights.get(i);
                if (x < 0) {
                    return types.get(i);
                }
            }
            return types.getLast();
        }
    }

    private final LoadProfile profile;
    private final Mix mix;
    private final QueryRunner runner;
    private final ForegroundSamples samples = new ForegroundSamples();
    private final ExecutorService workers;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final long startNanos;
    private final Thread dispatcher;

    private OpenLoopLoad(LoadProfile profile, Mix mix, QueryRunner runner, int workerCount, long seed) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.mix = Objects.requireNonNull(mix, "mix");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.workers = Executors.newFixedThreadPool(
                workerCount, Thread.ofPlatform().daemon().name("foreground-", 0).factory());
        this.startNanos = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        ArrivalSchedule schedule = new ArrivalSchedule(profile, random.split());
        this.dispatcher =
                Thread.ofPlatform().daemon().name("foreground-dispatcher").start(() -> dispatch(schedule, random));
    }

    /** Starts the load now; its clock (every sample's offset) starts with it. */
    static OpenLoopLoad start(LoadProfile profile, Mix mix, QueryRunner runner, int workers, long seed) {
        return new OpenLoopLoad(profile, mix, runner, workers, seed);
    }

    /** {@link System#nanoTime()} at the start: the zero of every sample's offset. */
    long startNanos() {
        return startNanos;
    }

    ForegroundSamples samples() {
        return samples;
    }

    private void dispatch(ArrivalSchedule schedule, SplittableRandom random) {
        while (running.get()) {
            long offset = schedule.next();
            if (offset == Long.MAX_VALUE) {
                return;
            }
            long due = startNanos + offset;
            long wait;
            while (running.get() && (wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!running.get()) {
                return;
            }
            String type = mix.pick(random);
            boolean busy = profile.busyAt(offset);
            workers.execute(() -> runOne(type, offset, busy));
        }
    }

    private void runOne(String type, long intendedOffset, boolean busy) {
        // Queued queries still run after close(): their waits are the worst latencies of the window.
        try {
            runner.run(type);
            samples.record(type, intendedOffset, System.nanoTime() - startNanos, busy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            samples.failed();
        }
    }

    /** Stops new arrivals and waits (bounded) for queued queries; their samples are kept. */
    @Override
    public void close() {
        running.set(false);
        dispatcher.interrupt();
        workers.shutdown();
        try {
            dispatcher.join(10_000);
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
