package io.backfill.executor.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.events.topics.Topics;
import io.backfill.executor.domain.load.LoadSample;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The executor's load feed on a real broker and registry: a starting feed hands on only the newest of
 * the samples written before it started (issue 12: replaying each one stepped the controller, which
 * ramped its limit before anything ran), then every live sample; a sample stamped in the future is refused.
 */
@ExtendWith(RealInfrastructureExtension.class)
class LoadFeedIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    private static Fixture fixture;

    @BeforeAll
    static void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        fixture = Fixture.start(broker, registry, POSTGRES);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void handsOnTheNewestReplayedSampleOnceThenLiveOnesAndRefusesSamplesFromTheFuture() {
        // given: ten samples of this warehouse (rising pressure) and some of another, before the feed starts
        String warehouse = Fixture.unique("wh-feed");
        for (int i = 1; i <= 10; i++) {
            fixture.load(warehouse, i / 10.0);
            fixture.load(warehouse + "-other", 5.0);
        }
        List<LoadSample> seen = new CopyOnWriteArrayList<>();

        // when
        try (LoadFeed feed = new LoadFeed(fixture.kafka("load-feed-it"), warehouse, seen::add, Clock.systemUTC())) {
            feed.start();

            // then: only the newest replayed sample, once
            await().atMost(Duration.ofSeconds(20)).until(() -> !seen.isEmpty());
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
            assertThat(seen.getFirst().pressure()).isEqualTo(1.0);

            // when: a live sample stamped an hour ahead, then a normal one
            fixture.publisher.publishAndWait(
                    Topics.WAREHOUSE_LOAD,
                    warehouse,
                    LoadSampleMapping.toAvro(
                            LoadSample.of(warehouse, Instant.now().plus(Duration.ofHours(1)), 0.05), "load-feed-it"));
            fixture.load(warehouse, 0.3);

            // then: the future one is refused, the normal one handed on
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 2);
            assertThat(seen).extracting(LoadSample::pressure).containsExactly(1.0, 0.3);
        }
    }

    @Test
    void aFeedThatDiesSaysWhyInsteadOfDyingSilently() {
        // given: a feed whose sink fails as no sink should (an Error, not an exception of one sample)
        String warehouse = Fixture.unique("wh-dies");
        try (LoadFeed feed = new LoadFeed(
                fixture.kafka("load-feed-dies-it"),
                warehouse,
                sample -> {
                    throw new LinkageError("sink broken");
                },
                Clock.systemUTC())) {
            feed.start();
            assertThat(feed.failure()).isEmpty();

            // when
            fixture.load(warehouse, 0.2);

            // then
            await().atMost(Duration.ofSeconds(20)).until(() -> feed.failure().isPresent());
            assertThat(feed.failure().orElseThrow()).isEqualTo("LinkageError: sink broken");
        }
    }
}
