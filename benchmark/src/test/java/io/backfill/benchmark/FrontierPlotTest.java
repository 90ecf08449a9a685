package io.backfill.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.backfill.benchmark.Frontier.Point;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrontierPlotTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void drawsARealisticFrontierWithAdaptiveAndNone() throws Exception {
        // given: five budgets on the frontier, 8 s/s slower than 4 s/s (contention), none far off-scale
        Frontier frontier = Frontier.of(List.of(
                new Point("0.25 s/s", 1.04, 1480),
                new Point("0.5 s/s", 1.11, 820),
                new Point("1 s/s", 1.32, 455),
                new Point("2 s/s", 1.86, 270),
                new Point("4 s/s", 3.4, 190),
                new Point("8 s/s", 4.7, 205)));
        List<Point> extras = List.of(new Point("adaptive", 1.18, 410), new Point("none", 14.5, 178));
        Path png = Path.of("target", "frontier-test.png");
        Files.deleteIfExists(png);

        // when
        FrontierPlot.write(png, "frontier — steady foreground", frontier, extras, OptionalDouble.of(1.2));

        // then
        assertThat(frontier.dominated()).extracting(Point::label).containsExactly("8 s/s");
        assertThat(png).exists();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(FrontierPlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(FrontierPlot.HEIGHT);
        assertThat(count(image, FrontierPlot.FRONTIER_BLUE)).isGreaterThan(100);
        assertThat(count(image, FrontierPlot.ADAPTIVE_RED)).isGreaterThan(50);
    }

    @Test
    void anEmptyFrontierWithOnlyExtraPointsStillRenders(@TempDir Path dir) throws Exception {
        // given
        Frontier empty = Frontier.of(List.of());
        List<Point> extras = List.of(new Point("adaptive", 0.93, 300), new Point("none", 2.5, 200));
        Path png = dir.resolve("nested").resolve("empty-frontier.png");

        // when
        FrontierPlot.write(png, "no static runs", empty, extras, OptionalDouble.empty());

        // then
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(FrontierPlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(FrontierPlot.HEIGHT);
        assertThat(count(image, FrontierPlot.ADAPTIVE_RED)).isGreaterThan(50);
        assertThat(count(image, FrontierPlot.FRONTIER_BLUE)).isZero();
    }

    @Test
    void ratioAxisStartsAtTheBaselineAndStopsAtTenTimes() {
        // when
        FrontierPlot.LogAxis gentle = FrontierPlot.ratioAxis(1.04, 3.4);
        FrontierPlot.LogAxis belowBaseline = FrontierPlot.ratioAxis(0.93, 1.4);
        FrontierPlot.LogAxis wild = FrontierPlot.ratioAxis(1.04, 14.5);
        FrontierPlot.LogAxis absurd = FrontierPlot.ratioAxis(0.0, 1.0);

        // then
        assertThat(gentle.lo()).isEqualTo(1.0);
        assertThat(gentle.hi()).isEqualTo(4.0);
        assertThat(belowBaseline.lo()).isEqualTo(0.9, within(1e-9));
        assertThat(belowBaseline.hi()).isEqualTo(1.5);
        assertThat(wild.lo()).isEqualTo(1.0);
        assertThat(wild.hi()).isEqualTo(FrontierPlot.MAX_RATIO);
        assertThat(absurd.lo()).isEqualTo(FrontierPlot.MIN_RATIO);
        assertThat(absurd.hi()).isEqualTo(1.1);
    }

    @Test
    void ratioAxisIsLogarithmic() {
        // given
        FrontierPlot.LogAxis axis = FrontierPlot.ratioAxis(1.0, 10);

        // then: equal factors take equal room
        assertThat(axis.fraction(1)).isEqualTo(0.0, within(1e-12));
        assertThat(axis.fraction(10)).isEqualTo(1.0, within(1e-12));
        assertThat(axis.fraction(2) - axis.fraction(1)).isEqualTo(axis.fraction(10) - axis.fraction(5), within(1e-12));
        assertThat(axis.fraction(1.5)).isGreaterThan(0.17);
        assertThat(axis.fraction(20)).isGreaterThan(1);
    }

    @Test
    void ratioTicksAreRoundAndKeepTheirDistance() {
        // given
        FrontierPlot.LogAxis wide = FrontierPlot.ratioAxis(1.04, 14.5);
        FrontierPlot.LogAxis narrow = FrontierPlot.ratioAxis(0.93, 1.4);
        double gap = 0.06;

        // when
        List<Double> wideTicks = wide.ticks(gap);
        List<Double> narrowTicks = narrow.ticks(gap);

        // then: the ends and the round ratios people read, never crowded
        assertThat(wideTicks).startsWith(1.0).endsWith(10.0).contains(1.2, 1.5, 2.0, 3.0, 5.0);
        assertThat(narrowTicks).startsWith(0.9).endsWith(1.5).contains(1.0, 1.1, 1.2);
        for (FrontierPlot.LogAxis axis : List.of(wide, narrow)) {
            List<Double> ticks = axis.ticks(gap);
            assertThat(ticks).isSorted();
            for (int i = 1; i < ticks.size(); i++) {
                assertThat(axis.fraction(ticks.get(i)) - axis.fraction(ticks.get(i - 1)))
                        .isGreaterThanOrEqualTo(gap);
            }
        }
    }

    @Test
    void makespanAxisRunsFromZeroToARoundValue() {
        // when
        FrontierPlot.Axis axis = FrontierPlot.makespanAxis(1480);

        // then
        assertThat(axis.lo()).isZero();
        assertThat(axis.hi()).isEqualTo(1500);
        assertThat(axis.ticks()).first().isEqualTo(0.0);
        assertThat(axis.ticks()).last().isEqualTo(1500.0);
    }

    private static long count(BufferedImage image, Color colour) {
        long count = 0;
        int rgb = colour.getRGB();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }
}
