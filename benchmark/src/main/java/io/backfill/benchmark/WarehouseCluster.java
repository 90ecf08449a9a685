package io.backfill.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the benchmark's own, so the warehouse is isolated from everything else on
 * the host: {@code initdb} into a fresh directory, started on its own core(s) with {@code taskset}
 * (as the {@code postgres} OS user when the benchmark runs as root, since PostgreSQL refuses root),
 * listening on a free port on 127.0.0.1 only, and removed at the end. The coordinator, the broker,
 * the registry and the load generators run on the other cores, so their CPU is not counted as
 * "backfill impact".
 *
 * <p>Settings that shape the figures, printed with them: no parallel query (one core per statement,
 * so concurrency is what admission control moves), autovacuum off (the benchmark runs VACUUM ANALYZE
 * itself between scenarios, at a known moment instead of at random), JIT off (its compile times
 * would land on random queries), and durability off (fsync, synchronous commit, full-page writes:
 * the benchmark measures CPU contention, not the disk of a shared host).
 */
final class WarehouseCluster implements AutoCloseable {

    static final List<String> SETTINGS = List.of(
            "shared_buffers=1GB",
            "work_mem=64MB",
            "max_connections=200",
            "max_parallel_workers_per_gather=0",
            "autovacuum=off",
            "jit=off",
            "fsync=off",
            "synchronous_commit=off",
            "full_page_writes=off",
            "max_wal_size=8GB",
            "checkpoint_timeout=1h");

    private final Path directory;
    private final Path binaries;
    private final int port;
    private final String cores;
    private final boolean asPostgresUser;

    private WarehouseCluster(Path directory, Path binaries, int port, String cores, boolean asPostgresUser) {
        this.directory = directory;
        this.binaries = binaries;
        this.port = port;
        this.cores = cores;
        this.asPostgresUser = asPostgresUser;
    }

    /**
     * Creates and starts a cluster in a new directory under {@code parent}, pinned to {@code cores}
     * (a taskset list such as {@code 1} or {@code 2-3}).
     */
    static WarehouseCluster start(Path parent, String cores) throws IOException, InterruptedException {
        Path binaries = locateBinaries();
        Files.createDirectories(parent);
        Path directory = Files.createTempDirectory(parent.toAbsolutePath(), "warehouse-");
        boolean root = "root".equals(System.getProperty("user.name"));
        WarehouseCluster cluster = new WarehouseCluster(directory, binaries, freePort(), cores, root);
        if (root) {
            // PostgreSQL will not run as root; the directory must belong to the user that runs it.
            cluster.run(List.of("chown", "-R", "postgres", directory.toString()), false);
        }
        cluster.run(
                List.of(
                        binaries.resolve("initdb").toString(),
                        "-D",
                        cluster.dataDir().toString(),
                        "-U",
                        "postgres",
                        "--auth=trust",
                        "-E",
                        "UTF8",
                        "--locale=C",
                        "--no-sync"),
                true);
        List<String> options = new ArrayList<>();
        options.add("-p " + cluster.port);
        options.add("-k " + directory);
        options.add("-c listen_addresses=127.0.0.1");
        SETTINGS.forEach(s -> options.add("-c " + s));
        List<String> start = new ArrayList<>(List.of("taskset", "-c", cores));
        start.addAll(cluster.asUser(List.of(
                binaries.resolve("pg_ctl").toString(),
                "-D",
                cluster.dataDir().toString(),
                "-l",
                directory.resolve("server.log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                String.join(" ", options),
                "start")));
        cluster.run(start, false);
        return cluster;
    }

    /** The newest PostgreSQL server installed under {@code /usr/lib/postgresql/VERSION/bin}. */
    static Path locateBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IOException("no PostgreSQL server binaries under " + root
                    + "; install the Debian package postgresql, or pass --postgres URL for a server elsewhere");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(v -> Files.isExecutable(v.resolve("bin").resolve("initdb")))
                    .max(Comparator.comparingDouble(WarehouseCluster::versionNumber))
                    .map(v -> v.resolve("bin"))
                    .orElseThrow(() -> new IOException("no initdb under " + root + "/*/bin"));
        }
    }

    private static double versionNumber(Path versionDir) {
        try {
            return Double.parseDouble(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A JDBC URL for the cluster's {@code postgres} database. */
    String serverUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    String cores() {
        return cores;
    }

    /** The postmaster's process id: the root of the warehouse's process tree for CPU accounting. */
    long postmasterPid() throws IOException {
        List<String> lines = Files.readAllLines(dataDir().resolve("postmaster.pid"), StandardCharsets.UTF_8);
        return Long.parseLong(lines.getFirst().trim());
    }

    private Path dataDir() {
        return directory.resolve("data");
    }

    private List<String> asUser(List<String> command) {
        if (!asPostgresUser) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private void run(List<String> command, boolean wrapUser) throws IOException, InterruptedException {
        List<String> full = wrapUser ? asUser(command) : command;
        Path log = directory.resolve("commands.log");
        Process process = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", full));
        }
        if (process.exitValue() != 0) {
            String output = Files.exists(log) ? Files.readString(log) : "";
            throw new IOException("failed (exit " + process.exitValue() + "): " + String.join(" ", full) + "\n"
                    + output.substring(Math.max(0, output.length() - 2000)));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            run(
                    asUser(List.of(
                            binaries.resolve("pg_ctl").toString(),
                            "-D",
                            dataDir().toString(),
                            "-m",
                            "immediate",
                            "-w",
                            "stop")),
                    false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the warehouse cluster in " + directory, e);
        } finally {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
