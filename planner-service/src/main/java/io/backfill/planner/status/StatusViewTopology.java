package io.backfill.planner.status;

import io.backfill.events.BackfillPhaseStatus;
import io.backfill.events.BackfillStatus;
import io.backfill.events.topics.Topics;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.Stores;

/**
 * The status view's topology: {@code backfill-status} (compacted, key backfillId, written only by the
 * planner) materialised as a table in the queryable in-memory store {@link #STORE}, and
 * {@code backfill-phase-status} (compacted, key backfillId/sequence) in {@link #PHASE_STORE}. Each compacted
 * source topic doubles as its store's changelog (source-topic reuse), so the view needs no topic of
 * its own and is rebuilt from {@code backfill-status} on every start. Built by a plain static method
 * so the unit test drives exactly this topology with {@code TopologyTestDriver}.
 */
public final class StatusViewTopology {

    public static final String STORE = "backfill-status-store";

    /** Phase records, keyed backfillId/sequence: a range scan pages through one backfill's phases in order. */
    public static final String PHASE_STORE = "backfill-phase-status-store";

    private StatusViewTopology() {}

    public static Topology build(Serde<BackfillStatus> statusSerde, Serde<BackfillPhaseStatus> phaseSerde) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table(
                Topics.BACKFILL_STATUS.name(),
                Consumed.with(Serdes.String(), statusSerde),
                Materialized.<String, BackfillStatus>as(Stores.inMemoryKeyValueStore(STORE))
                        .withKeySerde(Serdes.String())
                        .withValueSerde(statusSerde));
        builder.table(
                Topics.BACKFILL_PHASE_STATUS.name(),
                Consumed.with(Serdes.String(), phaseSerde),
                Materialized.<String, BackfillPhaseStatus>as(Stores.inMemoryKeyValueStore(PHASE_STORE))
                        .withKeySerde(Serdes.String())
                        .withValueSerde(phaseSerde));
        return builder.build(optimisations());
    }

    /** The Streams configuration the topology was built for; merge it into the application's. */
    public static Properties optimisations() {
        Properties properties = new Properties();
        properties.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.REUSE_KTABLE_SOURCE_TOPICS);
        return properties;
    }
}
