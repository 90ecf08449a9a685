package io.backfill.benchmark;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * Draws the scenarios over time into one PNG with plain Java2D (headless): two columns (without and
 * with the foreground spike), four rows (foreground p95 per bucket, pressure, admitted concurrency,
 * partitions staged), one coloured line per strategy, the spike window shaded.
 */
final class TimelinePlot {

    static final int WIDTH = 1600;
    static final int HEIGHT = 1400;

    private static final Map<String, Color> COLOURS = Map.of(
            "baseline", new Color(120, 120, 120),
            "none", new Color(214, 39, 40),
            "adaptive", new Color(44, 160, 44));
    private static final Color STATIC = new Color(31, 119, 180);
    private static final int MARGIN_LEFT = 80;
    private static final int MARGIN_TOP = 70;
    private static final int GAP = 50;

    private record Series(String label, Color colour, List<double[]> points) {}

    /**
     * @param yCap values above it are drawn at the top edge (NaN: no cap), so a few extreme samples do not
     *     flatten the interesting range
     * @param marks horizontal reference lines (e.g. the adaptive target and hard ceiling)
     */
    private record Row(
            String title,
            Function<ScenarioResult, List<double[]>> values,
            boolean baselineToo,
            double yCap,
            double[] marks) {}

    private TimelinePlot() {}

    static void write(Path file, List<ScenarioResult> results, double spikeFrom, double spikeTo, String title)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            g.drawString(title, MARGIN_LEFT, 32);
            List<Row> rows = List.of(
                    new Row("foreground p95 (ms)", r -> latency(r), true, Double.NaN, new double[0]),
                    new Row(
                            "warehouse pressure (capped at 3; dashed: adaptive target 0.7, hard ceiling 0.9)",
                            r -> point(r, p -> p.pressure()),
                            true,
                            3,
                            new double[] {0.7, 0.9}),
                    new Row(
                            "admitted concurrency (permits)",
                            r -> point(r, p -> p.permits()),
                            false,
                            Double.NaN,
                            new double[0]),
                    new Row("partitions staged", r -> point(r, p -> p.staged()), false, Double.NaN, new double[0]));
            int panelWidth = (WIDTH - MARGIN_LEFT - GAP - 40) / 2;
            int panelHeight = (HEIGHT - MARGIN_TOP - 60 - GAP * (rows.size() - 1)) / rows.size();
            for (int column = 0; column < 2; column++) {
                boolean spike = column == 1;
                List<ScenarioResult> inColumn = results.stream()
                        .filter(r -> r.scenario().spike() == spike)
                        .toList();
                for (int row = 0; row < rows.size(); row++) {
                    Row spec = rows.get(row);
                    List<Series> series = new ArrayList<>();
                    for (ScenarioResult r : inColumn) {
                        if (r.scenario().baseline() && !spec.baselineToo()) {
                            continue;
                        }
                        String label = r.scenario().strategyLabel();
                        series.add(new Series(
                                label,
                                COLOURS.getOrDefault(label, STATIC),
                                spec.values().apply(r)));
                    }
                    int x = MARGIN_LEFT + column * (panelWidth + GAP);
                    int y = MARGIN_TOP + row * (panelHeight + GAP);
                    panel(
                            g,
                            x,
                            y,
                            panelWidth,
                            panelHeight,
                            spec.title() + (spike ? " — with foreground spike" : ""),
                            series,
                            spike ? spikeFrom : Double.NaN,
                            spikeTo,
                            spec.yCap(),
                            spec.marks());
                }
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    private static List<double[]> latency(ScenarioResult r) {
        return r.latency().stream()
                .map(b -> new double[] {b.startMillis() / 1000.0, b.p95()})
                .toList();
    }

    private static List<double[]> point(ScenarioResult r, Function<TimelinePoint, Number> value) {
        return r.timeline().stream()
                .map(p -> new double[] {p.seconds(), value.apply(p).doubleValue()})
                .filter(p -> !Double.isNaN(p[1]))
                .toList();
    }

    private static void panel(
            Graphics2D g,
            int x,
            int y,
            int w,
            int h,
            String title,
            List<Series> series,
            double spikeFrom,
            double spikeTo,
            double yCap,
            double[] marks) {
        double maxX = 1;
        double maxY = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        maxY = Double.isNaN(yCap) ? niceCeiling(maxY) : Math.min(niceCeiling(maxY), yCap);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.setColor(Color.BLACK);
        g.drawString(title, x, y - 8);
        if (!Double.isNaN(spikeFrom)) {
            g.setColor(new Color(255, 235, 180));
            int from = x + (int) (w * Math.min(1, spikeFrom / maxX));
            int to = x + (int) (w * Math.min(1, spikeTo / maxX));
            g.fillRect(from, y, Math.max(1, to - from), h);
        }
        g.setColor(new Color(225, 225, 225));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 4; i++) {
            int gy = y + h - h * i / 4;
            g.setColor(new Color(225, 225, 225));
            g.drawLine(x, gy, x + w, gy);
            g.setColor(Color.DARK_GRAY);
            g.drawString(format(maxY * i / 4), x - 50, gy + 4);
        }
        for (int i = 0; i <= 5; i++) {
            int gx = x + w * i / 5;
            g.setColor(Color.DARK_GRAY);
            g.drawString(format(maxX * i / 5) + " s", gx - 10, y + h + 14);
        }
        g.setColor(Color.GRAY);
        g.drawRect(x, y, w, h);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        for (double mark : marks) {
            int my = y + h - (int) (h * (mark / maxY));
            g.drawLine(x, my, x + w, my);
        }
        g.setStroke(new BasicStroke(1.8f));
        int legendX = x + w - 130;
        int legendY = y + 16;
        for (Series s : series) {
            g.setColor(s.colour());
            Path2D path = new Path2D.Double();
            boolean first = true;
            for (double[] p : s.points()) {
                double px = x + w * (p[0] / maxX);
                double py = y + h - (maxY == 0 ? 0 : h * (Math.min(p[1], maxY) / maxY));
                if (first) {
                    path.moveTo(px, py);
                    first = false;
                } else {
                    path.lineTo(px, py);
                }
            }
            g.draw(path);
            g.fillRect(legendX, legendY - 9, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(s.label(), legendX + 20, legendY);
            legendY += 15;
        }
        g.setStroke(new BasicStroke(1f));
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}; 1 for zero. */
    static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String format(double v) {
        return v >= 10 || v == Math.rint(v)
                ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
    }
}
