package io.backfill.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class PublishFailureTest {

    @Test
    void aRecordTooLargeCanNeverBeWritten() {
        assertThat(PublishFailure.of(new ExecutionException(new RecordTooLargeException("2.1 MB"))))
                .isEqualTo(PublishFailure.RECORD);
    }

    @Test
    void aSerializationErrorCanNeverBeWritten() {
        assertThat(PublishFailure.of(new SerializationException("no schema"))).isEqualTo(PublishFailure.RECORD);
    }

    @Test
    void anyOtherNonRetriableRefusalIsTheRecordsFault() {
        assertThat(PublishFailure.of(new InvalidRecordException("bad"))).isEqualTo(PublishFailure.RECORD);
        assertThat(PublishFailure.of(new KafkaException("refused"))).isEqualTo(PublishFailure.RECORD);
    }

    @Test
    void outagesAndTimeoutsMayPassLater() {
        assertThat(PublishFailure.of(new TimeoutException("expired"))).isEqualTo(PublishFailure.RETRIABLE);
        assertThat(PublishFailure.of(new NotLeaderOrFollowerException("moved"))).isEqualTo(PublishFailure.RETRIABLE);
        assertThat(PublishFailure.of(new java.util.concurrent.TimeoutException()))
                .isEqualTo(PublishFailure.RETRIABLE);
    }

    @Test
    void missingPermissionsAreTheServicesConfigurationNotTheRecords() {
        assertThat(PublishFailure.of(new TopicAuthorizationException("denied"))).isEqualTo(PublishFailure.RETRIABLE);
    }

    @Test
    void aNewerProducerWithTheSameTransactionalIdFencesThisOne() {
        assertThat(PublishFailure.of(new KafkaException(new ProducerFencedException("epoch"))))
                .isEqualTo(PublishFailure.FENCED);
        assertThat(PublishFailure.of(new InvalidProducerEpochException("epoch")))
                .isEqualTo(PublishFailure.FENCED);
    }
}
