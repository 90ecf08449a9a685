package io.backfill.planner.alerting;

import io.backfill.events.BackfillAlert;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs one alert to the webhook, retrying a bounded number of times with exponential backoff. Retried:
 * connection failures, timeouts, 5xx and 429. Not retried: any other 4xx (the hook refuses this body; asking
 * again changes nothing). Every failed attempt is logged with the alert's id and backfill.
 */
public final class AlertWebhook {

    private static final Logger LOG = LoggerFactory.getLogger(AlertWebhook.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /**
     * @param url where to POST
     * @param format the body's shape
     * @param maxAttempts attempts per alert, at least 1
     * @param backoff the wait after the first failure, doubled after each one (at most 30 s)
     * @param timeout per attempt
     */
    public record Settings(URI url, WebhookFormat format, int maxAttempts, Duration backoff, Duration timeout) {
        public Settings {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(format, "format");
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
            }
        }
    }

    /** How a delivery ended. */
    public enum Outcome {
        DELIVERED,
        GAVE_UP
    }

    private final Settings settings;
    private final HttpClient http;

    public AlertWebhook(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /**
     * Delivers the alert, waiting between attempts.
     *
     * @param running false stops the retries (shutting down)
     */
    public Outcome deliver(BackfillAlert alert, BooleanSupplier running) throws InterruptedException {
        String body = settings.format().body(alert);
        HttpRequest request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        Duration wait = settings.backoff();
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            String failure;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return Outcome.DELIVERED;
                }
                failure = "HTTP " + status + " " + clip(response.body());
                if (status < 500 && status != 429) {
                    LOG.error(
                            "Alert {} (backfill {}) refused by the webhook, not retried: {}",
                            alert.getEventId(),
                            alert.getBackfillId(),
                            failure);
                    return Outcome.GAVE_UP;
                }
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (attempt == settings.maxAttempts() || !running.getAsBoolean()) {
                LOG.error(
                        "Alert {} (backfill {}) not delivered after {} attempts, giving up: {}",
                        alert.getEventId(),
                        alert.getBackfillId(),
                        attempt,
                        failure);
                return Outcome.GAVE_UP;
            }
            LOG.warn(
                    "Alert {} (backfill {}) attempt {} of {} failed, retrying in {} ms: {}",
                    alert.getEventId(),
                    alert.getBackfillId(),
                    attempt,
                    settings.maxAttempts(),
                    wait.toMillis(),
                    failure);
            Thread.sleep(wait);
            wait = wait.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait.multipliedBy(2);
        }
        return Outcome.GAVE_UP;
    }

    private static String clip(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
