package io.backfill.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker launcher starts a real KRaft broker that takes topics, and stops it with its whole process tree. */
class KafkaServerProcessIT {

    @Test
    void startsABrokerThatCreatesTopicsAndStopsItOnClose(@TempDir Path dataDir) throws Exception {
        // given
        KafkaServerProcess server = KafkaServerProcess.start(dataDir, 0);
        List<ProcessHandle> tree;
        try (Admin admin = Admin.create(clientProperties(server))) {
            // when
            admin.createTopics(List.of(new NewTopic("launcher-self-test", 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);

            // then
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsExactly("launcher-self-test");
            // This test JVM's only children: the watchdog and the broker JVM under it.
            tree = ProcessHandle.current().descendants().toList();
            assertThat(tree).isNotEmpty();
        } finally {
            server.close();
        }
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    private static Properties clientProperties(KafkaServerProcess server) {
        Properties properties = new Properties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, server.bootstrapServers());
        return properties;
    }
}
