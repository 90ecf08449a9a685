package io.backfill.messaging;

import java.util.List;

/**
 * What an {@link EventLoop} does with the records that existed when it started, before it follows its
 * topics live: how a service that keeps its state in memory rebuilds it from Kafka (the planner). The
 * loop reads every assigned partition from the beginning to its end offset (read_committed when the
 * loop is transactional), decodes each record, parks new poison in the DLQ, and hands the rest over in
 * one list, partition by partition in offset order. The callback runs on the loop thread, so it may
 * share state with the loop's handlers without locks; it runs again from scratch after an aborted
 * transaction (see {@link EventLoop.Builder#transactional}), so it must start from empty state.
 */
@FunctionalInterface
public interface CatchUp {

    void rebuild(List<Replayed> history) throws Exception;

    /**
     * One record of the history.
     *
     * @param handledBefore true when the record lies below the group's committed offset: a previous run
     *     already acted on it (its alerts raised, its poison parked), so only its effect on state matters
     */
    record Replayed(String key, Object value, RecordContext context, boolean handledBefore) {}
}
