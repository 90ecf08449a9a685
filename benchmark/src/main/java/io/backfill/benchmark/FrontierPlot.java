package io.backfill.benchmark;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.BiConsumer;
import javax.imageio.ImageIO;

/**
 * Draws one foreground profile's {@link Frontier} into a PNG with plain Java2D (headless): foreground p95 ratio
 * across on a log scale (so the interesting 1–1.5× stretch gets room; see {@link #ratioAxis}), makespan up, the
 * static budgets as points (efficient ones joined by the frontier line), the other
 * strategies ({@code adaptive}, {@code none}, ...) as their own markers, and the adaptive target as a dashed line.
 * Labels are placed greedily where they cover the fewest markers, labels and lines, so clustered points stay
 * readable.
 */
final class FrontierPlot {

    static final int WIDTH = 1200;
    static final int HEIGHT = 800;

    /**
     * Beyond this ratio the axis stops growing: an unthrottled run can hurt the foreground by 50×, and an axis that
     * wide would squeeze every interesting static point into its first pixels.
     */
    static final double MAX_RATIO = 10;

    /** A log axis has no zero; a run ten times gentler than its baseline is noise, drawn at this end. */
    static final double MIN_RATIO = 0.1;

    private static final double[] AXIS_ENDS = {1.1, 1.2, 1.3, 1.5, 2, 2.5, 3, 4, 5, 7, MAX_RATIO};

    static final Color FRONTIER_BLUE = new Color(31, 119, 180);
    static final Color DOMINATED_GREY = new Color(150, 150, 150);
    static final Color ADAPTIVE_RED = new Color(214, 39, 40);
    static final Color NONE_BLACK = Color.BLACK;
    static final Color OTHER_ORANGE = new Color(255, 127, 14);

    private static final Color TARGET_GREY = new Color(80, 80, 80);
    private static final Color GRID = new Color(228, 228, 228);
    private static final int LEFT = 90;
    private static final int TOP = 70;
    private static final int RIGHT = WIDTH - 270;
    private static final int BOTTOM = HEIGHT - 80;
    /** Pieces per frontier segment. */
    private static final int FRONTIER_STEPS = 32;
    /** Keeps markers at the extremes of the data off the axes box. */
    private static final int PAD = 18;

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font AXIS_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font NOTE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private enum Kind {
        EFFICIENT,
        DOMINATED,
        ADAPTIVE,
        NONE,
        OTHER;

        static Kind ofExtra(String label) {
            return switch (label.strip().toLowerCase(Locale.ROOT)) {
                case "adaptive" -> ADAPTIVE;
                case "none" -> NONE;
                default -> OTHER;
            };
        }
    }

    private record Mark(Frontier.Point point, Kind kind) {}

    /** A linear axis from {@code lo} to {@code hi} with ticks at the multiples of {@code step} in between. */
    record Axis(double lo, double hi, double step) {

        /** Ticks at the multiples of the step, plus {@code lo} itself when it is not one but has room. */
        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            double first = Math.ceil(lo / step - 1e-9) * step;
            if (first - lo >= step / 2) {
                ticks.add(lo);
            }
            for (long k = Math.round(first / step); k * step <= hi + step * 1e-9; k++) {
                ticks.add(k * step);
            }
            return ticks;
        }

        String format(double value) {
            return FrontierPlot.format(value, decimals(step));
        }
    }

    /**
     * A logarithmic ratio axis from {@code lo} to {@code hi}: equal factors take equal room, so 1× to 1.5× gets as
     * much of the axis as 4× to 6× rather than being squeezed into its first pixels by one unthrottled run.
     */
    record LogAxis(double lo, double hi) {

        /** Labelled ticks in order of importance; the ends of the axis come right after 1×. */
        private static final double[] TICKS = {
            1, 2, 5, 10, 1.5, 3, 1.2, 0.5, 0.8, 1.1, 0.9, 4, 1.3, 0.7, 0.6, 0.4, 0.3, 0.2
        };

        LogAxis {
            if (!(lo > 0) || !(hi > lo) || Double.isInfinite(hi)) {
                throw new IllegalArgumentException("need 0 < lo < hi < infinity: " + lo + ", " + hi);
            }
        }

        /** Where {@code value} lies from {@code lo} (0) to {@code hi} (1); outside [0, 1] beyond the ends. */
        double fraction(double value) {
            return Math.log(value / lo) / Math.log(hi / lo);
        }

        /**
         * The ratios to label, ascending: 1× when in range, both ends, then round ratios (2×, 5×, 1.5×, 3×, 1.2×,
         * ...) as long as each keeps at least {@code minGap} (a fraction of the axis) from every one taken before.
         */
        List<Double> ticks(double minGap) {
            List<Double> candidates = new ArrayList<>();
            if (lo <= 1 && 1 <= hi) {
                candidates.add(1.0);
            }
            candidates.add(lo);
            candidates.add(hi);
            for (double t : TICKS) {
                candidates.add(t);
            }
            List<Double> ticks = new ArrayList<>();
            for (double t : candidates) {
                if (t < lo * (1 - 1e-9) || t > hi * (1 + 1e-9)) {
                    continue;
                }
                double f = fraction(t);
                if (ticks.stream().allMatch(taken -> Math.abs(fraction(taken) - f) >= minGap)) {
                    ticks.add(t);
                }
            }
            ticks.sort(null);
            return ticks;
        }
    }

    private FrontierPlot() {}

    /**
     * @param extraPoints runs that are not static budgets; {@code adaptive} is drawn as a red diamond, {@code none}
     *     as a black cross, anything else as an orange square
     * @param targetRatio the ratio adaptive aims for, drawn as a dashed vertical line
     */
    static void write(
            Path file, String title, Frontier frontier, List<Frontier.Point> extraPoints, OptionalDouble targetRatio)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        Objects.requireNonNull(frontier, "frontier");
        List<Mark> marks = new ArrayList<>();
        for (Frontier.Point p : extraPoints) {
            if (p.finite()) {
                marks.add(new Mark(p, Kind.ofExtra(p.label())));
            }
        }
        frontier.points().forEach(p -> marks.add(new Mark(p, Kind.EFFICIENT)));
        frontier.dominated().forEach(p -> marks.add(new Mark(p, Kind.DOMINATED)));
        OptionalDouble target = targetRatio.isPresent() && Double.isFinite(targetRatio.getAsDouble())
                ? targetRatio
                : OptionalDouble.empty();

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            new Canvas(g, marks, frontier, target).draw(title);
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
     * The logarithmic ratio axis: from {@code min(1, lowest)} rounded down to a tenth (1 is the baseline, worth
     * seeing even when every run is worse; never below {@link #MIN_RATIO}) to the first of 1.1, 1.2, 1.3, 1.5, 2,
     * 2.5, 3, 4, 5, 7 and 10 at or above {@code highest}, so never beyond {@link #MAX_RATIO}. Both ends are labelled
     * round ratios.
     */
    static LogAxis ratioAxis(double lowest, double highest) {
        double lo = Math.min(1.0, Double.isNaN(lowest) ? 1.0 : lowest);
        lo = Math.max(MIN_RATIO, Math.floor(lo * 10 + 1e-9) / 10);
        double hi = MAX_RATIO;
        for (double end : AXIS_ENDS) {
            if (end >= highest * (1 - 1e-9)) {
                hi = end;
                break;
            }
        }
        return new LogAxis(lo, hi);
    }

    /** The makespan axis: from 0 (makespans are compared by proportion) to a round value at or above the largest. */
    static Axis makespanAxis(double highest) {
        return axis(0, highest > 0 ? highest : 1);
    }

    private static Axis axis(double lo, double hi) {
        double step = niceStep((hi - lo) / 6);
        double top = Math.ceil(hi / step - 1e-9) * step;
        return new Axis(lo, Math.max(top, lo + step), step);
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5}) {
            if (m * power >= raw * (1 - 1e-9)) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static int decimals(double step) {
        for (int d = 0; d < 6; d++) {
            double scaled = step * Math.pow(10, d);
            if (Math.abs(scaled - Math.rint(scaled)) < 1e-6) {
                return d;
            }
        }
        return 6;
    }

    private static String format(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** A ratio as people write it: at most two decimals, no trailing zeros ("1.2", "0.25", "3"). */
    static String ratio(double value) {
        String s = String.format(Locale.ROOT, "%.2f", value);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** Drawing state for one image: the axes, and what already occupies the plot for the label placement. */
    private static final class Canvas {

        private final Graphics2D g;
        private final List<Mark> marks;
        private final Frontier frontier;
        private final OptionalDouble target;
        private final LogAxis x;
        private final Axis y;
        private final List<Rectangle2D> taken = new ArrayList<>();
        private final List<Line2D> lines = new ArrayList<>();
        private boolean offScale;

        Canvas(Graphics2D g, List<Mark> marks, Frontier frontier, OptionalDouble target) {
            this.g = g;
            this.marks = marks;
            this.frontier = frontier;
            this.target = target;
            double lowest = Double.POSITIVE_INFINITY;
            double highest = Double.NEGATIVE_INFINITY;
            double slowest = 0;
            for (Mark m : marks) {
                lowest = Math.min(lowest, m.point().ratio());
                highest = Math.max(highest, m.point().ratio());
                slowest = Math.max(slowest, m.point().makespanSeconds());
            }
            if (target.isPresent()) {
                lowest = Math.min(lowest, target.getAsDouble());
                highest = Math.max(highest, target.getAsDouble());
            }
            if (lowest > highest) {
                lowest = 1;
                highest = 2;
            }
            this.x = ratioAxis(lowest, highest);
            this.y = makespanAxis(slowest);
        }

        /** Where a ratio lies across; ratios beyond the ends land outside the padded range (0 far off to the left). */
        double px(double ratio) {
            return LEFT + PAD + x.fraction(Math.max(ratio, x.lo() / 1e3)) * (RIGHT - LEFT - 2 * PAD);
        }

        /** A ratio pulled onto the axis: the off-scale ones are drawn at its ends. */
        double clamped(double ratio) {
            return Math.clamp(ratio, x.lo(), x.hi());
        }

        double py(double makespan) {
            return BOTTOM - makespan / y.hi() * (BOTTOM - TOP - PAD);
        }

        void draw(String title) {
            g.setColor(Color.BLACK);
            g.setFont(TITLE_FONT);
            g.drawString(title, LEFT, 38);
            axes();
            if (marks.isEmpty()) {
                g.setColor(Color.GRAY);
                g.setFont(AXIS_FONT);
                ChartText.centred(g, "no measurements", (LEFT + RIGHT) / 2.0, (TOP + BOTTOM) / 2.0);
            }
            frontierLine();
            String targetLabel = target.isPresent() ? targetLine(target.getAsDouble()) : null;
            List<double[]> centres = new ArrayList<>();
            // Dominated first so the points that matter are painted on top of them.
            for (int i = marks.size() - 1; i >= 0; i--) {
                Mark m = marks.get(i);
                double cx = px(clamped(m.point().ratio()));
                double cy = py(m.point().makespanSeconds());
                centres.add(0, new double[] {cx, cy});
                marker(m.kind(), cx, cy);
                taken.add(new Rectangle2D.Double(cx - 9, cy - 9, 18, 18));
                if (m.point().ratio() > x.hi()) {
                    offScaleArrow(cy);
                }
            }
            if (targetLabel != null) {
                targetLabel(targetLabel);
            }
            // Extras first: the adaptive label is the one that most needs a good spot.
            for (int i = 0; i < marks.size(); i++) {
                Mark m = marks.get(i);
                String text = m.point().label();
                if (m.point().ratio() > x.hi() || m.point().ratio() < x.lo()) {
                    text += " (" + ratio(m.point().ratio()) + "×, off-scale)";
                }
                label(text, m.kind() == Kind.DOMINATED ? DOMINATED_GREY.darker() : Color.BLACK, centres.get(i));
            }
            legend();
        }

        private void axes() {
            g.setFont(TICK_FONT);
            FontMetrics fm = g.getFontMetrics();
            for (double tick : y.ticks()) {
                int ty = (int) Math.round(py(tick));
                g.setColor(GRID);
                g.drawLine(LEFT, ty, RIGHT, ty);
                g.setColor(Color.DARK_GRAY);
                String text = y.format(tick);
                g.drawString(text, LEFT - 8 - fm.stringWidth(text), ty + fm.getAscent() / 2 - 1);
            }
            // Labels about 40 px wide: keep their centres 48 px apart.
            for (double tick : x.ticks(48.0 / (RIGHT - LEFT - 2 * PAD))) {
                int tx = (int) Math.round(px(tick));
                g.setColor(GRID);
                g.drawLine(tx, TOP, tx, BOTTOM);
                g.setColor(Color.DARK_GRAY);
                g.drawLine(tx, BOTTOM, tx, BOTTOM + 5);
                String text = ratio(tick) + "×";
                g.drawString(text, tx - fm.stringWidth(text) / 2f, BOTTOM + 8 + fm.getAscent());
            }
            g.setColor(Color.GRAY);
            g.drawRect(LEFT, TOP, RIGHT - LEFT, BOTTOM - TOP);
            g.setColor(Color.BLACK);
            g.setFont(AXIS_FONT);
            String xTitle = "foreground p95 latency ÷ baseline p95  (log scale"
                    + (x.hi() == MAX_RATIO ? ", capped at " + ratio(MAX_RATIO) + "×)" : ")");
            ChartText.centred(g, xTitle, (LEFT + RIGHT) / 2.0, BOTTOM + 52);
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            // In the rotated frame x runs upwards (negated), y runs rightwards.
            ChartText.centred(g, "backfill makespan (s)", -(TOP + BOTTOM) / 2.0, 28);
            g.setTransform(saved);
        }

        private void frontierLine() {
            List<Frontier.Point> points = frontier.points();
            if (points.isEmpty()) {
                return;
            }
            Path2D path = new Path2D.Double();
            double lastX = px(points.getFirst().ratio());
            double lastY = py(points.getFirst().makespanSeconds());
            path.moveTo(lastX, lastY);
            for (int i = 1; i < points.size(); i++) {
                Frontier.Point gentler = points.get(i - 1);
                Frontier.Point faster = points.get(i);
                // M*(r) is linear in r between measured budgets, which a log axis bends: draw it in short pieces.
                for (int step = 1; step <= FRONTIER_STEPS; step++) {
                    double t = step / (double) FRONTIER_STEPS;
                    double fx = px(gentler.ratio() + t * (faster.ratio() - gentler.ratio()));
                    double fy =
                            py(gentler.makespanSeconds() + t * (faster.makespanSeconds() - gentler.makespanSeconds()));
                    path.lineTo(fx, fy);
                    lines.add(new Line2D.Double(lastX, lastY, fx, fy));
                    lastX = fx;
                    lastY = fy;
                }
            }
            // Flat from the fastest point on: a static setting never gets worse by tolerating more latency.
            if (lastX < RIGHT) {
                path.lineTo(RIGHT, lastY);
                lines.add(new Line2D.Double(lastX, lastY, RIGHT, lastY));
            }
            Shape clip = g.getClip();
            g.clipRect(LEFT, TOP, RIGHT - LEFT, BOTTOM - TOP);
            g.setColor(FRONTIER_BLUE);
            g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(path);
            g.setStroke(new BasicStroke(1f));
            g.setClip(clip);
        }

        private String targetLine(double ratio) {
            boolean beyond = ratio > x.hi();
            float tx = (float) px(clamped(ratio));
            g.setColor(TARGET_GREY);
            g.setStroke(dashed());
            g.draw(new Line2D.Float(tx, TOP, tx, BOTTOM));
            g.setStroke(new BasicStroke(1f));
            lines.add(new Line2D.Double(tx, TOP, tx, BOTTOM));
            return "target " + ratio(ratio) + "×" + (beyond ? " (off-scale)" : "");
        }

        /** Beside the top of the target line, on whichever side has room; placed before the point labels. */
        private void targetLabel(String text) {
            g.setFont(LABEL_FONT);
            FontMetrics fm = g.getFontMetrics();
            double tx = px(clamped(target.getAsDouble()));
            double w = fm.stringWidth(text);
            double left = tx + 6 + w <= RIGHT - 4 ? tx + 6 : tx - 6 - w;
            Rectangle2D box = new Rectangle2D.Double(left - 2, TOP + 6, w + 4, fm.getHeight());
            taken.add(box);
            g.setColor(TARGET_GREY);
            g.drawString(text, (float) left, (float) (TOP + 6 + fm.getAscent()));
        }

        private static Stroke dashed() {
            return new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f);
        }

        private void offScaleArrow(double cy) {
            offScale = true;
            arrow(RIGHT - 3, cy);
        }

        private void arrow(double ax, double cy) {
            Path2D head = new Path2D.Double();
            head.moveTo(ax, cy - 6);
            head.lineTo(ax + 10, cy);
            head.lineTo(ax, cy + 6);
            head.closePath();
            g.setColor(Color.DARK_GRAY);
            g.fill(head);
        }

        private void marker(Kind kind, double cx, double cy) {
            switch (kind) {
                case EFFICIENT -> {
                    Shape dot = new Ellipse2D.Double(cx - 6.5, cy - 6.5, 13, 13);
                    g.setColor(FRONTIER_BLUE);
                    g.fill(dot);
                    g.setColor(FRONTIER_BLUE.darker());
                    g.setStroke(new BasicStroke(1.2f));
                    g.draw(dot);
                }
                case DOMINATED -> {
                    g.setColor(Color.WHITE);
                    g.fill(new Ellipse2D.Double(cx - 6.5, cy - 6.5, 13, 13));
                    g.setColor(DOMINATED_GREY);
                    g.setStroke(new BasicStroke(2f));
                    g.draw(new Ellipse2D.Double(cx - 6, cy - 6, 12, 12));
                }
                case ADAPTIVE -> {
                    Path2D diamond = new Path2D.Double();
                    diamond.moveTo(cx, cy - 9);
                    diamond.lineTo(cx + 9, cy);
                    diamond.lineTo(cx, cy + 9);
                    diamond.lineTo(cx - 9, cy);
                    diamond.closePath();
                    g.setColor(ADAPTIVE_RED);
                    g.fill(diamond);
                    g.setColor(ADAPTIVE_RED.darker());
                    g.setStroke(new BasicStroke(1.2f));
                    g.draw(diamond);
                }
                case NONE -> {
                    g.setColor(NONE_BLACK);
                    g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                    g.draw(new Line2D.Double(cx - 7, cy - 7, cx + 7, cy + 7));
                    g.draw(new Line2D.Double(cx - 7, cy + 7, cx + 7, cy - 7));
                }
                case OTHER -> {
                    Shape square = new Rectangle2D.Double(cx - 6, cy - 6, 12, 12);
                    g.setColor(OTHER_ORANGE);
                    g.fill(square);
                    g.setColor(OTHER_ORANGE.darker());
                    g.setStroke(new BasicStroke(1.2f));
                    g.draw(square);
                }
            }
            g.setStroke(new BasicStroke(1f));
        }

        /**
         * Tries spots around the marker, near ones first, and takes the first that covers the least: leaving the
         * plot costs most, covering a marker or another label next, crossing a line least.
         */
        private void label(String text, Color colour, double[] centre) {
            g.setFont(LABEL_FONT);
            FontMetrics fm = g.getFontMetrics();
            double w = fm.stringWidth(text) + 4;
            double h = fm.getAscent() + fm.getDescent();
            double cx = centre[0];
            double cy = centre[1];
            Rectangle2D best = null;
            double bestCost = Double.POSITIVE_INFINITY;
            for (double d : new double[] {10, 24, 40}) {
                double[][] spots = {
                    {cx + d, cy - h / 2}, // right
                    {cx + d * 0.7, cy - d * 0.7 - h}, // upper right
                    {cx + d * 0.7, cy + d * 0.7}, // lower right
                    {cx - w / 2, cy - d - h}, // above
                    {cx - w / 2, cy + d}, // below
                    {cx - d - w, cy - h / 2}, // left
                    {cx - d * 0.7 - w, cy - d * 0.7 - h}, // upper left
                    {cx - d * 0.7 - w, cy + d * 0.7}, // lower left
                };
                for (double[] spot : spots) {
                    Rectangle2D box = new Rectangle2D.Double(spot[0], spot[1], w, h);
                    double cost = cost(box) + d / 100;
                    if (cost < bestCost) {
                        bestCost = cost;
                        best = box;
                    }
                }
            }
            taken.add(best);
            g.setColor(new Color(255, 255, 255, 210));
            g.fill(best);
            g.setColor(colour);
            g.drawString(text, (float) best.getX() + 2, (float) (best.getY() + fm.getAscent()));
        }

        private double cost(Rectangle2D box) {
            double cost = 0;
            if (box.getMinX() < LEFT + 2
                    || box.getMaxX() > RIGHT - 2
                    || box.getMinY() < TOP + 2
                    || box.getMaxY() > BOTTOM - 2) {
                cost += 100;
            }
            for (Rectangle2D r : taken) {
                if (r.intersects(box)) {
                    cost += 10;
                }
            }
            for (Line2D line : lines) {
                if (line.intersects(box)) {
                    cost += 3;
                }
            }
            return cost;
        }

        private void legend() {
            record Entry(String text, BiConsumer<Double, Double> symbol) {}
            List<Entry> entries = new ArrayList<>();
            if (!frontier.points().isEmpty()) {
                entries.add(new Entry("static budget, efficient", (cx, cy) -> marker(Kind.EFFICIENT, cx, cy)));
                entries.add(new Entry("static frontier M*(r)", (cx, cy) -> {
                    g.setColor(FRONTIER_BLUE);
                    g.setStroke(new BasicStroke(2.2f));
                    g.draw(new Line2D.Double(cx - 12, cy, cx + 12, cy));
                    g.setStroke(new BasicStroke(1f));
                }));
            }
            if (!frontier.dominated().isEmpty()) {
                entries.add(new Entry("static budget, dominated", (cx, cy) -> marker(Kind.DOMINATED, cx, cy)));
            }
            Set<String> extras = new LinkedHashSet<>();
            for (Mark m : marks) {
                if (m.kind() != Kind.EFFICIENT && m.kind() != Kind.DOMINATED) {
                    extras.add(m.point().label());
                }
            }
            for (String label : extras) {
                entries.add(new Entry(label, (cx, cy) -> marker(Kind.ofExtra(label), cx, cy)));
            }
            if (target.isPresent()) {
                entries.add(new Entry("adaptive target ratio", (cx, cy) -> {
                    g.setColor(TARGET_GREY);
                    g.setStroke(dashed());
                    g.draw(new Line2D.Double(cx, cy - 9, cx, cy + 9));
                    g.setStroke(new BasicStroke(1f));
                }));
            }
            if (offScale) {
                entries.add(new Entry("off-scale (beyond " + ratio(x.hi()) + "×)", (cx, cy) -> arrow(cx - 5, cy)));
            }
            int lx = RIGHT + 28;
            double cy = TOP + 12;
            g.setFont(LABEL_FONT);
            FontMetrics fm = g.getFontMetrics();
            for (Entry entry : entries) {
                entry.symbol().accept(lx + 12.0, cy);
                g.setColor(Color.BLACK);
                g.drawString(entry.text(), lx + 34, (float) (cy + fm.getAscent() / 2.0 - 1));
                cy += 26;
            }
            if (!frontier.points().isEmpty()) {
                g.setFont(NOTE_FONT);
                g.setColor(Color.DARK_GRAY);
                double baseline = cy + 10;
                for (String line : ChartText.wrap(
                        g,
                        "M*(r): the best makespan a static budget reaches with a foreground ratio of at most r;"
                                + " linear between measured budgets, flat beyond the fastest, undefined below the"
                                + " gentlest. Score = makespan ÷ M*(its ratio).",
                        WIDTH - lx - 16)) {
                    g.drawString(line, lx, (float) baseline);
                    baseline += g.getFontMetrics().getHeight();
                }
            }
        }
    }
}
