package io.backfill.infra.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry launcher runs the distribution Maven resolved, answers on both APIs, and stops it on close. */
class ApicurioRegistryProcessIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answersOnBothApisAndStopsItsProcessTreeOnClose() throws Exception {
        // given
        ApicurioRegistryProcess registry = ApicurioRegistryProcess.start(ApicurioDistribution.locate());
        List<ProcessHandle> tree;
        try {
            // when
            HttpResponse<String> confluent = get(registry.confluentApiUrl() + "/subjects");
            HttpResponse<String> apicurio = get(registry.apicurioApiUrl() + "/system/info");

            // then
            assertThat(confluent.statusCode()).isEqualTo(200);
            assertThat(confluent.body()).isEqualTo("[]");
            assertThat(apicurio.statusCode()).isEqualTo(200);
            // This test JVM's only children: the watchdog and the registry JVM under it.
            tree = ProcessHandle.current().descendants().toList();
            assertThat(tree).isNotEmpty();
        } finally {
            registry.close();
        }
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
