package io.backfill.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    @Test
    void connectionLossAndTransactionConflictsAreRetriable() {
        assertThat(FailureClassifier.classifyState("08006")).isEqualTo(FailureKind.RETRIABLE);
        assertThat(FailureClassifier.classifyState("08001")).isEqualTo(FailureKind.RETRIABLE);
        assertThat(FailureClassifier.classifyState("40001")).isEqualTo(FailureKind.RETRIABLE);
        assertThat(FailureClassifier.classifyState("40P01")).isEqualTo(FailureKind.RETRIABLE);
        assertThat(FailureClassifier.classifyState("57P01")).isEqualTo(FailureKind.RETRIABLE);
        assertThat(FailureClassifier.classifyState("53300")).isEqualTo(FailureKind.RETRIABLE);
    }

    @Test
    void duckDbsConflictsWithoutAnSqlStateAreRetriable() {
        SQLException conflict = new SQLException(
                "TransactionContext Error: Catalog write-write conflict on create with \"backfill_control\"");

        assertThat(FailureClassifier.classify(conflict)).isEqualTo(FailureKind.RETRIABLE);
        assertThat(FailureClassifier.classify(new SQLException("TransactionContext Error: Failed to commit")))
                .isEqualTo(FailureKind.FATAL);
    }

    @Test
    void syntaxAccessAndDataErrorsAreFatal() {
        assertThat(FailureClassifier.classifyState("42601")).isEqualTo(FailureKind.FATAL);
        assertThat(FailureClassifier.classifyState("42P01")).isEqualTo(FailureKind.FATAL);
        assertThat(FailureClassifier.classifyState("22012")).isEqualTo(FailureKind.FATAL);
        assertThat(FailureClassifier.classifyState("23505")).isEqualTo(FailureKind.FATAL);
        assertThat(FailureClassifier.classifyState(null)).isEqualTo(FailureKind.FATAL);
    }

    @Test
    void statementTimeoutIsItsOwnKind() {
        assertThat(FailureClassifier.classifyState("57014")).isEqualTo(FailureKind.TIMEOUT);
        assertThat(FailureClassifier.classify(new SQLTimeoutException("INTERRUPT Error: Interrupted!")))
                .isEqualTo(FailureKind.TIMEOUT);
    }

    @Test
    void looksThroughWrappedCauses() {
        SQLException wrapper = new SQLException("batch failed", "XX000", new SQLException("lost", "08006"));

        assertThat(FailureClassifier.classify(wrapper)).isEqualTo(FailureKind.RETRIABLE);
        assertThat(FailureClassifier.wrap("stage", wrapper).kind()).isEqualTo(FailureKind.RETRIABLE);
        assertThat(FailureClassifier.wrap("stage", wrapper).getMessage()).contains("stage", "XX000");
    }
}
