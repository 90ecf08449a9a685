package io.backfill.executor.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionLedgerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    private final PartitionLedger<String> ledger = new PartitionLedger<>(1_000);

    @Test
    void startsRecordsOfDifferentKeysTogether() {
        // given
        add(0, "a");
        add(1, "b");
        add(2, "c");

        // when
        List<Long> started = startable();

        // then
        assertThat(started).containsExactly(0L, 1L, 2L);
        assertThat(ledger.waiting()).isZero();
        assertThat(ledger.running()).hasSize(3);
    }

    @Test
    void runsRecordsOfOneKeyOneAtATimeInOffsetOrder() {
        // given
        add(0, "a");
        add(1, "a");
        add(2, "a");

        // then: only the first starts; each completion frees the next
        assertThat(startable()).containsExactly(0L);
        assertThat(startable()).isEmpty();
        ledger.complete(0);
        assertThat(startable()).containsExactly(1L);
        ledger.complete(1);
        assertThat(startable()).containsExactly(2L);
    }

    @Test
    void aControlRecordOvertakesTheRunningRecordOfItsKeyButNotAWaitingOne() {
        // given: a running phase of key a, a control for it, then a second phase of a and a control for that
        add(0, "a");
        assertThat(startable()).containsExactly(0L);
        ledger.add(1, "a", "pause a", true);
        add(2, "a");
        ledger.add(3, "a", "abort the second a", true);

        // then: the first control starts beside the running record; the rest wait for offset 0 to complete
        assertThat(startable()).containsExactly(1L);
        ledger.complete(1);
        assertThat(startable()).isEmpty();
        ledger.complete(0);
        assertThat(startable()).containsExactly(2L, 3L);
    }

    @Test
    void commitsOnlyTheContiguousCompletedPrefixWhenRecordsCompleteOutOfOrder() {
        // given
        add(10, "a");
        add(11, "b");
        add(12, "c");
        startable();

        // when: the later records complete first
        ledger.complete(12);
        ledger.complete(11);

        // then: the commit point stays at the running record
        assertThat(ledger.commitPoint()).hasValue(10);

        // when: it completes
        ledger.complete(10);

        // then: everything seen is committable
        assertThat(ledger.commitPoint()).hasValue(13);
        assertThat(ledger.running()).isEmpty();
        assertThat(ledger.waiting()).isZero();
    }

    @Test
    void theCommitPointSkipsOffsetGapsLikeTransactionMarkers() {
        // given: offsets 1 and 3 are transaction markers, never delivered
        add(0, "a");
        add(2, "b");
        add(4, "c");
        startable();

        // when
        ledger.complete(0);
        ledger.complete(4);

        // then
        assertThat(ledger.commitPoint()).hasValue(2);
        ledger.complete(2);
        assertThat(ledger.commitPoint()).hasValue(5);
    }

    @Test
    void offersACommitOnlyWhenThePrefixGrew() {
        // given
        assertThat(ledger.commitPoint()).isEmpty();
        add(0, "a");
        add(1, "b");
        startable();
        ledger.complete(0);
        assertThat(ledger.toCommit()).hasValue(1);

        // when
        ledger.committed(1);

        // then
        assertThat(ledger.toCommit()).isEmpty();
        ledger.complete(1);
        assertThat(ledger.toCommit()).hasValue(2);
    }

    @Test
    void aRetriedRecordKeepsItsPlaceHoldsBackItsKeyAndTheCommitPointButNotOtherKeys() {
        // given: a of offset 0 running, another a and a b behind it
        add(0, "a");
        add(1, "a");
        add(2, "b");
        assertThat(startable()).containsExactly(0L, 2L);

        // when: offset 0 must run again in five seconds, and b completes
        ledger.retry(0, NOW.plusSeconds(5));
        ledger.complete(2);

        // then: nothing of a starts before then, the commit point stays at 0
        assertThat(ledger.takeStartable(NOW.plusSeconds(4))).isEmpty();
        assertThat(ledger.waiting()).isEqualTo(2);
        assertThat(ledger.commitPoint()).hasValue(0);
        assertThat(ledger.takeStartable(NOW.plusSeconds(5)))
                .extracting(PartitionLedger.Entry::payload)
                .containsExactly("record 0");
        ledger.complete(0);
        assertThat(ledger.takeStartable(NOW.plusSeconds(5)))
                .extracting(PartitionLedger.Entry::offset)
                .containsExactly(1L);
    }

    @Test
    void onRevocationTheCommitPointStopsAtTheFirstRecordNotCompleted() {
        // given: a running record, a completed one after it, and one waiting behind the running key
        add(0, "a");
        add(1, "b");
        add(2, "a");
        startable();
        ledger.complete(1);

        // when: the partition is revoked and the running record stops without a durable outcome
        List<Long> running =
                ledger.running().stream().map(PartitionLedger.Entry::offset).toList();

        // then: only what ran is to be stopped, and the new owner starts at the stopped record
        assertThat(running).containsExactly(0L);
        assertThat(ledger.waiting()).isEqualTo(1);
        assertThat(ledger.toCommit()).hasValue(0);
    }

    @Test
    void onRevocationARecordThatFinishedInTheGraceMovesTheCommitPointToTheWaitingOne() {
        // given
        add(0, "a");
        add(1, "b");
        add(2, "a");
        startable();
        ledger.complete(1);

        // when: the running record finishes durably within the grace
        ledger.complete(0);

        // then: the commit point is the record that never started (the new owner runs it)
        assertThat(ledger.toCommit()).hasValue(2);
    }

    @Test
    void ignoresARecordAtAnOffsetAlreadySeen() {
        // given
        add(5, "a");

        // when / then
        assertThat(ledger.add(5, "b", "again", false)).isFalse();
        assertThat(ledger.add(4, "b", "earlier", false)).isFalse();
        assertThat(startable()).containsExactly(5L);
        assertThat(ledger.waiting()).isZero();
    }

    @Test
    void isFullWhileNotYetStartedRecordsReachTheBoundAndNotOnceThoseStart() {
        // given: a bound of three and four records of one key
        PartitionLedger<String> small = new PartitionLedger<>(3);
        small.add(0, "a", "0", false);
        small.add(1, "a", "1", false);
        assertThat(small.full()).isFalse();
        small.add(2, "a", "2", false);
        assertThat(small.full()).isTrue();

        // when: the first starts (only running and waiting behind it are left)
        small.takeStartable(NOW);

        // then
        assertThat(small.waiting()).isEqualTo(2);
        assertThat(small.full()).isFalse();
        small.add(3, "a", "3", false);
        assertThat(small.full()).isTrue();
    }

    @Test
    void completingAWaitingRecordCountsItAsStartedNoMore() {
        // given
        add(0, "a");
        add(1, "a");
        startable();

        // when: the waiting record is dropped as completed (e.g. a duplicate known done)
        ledger.complete(1);

        // then
        assertThat(ledger.waiting()).isZero();
        assertThat(ledger.commitPoint()).hasValue(0);
    }

    private void add(long offset, String key) {
        assertThat(ledger.add(offset, key, "record " + offset, false)).isTrue();
    }

    private List<Long> startable() {
        return ledger.takeStartable(NOW).stream()
                .map(PartitionLedger.Entry::offset)
                .toList();
    }
}
