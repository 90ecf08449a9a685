package io.backfill.infra.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Finds the unpacked Apicurio Registry server. The distribution archive
 * ({@code io.apicurio:apicurio-registry-app:VERSION:tar.gz:all}) is a dependency of local-infra, so
 * Maven has put it in the local repository; it is unpacked once into a cache folder shared by all
 * runs. {@code BACKFILL_APICURIO_HOME} overrides this with an already unpacked folder.
 */
public final class ApicurioDistribution {

    private static final String HOME_ENV = "BACKFILL_APICURIO_HOME";

    private ApicurioDistribution() {}

    /** The folder holding {@code quarkus-run.jar}, unpacking the archive first if needed. */
    public static Path locate() {
        String home = System.getenv(HOME_ENV);
        if (home != null && !home.isBlank()) {
            return requireRunnable(Path.of(home));
        }
        String version = version();
        Path cached = cacheRoot().resolve("apicurio-registry-app-" + version);
        if (Files.isRegularFile(cached.resolve("quarkus-run.jar"))) {
            return cached;
        }
        Path archive = localRepository()
                .resolve("io/apicurio/apicurio-registry-app/" + version + "/apicurio-registry-app-" + version
                        + "-all.tar.gz");
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("Apicurio Registry distribution not found at " + archive
                    + ": build through Maven (it resolves io.apicurio:apicurio-registry-app:" + version
                    + ":tar.gz:all), or set " + HOME_ENV);
        }
        unpack(archive, cached);
        return requireRunnable(cached);
    }

    static String version() {
        try (InputStream in = ApicurioDistribution.class.getResourceAsStream("apicurio.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("local-infra is missing apicurio.properties", e);
        }
    }

    private static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static Path cacheRoot() {
        return Path.of(System.getProperty("user.home"), ".cache", "backfill-coordinator");
    }

    /** Unpacks into a private folder, then renames it into place, so a concurrent run never sees half a tree. */
    private static void unpack(Path archive, Path destination) {
        try {
            Files.createDirectories(destination.getParent());
            Path scratch = Files.createTempDirectory(destination.getParent(), destination.getFileName() + ".tmp");
            Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", scratch.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(tar.getInputStream().readAllBytes());
            if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                throw new IllegalStateException("tar could not unpack " + archive + ": " + output);
            }
            try {
                Files.move(scratch, destination, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException alreadyThere) {
                // Another run won the race; its copy is as good as ours.
                if (!Files.isRegularFile(destination.resolve("quarkus-run.jar"))) {
                    throw alreadyThere;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + archive, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted unpacking " + archive, e);
        }
    }

    private static Path requireRunnable(Path home) {
        if (!Files.isRegularFile(home.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(home + " has no quarkus-run.jar: not an Apicurio Registry distribution");
        }
        return home;
    }
}
