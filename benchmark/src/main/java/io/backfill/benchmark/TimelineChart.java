package io.backfill.benchmark;

import io.backfill.executor.domain.admission.AdmissionStrategy;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws one block (one profile, one repeat) over time into a PNG with plain Java2D (headless): four panels sharing
 * the x axis, seconds since the backfill's submission (the scenario's start) up to the longest scenario.
 *
 * <ol>
 *   <li>Foreground latency ratio: per {@value #BUCKET_SECONDS}-second bucket, the p95 of the scenario's queries
 *       meant to start in it ÷ the p95 of the block baseline's queries over its whole window (the same denominator
 *       as {@link SweepAnalysis#ratio}, so for the bursty profile its busy periods only). Buckets with fewer than
 *       {@value #MIN_BUCKET_SAMPLES} queries are left out (the line breaks there). The y axis is logarithmic, like
 *       the frontier's ratio axis ({@link FrontierPlot#ratioAxis}): it keeps the 1–1.5× stretch around the target
 *       readable while a run that hurts the foreground by 8× still fits; beyond {@link FrontierPlot#MAX_RATIO} the
 *       line runs along the top edge. Dashed lines mark the {@value #TARGET_RATIO}× target and 1× (the baseline).
 *   <li>Warehouse pressure, the latest {@code warehouse-load} sample ({@link Tick#pressure}), 0 to at least 1.2.
 *   <li>Admission: the admitted budget in statement-seconds per second as a thick line and the partitions running as
 *       a thin, faint step line of the same colour. One running partition uses one statement-second per second, so
 *       both share the axis and the gap between them is unused budget.
 *   <li>Partitions published so far; a dot marks a completed backfill's last tick.
 * </ol>
 *
 * <p>One colour per scenario: baseline grey, none black, static budgets a blue ramp from light (smallest) to dark
 * (largest), adaptive red. For a cycling profile the busy periods are shaded in every panel. The baseline only
 * appears in the panels it has data for (latency and pressure).
 */
final class TimelineChart {

    static final int WIDTH = 1600;
    static final int HEIGHT = 1400;

    static final double BUCKET_SECONDS = 2;
    static final int MIN_BUCKET_SAMPLES = 5;
    static final double TARGET_RATIO = 1.2;

    static final Color BASELINE_GREY = new Color(150, 150, 150);
    static final Color NONE_BLACK = Color.BLACK;
    static final Color ADAPTIVE_RED = FrontierPlot.ADAPTIVE_RED;
    static final Color OTHER_ORANGE = FrontierPlot.OTHER_ORANGE;
    static final Color STATIC_LIGHT = new Color(130, 185, 228);
    static final Color STATIC_DARK = new Color(8, 48, 107);
    static final Color BUSY_SHADE = new Color(255, 241, 219);

    /** Text and frames are near-black, so pure black in the plot area is the {@code none} scenario alone. */
    private static final Color INK = new Color(30, 30, 30);

    private static final Color GRID = new Color(228, 228, 228);
    private static final Color REFERENCE = new Color(70, 70, 70);
    private static final int LEFT = 90;
    private static final int RIGHT = WIDTH - 300;
    private static final int FIRST_TOP = 104;
    private static final int PANEL_GAP = 46;
    private static final int[] PANEL_HEIGHTS = {370, 220, 280, 220};
    /** Keeps lines at the ends of a y axis off the panel's frame. */
    private static final int PAD = 6;

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font SUBTITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font HEADING_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font AXIS_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font NOTE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    /**
     * One bucket of the latency panel.
     *
     * @param startSeconds the bucket covers [start, start + {@link #BUCKET_SECONDS}) of intended start times
     * @param samples the queries meant to start in it (at least {@link #MIN_BUCKET_SAMPLES})
     * @param ratio their p95 ÷ the baseline's p95
     */
    record Bucket(double startSeconds, long samples, double ratio) {

        double midSeconds() {
            return startSeconds + BUCKET_SECONDS / 2;
        }
    }

    /** One scenario as drawn: its colour and, when it has a baseline with foreground, its latency buckets. */
    private record Series(ScenarioOutcome outcome, Color colour, List<Bucket> buckets) {}

    private TimelineChart() {}

    /**
     * @param scenarios the block's scenarios, the baseline among them or not (it is drawn grey if it is)
     * @param baselineOf the block's baseline for a scenario (empty: no latency line for it)
     * @param profile the block's foreground profile; busy periods are shaded when it cycles
     */
    static void write(
            Path file,
            String title,
            List<ScenarioOutcome> scenarios,
            Function<ScenarioOutcome, Optional<ScenarioOutcome>> baselineOf,
            Optional<LoadProfile> profile)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<ScenarioOutcome> ordered = new ArrayList<>(scenarios);
        // Drawn in this order, so adaptive ends up on top of the rest.
        ordered.sort(Comparator.comparingInt(TimelineChart::drawOrder)
                .thenComparingDouble(o -> o.strategy().map(Strategy::budget).orElse(0.0)));
        List<Series> series = new ArrayList<>();
        OptionalDouble baselineP95 = OptionalDouble.empty();
        for (ScenarioOutcome o : ordered) {
            OptionalDouble base = baselineP95(o, baselineOf);
            List<Bucket> buckets = base.isPresent() ? ratioBuckets(o, base.getAsDouble()) : List.of();
            if (base.isPresent() && baselineP95.isEmpty()) {
                baselineP95 = base;
            }
            series.add(new Series(o, colour(o, scenarios), buckets));
        }

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            new Canvas(g, series, profile, baselineP95).draw(title);
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    /**
     * The p95 in milliseconds of the scenario's baseline over its whole window, counting the queries
     * {@link SweepAnalysis#counted} counts for the profile; empty without a baseline or without such queries.
     */
    static OptionalDouble baselineP95(
            ScenarioOutcome scenario, Function<ScenarioOutcome, Optional<ScenarioOutcome>> baselineOf) {
        Optional<ScenarioOutcome> baseline = baselineOf.apply(scenario);
        if (baseline.isEmpty()) {
            return OptionalDouble.empty();
        }
        ForegroundSamples.Stats stats = ForegroundSamples.stats(
                baseline.get().samples(), SweepAnalysis.counted(baseline.get().profile()));
        return stats.count() > 0 && stats.p95() > 0 ? OptionalDouble.of(stats.p95()) : OptionalDouble.empty();
    }

    /**
     * The scenario's latency buckets, in time order: every query meant to start in a bucket counts (busy or
     * quiet), and buckets with fewer than {@link #MIN_BUCKET_SAMPLES} are left out.
     */
    static List<Bucket> ratioBuckets(ScenarioOutcome scenario, double baselineP95Millis) {
        long width = Math.round(BUCKET_SECONDS * 1e9);
        Map<Long, List<ForegroundSamples.Sample>> byBucket = new TreeMap<>();
        for (ForegroundSamples.Sample s : scenario.samples()) {
            if (s.intendedNanos() >= 0) {
                byBucket.computeIfAbsent(s.intendedNanos() / width, k -> new ArrayList<>())
                        .add(s);
            }
        }
        List<Bucket> buckets = new ArrayList<>();
        byBucket.forEach((index, samples) -> {
            if (samples.size() >= MIN_BUCKET_SAMPLES) {
                double p95 = ForegroundSamples.stats(samples).p95();
                buckets.add(new Bucket(index * BUCKET_SECONDS, samples.size(), p95 / baselineP95Millis));
            }
        });
        return buckets;
    }

    /**
     * The scenario's colour among the block's: baseline grey, none black, adaptive red, a static budget its place
     * on a light-to-dark blue ramp over the block's distinct static budgets, anything else orange.
     */
    static Color colour(ScenarioOutcome scenario, List<ScenarioOutcome> block) {
        if (scenario.strategy().isEmpty()) {
            return BASELINE_GREY;
        }
        Strategy strategy = scenario.strategy().get();
        return switch (strategy.strategy()) {
            case NONE -> NONE_BLACK;
            case ADAPTIVE -> ADAPTIVE_RED;
            case STATIC -> {
                List<Double> budgets = block.stream()
                        .flatMap(o -> o.strategy().stream())
                        .filter(Strategy::isStatic)
                        .map(Strategy::budget)
                        .distinct()
                        .sorted()
                        .toList();
                int i = budgets.indexOf(strategy.budget());
                double t = budgets.size() <= 1 ? 0.6 : i / (budgets.size() - 1.0);
                yield blend(STATIC_LIGHT, STATIC_DARK, t);
            }
            default -> OTHER_ORANGE;
        };
    }

    private static Color blend(Color from, Color to, double t) {
        return new Color(
                (int) Math.round(from.getRed() + t * (to.getRed() - from.getRed())),
                (int) Math.round(from.getGreen() + t * (to.getGreen() - from.getGreen())),
                (int) Math.round(from.getBlue() + t * (to.getBlue() - from.getBlue())));
    }

    private static int drawOrder(ScenarioOutcome o) {
        if (o.strategy().isEmpty()) {
            return 0;
        }
        return switch (o.strategy().get().strategy()) {
            case NONE -> 1;
            case STATIC -> 2;
            case ADAPTIVE -> 4;
            default -> 3;
        };
    }

    private static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** A y axis of one panel: where values go (0 at the bottom, 1 at the top), which to label and how. */
    private record YAxis(double top, DoubleUnaryOperator fraction, List<Double> ticks, DoubleFunction<String> format) {

        static YAxis linear(double highest) {
            FrontierPlot.Axis axis = FrontierPlot.makespanAxis(highest);
            return new YAxis(axis.hi(), v -> v / axis.hi(), axis.ticks(), axis::format);
        }
    }

    /** One panel's box, heading and y axis. */
    private record Panel(String heading, int top, int bottom, YAxis y) {

        double py(double value) {
            double f = Math.clamp(y.fraction().applyAsDouble(value), 0, 1);
            return bottom - PAD - f * (bottom - top - 2 * PAD);
        }
    }

    /** Drawing state for one image. */
    private static final class Canvas {

        private final Graphics2D g;
        private final List<Series> series;
        private final Optional<LoadProfile> profile;
        private final OptionalDouble baselineP95;
        private final double span;
        private final FrontierPlot.Axis x;
        private final boolean foreground;

        Canvas(Graphics2D g, List<Series> series, Optional<LoadProfile> profile, OptionalDouble baselineP95) {
            this.g = g;
            this.series = series;
            this.profile = profile;
            this.baselineP95 = baselineP95;
            double longest = 0;
            for (Series s : series) {
                ScenarioOutcome o = s.outcome();
                longest = Math.max(longest, o.windowSeconds());
                if (!o.ticks().isEmpty()) {
                    longest = Math.max(longest, o.ticks().getLast().seconds());
                }
            }
            this.span = longest > 0 && Double.isFinite(longest) ? longest : 1;
            this.x = new FrontierPlot.Axis(0, span, FrontierPlot.niceStep(span / 12));
            this.foreground = series.stream().anyMatch(s -> !s.buckets().isEmpty());
        }

        double px(double seconds) {
            return LEFT + seconds / span * (RIGHT - LEFT);
        }

        void draw(String title) {
            g.setColor(INK);
            g.setFont(TITLE_FONT);
            g.drawString(title, LEFT, 36);
            g.setFont(SUBTITLE_FONT);
            g.setColor(Color.DARK_GRAY);
            g.drawString(subtitle(), LEFT, 62);

            List<Panel> panels = panels();
            List<int[]> busy = busyColumns();
            for (Panel panel : panels) {
                frame(panel, busy);
            }
            latency(panels.get(0));
            pressure(panels.get(1));
            admission(panels.get(2));
            published(panels.get(3));
            timeAxis(panels.getLast());
            legend(!busy.isEmpty());
        }

        private String subtitle() {
            List<String> parts = new ArrayList<>();
            profile.ifPresent(p -> parts.add(p.describe()));
            if (baselineP95.isPresent()) {
                parts.add("baseline p95 " + number(baselineP95.getAsDouble(), 1) + " ms");
            }
            return String.join("  ·  ", parts);
        }

        private List<Panel> panels() {
            int[] tops = new int[PANEL_HEIGHTS.length];
            int top = FIRST_TOP;
            for (int i = 0; i < PANEL_HEIGHTS.length; i++) {
                tops[i] = top;
                top += PANEL_HEIGHTS[i] + PANEL_GAP;
            }
            List<Panel> panels = new ArrayList<>();
            panels.add(new Panel(latencyHeading(), tops[0], tops[0] + PANEL_HEIGHTS[0], ratioAxis(PANEL_HEIGHTS[0])));
            double pressure = max(series, Tick::pressure);
            panels.add(new Panel(
                    "warehouse pressure (latest warehouse-load sample)",
                    tops[1],
                    tops[1] + PANEL_HEIGHTS[1],
                    YAxis.linear(Math.max(1.2, pressure))));
            // none's "budget" is its permit count, often far above every throttled setting: fit the axis to the
            // throttled ones (none then runs along the top edge, and a note says so), unless none is all there is.
            List<Series> throttled = backfills().stream()
                    .filter(s -> s.outcome().strategy().get().strategy() != AdmissionStrategy.NONE)
                    .toList();
            List<Series> scaled = throttled.isEmpty() ? backfills() : throttled;
            double budget = Math.max(max(scaled, Tick::admittedBudget), max(scaled, Tick::running));
            panels.add(new Panel(
                    "admission: admitted budget, statement-seconds per second (thick) · partitions running (thin)",
                    tops[2],
                    tops[2] + PANEL_HEIGHTS[2],
                    // Headroom, so the largest throttled value stays clear of the edge none is drawn on.
                    YAxis.linear(Math.max(1, budget * 1.1))));
            double published = max(backfills(), Tick::published);
            for (Series s : series) {
                if (!s.outcome().baseline()) {
                    published = Math.max(published, s.outcome().partitions());
                }
            }
            panels.add(new Panel(
                    "partitions published", tops[3], tops[3] + PANEL_HEIGHTS[3], YAxis.linear(Math.max(1, published))));
            return panels;
        }

        private String latencyHeading() {
            boolean bursty =
                    series.stream().anyMatch(s -> "bursty".equals(s.outcome().profile()));
            return "foreground p95 per " + number(BUCKET_SECONDS, 0) + " s bucket ÷ baseline p95"
                    + (bursty ? " over its busy periods" : "") + "  ·  log scale, capped at "
                    + FrontierPlot.ratio(FrontierPlot.MAX_RATIO) + "×";
        }

        private YAxis ratioAxis(int height) {
            double lowest = 1;
            double highest = TARGET_RATIO;
            for (Series s : series) {
                for (Bucket b : s.buckets()) {
                    lowest = Math.min(lowest, b.ratio());
                    highest = Math.max(highest, b.ratio());
                }
            }
            FrontierPlot.LogAxis axis = FrontierPlot.ratioAxis(lowest, highest);
            List<Double> ticks = axis.ticks(24.0 / (height - 2 * PAD));
            return new YAxis(
                    axis.hi(),
                    v -> axis.fraction(Math.clamp(v, axis.lo(), axis.hi())),
                    foreground ? ticks : List.of(),
                    v -> FrontierPlot.ratio(v) + "×");
        }

        /** The largest finite value of a tick field over some scenarios' ticks, at least 0. */
        private static double max(List<Series> of, ToDoubleFunction<Tick> field) {
            double max = 0;
            for (Series s : of) {
                for (Tick t : s.outcome().ticks()) {
                    double v = field.applyAsDouble(t);
                    if (Double.isFinite(v)) {
                        max = Math.max(max, v);
                    }
                }
            }
            return max;
        }

        /** Pixel column runs {@code [from, to)} in the busy periods of a cycling profile, none otherwise. */
        private List<int[]> busyColumns() {
            List<int[]> runs = new ArrayList<>();
            if (profile.isEmpty() || !profile.get().cycles()) {
                return runs;
            }
            int start = -1;
            for (int col = LEFT; col <= RIGHT; col++) {
                double seconds = (col + 0.5 - LEFT) / (RIGHT - LEFT) * span;
                boolean busy = col < RIGHT && profile.get().busyAt(Math.round(seconds * 1e9));
                if (busy && start < 0) {
                    start = col;
                } else if (!busy && start >= 0) {
                    runs.add(new int[] {start, col});
                    start = -1;
                }
            }
            return runs;
        }

        private void frame(Panel panel, List<int[]> busy) {
            g.setColor(BUSY_SHADE);
            for (int[] run : busy) {
                g.fillRect(run[0], panel.top(), run[1] - run[0], panel.bottom() - panel.top());
            }
            g.setFont(TICK_FONT);
            FontMetrics fm = g.getFontMetrics();
            for (double tick : x.ticks()) {
                int tx = (int) Math.round(px(tick));
                g.setColor(GRID);
                g.drawLine(tx, panel.top(), tx, panel.bottom());
            }
            for (double tick : panel.y().ticks()) {
                int ty = (int) Math.round(panel.py(tick));
                g.setColor(GRID);
                g.drawLine(LEFT, ty, RIGHT, ty);
                g.setColor(Color.DARK_GRAY);
                String text = panel.y().format().apply(tick);
                g.drawString(text, LEFT - 8 - fm.stringWidth(text), ty + fm.getAscent() / 2 - 1);
            }
            g.setColor(Color.GRAY);
            g.drawRect(LEFT, panel.top(), RIGHT - LEFT, panel.bottom() - panel.top());
            g.setColor(INK);
            g.setFont(HEADING_FONT);
            g.drawString(panel.heading(), LEFT, panel.top() - 9);
        }

        private void latency(Panel panel) {
            if (!foreground) {
                g.setColor(Color.GRAY);
                g.setFont(AXIS_FONT);
                ChartText.centred(g, "no foreground", (LEFT + RIGHT) / 2.0, (panel.top() + panel.bottom()) / 2.0);
                return;
            }
            referenceLine(panel, 1.0, dotted());
            referenceLine(panel, TARGET_RATIO, dashed());
            Shape clip = clipTo(panel);
            for (Series s : series) {
                Path2D path = new Path2D.Double();
                Bucket previous = null;
                for (Bucket b : s.buckets()) {
                    double cx = px(b.midSeconds());
                    double cy = panel.py(b.ratio());
                    boolean joined =
                            previous != null && b.startSeconds() - previous.startSeconds() < BUCKET_SECONDS * 1.5;
                    if (joined) {
                        path.lineTo(cx, cy);
                    } else {
                        path.moveTo(cx, cy);
                    }
                    previous = b;
                }
                stroke(path, s.colour(), thick());
                dotsWhereAlone(panel, s);
            }
            g.setClip(clip);
            // Over the data, so no line hides them.
            referenceLabel(panel, 1.0, "baseline");
            referenceLabel(panel, TARGET_RATIO, "target");
        }

        /** A bucket with no neighbour would be an invisible one-point line: a dot instead. */
        private void dotsWhereAlone(Panel panel, Series s) {
            List<Bucket> buckets = s.buckets();
            for (int i = 0; i < buckets.size(); i++) {
                double start = buckets.get(i).startSeconds();
                boolean before = i > 0 && start - buckets.get(i - 1).startSeconds() < BUCKET_SECONDS * 1.5;
                boolean after =
                        i + 1 < buckets.size() && buckets.get(i + 1).startSeconds() - start < BUCKET_SECONDS * 1.5;
                if (!before && !after) {
                    g.setColor(s.colour());
                    double cx = px(buckets.get(i).midSeconds());
                    double cy = panel.py(buckets.get(i).ratio());
                    g.fill(new Ellipse2D.Double(cx - 3, cy - 3, 6, 6));
                }
            }
        }

        private void referenceLine(Panel panel, double value, Stroke stroke) {
            float y = (float) panel.py(value);
            g.setColor(REFERENCE);
            g.setStroke(stroke);
            g.draw(new Line2D.Float(LEFT, y, RIGHT, y));
            g.setStroke(new BasicStroke(1f));
        }

        /** Just inside the right edge, above the line (below it when the line is near the panel's top). */
        private void referenceLabel(Panel panel, double value, String text) {
            float y = (float) panel.py(value);
            g.setFont(NOTE_FONT);
            FontMetrics fm = g.getFontMetrics();
            float w = fm.stringWidth(text);
            float tx = RIGHT - 8 - w;
            float baseline = y - 4 - fm.getAscent() < panel.top() ? y + 4 + fm.getAscent() : y - 4;
            g.setColor(new Color(255, 255, 255, 230));
            g.fill(new Rectangle2D.Float(tx - 3, baseline - fm.getAscent(), w + 6, fm.getAscent() + 2));
            g.setColor(REFERENCE);
            g.drawString(text, tx, baseline);
        }

        private void pressure(Panel panel) {
            Shape clip = clipTo(panel);
            for (Series s : series) {
                Path2D path = new Path2D.Double();
                boolean started = false;
                for (Tick t : s.outcome().ticks()) {
                    if (Double.isNaN(t.pressure())) {
                        continue;
                    }
                    double cx = px(t.seconds());
                    double cy = panel.py(t.pressure());
                    if (started) {
                        path.lineTo(cx, cy);
                    } else {
                        path.moveTo(cx, cy);
                        started = true;
                    }
                }
                stroke(path, s.colour(), s.outcome().baseline() ? thin() : thick());
            }
            g.setClip(clip);
        }

        private void admission(Panel panel) {
            Shape clip = clipTo(panel);
            // The faint running lines first, under every budget line.
            for (Series s : backfills()) {
                Path2D steps = new Path2D.Double();
                List<Tick> ticks = s.outcome().ticks();
                for (int i = 0; i < ticks.size(); i++) {
                    double cx = px(ticks.get(i).seconds());
                    double cy = panel.py(ticks.get(i).running());
                    if (i == 0) {
                        steps.moveTo(cx, cy);
                    } else {
                        steps.lineTo(cx, panel.py(ticks.get(i - 1).running()));
                        steps.lineTo(cx, cy);
                    }
                }
                stroke(steps, faint(s.colour()), thin());
            }
            for (Series s : backfills()) {
                Path2D path = new Path2D.Double();
                List<Tick> ticks = s.outcome().ticks();
                for (int i = 0; i < ticks.size(); i++) {
                    double cx = px(ticks.get(i).seconds());
                    double cy = panel.py(ticks.get(i).admittedBudget());
                    if (i == 0) {
                        path.moveTo(cx, cy);
                    } else {
                        path.lineTo(cx, cy);
                    }
                }
                stroke(path, s.colour(), thick());
            }
            g.setClip(clip);
            offTheTop(panel);
        }

        /** Names the scenarios whose budget or running count the admission axis does not reach. */
        private void offTheTop(Panel panel) {
            List<String> notes = new ArrayList<>();
            for (Series s : backfills()) {
                double budget = max(List.of(s), Tick::admittedBudget);
                double running = max(List.of(s), Tick::running);
                if (Math.max(budget, running) > panel.y().top()) {
                    notes.add(s.outcome().label() + ": budget up to "
                            + number(budget, budget == Math.rint(budget) ? 0 : 2) + ", up to " + number(running, 0)
                            + " running");
                }
            }
            if (notes.isEmpty()) {
                return;
            }
            String text = String.join("; ", notes) + " — drawn on the top edge";
            g.setFont(NOTE_FONT);
            FontMetrics fm = g.getFontMetrics();
            float tx = LEFT + 8;
            float ty = panel.top() + PAD + 4 + fm.getAscent() + 4;
            g.setColor(new Color(255, 255, 255, 215));
            g.fill(new Rectangle2D.Float(tx - 3, ty - fm.getAscent() - 1, fm.stringWidth(text) + 6, fm.getHeight()));
            g.setColor(INK);
            g.drawString(text, tx, ty);
        }

        private void published(Panel panel) {
            Shape clip = clipTo(panel);
            for (Series s : backfills()) {
                Path2D path = new Path2D.Double();
                List<Tick> ticks = s.outcome().ticks();
                for (int i = 0; i < ticks.size(); i++) {
                    double cx = px(ticks.get(i).seconds());
                    double cy = panel.py(ticks.get(i).published());
                    if (i == 0) {
                        path.moveTo(cx, cy);
                    } else {
                        path.lineTo(cx, cy);
                    }
                }
                stroke(path, s.colour(), thick());
            }
            g.setClip(clip);
            for (Series s : backfills()) {
                List<Tick> ticks = s.outcome().ticks();
                if (s.outcome().completed() && !ticks.isEmpty()) {
                    double cx = px(ticks.getLast().seconds());
                    double cy = panel.py(ticks.getLast().published());
                    Shape dot = new Ellipse2D.Double(cx - 5, cy - 5, 10, 10);
                    g.setColor(s.colour());
                    g.fill(dot);
                    g.setColor(Color.WHITE);
                    g.setStroke(new BasicStroke(1.5f));
                    g.draw(dot);
                    g.setStroke(new BasicStroke(1f));
                }
            }
        }

        private List<Series> backfills() {
            return series.stream().filter(s -> !s.outcome().baseline()).toList();
        }

        private void timeAxis(Panel bottom) {
            g.setFont(TICK_FONT);
            FontMetrics fm = g.getFontMetrics();
            for (double tick : x.ticks()) {
                int tx = (int) Math.round(px(tick));
                g.setColor(Color.DARK_GRAY);
                g.drawLine(tx, bottom.bottom(), tx, bottom.bottom() + 5);
                String text = x.format(tick);
                g.drawString(text, tx - fm.stringWidth(text) / 2f, bottom.bottom() + 8 + fm.getAscent());
            }
            g.setColor(INK);
            g.setFont(AXIS_FONT);
            ChartText.centred(g, "seconds since the backfill's submission", (LEFT + RIGHT) / 2.0, bottom.bottom() + 50);
        }

        private void legend(boolean shaded) {
            int lx = RIGHT + 26;
            double cy = FIRST_TOP + 6;
            g.setFont(HEADING_FONT);
            g.setColor(INK);
            g.drawString("scenarios", lx, (float) cy);
            cy += 24;
            g.setFont(LABEL_FONT);
            FontMetrics fm = g.getFontMetrics();
            for (Series s : series) {
                g.setColor(s.colour());
                g.fill(new Rectangle2D.Double(lx, cy - 5, 28, 10));
                g.setColor(INK);
                g.drawString(legendText(s.outcome()), lx + 38, (float) (cy + fm.getAscent() / 2.0 - 1));
                cy += 24;
            }
            cy += 14;
            g.setFont(HEADING_FONT);
            g.drawString("lines", lx, (float) cy);
            cy += 24;
            g.setFont(LABEL_FONT);
            if (foreground) {
                symbolEntry(lx, cy, "latency target " + FrontierPlot.ratio(TARGET_RATIO) + "×", dashed(), REFERENCE);
                cy += 24;
                symbolEntry(lx, cy, "baseline p95 (1×)", dotted(), REFERENCE);
                cy += 24;
            }
            symbolEntry(lx, cy, "admitted budget", thick(), Color.DARK_GRAY);
            cy += 24;
            symbolEntry(lx, cy, "partitions running", thin(), faint(Color.DARK_GRAY));
            cy += 24;
            if (shaded) {
                g.setColor(BUSY_SHADE);
                g.fill(new Rectangle2D.Double(lx, cy - 8, 28, 16));
                g.setColor(INK);
                g.drawString("busy period", lx + 38, (float) (cy + fm.getAscent() / 2.0 - 1));
                cy += 24;
            }
            g.setFont(NOTE_FONT);
            g.setColor(Color.DARK_GRAY);
            double baseline = cy + 14;
            String latency = "Latency: p95 of the queries meant to start in each " + number(BUCKET_SECONDS, 0)
                    + " s bucket" + (shaded ? " (busy or quiet)" : "") + " ÷ the baseline's p95 over its whole window"
                    + (shaded ? " (its busy periods only, as in the tables)" : "") + "; buckets with fewer than "
                    + MIN_BUCKET_SAMPLES + " queries are left out. Ratios beyond "
                    + FrontierPlot.ratio(FrontierPlot.MAX_RATIO) + "× run along the top edge. ";
            String note = (foreground ? latency : "")
                    + "A running partition uses one statement-second per second, so budget above the running line"
                    + " is unused. A dot marks a completed backfill.";
            for (String line : ChartText.wrap(g, note, WIDTH - lx - 16)) {
                g.drawString(line, lx, (float) baseline);
                baseline += g.getFontMetrics().getHeight();
            }
        }

        private static String legendText(ScenarioOutcome o) {
            String seconds = number(o.windowSeconds(), 0) + " s";
            if (o.baseline()) {
                return "baseline (" + seconds + ", no backfill)";
            }
            return o.label() + (o.completed() ? "  (" + seconds + ")" : "  (incomplete after " + seconds + ")");
        }

        private void symbolEntry(int lx, double cy, String text, Stroke stroke, Color colour) {
            g.setColor(colour);
            g.setStroke(stroke);
            g.draw(new Line2D.Double(lx, cy, lx + 28, cy));
            g.setStroke(new BasicStroke(1f));
            g.setColor(INK);
            g.drawString(text, lx + 38, (float) (cy + g.getFontMetrics().getAscent() / 2.0 - 1));
        }

        private Shape clipTo(Panel panel) {
            Shape clip = g.getClip();
            g.clipRect(LEFT + 1, panel.top() + 1, RIGHT - LEFT - 1, panel.bottom() - panel.top() - 1);
            return clip;
        }

        private void stroke(Path2D path, Color colour, Stroke stroke) {
            g.setColor(colour);
            g.setStroke(stroke);
            g.draw(path);
            g.setStroke(new BasicStroke(1f));
        }

        private static Stroke thick() {
            return new BasicStroke(2.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        }

        private static Stroke thin() {
            return new BasicStroke(1.3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);
        }

        private static Stroke dashed() {
            return new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f);
        }

        private static Stroke dotted() {
            return new BasicStroke(1.3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 4f}, 0f);
        }

        private static Color faint(Color colour) {
            return new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 130);
        }
    }
}
