package io.backfill.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineChartTest {

    private static final double RATE = 20;
    private static final int PARTITIONS = 120;
    /** Where the panels are: everything left of the legend column. */
    private static final int PLOT_RIGHT = TimelineChart.WIDTH - 300;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void drawsABlockWithBaselineNoneStaticAndAdaptive() throws Exception {
        // given: none hurts the foreground 4× and finishes first, static 0.5 is gentle and slow, adaptive in between
        LoadProfile profile = LoadProfile.steady(RATE);
        Random random = new Random(7);
        ScenarioOutcome baseline = baseline("steady", 120, random, t -> true);
        ScenarioOutcome none =
                backfill("steady", Strategy.none(), 90, t -> 4 + Math.sin(t / 7), t -> 16, random, t -> true);
        ScenarioOutcome fixed = backfill("steady", Strategy.fixed(0.5), 300, t -> 1.06, t -> 0.5, random, t -> true);
        ScenarioOutcome adaptive = backfill(
                "steady",
                Strategy.adaptive(),
                200,
                t -> t < 20 ? 1.6 : 1.15 + 0.08 * Math.sin(t / 5),
                t -> t < 20 ? 4 : 1.5 + Math.sin(t / 9),
                random,
                t -> true);
        List<ScenarioOutcome> block = List.of(adaptive, fixed, none, baseline);
        Path png = Path.of("target", "timeline-test.png");
        Files.deleteIfExists(png);

        // when
        TimelineChart.write(
                png, "timeline — steady, repeat 1", block, o -> Optional.of(baseline), Optional.of(profile));

        // then
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(TimelineChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(TimelineChart.HEIGHT);
        assertThat(countInPlot(image, TimelineChart.ADAPTIVE_RED)).isGreaterThan(500);
        assertThat(countInPlot(image, TimelineChart.NONE_BLACK)).isGreaterThan(300);
        assertThat(countInPlot(image, TimelineChart.BASELINE_GREY)).isGreaterThan(100);
        assertThat(countInPlot(image, TimelineChart.BUSY_SHADE)).isZero();
    }

    @Test
    void rendersAnIdleBlockWithoutForeground(@TempDir Path dir) throws Exception {
        // given: no foreground queries at all, baseline included
        Random random = new Random(11);
        ScenarioOutcome baseline = outcome("idle", Optional.empty(), 60, List.of(), ticks(60, t -> Double.NaN, t -> 0));
        ScenarioOutcome adaptive = backfill("idle", Strategy.adaptive(), 80, t -> 1, t -> 6, random, t -> true);
        ScenarioOutcome none = backfill("idle", Strategy.none(), 70, t -> 1, t -> 16, random, t -> true);
        Path png = dir.resolve("nested").resolve("idle.png");

        // when
        TimelineChart.write(
                png,
                "timeline — idle",
                List.of(baseline, none, adaptive),
                o -> Optional.of(baseline),
                Optional.of(LoadProfile.idle()));

        // then
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(TimelineChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(TimelineChart.HEIGHT);
        assertThat(countInPlot(image, TimelineChart.ADAPTIVE_RED)).isGreaterThan(200);
    }

    @Test
    void shadesTheBusyPeriodsOfABurstyBlock() throws Exception {
        // given: 10 s busy at 20 q/s, 10 s quiet at 4 q/s; the queries of the quiet periods are quick
        LoadProfile profile = LoadProfile.bursty(RATE, 4, Duration.ofSeconds(10), Duration.ofSeconds(10));
        Random random = new Random(3);
        Function<Double, Boolean> busy = t -> profile.busyAt(Math.round(t * 1e9));
        ScenarioOutcome baseline = baseline("bursty", 100, random, busy);
        ScenarioOutcome adaptive = backfill(
                "bursty",
                Strategy.adaptive(),
                150,
                t -> busy.apply(t) ? 1.2 : 0.9,
                t -> busy.apply(t) ? 1 : 3,
                random,
                busy);
        ScenarioOutcome gentle = backfill("bursty", Strategy.fixed(0.25), 180, t -> 1.05, t -> 0.25, random, busy);
        ScenarioOutcome brisk = backfill("bursty", Strategy.fixed(2), 110, t -> 1.8, t -> 2, random, busy);
        Path png = Path.of("target", "timeline-bursty-test.png");
        Files.deleteIfExists(png);

        // when
        TimelineChart.write(
                png,
                "timeline — bursty, repeat 2",
                List.of(baseline, gentle, brisk, adaptive),
                o -> Optional.of(baseline),
                Optional.of(profile));

        // then
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(countInPlot(image, TimelineChart.BUSY_SHADE)).isGreaterThan(10_000);
        assertThat(countInPlot(image, TimelineChart.ADAPTIVE_RED)).isGreaterThan(500);
    }

    @Test
    void bucketsTakeTheP95OfTheirOwnQueriesAndSkipSparseOnes() {
        // given: bucket 0 has 10 queries of 1..10 ms, bucket 1 only 4, bucket 2 has 20 of 5 ms
        List<ForegroundSamples.Sample> samples = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            samples.add(sample(0.1 * i, i * 1000L, true));
        }
        for (int i = 0; i < 4; i++) {
            samples.add(sample(2.2 + 0.1 * i, 50_000, true));
        }
        for (int i = 0; i < 20; i++) {
            samples.add(sample(4 + 0.05 * i, 5000, true));
        }
        ScenarioOutcome scenario = outcome("steady", Optional.of(Strategy.none()), 6, samples, List.of());

        // when
        List<TimelineChart.Bucket> buckets = TimelineChart.ratioBuckets(scenario, 5.0);

        // then
        assertThat(buckets).extracting(TimelineChart.Bucket::startSeconds).containsExactly(0.0, 4.0);
        assertThat(buckets.get(0).samples()).isEqualTo(10);
        assertThat(buckets.get(0).ratio()).isEqualTo(10.0 / 5.0, within(0.01));
        assertThat(buckets.get(1).ratio()).isEqualTo(1.0, within(0.01));
    }

    @Test
    void staticBudgetsRunFromLightToDarkBlue() {
        // given
        ScenarioOutcome small = outcome("steady", Optional.of(Strategy.fixed(0.25)), 1, List.of(), List.of());
        ScenarioOutcome middle = outcome("steady", Optional.of(Strategy.fixed(1)), 1, List.of(), List.of());
        ScenarioOutcome large = outcome("steady", Optional.of(Strategy.fixed(4)), 1, List.of(), List.of());
        ScenarioOutcome none = outcome("steady", Optional.of(Strategy.none()), 1, List.of(), List.of());
        List<ScenarioOutcome> block = List.of(large, none, small, middle);

        // when / then
        assertThat(TimelineChart.colour(small, block)).isEqualTo(TimelineChart.STATIC_LIGHT);
        assertThat(TimelineChart.colour(large, block)).isEqualTo(TimelineChart.STATIC_DARK);
        Color mid = TimelineChart.colour(middle, block);
        assertThat(mid.getRed()).isBetween(TimelineChart.STATIC_DARK.getRed(), TimelineChart.STATIC_LIGHT.getRed());
        assertThat(TimelineChart.colour(none, block)).isEqualTo(TimelineChart.NONE_BLACK);
    }

    /** A baseline with foreground: latencies around 20 ms, a third of that in quiet periods. */
    private static ScenarioOutcome baseline(
            String profile, double seconds, Random random, Function<Double, Boolean> busy) {
        return outcome(
                profile,
                Optional.empty(),
                seconds,
                samples(seconds, t -> 1, random, busy),
                ticks(seconds, t -> t < 1 ? Double.NaN : 0.4 + 0.05 * Math.sin(t), t -> 0));
    }

    /**
     * A backfill publishing its partitions evenly over {@code seconds}, slowing the foreground by {@code factor(t)},
     * with {@code budget(t)} admitted; no foreground queries for the idle profile.
     */
    private static ScenarioOutcome backfill(
            String profile,
            Strategy strategy,
            double seconds,
            DoubleUnaryOperator factor,
            DoubleUnaryOperator budget,
            Random random,
            Function<Double, Boolean> busy) {
        List<ForegroundSamples.Sample> samples =
                "idle".equals(profile) ? List.of() : samples(seconds, factor, random, busy);
        List<Tick> ticks = new ArrayList<>();
        for (double t = 0; t <= seconds + 1e-9; t += 0.5) {
            double admitted = budget.applyAsDouble(t);
            // A running count that moves a few times a minute around the budget, as partitions start and finish.
            int running = (int) Math.min(16, Math.round(admitted + 0.6 * Math.sin(t * 0.4)));
            double pressure = t < 1 ? Double.NaN : Math.min(2.5, 0.4 + 0.3 * admitted + 0.05 * random.nextGaussian());
            ticks.add(new Tick(
                    t, pressure, admitted, Math.max(0, running), 0, Math.round(PARTITIONS * Math.min(1, t / seconds))));
        }
        return outcome(profile, Optional.of(strategy), seconds, samples, ticks);
    }

    private static List<ForegroundSamples.Sample> samples(
            double seconds, DoubleUnaryOperator factor, Random random, Function<Double, Boolean> busy) {
        List<ForegroundSamples.Sample> samples = new ArrayList<>();
        double t = 0;
        while (true) {
            boolean inBusy = busy.apply(t);
            t += -Math.log(1 - random.nextDouble()) / (inBusy ? RATE : RATE / 5);
            if (t >= seconds) {
                return samples;
            }
            double millis = 20 * Math.exp(0.35 * random.nextGaussian()) * factor.applyAsDouble(t) * (inBusy ? 1 : 0.35);
            samples.add(sample(t, Math.round(millis * 1000), inBusy));
        }
    }

    private static ForegroundSamples.Sample sample(double seconds, long latencyMicros, boolean busy) {
        return new ForegroundSamples.Sample("point", Math.round(seconds * 1e9), latencyMicros, busy);
    }

    private static List<Tick> ticks(double seconds, DoubleUnaryOperator pressure, DoubleUnaryOperator budget) {
        List<Tick> ticks = new ArrayList<>();
        for (double t = 0; t <= seconds + 1e-9; t += 0.5) {
            ticks.add(new Tick(t, pressure.applyAsDouble(t), budget.applyAsDouble(t), 0, 0, 0));
        }
        return ticks;
    }

    private static ScenarioOutcome outcome(
            String profile,
            Optional<Strategy> strategy,
            double seconds,
            List<ForegroundSamples.Sample> samples,
            List<Tick> ticks) {
        return new ScenarioOutcome(
                profile,
                strategy,
                1,
                0,
                true,
                seconds,
                strategy.isPresent() ? PARTITIONS : 0,
                strategy.isPresent() ? PARTITIONS : 0,
                0,
                0,
                samples,
                0,
                List.of(),
                Map.of(),
                ticks);
    }

    private static long countInPlot(BufferedImage image, Color colour) {
        long count = 0;
        int rgb = colour.getRGB();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < PLOT_RIGHT; x++) {
                if (image.getRGB(x, y) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }
}
