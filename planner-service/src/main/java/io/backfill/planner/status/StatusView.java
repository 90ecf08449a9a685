package io.backfill.planner.status;

import io.backfill.events.BackfillPhaseStatus;
import io.backfill.events.BackfillStatus;
import io.backfill.events.PhaseStatus;
import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.PhaseStatusKey;
import io.backfill.events.topics.Topics;
import io.backfill.messaging.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The queryable status of every backfill: a {@link KafkaStreams} instance running
 * {@link StatusViewTopology} over {@code backfill-status}. Reads only. {@link #ready()} is false while
 * the store restores after a start; callers answer "try again" rather than an empty list then.
 */
public final class StatusView implements AutoCloseable {

    private final KafkaStreams streams;

    public StatusView(KafkaSettings kafka, String applicationId, Path stateDir, Duration commitInterval) {
        EventSerdes serdes = new EventSerdes(kafka.registry());
        Properties properties = kafka.baseProperties("status-view");
        properties.putAll(StatusViewTopology.optimisations());
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        properties.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        // The planner writes statuses in transactions: a fenced or aborted planner's must never show.
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        this.streams = new KafkaStreams(
                StatusViewTopology.build(
                        serdes.serde(Topics.BACKFILL_STATUS), serdes.serde(Topics.BACKFILL_PHASE_STATUS)),
                properties);
    }

    public void start() {
        streams.start();
    }

    public boolean ready() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public boolean failed() {
        return streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING;
    }

    /** @throws InvalidStateStoreException while the store is not queryable (starting, rebalancing) */
    public Optional<BackfillStatus> get(String backfillId) {
        return Optional.ofNullable(store().get(backfillId));
    }

    /** @throws InvalidStateStoreException while the store is not queryable (starting, rebalancing) */
    public List<BackfillStatus> all() {
        List<BackfillStatus> all = new ArrayList<>();
        try (KeyValueIterator<String, BackfillStatus> iterator = store().all()) {
            while (iterator.hasNext()) {
                KeyValue<String, BackfillStatus> entry = iterator.next();
                all.add(entry.value);
            }
        }
        return all;
    }

    /**
     * One page of a backfill's phases in sequence order, each with its partitions: at most {@code limit}
     * phases from sequence {@code offset} on. The keys sort by sequence, so this reads only the page.
     *
     * @throws InvalidStateStoreException while the store is not queryable (starting, rebalancing)
     */
    public List<PhaseStatus> phases(String backfillId, int offset, int limit) {
        return PhasePages.page(phaseStore(), backfillId, offset, limit);
    }

    /**
     * Up to {@code limit} phases in state {@code state}, from the {@code offset}-th such phase on: reads
     * every phase of the backfill up to the page's end.
     *
     * @throws InvalidStateStoreException while the store is not queryable (starting, rebalancing)
     */
    public List<PhaseStatus> phasesInState(String backfillId, String state, int offset, int limit) {
        return PhasePages.inState(phaseStore(), backfillId, state, offset, limit);
    }

    /** @throws InvalidStateStoreException while the store is not queryable (starting, rebalancing) */
    public Optional<PhaseStatus> phase(String backfillId, int sequence) {
        return Optional.ofNullable(phaseStore().get(PhaseStatusKey.of(backfillId, sequence)))
                .map(BackfillPhaseStatus::getPhase);
    }

    private ReadOnlyKeyValueStore<String, BackfillPhaseStatus> phaseStore() {
        return streams.store(StoreQueryParameters.fromNameAndType(
                StatusViewTopology.PHASE_STORE, QueryableStoreTypes.keyValueStore()));
    }

    private ReadOnlyKeyValueStore<String, BackfillStatus> store() {
        return streams.store(
                StoreQueryParameters.fromNameAndType(StatusViewTopology.STORE, QueryableStoreTypes.keyValueStore()));
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(10));
    }
}
