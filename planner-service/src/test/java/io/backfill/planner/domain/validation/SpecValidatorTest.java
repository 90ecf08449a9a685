package io.backfill.planner.domain.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.core.PartitionGrain;
import io.backfill.core.PartitionRange;
import io.backfill.core.TableRef;
import io.backfill.core.window.WeeklyWindowSyntax;
import io.backfill.planner.domain.BackfillSpec;
import io.backfill.planner.domain.Budgets;
import io.backfill.planner.domain.Catalogue;
import io.backfill.planner.domain.FailurePolicy;
import io.backfill.planner.domain.testing.Specs;
import io.backfill.planner.domain.window.WindowPolicy;
import io.backfill.testsupport.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

    private final MutableClock clock = MutableClock.at("2026-02-01T00:00:00Z");
    private final SpecValidator validator = new SpecValidator(clock);

    /** A catalogue holding analytics.daily_revenue with columns day and amount. */
    private final Catalogue catalogue = new Catalogue() {
        @Override
        public boolean tableExists(TableRef table) {
            return table.qualified().equals("analytics.daily_revenue");
        }

        @Override
        public boolean columnExists(TableRef table, String column) {
            return tableExists(table) && Set.of("day", "amount").contains(column);
        }
    };

    @Test
    void acceptsAValidRequest() {
        assertThat(validator.problems(Specs.valid(), catalogue)).isEmpty();
    }

    @Test
    void reportsEveryProblemAtOnceEachNamingItsField() {
        // given a request wrong in many ways
        BackfillSpec spec = Specs.valid();
        BackfillSpec bad = new BackfillSpec(
                "bad id!",
                spec.target(),
                "day;drop",
                new PartitionRange(
                        PartitionGrain.DAY,
                        ZoneOffset.UTC,
                        LocalDateTime.parse("2026-03-05T00:00").atZone(ZoneOffset.UTC),
                        LocalDateTime.parse("2026-03-01T12:00").atZone(ZoneOffset.UTC)),
                "select * from raw.orders where ts >= :partition_start",
                -1,
                Optional.of(clock.instant().minusSeconds(1)),
                new Budgets(0, 0, -5, 0),
                null,
                null,
                false,
                FailurePolicy.retry(0, Duration.ofSeconds(-1)),
                Set.of("bad id!"),
                " ");

        // when
        List<String> problems = validator.problems(bad, catalogue);

        // then
        assertThat(problems)
                .anyMatch(p -> p.startsWith("backfillId:"))
                .anyMatch(p -> p.startsWith("partitionColumn:"))
                .anyMatch(p -> p.startsWith("range:") && p.contains("not aligned"))
                .anyMatch(p -> p.startsWith("range:") && p.contains("empty"))
                .contains("transformationSql: must reference :partition_end")
                .anyMatch(p -> p.startsWith("priority:"))
                .anyMatch(p -> p.startsWith("deadline:") && p.contains("not in the future"))
                .anyMatch(p -> p.startsWith("budgets.maxConcurrentStatements:"))
                .anyMatch(p -> p.startsWith("budgets.maxPartitionsPerSecond:"))
                .anyMatch(p -> p.startsWith("budgets.maxComputeSeconds:"))
                .anyMatch(p -> p.startsWith("budgets.maxPhasesInFlight:"))
                .anyMatch(p -> p.startsWith("windowPolicy:"))
                .anyMatch(p -> p.startsWith("rolloutMode:"))
                .anyMatch(p -> p.startsWith("failurePolicy.maxRetries:"))
                .anyMatch(p -> p.startsWith("failurePolicy.backoff:"))
                .anyMatch(p -> p.startsWith("dependsOn:"))
                .anyMatch(p -> p.startsWith("requester:"));
        assertThat(problems).noneMatch(p -> p.contains(":partition_start"));
    }

    @Test
    void rejectsSqlThatOnlyMentionsABoundAsAPrefixOfAnotherName() {
        BackfillSpec spec = withSql("select 1 where a >= :partition_start_x and b < :partition_end");

        assertThat(validator.problems(spec, catalogue))
                .containsExactly("transformationSql: must reference :partition_start");
    }

    @Test
    void rejectsADeadlineThatIsNow() {
        BackfillSpec spec = withDeadline(clock.instant());

        assertThat(validator.problems(spec, catalogue))
                .singleElement()
                .asString()
                .startsWith("deadline:");
    }

    @Test
    void acceptsADeadlineInTheFuture() {
        assertThat(validator.problems(withDeadline(clock.instant().plusSeconds(1)), catalogue))
                .isEmpty();
    }

    @Test
    void reportsAMissingTableFromTheCatalogue() {
        BackfillSpec spec = Specs.valid();
        BackfillSpec other = new BackfillSpec(
                spec.backfillId(),
                new TableRef("analytics", "nope"),
                spec.partitionColumn(),
                spec.range(),
                spec.transformationSql(),
                spec.priority(),
                spec.deadline(),
                spec.budgets(),
                spec.windowPolicy(),
                spec.rolloutMode(),
                spec.requireApproval(),
                spec.failurePolicy(),
                spec.dependsOn(),
                spec.requester());

        assertThat(validator.problems(other, catalogue))
                .containsExactly("target: table analytics.nope does not exist in the warehouse");
    }

    @Test
    void reportsAMissingPartitionColumnFromTheCatalogue() {
        BackfillSpec spec = Specs.valid();
        BackfillSpec other = new BackfillSpec(
                spec.backfillId(),
                spec.target(),
                "hour",
                spec.range(),
                spec.transformationSql(),
                spec.priority(),
                spec.deadline(),
                spec.budgets(),
                spec.windowPolicy(),
                spec.rolloutMode(),
                spec.requireApproval(),
                spec.failurePolicy(),
                spec.dependsOn(),
                spec.requester());

        assertThat(validator.problems(other, catalogue))
                .containsExactly("partitionColumn: column 'hour' does not exist in analytics.daily_revenue");
    }

    @Test
    void neverAsksTheCatalogueAboutAMalformedColumn() {
        BackfillSpec spec = Specs.valid();
        BackfillSpec other = new BackfillSpec(
                spec.backfillId(),
                spec.target(),
                "x\"; drop table t",
                spec.range(),
                spec.transformationSql(),
                spec.priority(),
                spec.deadline(),
                spec.budgets(),
                spec.windowPolicy(),
                spec.rolloutMode(),
                spec.requireApproval(),
                spec.failurePolicy(),
                spec.dependsOn(),
                spec.requester());
        Catalogue refusingColumnQueries = new Catalogue() {
            @Override
            public boolean tableExists(TableRef table) {
                return true;
            }

            @Override
            public boolean columnExists(TableRef table, String column) {
                throw new AssertionError("asked about " + column);
            }
        };

        assertThat(validator.problems(other, refusingColumnQueries))
                .singleElement()
                .asString()
                .startsWith("partitionColumn: invalid partition column identifier");
    }

    @Test
    void rejectsAPriorityOutsideTheDocumentedRange() {
        assertThat(validator.problems(with(Specs.valid(), 1000), catalogue))
                .containsExactly("priority: 1000 is outside 0..100");
        assertThat(validator.problems(with(Specs.valid(), 100), catalogue)).isEmpty();
        assertThat(validator.problems(with(Specs.valid(), 0), catalogue)).isEmpty();
    }

    @Test
    void rejectsARangeOfMorePartitionsThanTheLimitWithoutListingThem() {
        // 200 years of hours (73,049 days): 1.75 million partitions
        BackfillSpec spec = withRange(PartitionRange.of(PartitionGrain.HOUR, "UTC", "1900-01-01", "2100-01-01"));

        assertThat(validator.problems(spec, catalogue))
                .singleElement()
                .asString()
                .startsWith("range: 1753176 HOUR partitions, more than the limit of 1000000");
    }

    @Test
    void countsPartitionsFromTheBoundsAcrossDaylightSavingChanges() {
        assertThat(SpecValidator.partitionCount(
                        PartitionRange.of(PartitionGrain.HOUR, "Europe/Berlin", "2026-03-29", "2026-03-30")))
                .isEqualTo(23);
        assertThat(SpecValidator.partitionCount(
                        PartitionRange.of(PartitionGrain.DAY, "Europe/Berlin", "2026-03-01", "2026-04-01")))
                .isEqualTo(31);
        assertThat(SpecValidator.partitionCount(PartitionRange.of(PartitionGrain.MONTH, "UTC", "2020-01", "2026-03")))
                .isEqualTo(74);
    }

    @Test
    void rejectsWindowsThatNeverOpenBeforeTheDeadline() {
        // given: open only on Sundays 01:00-02:00; now is Sunday 2026-02-01 00:00, the deadline Saturday 02-07
        WindowPolicy sundays = new WindowPolicy(
                ZoneOffset.UTC,
                List.of(WeeklyWindowSyntax.parse("SUN 01:00-02:00")),
                Set.of(LocalDate.parse("2026-02-01")));
        BackfillSpec spec = withWindows(withDeadline(Instant.parse("2026-02-07T00:00:00Z")), sundays);

        // then
        assertThat(validator.problems(spec, catalogue))
                .singleElement()
                .asString()
                .startsWith("windowPolicy: the allowed windows do not open before the deadline 2026-02-07T00:00:00Z");
    }

    @Test
    void rejectsBlackoutsThatCloseEveryOpening() {
        // given: one window on 2026-02-02 only... every Monday in the look-ahead is a blackout date
        Set<LocalDate> mondays = new java.util.HashSet<>();
        for (LocalDate d = LocalDate.parse("2026-02-02");
                d.isBefore(LocalDate.parse("2032-01-01"));
                d = d.plusWeeks(1)) {
            mondays.add(d);
        }
        WindowPolicy closed =
                new WindowPolicy(ZoneOffset.UTC, List.of(WeeklyWindowSyntax.parse("MON 01:00-02:00")), mondays);

        assertThat(validator.problems(withWindows(Specs.valid(), closed), catalogue))
                .singleElement()
                .asString()
                .startsWith("windowPolicy: the allowed windows and blackout dates leave no open time");
    }

    private static BackfillSpec with(BackfillSpec s, int priority) {
        return new BackfillSpec(
                s.backfillId(),
                s.target(),
                s.partitionColumn(),
                s.range(),
                s.transformationSql(),
                priority,
                s.deadline(),
                s.budgets(),
                s.windowPolicy(),
                s.rolloutMode(),
                s.requireApproval(),
                s.failurePolicy(),
                s.dependsOn(),
                s.requester());
    }

    private static BackfillSpec withRange(PartitionRange range) {
        BackfillSpec s = Specs.valid();
        return new BackfillSpec(
                s.backfillId(),
                s.target(),
                s.partitionColumn(),
                range,
                s.transformationSql(),
                s.priority(),
                s.deadline(),
                s.budgets(),
                s.windowPolicy(),
                s.rolloutMode(),
                s.requireApproval(),
                s.failurePolicy(),
                s.dependsOn(),
                s.requester());
    }

    private static BackfillSpec withWindows(BackfillSpec s, WindowPolicy windows) {
        return new BackfillSpec(
                s.backfillId(),
                s.target(),
                s.partitionColumn(),
                s.range(),
                s.transformationSql(),
                s.priority(),
                s.deadline(),
                s.budgets(),
                windows,
                s.rolloutMode(),
                s.requireApproval(),
                s.failurePolicy(),
                s.dependsOn(),
                s.requester());
    }

    private static BackfillSpec withSql(String sql) {
        BackfillSpec s = Specs.valid();
        return new BackfillSpec(
                s.backfillId(),
                s.target(),
                s.partitionColumn(),
                s.range(),
                sql,
                s.priority(),
                s.deadline(),
                s.budgets(),
                s.windowPolicy(),
                s.rolloutMode(),
                s.requireApproval(),
                s.failurePolicy(),
                s.dependsOn(),
                s.requester());
    }

    private static BackfillSpec withDeadline(Instant deadline) {
        BackfillSpec s = Specs.valid();
        return new BackfillSpec(
                s.backfillId(),
                s.target(),
                s.partitionColumn(),
                s.range(),
                s.transformationSql(),
                s.priority(),
                Optional.of(deadline),
                s.budgets(),
                s.windowPolicy(),
                s.rolloutMode(),
                s.requireApproval(),
                s.failurePolicy(),
                s.dependsOn(),
                s.requester());
    }
}
