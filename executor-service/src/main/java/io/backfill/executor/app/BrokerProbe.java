package io.backfill.executor.app;

import io.backfill.messaging.KafkaSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Asks the broker whether it answers ({@code describeCluster} within 3 s), remembering the answer for
 * a few seconds so health polls do not hammer it. The consumer loop alone cannot tell: it keeps
 * polling (and looks alive) while the broker is gone.
 */
final class BrokerProbe implements AutoCloseable {

    private static final Duration CACHE = Duration.ofSeconds(5);

    private final Admin admin;
    private long checkedAtNanos;
    private boolean reachable;

    BrokerProbe(KafkaSettings kafka) {
        var properties = kafka.baseProperties("health");
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        this.admin = Admin.create(properties);
    }

    synchronized boolean reachable() {
        if (checkedAtNanos != 0 && System.nanoTime() - checkedAtNanos < CACHE.toNanos()) {
            return reachable;
        }
        try {
            reachable = !admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                    .nodes()
                    .get(3, TimeUnit.SECONDS)
                    .isEmpty();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            reachable = false;
        }
        checkedAtNanos = System.nanoTime();
        return reachable;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(3));
    }
}
