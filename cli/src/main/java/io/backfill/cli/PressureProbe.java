package io.backfill.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The warehouse pressure an executor acts on, read from its Prometheus gauge
 * {@code backfill_executor_pressure} at {@code <executor>/q/metrics}. Optional: without an executor URL,
 * or when the executor cannot be read, {@code watch} shows "pressure n/a" and carries on.
 */
public final class PressureProbe {

    private static final String GAUGE = "backfill_executor_pressure";

    private final URI metrics;
    private final HttpClient http;

    public PressureProbe(String executorUrl) {
        this.metrics = URI.create(executorUrl.strip().replaceFirst("/+$", "") + "/q/metrics");
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** The latest pressure, or null when it cannot be read right now. */
    public Double read() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(metrics)
                            .timeout(Duration.ofSeconds(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? parse(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The gauge's value in a Prometheus text exposition, or null when absent or not a number. */
    static Double parse(String exposition) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(GAUGE + " ") || line.startsWith(GAUGE + "{")) {
                String value = line.substring(line.lastIndexOf(' ') + 1).strip();
                try {
                    double pressure = Double.parseDouble(value);
                    return Double.isNaN(pressure) ? null : pressure;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
