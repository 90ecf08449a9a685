package io.backfill.events.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the coordinator's topics (and their dead-letter topics) that do not exist yet, with the
 * partition counts and clean-up policies the {@link Topics} registry declares. Existing topics are
 * left as they are: re-running it is safe.
 */
public final class TopicProvisioner {

    private final Admin admin;
    private final short replicationFactor;

    public TopicProvisioner(Admin admin, short replicationFactor) {
        this.admin = admin;
        this.replicationFactor = replicationFactor;
    }

    /** Creates whichever of {@link Topics#ALL} and their DLQs are missing; returns the names created. */
    public List<String> createMissing() {
        return createMissing(Topics.ALL);
    }

    public List<String> createMissing(Collection<Topic<?>> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> wanted = new ArrayList<>();
            for (Topic<?> topic : topics) {
                if (!existing.contains(topic.name())) {
                    wanted.add(newTopic(topic));
                }
                if (!existing.contains(topic.deadLetterTopic())) {
                    wanted.add(new NewTopic(topic.deadLetterTopic(), 1, replicationFactor));
                }
            }
            List<String> created = new ArrayList<>();
            for (var result : admin.createTopics(wanted).values().entrySet()) {
                try {
                    result.getValue().get(30, TimeUnit.SECONDS);
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    // Another provisioner (or a retried request of ours) got there first: that is fine.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the coordinator's topics: " + e.getMessage(), e);
        }
    }

    private NewTopic newTopic(Topic<?> topic) {
        NewTopic created = new NewTopic(topic.name(), topic.partitions(), replicationFactor);
        if (topic.compacted()) {
            created.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return created;
    }
}
