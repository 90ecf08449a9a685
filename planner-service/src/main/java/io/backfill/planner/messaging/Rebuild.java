package io.backfill.planner.messaging;

import io.backfill.events.BackfillPhaseStatus;
import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillState;
import io.backfill.events.BackfillStatus;
import io.backfill.events.PhaseCommand;
import io.backfill.events.PhaseInstruction;
import io.backfill.events.PhasePlanned;
import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topic;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.CatchUp;
import io.backfill.messaging.KafkaSettings;
import io.backfill.messaging.TopicDecoder;
import io.backfill.messaging.TopicSnapshot;
import io.backfill.planner.domain.lifecycle.BackfillRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the planner's state from Kafka before it sends anything: on start, and again after an
 * aborted transaction. Runs as the {@link CatchUp} of the planner's {@link io.backfill.messaging.EventLoop}:
 * <ol>
 *   <li>{@code backfill-status} (latest per backfill, committed records only) gives each backfill's
 *       rejection, and {@code backfill-phase-status} its recorded plan (a status written before contract
 *       0.2 carried the plan itself), so a restart never cuts a backfill differently: a re-split plan is
 *       published there before any of its new phases is released, and re-splits are not replayed but
 *       taken afresh once the rebuild is done. A status FAILED by the planner giving up (see
 *       {@link Delivery#giveUp}) gives it up again, so a restart never wedges on the same backfill;
 *   <li>{@code backfill-phases}, the planner's own journal, gives every release already made and the ids
 *       of every instruction already sent;
 *   <li>the four input topics, as the loop read them to their end offsets, are applied with the
 *       journalled releases in record-timestamp order (see {@link Journal}). Journalled releases are
 *       restored, never re-decided, so <em>no phase is released twice</em>; an instruction the replay
 *       derives whose deterministic id is not on the journal (the planner died between deciding and
 *       sending) is sent now, so <em>none is lost</em>.
 * </ol>
 */
final class Rebuild implements CatchUp, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Rebuild.class);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    /** The pieces of one rebuilt planner, made fresh for each rebuild. */
    interface Incarnation {
        PlannerState state();

        Delivery delivery();

        Journal journal();

        InputHandler handler();

        StallWatchdog watchdog();
    }

    private final KafkaSettings kafka;
    private final Supplier<Incarnation> fresh;
    private final Map<String, String> givenUp;
    private final Consumer<Incarnation> onRebuilt;
    private final TopicDecoder<BackfillStatus> statusDecoder;
    private final TopicDecoder<BackfillPhaseStatus> phaseStatusDecoder;
    private final TopicDecoder<PhaseInstruction> phaseDecoder;

    /**
     * @param fresh makes the empty state and collaborators a rebuild starts from
     * @param givenUp the backfills given up on, kept by the node over rebuilds; the rebuild adds the recorded ones
     * @param onRebuilt receives the rebuilt incarnation, which then follows live
     */
    Rebuild(
            KafkaSettings kafka,
            Supplier<Incarnation> fresh,
            Map<String, String> givenUp,
            Consumer<Incarnation> onRebuilt) {
        this.kafka = kafka;
        EventSerdes serdes = new EventSerdes(kafka.registry());
        this.statusDecoder = new TopicDecoder<>(Topics.BACKFILL_STATUS, serdes);
        this.phaseStatusDecoder = new TopicDecoder<>(Topics.BACKFILL_PHASE_STATUS, serdes);
        this.phaseDecoder = new TopicDecoder<>(Topics.BACKFILL_PHASES, serdes);
        this.fresh = fresh;
        this.givenUp = givenUp;
        this.onRebuilt = onRebuilt;
    }

    @Override
    public void rebuild(List<Replayed> history) {
        long started = System.nanoTime();
        Incarnation incarnation = fresh.get();
        PlannerState state = incarnation.state();
        state.replaying = true;
        StallWatchdog watchdog = incarnation.watchdog();
        watchdog.doing("rebuilding: reading backfill-status");
        for (ConsumerRecord<String, byte[]> record :
                TopicSnapshot.read(kafka, "planner-rebuild", List.<Topic<?>>of(Topics.BACKFILL_STATUS), READ_TIMEOUT)) {
            decode(record, statusDecoder).ifPresent(status -> state.recordedStatus.put(record.key(), status));
        }
        watchdog.doing("rebuilding: reading backfill-phase-status");
        for (ConsumerRecord<String, byte[]> record : TopicSnapshot.read(
                kafka, "planner-rebuild", List.<Topic<?>>of(Topics.BACKFILL_PHASE_STATUS), READ_TIMEOUT)) {
            restorePhaseRecord(state, record);
        }
        state.recordedStatus.forEach((id, status) -> {
            state.book.restoreAlerts(id, status.getAlerts());
            if (status.getState() == BackfillState.FAILED
                    && status.getStateReason() != null
                    && status.getStateReason().startsWith(Delivery.GIVE_UP_PREFIX)) {
                givenUp.putIfAbsent(id, status.getStateReason().substring(Delivery.GIVE_UP_PREFIX.length()));
            }
        });
        watchdog.doing("rebuilding: reading backfill-phases");
        for (ConsumerRecord<String, byte[]> record :
                TopicSnapshot.read(kafka, "planner-rebuild", List.<Topic<?>>of(Topics.BACKFILL_PHASES), READ_TIMEOUT)) {
            decode(record, phaseDecoder)
                    .ifPresent(instruction -> journal(incarnation, instruction, record.timestamp()));
        }

        record Item(Instant at, int rank, long offset, Replayed input, Journal.Release release) {}
        List<Item> items = new ArrayList<>();
        for (Replayed input : history) {
            items.add(new Item(
                    input.context().timestamp(),
                    rank(input.context().topic()),
                    input.context().offset(),
                    input,
                    null));
        }
        incarnation.journal().releases().forEach(r -> items.add(new Item(r.at(), 1, 0, null, r)));
        items.sort(Comparator.comparing(Item::at).thenComparingInt(Item::rank).thenComparingLong(Item::offset));
        watchdog.doing("rebuilding: replaying " + items.size() + " records and releases");
        for (Item item : items) {
            watchdog.beat();
            if (item.release() != null) {
                incarnation.journal().restore(item.release());
            } else {
                incarnation
                        .handler()
                        .handle(
                                item.input().value(),
                                item.input().context(),
                                !item.input().handledBefore());
                giveUpAtItsRequest(incarnation, item.input().value());
            }
        }
        state.replaying = false;
        // Backfills given up before stay given up: most were given up at their request above; this catches
        // the rest (e.g. one whose request has expired from its topic).
        givenUp.forEach((id, reason) -> {
            if (state.planner.run(id).filter(run -> !run.status().isTerminal()).isPresent()) {
                incarnation.delivery().giveUp(id, reason, false);
            }
        });
        incarnation.delivery().sendUnsent();
        // Re-split decisions are never replayed (the recorded plan is the latest one); one is taken now,
        // from every observation replayed, and published below before the first tick can release.
        for (BackfillRun run : state.planner.runs()) {
            incarnation.handler().resplit(run.id(), "rebuild", false);
        }
        for (BackfillRun run : List.copyOf(state.planner.runs())) {
            incarnation.delivery().publishStatus(run.id());
        }
        onRebuilt.accept(incarnation);
        LOG.info(
                "Planner rebuilt {} backfills from {} input records and {} journalled releases in {} ms",
                state.planner.runs().size(),
                history.size(),
                incarnation.journal().releases().size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * A backfill given up on before is given up again as soon as its request is replayed, not after the
     * whole replay: a later backfill queued behind it on the same table must be planned where it was
     * planned live, or the journalled releases of its phases find no phases to restore.
     */
    private void giveUpAtItsRequest(Incarnation incarnation, Object input) {
        if (input instanceof BackfillRequested request) {
            String id = request.getBackfillId();
            String reason = givenUp.get(id);
            if (reason != null && incarnation.state().planner.run(id).isPresent()) {
                incarnation.delivery().giveUp(id, reason, false);
            }
        }
    }

    private static void journal(Incarnation incarnation, PhaseInstruction instruction, long timestamp) {
        if (instruction.getInstruction() instanceof PhasePlanned planned) {
            incarnation.delivery().journalled(planned.getEventId());
            incarnation.journal().add(planned, Instant.ofEpochMilli(timestamp));
        } else if (instruction.getInstruction() instanceof PhaseCommand command) {
            incarnation.delivery().journalled(command.getEventId());
        }
    }

    /** A phase record (or its tombstone) into the state's {@link PhaseRecords}; a foreign key is skipped. */
    private void restorePhaseRecord(PlannerState state, ConsumerRecord<String, byte[]> record) {
        try {
            if (record.value() == null) {
                state.phaseRecords.restore(record.key(), null);
            } else {
                decode(record, phaseStatusDecoder).ifPresent(value -> state.phaseRecords.restore(record.key(), value));
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("Rebuild skips {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    private <V extends org.apache.avro.specific.SpecificRecord> Optional<V> decode(
            ConsumerRecord<String, byte[]> record, TopicDecoder<V> decoder) {
        if (record.value() == null) {
            return Optional.empty();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return Optional.of(decoder.decode(record));
            } catch (TopicDecoder.Poison poison) {
                LOG.warn(
                        "Rebuild skips {}-{}@{}: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        poison.getMessage());
                return Optional.empty();
            } catch (TopicDecoder.RegistryUnreachable e) {
                // Skipping would lose state: wait for the registry.
                LOG.warn("Rebuild waits for the registry (attempt {}): {}", attempt, e.getMessage());
                try {
                    TimeUnit.SECONDS.sleep(Math.min(attempt, 10));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while rebuilding", interrupted);
                }
            }
        }
    }

    @Override
    public void close() {
        statusDecoder.close();
        phaseStatusDecoder.close();
        phaseDecoder.close();
    }

    private static int rank(String topic) {
        // Same timestamp: a request before anything about it, a command last (it reacts to the rest).
        if (topic.equals(Topics.BACKFILL_REQUESTS.name())) {
            return 0;
        }
        if (topic.equals(Topics.PHASE_PROGRESS.name())) {
            return 2;
        }
        if (topic.equals(Topics.GATE_DECISIONS.name())) {
            return 3;
        }
        return 4;
    }
}
