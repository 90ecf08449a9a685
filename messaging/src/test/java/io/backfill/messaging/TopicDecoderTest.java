package io.backfill.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.rest.client.models.ProblemDetails;
import io.backfill.events.registry.SchemaNotFoundException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** How {@link TopicDecoder} sorts failures it did not provoke itself (see {@code TopicDecoderIT} for real ones). */
class TopicDecoderTest {

    @Test
    void waitsForARegistryThatRefusesConnections() {
        RuntimeException failure =
                new SerializationException("lookup failed", new UncheckedIOException(new ConnectException("refused")));

        assertThat(TopicDecoder.classify(failure, 7))
                .isInstanceOf(TopicDecoder.RegistryUnreachable.class)
                .hasMessageContaining("ConnectException: refused");
    }

    @Test
    void waitsForARegistryAnsweringWithAServerError() {
        ProblemDetails problem = new ProblemDetails();
        problem.setTitle("Service Unavailable");

        assertThat(TopicDecoder.classify(new SerializationException("lookup failed", serverAnswer(problem, 503)), 7))
                .isInstanceOf(TopicDecoder.RegistryUnreachable.class);
    }

    @Test
    void namesWhatTheRegistryRefusedWithAClientError() {
        ProblemDetails problem = new ProblemDetails();
        problem.setTitle("Forbidden");
        problem.setDetail("no read access to group default");

        assertThat(TopicDecoder.classify(new SerializationException("lookup failed", serverAnswer(problem, 403)), 7))
                .isInstanceOf(TopicDecoder.Poison.class)
                .hasMessage("the registry refused schema id 7: HTTP 403 Forbidden: no read access to group default");
    }

    @Test
    void namesAnUnknownSchemaIdTheConfluentApiClientReports() {
        RuntimeException failure = new SerializationException(
                "cannot get schema 42", new SchemaNotFoundException("Schema 42 not found", 40403));

        assertThat(TopicDecoder.classify(failure, 42))
                .isInstanceOf(TopicDecoder.Poison.class)
                .hasMessage("schema id 42 not found in the registry");
    }

    @Test
    void saysWhatAMessagelessRootCauseIs() {
        assertThat(TopicDecoder.rootMessage(new IllegalStateException("outer", new NullPointerException())))
                .isEqualTo("NullPointerException (no message)");
    }

    /** A registry answer as Apicurio's client raises it: the problem document with the HTTP status set. */
    private static ProblemDetails serverAnswer(ProblemDetails problem, int status) {
        Answer answer = new Answer(status);
        answer.setTitle(problem.getTitle());
        answer.setDetail(problem.getDetail());
        return answer;
    }

    /** The status setter is protected in Kiota's ApiException; the client sets it from inside the same way. */
    private static final class Answer extends ProblemDetails {
        private static final long serialVersionUID = 1L;

        Answer(int status) {
            setResponseStatusCode(status);
        }
    }
}
