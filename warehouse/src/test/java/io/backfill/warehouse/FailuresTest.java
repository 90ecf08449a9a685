package io.backfill.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void describesAWrappedDriverFailureByItsKindWithoutRepeatingTheDriversWords() {
        // given: the warehouse's own wrapping, whose message already carries the driver's
        WarehouseException failure = FailureClassifier.wrap(
                "custom check", new SQLException("ERROR: column \"no_such_column\" does not exist", "42703"));

        // when
        String text = Failures.describe(failure);

        // then
        assertThat(text)
                .isEqualTo("FATAL: custom check failed (FATAL, SQLState 42703): ERROR: column \"no_such_column\""
                        + " does not exist");
    }

    @Test
    void addsTheInnermostCauseWhenTheOuterMessageDoesNotNameIt() {
        // given: a connection lost under the driver
        SQLException driver = new SQLException(
                "An I/O error occurred while sending to the backend.",
                "08006",
                new SocketException("Connection reset"));
        WarehouseException failure = new WarehouseException(FailureKind.RETRIABLE, "stage failed", driver);

        // when
        String text = Failures.describe(failure);

        // then
        assertThat(text).isEqualTo("RETRIABLE: stage failed (SocketException: Connection reset)");
    }

    @Test
    void namesAnExceptionOutsideTheWarehouseByItsClass() {
        assertThat(Failures.describe(new IllegalStateException("no partitions left")))
                .isEqualTo("IllegalStateException: no partitions left");
        assertThat(Failures.describe(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(Failures.describe(new IllegalArgumentException("bad", new IOException())))
                .isEqualTo("IllegalArgumentException: bad");
    }

    @Test
    void identifierRejectionsAndOtherFatalFailuresAreNotRetriable() {
        assertThat(Failures.retriable(new IdentifierRejectedException("'ghost' is not a column")))
                .isFalse();
        assertThat(Failures.retriable(new WarehouseException(FailureKind.FATAL, "bad SQL")))
                .isFalse();
        assertThat(Failures.retriable(new IllegalArgumentException("bad key"))).isFalse();
        assertThat(Failures.retriable(new IllegalStateException("invalid state")))
                .isFalse();
    }

    @Test
    void connectionLossesTimeoutsAndTheUnexpectedAreRetriable() {
        assertThat(Failures.retriable(new WarehouseException(FailureKind.RETRIABLE, "connection lost")))
                .isTrue();
        assertThat(Failures.retriable(FailureClassifier.wrap("stage", new SQLTimeoutException("interrupted"))))
                .isTrue();
        assertThat(Failures.retriable(new RuntimeException("surprise"))).isTrue();
    }
}
