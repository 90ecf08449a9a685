package io.backfill.events.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructureExtension.class)
class TopicProvisionerIT {

    @Test
    void createsEveryTopicWithItsLayoutAndIsSafeToRerun(KafkaBroker kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, (short) 1);

            provisioner.createMissing();
            assertThat(provisioner.createMissing())
                    .as("second run creates nothing")
                    .isEmpty();

            assertThat(kafka.topicNames())
                    .contains("backfill-requests", "backfill-phases", "warehouse-load", "backfill-requests-dlq");
            var phases = admin.describeTopics(java.util.List.of("backfill-phases"))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get("backfill-phases");
            assertThat(phases.partitions()).hasSize(Topics.BACKFILL_PHASES.partitions());
            ConfigResource status = new ConfigResource(ConfigResource.Type.TOPIC, "backfill-status");
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(java.util.List.of(status)).all().get(30, TimeUnit.SECONDS);
            assertThat(configs.get(status)
                            .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                            .value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }
}
