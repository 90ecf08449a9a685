package io.backfill.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.executor.domain.admission.AdmissionStrategy;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelinePlotTest {

    @Test
    void writesAPngOfTheDocumentedSize(@TempDir Path dir) throws Exception {
        // given
        List<ScenarioResult> results = List.of(
                ResultsTableTest.result(new Scenario("baseline", Optional.empty(), 1, false), 10, 20, true),
                ResultsTableTest.result(
                        new Scenario("adaptive", Optional.of(AdmissionStrategy.ADAPTIVE), 1, false), 12, 30, true),
                ResultsTableTest.result(
                        new Scenario("none-spike", Optional.of(AdmissionStrategy.NONE), 1, true), 50, 90, true));
        Path png = dir.resolve("plots").resolve("timeline.png");

        // when
        TimelinePlot.write(png, results, 2, 6, "test");

        // then
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(TimelinePlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(TimelinePlot.HEIGHT);
    }

    @Test
    void axisCeilingsAreRoundNumbers() {
        assertThat(TimelinePlot.niceCeiling(0)).isEqualTo(1);
        assertThat(TimelinePlot.niceCeiling(0.83)).isEqualTo(1);
        assertThat(TimelinePlot.niceCeiling(1.1)).isEqualTo(2);
        assertThat(TimelinePlot.niceCeiling(37)).isEqualTo(50);
        assertThat(TimelinePlot.niceCeiling(120)).isEqualTo(200);
    }
}
