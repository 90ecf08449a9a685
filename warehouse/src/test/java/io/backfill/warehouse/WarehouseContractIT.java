package io.backfill.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backfill.core.Partition;
import io.backfill.core.PartitionGrain;
import io.backfill.core.PartitionRange;
import io.backfill.core.TableRef;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every dialect must show, run against a real warehouse by each subclass. Each test makes
 * its own uniquely named tables, so tests never see each other's rows.
 */
public abstract class WarehouseContractIT {

    protected static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    protected static final String BACKFILL = "bf-1";
    private static final AtomicInteger TABLES = new AtomicInteger();

    protected ConnectionSource connections;
    protected Warehouse warehouse;
    protected String events;
    protected String source;
    /** Phase ids are unique per test because checkpoints are shared by all tables of a control schema. */
    protected String p1;

    protected String p2;

    /** Fresh connections to an isolated database or schema for one test. */
    protected abstract ConnectionSource openConnections() throws Exception;

    protected abstract WarehouseDialect dialect();

    /** The schema tests create tables in; also the control schema and the only allowed one. */
    protected abstract String schema();

    /** A query that runs for far longer than a second. */
    protected abstract String slowQuery();

    @BeforeEach
    void openWarehouse() throws Exception {
        connections = openConnections();
        warehouse = new Warehouse(connections, dialect(), settings());
        int n = TABLES.incrementAndGet();
        events = "events_" + n;
        source = "events_src_" + n;
        p1 = "phase-" + n + "-1";
        p2 = "phase-" + n + "-2";
    }

    @AfterEach
    void closeWarehouse() {
        warehouse.close();
    }

    protected WarehouseSettings settings() {
        return new WarehouseSettings(schema(), Set.of(schema()), Duration.ofSeconds(30), 1);
    }

    // ---------------------------------------------------------------- staging

    @Test
    void restagingPartitionTwiceYieldsIdenticalChecksums() {
        // given
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        Partition day = day("2026-03-01");

        // when
        Checkpoint first = warehouse.stage(target, BACKFILL, p1, day, transformation());
        Checksum afterFirst = warehouse.checksum(target, DataSet.STAGED, day, p1);
        Checkpoint second = warehouse.stage(target, BACKFILL, p1, day, transformation());
        Checksum afterSecond = warehouse.checksum(target, DataSet.STAGED, day, p1);

        // then
        assertThat(first.rows()).isEqualTo(4);
        assertThat(second.checksum())
                .isEqualTo(first.checksum())
                .isEqualTo(afterFirst)
                .isEqualTo(afterSecond);
        assertThat(warehouse.checkpointsOf(p1)).singleElement().satisfies(c -> {
            assertThat(c.partitionKey()).isEqualTo("2026-03-01");
            assertThat(c.state()).isEqualTo(CheckpointState.STAGED);
            assertThat(c.checksum()).isEqualTo(first.checksum());
        });
    }

    @Test
    void checkpointsListStagedPartitionsInOrderSoAPhaseCanResume() {
        // given
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);

        // when
        warehouse.stage(target, BACKFILL, p1, day("2026-03-01"), transformation());
        warehouse.stage(target, BACKFILL, p1, day("2026-02-28"), transformation());

        // then
        assertThat(warehouse.checkpointsOf(p1))
                .extracting(Checkpoint::partitionKey)
                .containsExactly("2026-02-28", "2026-03-01");
        assertThat(warehouse.checkpointsOf("other-phase")).isEmpty();
    }

    @Test
    void failingTransformationLeavesPreviousStagingAndCheckpoint() {
        // given
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        Partition day = day("2026-03-01");
        Checkpoint good = warehouse.stage(target, BACKFILL, p1, day, transformation());

        // when: the cast fails only on a later row, after earlier rows were inserted
        String failsPartWay =
                "SELECT event_time, id, customer_id, CAST(CASE WHEN id > 9 THEN 'x' ELSE '1' END AS INTEGER)"
                        + " AS amount, note FROM " + schema() + "." + source
                        + " WHERE event_time >= :partition_start AND event_time < :partition_end";

        // then
        assertThatThrownBy(() -> warehouse.stage(target, BACKFILL, p1, day, failsPartWay))
                .isInstanceOfSatisfying(
                        WarehouseException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.FATAL));
        assertThat(warehouse.checksum(target, DataSet.STAGED, day, p1)).isEqualTo(good.checksum());
        assertThat(warehouse.checkpointsOf(p1))
                .singleElement()
                .satisfies(c -> assertThat(c.checksum()).isEqualTo(good.checksum()));
    }

    // ---------------------------------------------------------------- publish and rollback

    @Test
    void restoresPreviousChecksumsAfterRollback() {
        // given
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        List<Partition> all = range("2026-02-27", "2026-03-03");
        List<Partition> phase = List.of(day("2026-02-28"), day("2026-03-01"));
        Map<Partition, Checksum> original = targetChecksums(target, all);
        phase.forEach(p -> warehouse.stage(target, BACKFILL, p1, p, transformation()));
        Map<String, Checksum> staged = new LinkedHashMap<>();
        warehouse.checkpointsOf(p1).forEach(c -> staged.put(c.partitionKey(), c.checksum()));

        // when
        List<PartitionPublish> published = warehouse.publish(target, p1);
        Map<Partition, Checksum> afterPublish = targetChecksums(target, all);
        List<PartitionPublish> rolledBack = warehouse.rollback(target, p1);

        // then
        assertThat(published).extracting(PartitionPublish::partitionKey).containsExactly("2026-02-28", "2026-03-01");
        assertThat(published).allSatisfy(p -> {
            assertThat(p.changed()).isTrue();
            assertThat(p.after()).isEqualTo(staged.get(p.partitionKey()));
            assertThat(p.before()).isEqualTo(original.get(day(p.partitionKey())));
        });
        assertThat(afterPublish.get(day("2026-02-27"))).isEqualTo(original.get(day("2026-02-27")));
        assertThat(afterPublish.get(day("2026-03-02"))).isEqualTo(original.get(day("2026-03-02")));
        assertThat(rolledBack)
                .extracting(PartitionPublish::after)
                .containsExactly(original.get(day("2026-02-28")), original.get(day("2026-03-01")));
        assertThat(targetChecksums(target, all)).isEqualTo(original);
        assertThat(warehouse.checksum(target, DataSet.CORRIDOR, day("2026-03-01"), p1))
                .isEqualTo(Checksum.EMPTY);
    }

    @Test
    void publishingSamePhaseTwiceIsANoOpReportingThePublishedState() {
        // given
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        Partition day = day("2026-03-01");
        warehouse.stage(target, BACKFILL, p1, day, transformation());
        List<PartitionPublish> first = warehouse.publish(target, p1, List.of(day));
        Checksum afterFirst = warehouse.checksum(target, DataSet.TARGET, day, null);

        // when
        List<PartitionPublish> second = warehouse.publish(target, p1, List.of(day));

        // then
        assertThat(second).singleElement().satisfies(p -> {
            assertThat(p.alreadyDone()).isTrue();
            assertThat(p.before()).isEqualTo(first.get(0).before());
            assertThat(p.after()).isEqualTo(first.get(0).after());
        });
        assertThat(warehouse.checksum(target, DataSet.TARGET, day, null)).isEqualTo(afterFirst);
        assertThat(warehouse.checksum(target, DataSet.CORRIDOR, day, p1))
                .isEqualTo(first.get(0).before());
    }

    @Test
    void republishingIdenticalDataReportsPartitionUnchanged() {
        // given: a transformation that reproduces the target exactly
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        Partition day = day("2026-03-01");
        String identity = "SELECT event_time, id, customer_id, amount, note FROM " + schema() + "." + events
                + " WHERE event_time >= :partition_start AND event_time < :partition_end";
        warehouse.stage(target, BACKFILL, p1, day, identity);

        // when
        List<PartitionPublish> published = warehouse.publish(target, p1);

        // then
        assertThat(published)
                .singleElement()
                .satisfies(p -> assertThat(p.changed()).isFalse());
    }

    @Test
    void stagedRowsChangedAfterTheirCheckpointFailReconciliationAndPublishNothing() {
        // given: staged rows altered behind the checkpoint's back (what the gate validated is not what is there)
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        Partition day = day("2026-03-01");
        Checksum original = warehouse.checksum(target, DataSet.TARGET, day, null);
        warehouse.stage(target, BACKFILL, p1, day, transformation());
        exec("UPDATE " + schema() + ".stg__" + schema() + "__" + events + " SET amount = amount + 1");

        // when / then
        assertThatThrownBy(() -> warehouse.publish(target, p1))
                .isInstanceOf(WarehouseException.class)
                .hasMessageContaining("reconciliation failed");
        assertThat(warehouse.checksum(target, DataSet.TARGET, day, null)).isEqualTo(original);
        assertThat(warehouse.checkpointsOf(p1))
                .singleElement()
                .satisfies(c -> assertThat(c.state()).isEqualTo(CheckpointState.STAGED));
    }

    @Test
    void unchangedPartitionMovesNoRowsAndRollsBackToTheSameContents() {
        // given: a transformation that reproduces the target exactly, published
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        Partition day = day("2026-03-01");
        Checksum original = warehouse.checksum(target, DataSet.TARGET, day, null);
        String identity = "SELECT event_time, id, customer_id, amount, note FROM " + schema() + "." + events
                + " WHERE event_time >= :partition_start AND event_time < :partition_end";
        warehouse.stage(target, BACKFILL, p1, day, identity);
        warehouse.publish(target, p1);

        // when
        List<PartitionPublish> rolledBack = warehouse.rollback(target, p1, List.of());

        // then: the corridor never held a copy, and rollback left the (identical) rows where they were
        assertThat(warehouse.checksum(target, DataSet.CORRIDOR, day, p1)).isEqualTo(Checksum.EMPTY);
        assertThat(warehouse.checksum(target, DataSet.STAGED, day, p1)).isEqualTo(Checksum.EMPTY);
        assertThat(rolledBack)
                .singleElement()
                .satisfies(p -> assertThat(p.changed()).isFalse());
        assertThat(warehouse.checksum(target, DataSet.TARGET, day, null)).isEqualTo(original);
        assertThat(warehouse.checkpointsOf(p1))
                .singleElement()
                .satisfies(c -> assertThat(c.state()).isEqualTo(CheckpointState.ROLLED_BACK));
    }

    @Test
    void rollsBackASinglePartitionAndLeavesTheOthersPublished() {
        // given
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        List<Partition> phase = List.of(day("2026-02-28"), day("2026-03-01"));
        Map<Partition, Checksum> original = targetChecksums(target, phase);
        phase.forEach(p -> warehouse.stage(target, BACKFILL, p1, p, transformation()));
        List<PartitionPublish> published = warehouse.publish(target, p1);

        // when
        warehouse.rollback(target, p1, List.of(day("2026-03-01")));
        List<PartitionPublish> again = warehouse.rollback(target, p1, List.of(day("2026-03-01")));

        // then
        assertThat(again)
                .singleElement()
                .satisfies(p -> assertThat(p.alreadyDone()).isTrue());
        assertThat(warehouse.checksum(target, DataSet.TARGET, day("2026-03-01"), null))
                .isEqualTo(original.get(day("2026-03-01")));
        assertThat(warehouse.checksum(target, DataSet.TARGET, day("2026-02-28"), null))
                .isEqualTo(published.get(0).after());
        assertThat(warehouse.checkpointsOf(p1))
                .extracting(Checkpoint::state)
                .containsExactly(CheckpointState.PUBLISHED, CheckpointState.ROLLED_BACK);
    }

    @Test
    void discardDropsStagingAndLeavesTargetUntouched() {
        // given
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        Partition day = day("2026-03-01");
        Checksum before = warehouse.checksum(target, DataSet.TARGET, day, null);
        warehouse.stage(target, BACKFILL, p1, day, transformation());

        // when
        List<String> discarded = warehouse.discard(target, p1);
        List<String> again = warehouse.discard(target, p1);

        // then
        assertThat(discarded).containsExactly("2026-03-01");
        assertThat(again).isEmpty();
        assertThat(warehouse.checksum(target, DataSet.STAGED, day, p1)).isEqualTo(Checksum.EMPTY);
        assertThat(warehouse.checksum(target, DataSet.TARGET, day, null)).isEqualTo(before);
        assertThatThrownBy(() -> warehouse.publish(target, p1))
                .isInstanceOf(WarehouseException.class)
                .hasMessageContaining("DISCARDED");
    }

    @Test
    void discardedPhaseCanBeStagedAgainAsItsNextAttemptAndPublished() {
        // given: a phase staged and then discarded (its gate rejected it)
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        Partition day = day("2026-03-01");
        Checkpoint firstAttempt = warehouse.stage(target, BACKFILL, p1, day, transformation());
        warehouse.discard(target, p1);

        // when: the planner re-releases it under the same phase id
        Checkpoint secondAttempt = warehouse.stage(target, BACKFILL, p1, day, transformation());
        List<PartitionPublish> published = warehouse.publish(target, p1);

        // then
        assertThat(secondAttempt.state()).isEqualTo(CheckpointState.STAGED);
        assertThat(secondAttempt.checksum()).isEqualTo(firstAttempt.checksum());
        assertThat(published)
                .singleElement()
                .satisfies(p -> assertThat(p.changed()).isTrue());
        assertThat(warehouse.checksum(target, DataSet.TARGET, day, null)).isEqualTo(firstAttempt.checksum());
    }

    @Test
    void publishedPartitionIsNotStagedAgainByARedeliveredPhase() {
        // given
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        Partition day = day("2026-03-01");
        warehouse.stage(target, BACKFILL, p1, day, transformation());
        warehouse.publish(target, p1);

        // when
        Checkpoint again = warehouse.stage(target, BACKFILL, p1, day, transformation());

        // then: the corridor's copy of the previous target stays what rollback restores
        assertThat(again.state()).isEqualTo(CheckpointState.PUBLISHED);
        assertThat(warehouse.checksum(target, DataSet.STAGED, day, p1)).isEqualTo(Checksum.EMPTY);
    }

    @Test
    void finaliseDropsCorridorRowsAndForbidsLaterRollback() {
        // given
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        Partition day = day("2026-03-01");
        warehouse.stage(target, BACKFILL, p1, day, transformation());
        PartitionPublish published = warehouse.publish(target, p1).get(0);

        // when
        List<String> finalised = warehouse.finalise(target, BACKFILL);
        List<String> again = warehouse.finalise(target, BACKFILL);

        // then
        assertThat(finalised).containsExactly("2026-03-01");
        assertThat(again).isEmpty();
        assertThat(warehouse.checksum(target, DataSet.CORRIDOR, day, p1)).isEqualTo(Checksum.EMPTY);
        assertThat(warehouse.checksum(target, DataSet.TARGET, day, null)).isEqualTo(published.after());
        assertThatThrownBy(() -> warehouse.rollback(target, p1))
                .isInstanceOf(WarehouseException.class)
                .hasMessageContaining("finalised");
    }

    @Test
    void failureHalfwayThroughPublishLeavesOldStateEverywhere() {
        // given: the target refuses a value staging accepts, in the phase's second partition
        TargetTable checked = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6, ", CHECK (amount < 1000)");
        exec("UPDATE " + schema() + "." + source + " SET amount = 5000 WHERE id = 10");
        List<Partition> phase = List.of(day("2026-02-28"), day("2026-03-01"));
        Map<Partition, Checksum> original = targetChecksums(checked, phase);
        phase.forEach(p -> warehouse.stage(checked, BACKFILL, p1, p, transformation()));

        // when
        assertThatThrownBy(() -> warehouse.publish(checked, p1)).isInstanceOf(WarehouseException.class);

        // then
        assertThat(targetChecksums(checked, phase)).isEqualTo(original);
        assertThat(warehouse.checksum(checked, DataSet.CORRIDOR, day("2026-02-28"), p1))
                .isEqualTo(Checksum.EMPTY);
        assertThat(warehouse.checkpointsOf(p1)).allSatisfy(c -> {
            assertThat(c.state()).isEqualTo(CheckpointState.STAGED);
            assertThat(warehouse.checksum(checked, DataSet.STAGED, day(c.partitionKey()), p1))
                    .isEqualTo(c.checksum());
        });
    }

    // ---------------------------------------------------------------- identifiers

    @Test
    void refusesHostileIdentifiersWithoutExecutingAnything() {
        // given
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        Partition day = day("2026-03-01");
        Checksum before = warehouse.checksum(target, DataSet.TARGET, day, null);

        // when / then
        assertThatThrownBy(() -> warehouse.describe(new TableRef(schema(), events), "x; DROP TABLE " + events))
                .isInstanceOf(IdentifierRejectedException.class)
                .hasMessageContaining("x; DROP TABLE");
        assertThatThrownBy(() -> warehouse.describe(new TableRef(schema(), events), "event_time\""))
                .hasMessageContaining("event_time\"");
        assertThatThrownBy(() -> warehouse.describe(new TableRef(schema(), events), "\u0430mount"))
                .hasMessageContaining("\u0430mount");
        assertThatThrownBy(() -> warehouse.describe(new TableRef("information_schema", "tables"), "table_name"))
                .isInstanceOf(IdentifierRejectedException.class)
                .hasMessageContaining("information_schema");
        assertThatThrownBy(() -> warehouse.describe(new TableRef(schema(), "no_such_table"), "event_time"))
                .hasMessageContaining("no_such_table");
        assertThatThrownBy(() -> warehouse.describe(new TableRef(schema(), events), "note"))
                .hasMessageContaining("note");
        assertThatThrownBy(() ->
                        warehouse.checks().duplicateRows(target, DataSet.TARGET, day, List.of("id; DROP TABLE x")))
                .isInstanceOf(IdentifierRejectedException.class)
                .hasMessageContaining("id; DROP TABLE x");
        assertThatThrownBy(() -> warehouse.checks().sum(target, DataSet.TARGET, day, "unknown_col"))
                .hasMessageContaining("unknown_col");
        assertThatThrownBy(() -> warehouse
                        .checks()
                        .orphans(
                                target,
                                DataSet.TARGET,
                                day,
                                "customer_id",
                                new TableRef(schema(), "customers"),
                                "id\"--"))
                .hasMessageContaining("id\"--");
        assertThatThrownBy(() -> warehouse.stage(target, BACKFILL, p1, day, "SELECT * FROM x; DROP TABLE " + events))
                .hasMessageContaining("single statement");
        assertThatThrownBy(() -> warehouse.stage(target, BACKFILL, p1, day, "SELECT * FROM x WHERE a = :nope"))
                .hasMessageContaining(":nope");

        // then
        assertThat(warehouse.checksum(target, DataSet.TARGET, day, null)).isEqualTo(before);
        assertThat(warehouse.checkpointsOf(p1)).isEmpty();
    }

    // ---------------------------------------------------------------- partition grains

    @Test
    void listsAndStagesDayAndMonthPartitionsAcrossMonthEndsAndALeapDay() {
        // given: a DATE column, one row per day from 2028-01-30 to 2028-03-02
        createTables("DATE");
        List<Object[]> rows = new ArrayList<>();
        for (LocalDate d = LocalDate.parse("2028-01-30");
                d.isBefore(LocalDate.parse("2028-03-02"));
                d = d.plusDays(1)) {
            rows.add(new Object[] {d, (long) rows.size(), 1L, new BigDecimal("1.00"), "n"});
        }
        insert(events, rows);
        insert(source, rows);
        TargetTable target = warehouse.describe(new TableRef(schema(), events), "event_time");
        warehouse.prepare(target);

        // when
        List<PartitionRows> months =
                warehouse.partitions(target, PartitionRange.of(PartitionGrain.MONTH, "UTC", "2028-01", "2028-04"));
        List<PartitionRows> days =
                warehouse.partitions(target, PartitionRange.of(PartitionGrain.DAY, "UTC", "2028-02-28", "2028-03-02"));
        Checkpoint leapDay = warehouse.stage(
                target,
                BACKFILL,
                p1,
                Partition.parse(PartitionGrain.DAY, ZoneId.of("UTC"), "2028-02-29"),
                transformation());
        Checkpoint february = warehouse.stage(
                target,
                BACKFILL,
                p2,
                Partition.parse(PartitionGrain.MONTH, ZoneId.of("UTC"), "2028-02"),
                transformation());

        // then
        assertThat(target.kind()).isEqualTo(PartitionColumnKind.DATE);
        assertThat(months)
                .extracting(p -> p.partition().key() + "=" + p.rows())
                .containsExactly("2028-01=2", "2028-02=29", "2028-03=1");
        assertThat(days)
                .extracting(p -> p.partition().key() + "=" + p.rows())
                .containsExactly("2028-02-28=1", "2028-02-29=1", "2028-03-01=1");
        assertThat(leapDay.rows()).isEqualTo(1);
        assertThat(february.rows()).isEqualTo(29);
    }

    @Test
    void listsAndStagesHourPartitionsAcrossBothDstChanges() {
        // given: a row every 30 minutes (in UTC) around both Berlin DST changes of 2026
        createTables("TIMESTAMP WITH TIME ZONE");
        List<Object[]> rows = new ArrayList<>();
        for (String night : List.of("2026-03-28T22:00Z", "2026-10-24T22:00Z")) {
            ZonedDateTime at = ZonedDateTime.parse(night);
            for (int i = 0; i < 12; i++, at = at.plusMinutes(30)) {
                rows.add(new Object[] {at.toOffsetDateTime(), (long) rows.size(), 1L, new BigDecimal("1.00"), "n"});
            }
        }
        insert(events, rows);
        insert(source, rows);
        TargetTable target = warehouse.describe(new TableRef(schema(), events), "event_time");
        warehouse.prepare(target);

        // when
        List<PartitionRows> spring = warehouse.partitions(
                target,
                PartitionRange.of(PartitionGrain.HOUR, "Europe/Berlin", "2026-03-29T00:00", "2026-03-29T05:00"));
        List<PartitionRows> autumn = warehouse.partitions(
                target,
                PartitionRange.of(PartitionGrain.HOUR, "Europe/Berlin", "2026-10-25T00:00", "2026-10-25T05:00"));
        Checkpoint secondTwoOClock = warehouse.stage(
                target,
                BACKFILL,
                p1,
                Partition.parse(PartitionGrain.HOUR, BERLIN, "2026-10-25T02:00+01:00"),
                transformation());

        // then: spring skips 02:00, autumn has two 02:00 hours with two rows each
        assertThat(spring)
                .extracting(p -> p.partition().key() + "=" + p.rows())
                .containsExactly(
                        "2026-03-29T00:00+01:00=2",
                        "2026-03-29T01:00+01:00=2",
                        "2026-03-29T03:00+02:00=2",
                        "2026-03-29T04:00+02:00=2");
        assertThat(autumn)
                .extracting(p -> p.partition().key() + "=" + p.rows())
                .containsExactly(
                        "2026-10-25T00:00+02:00=2",
                        "2026-10-25T01:00+02:00=2",
                        "2026-10-25T02:00+02:00=2",
                        "2026-10-25T02:00+01:00=2",
                        "2026-10-25T03:00+01:00=2",
                        "2026-10-25T04:00+01:00=2");
        assertThat(secondTwoOClock.rows()).isEqualTo(2);
    }

    @Test
    void listsDayPartitionsOfATimestampTableInItsZone() {
        // given: 6-hourly rows in a local TIMESTAMP column; Berlin days
        TargetTable target = eventsTable("TIMESTAMP", BERLIN, 6);

        // when
        List<PartitionRows> days = warehouse.partitions(
                target, PartitionRange.of(PartitionGrain.DAY, "Europe/Berlin", "2026-02-27", "2026-03-03"));

        // then
        assertThat(target.kind()).isEqualTo(PartitionColumnKind.TIMESTAMP);
        assertThat(days)
                .extracting(p -> p.partition().key() + "=" + p.rows())
                .containsExactly("2026-02-27=4", "2026-02-28=4", "2026-03-01=4", "2026-03-02=4");
    }

    // ---------------------------------------------------------------- timeouts and load

    @Test
    void aPhaseOwnStatementTimeoutOverridesTheDefaultForStaging() {
        // given: a staging statement far slower than the phase allows, under a generous default
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        Partition day = day("2026-03-01");
        String slow = "SELECT s.event_time, s.id, s.customer_id, s.amount, s.note FROM " + schema() + "." + source
                + " s CROSS JOIN (" + slowQuery() + ") z"
                + " WHERE s.event_time >= :partition_start AND s.event_time < :partition_end";

        // when / then
        assertThatThrownBy(() -> warehouse.stage(target, BACKFILL, p1, day, slow, Optional.of(Duration.ofMillis(500))))
                .isInstanceOfSatisfying(
                        WarehouseException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT));
        assertThat(warehouse.checkpointsOf(p1)).isEmpty();
    }

    @Test
    void statementTimeoutFiresAndIsClassifiedAsTimeout() {
        // given
        // A method reference shares the test's connections without letting the second warehouse close them.
        Warehouse impatient =
                new Warehouse(connections::open, dialect(), settings().withStatementTimeout(Duration.ofMillis(500)));

        // when / then
        assertThatThrownBy(() -> impatient.canary(slowQuery()))
                .isInstanceOfSatisfying(
                        WarehouseException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT));
    }

    @Test
    void aCanaryOfItsOwnTimeoutTimesOutAtItWhateverTheStatementTimeout() {
        // when / then: the warehouse's default statement timeout is long; the canary's own is 500 ms
        long started = System.nanoTime();
        assertThatThrownBy(() -> warehouse.canary(slowQuery(), Duration.ofMillis(500)))
                .isInstanceOfSatisfying(
                        WarehouseException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(warehouse.canary("SELECT 1", Duration.ofSeconds(5))).isPositive();
    }

    @Test
    void canaryMeasuresQueryLatency() {
        // when
        Duration latency = warehouse.canary("SELECT 1");

        // then
        assertThat(latency).isPositive().isLessThan(Duration.ofSeconds(10));
    }

    // ---------------------------------------------------------------- checks

    @Test
    void measuresChecksOfStagedRows() {
        // given
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        exec("CREATE TABLE " + schema() + ".customers_" + events + " (id BIGINT NOT NULL)");
        exec("INSERT INTO " + schema() + ".customers_" + events + " VALUES (1)");
        Partition day = day("2026-03-01");
        String messy = "SELECT event_time, id % 2 AS id, CASE WHEN id % 4 = 0 THEN NULL ELSE id END AS customer_id,"
                + " amount, CASE WHEN id % 4 = 1 THEN NULL ELSE note END AS note FROM " + schema() + "." + source
                + " WHERE event_time >= :partition_start AND event_time < :partition_end";
        warehouse.stage(target, BACKFILL, p1, day, messy);
        CheckQueries checks = warehouse.checks();

        // when / then: ids 8..11 are in this day
        assertThat(checks.rowCount(target, DataSet.STAGED, day)).isEqualTo(4);
        assertThat(checks.sourceCount(target, day, messy)).isEqualTo(4);
        assertThat(checks.nullCounts(target, DataSet.STAGED, day))
                .containsEntry("customer_id", 1L)
                .containsEntry("note", 1L)
                .containsEntry("id", 0L);
        assertThat(checks.duplicateRows(target, DataSet.STAGED, day, List.of("id")))
                .isEqualTo(2);
        assertThat(checks.duplicateRows(target, DataSet.TARGET, day, List.of("id")))
                .isZero();
        assertThat(checks.orphans(
                        target,
                        DataSet.STAGED,
                        day,
                        "customer_id",
                        new TableRef(schema(), "customers_" + events),
                        "id"))
                .isEqualTo(3);
        assertThat(checks.sum(target, DataSet.STAGED, day, "amount")).isEqualByComparingTo("38.00");
        assertThat(checks.sourceSum(target, day, messy, "amount")).isEqualByComparingTo("38.00");
        assertThat(checks.timestampsOutOfBounds(
                        target, DataSet.STAGED, day, "event_time", Instant.parse("2030-01-01T00:00:00Z")))
                .isZero();
        assertThat(checks.timestampsOutOfBounds(
                        target, DataSet.STAGED, day, "event_time", Instant.parse("2026-03-01T06:00:00Z")))
                .isEqualTo(2);
        assertThat(checks.schemaDifferences(target)).isEmpty();
    }

    @Test
    void customAssertionReportsOffendingRows() {
        // given
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);
        Partition day = day("2026-03-01");
        String assertion = "SELECT id, amount FROM " + schema() + "." + events
                + " WHERE event_time >= :partition_start AND event_time < :partition_end AND amount > 9 ORDER BY id";

        // when
        AssertionResult failing = warehouse.checks().assertion(target, day, assertion, 1);
        AssertionResult passing = warehouse.checks().assertion(target, day, assertion.replace("> 9", "> 1000"), 5);

        // then
        assertThat(failing.passed()).isFalse();
        assertThat(failing.offendingRows()).containsExactly("id=10, amount=10.00");
        assertThat(passing.passed()).isTrue();
        assertThat(passing.offendingRows()).isEmpty();
    }

    @Test
    void reportsSchemaDriftBetweenStagingAndTarget() {
        // given
        TargetTable target = eventsTable("TIMESTAMP WITH TIME ZONE", BERLIN, 6);

        // when
        exec("ALTER TABLE " + schema() + "." + events + " ADD COLUMN extra INTEGER");

        // then
        assertThat(warehouse.checks().schemaDifferences(target)).containsExactly("column extra is missing in staging");
    }

    // ---------------------------------------------------------------- fixtures

    /**
     * Creates target and source tables with rows every {@code everyHours} hours from 2026-02-27 to
     * 2026-03-03 (Berlin); ids count up from 0 and amounts equal ids. The transformation doubles amounts.
     */
    protected TargetTable eventsTable(String timeType, ZoneId zone, int everyHours) {
        return eventsTable(timeType, zone, everyHours, "");
    }

    /** As above, with {@code targetExtra} appended to the target's (not the source's) column list. */
    protected TargetTable eventsTable(String timeType, ZoneId zone, int everyHours, String targetExtra) {
        createTables(timeType, targetExtra);
        PartitionColumnKind kind =
                timeType.contains("ZONE") ? PartitionColumnKind.TIMESTAMPTZ : PartitionColumnKind.TIMESTAMP;
        List<Object[]> rows = new ArrayList<>();
        ZonedDateTime end = ZonedDateTime.of(2026, 3, 3, 0, 0, 0, 0, zone);
        for (ZonedDateTime at = ZonedDateTime.of(2026, 2, 27, 0, 0, 0, 0, zone);
                at.isBefore(end);
                at = at.plusHours(everyHours)) {
            long id = rows.size();
            rows.add(new Object[] {
                kind.bindValue(at), id, id % 3, BigDecimal.valueOf(id).setScale(2), "row " + id
            });
        }
        insert(events, rows);
        insert(source, rows);
        TargetTable target = warehouse.describe(new TableRef(schema(), events), "event_time");
        warehouse.prepare(target);
        return target;
    }

    protected void createTables(String timeType) {
        createTables(timeType, "");
    }

    protected void createTables(String timeType, String targetExtra) {
        for (String table : List.of(events, source)) {
            exec("CREATE TABLE " + schema() + "." + table + " (event_time " + timeType
                    + " NOT NULL, id BIGINT NOT NULL,"
                    + " customer_id BIGINT, amount DECIMAL(12,2), note VARCHAR(50)"
                    + (table.equals(events) ? targetExtra : "") + ")");
        }
    }

    protected String transformation() {
        return "SELECT event_time, id, customer_id, amount * 2 AS amount, note FROM " + schema() + "." + source
                + " WHERE event_time >= :partition_start AND event_time < :partition_end";
    }

    protected Map<Partition, Checksum> targetChecksums(TargetTable target, List<Partition> partitions) {
        Map<Partition, Checksum> result = new LinkedHashMap<>();
        partitions.forEach(p -> result.put(p, warehouse.checksum(target, DataSet.TARGET, p, null)));
        return result;
    }

    protected static Partition day(String key) {
        return Partition.parse(PartitionGrain.DAY, BERLIN, key);
    }

    protected static List<Partition> range(String start, String endExclusive) {
        return PartitionRange.of(PartitionGrain.DAY, BERLIN.getId(), start, endExclusive)
                .partitions();
    }

    protected void exec(String sql) {
        try (Connection connection = connections.open();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    protected void insert(String table, List<Object[]> rows) {
        try (Connection connection = connections.open();
                PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO " + schema() + "." + table + " VALUES (?, ?, ?, ?, ?)")) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    statement.setObject(i + 1, row[i]);
                }
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("insert into " + table, e);
        }
    }
}
