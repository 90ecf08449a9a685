package io.backfill.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backfill.cli.BackfillCli;
import io.backfill.cli.Credentials;
import io.backfill.cli.PlannerClient;
import io.backfill.events.registry.RegisteredContract;
import io.backfill.events.serde.RegistryApi;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.Topics;
import io.backfill.testsupport.auth.TestTokens;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator as production runs it: planner, validator and two executors, each a separate JVM
 * started from its packaged {@code quarkus-run.jar}, on a real Kafka broker (the test JVM's in-process
 * KRaft node), the Apicurio registry (a child process) and a PostgreSQL database of its own holding the
 * {@code raw} sources, the {@code analytics} targets and the {@code backfill_control} schema.
 *
 * <p>Every service speaks the Confluent REST API ({@code backfill.registry.api=confluent}, Apicurio's
 * {@code /apis/ccompat/v7}) with auto-register off, as in production: before the services start, a
 * planner is started without the contract registered and must refuse (see {@link #contractProbe}), then
 * {@code backfill schemas register} registers it. Started
 * once per test run and shared by every e2e test class (see {@link E2eClusterExtension}); each test works
 * on its own target table so their backfills never overlap.
 *
 * <p>Executors use the {@code static} admission strategy with one partition at a time: the load sampler
 * still runs (on executor-1) and publishes {@code warehouse-load}, but pacing by live pressure would make
 * these tests depend on whatever else the shared PostgreSQL server is doing.
 */
final class E2eCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(E2eCluster.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    final E2eDatabase database;
    final WarehouseProbe warehouse;
    final String warehouseId;
    private final Path projectRoot;
    private final String run;
    private final KafkaBroker kafka;
    private final SchemaRegistry registry;
    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();
    private final List<ServiceProcess> executors = new CopyOnWriteArrayList<>();
    private ServiceProcess planner;
    private int executorsStarted;
    /** The CLI's token: user e2e, submitter and operator, valid longer than any run. */
    private final String token = TestTokens.shared()
            .token(TestTokens.ISSUER, "e2e", Instant.now().plus(Duration.ofHours(12)), "submitter", "operator");
    /** What happened when a service started before the contract was registered. */
    ContractProbe contractProbe;

    /**
     * @param missing the subjects the registry lacked before registration
     * @param failure how starting a planner then ended (empty if it started)
     * @param log what that planner logged
     * @param registration what {@code backfill schemas register} did afterwards
     */
    record ContractProbe(List<String> missing, String failure, String log, CliRun registration) {}

    private E2eCluster(Path projectRoot, KafkaBroker kafka, SchemaRegistry registry, E2eDatabase database) {
        this.projectRoot = projectRoot;
        this.kafka = kafka;
        this.registry = registry;
        this.database = database;
        this.run = UUID.randomUUID().toString().substring(0, 8);
        this.warehouseId = "e2e-" + run;
        this.warehouse = new WarehouseProbe(database);
    }

    static E2eCluster start() throws Exception {
        long started = System.nanoTime();
        Path root = Path.of(System.getProperty("e2e.project.root", ".."))
                .toAbsolutePath()
                .normalize();
        KafkaBroker kafka = KafkaBroker.shared();
        SchemaRegistry registry = SchemaRegistry.shared();
        E2eDatabase database = E2eDatabase.create();
        E2eCluster cluster = new E2eCluster(root, kafka, registry, database);
        try {
            try (Connection connection = database.connect()) {
                Orders.createRaw(connection);
            }
            cluster.contractProbe = cluster.registerContract();
            // The planner creates the topics (backfill.create-topics) before the others subscribe.
            cluster.planner = cluster.launch("planner-service", "planner", cluster.plannerConfig());
            cluster.launch("validator-service", "validator", cluster.validatorConfig());
            cluster.startExecutor(true);
            cluster.startExecutor(false);
            cluster.awaitExecutorsShareAllPartitions();
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        LOG.info(
                "e2e cluster {} up in {} ms: planner {}, logs in target/e2e-logs",
                cluster.run,
                (System.nanoTime() - started) / 1_000_000,
                cluster.planner.url());
        return cluster;
    }

    // ---- configuration, as -D overrides of each service's application.properties ------------------

    private Map<String, String> common() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("backfill.registry.url", registry.confluentApiUrl());
        config.put("backfill.registry.api", "confluent");
        config.put("backfill.registry.auto-register", "false");
        config.put("backfill.create-topics", "true");
        config.put("backfill.warehouse.jdbc-url", database.jdbcUrl);
        config.put("backfill.warehouse.user", database.user);
        if (!database.password.isEmpty()) {
            config.put("backfill.warehouse.password", database.password);
        }
        config.put("backfill.warehouse.control-schema", "backfill_control");
        config.put("backfill.warehouse.allowed-schemas", "analytics,raw");
        config.put("backfill.warehouse-id", warehouseId);
        // Signing in as production does, with tokens of the test JVM's issuer, and the embedded users of a
        // workbench (each a password of its own) for the Basic tests.
        config.put("mp.jwt.verify.publickey.location", TestTokens.shared().publicKeyLocation());
        config.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
        for (String role : List.of("viewer", "submitter", "operator")) {
            config.put("quarkus.security.users.embedded.users." + role, password(role));
        }
        return config;
    }

    /** The embedded user {@code role}'s password in this cluster's services. */
    String password(String role) {
        return role + "-" + run;
    }

    private Map<String, String> plannerConfig() {
        Map<String, String> config = common();
        config.put("backfill.group-id", "planner-" + run);
        config.put("backfill.instance-id", "planner-" + run);
        config.put("backfill.status-view.application-id", "planner-status-" + run);
        config.put(
                "backfill.status-view.state-dir",
                Path.of("target", "e2e-state", run).toAbsolutePath().toString());
        config.put("backfill.status-view.commit-interval", "PT0.1S");
        config.put("backfill.planner.tick-interval", "PT0.2S");
        // Small phases, so every backfill of a few days has several and a phase is easy to catch mid-way.
        config.put("backfill.planner.max-partitions-per-phase", "3");
        return config;
    }

    private Map<String, String> validatorConfig() {
        Map<String, String> config = common();
        config.put("backfill.group-id", "validator-" + run);
        config.put("backfill.instance-id", "validator-" + run);
        return config;
    }

    private Map<String, String> executorConfig(String executorId, boolean sampler) {
        Map<String, String> config = common();
        config.put("backfill.group-id", "executors-" + run);
        config.put("backfill.instance-id", executorId);
        config.put("backfill.admission.strategy", "static");
        config.put("backfill.admission.static-budget", "1");
        // The broker's minimum: a SIGKILLed executor's phases move on after 6 s instead of 45.
        config.put("backfill.consumer.session-timeout", "PT6S");
        config.put("backfill.load-sampler.enabled", String.valueOf(sampler));
        config.put("backfill.load-sampler.interval", "PT1S");
        config.put("backfill.load-sampler.canary-sql", "SELECT COUNT(*) FROM raw.stores");
        return config;
    }

    /**
     * Starts a planner before the contract is registered (it must refuse, naming the subjects), then
     * registers the contract as CI would, with {@code backfill schemas register}.
     */
    private ContractProbe registerContract() throws Exception {
        RegistrySettings settings = new RegistrySettings(registry.confluentApiUrl(), false, RegistryApi.CONFLUENT);
        List<String> missing = RegisteredContract.missing(settings, Topics.ALL);
        String name = "planner-without-contract-" + run;
        String failure = "";
        try {
            ServiceProcess premature = ServiceProcess.start(projectRoot, "planner-service", name, plannerConfig());
            premature.close();
        } catch (IllegalStateException e) {
            failure = e.getMessage();
        }
        String log = Files.readString(Path.of("target", "e2e-logs", name + ".log"));
        CliRun registration = schemasCli("schemas", "register", "--registry", registry.confluentApiUrl());
        if (registration.exitCode() != 0) {
            throw new IllegalStateException("backfill schemas register failed: " + registration.err());
        }
        return new ContractProbe(missing, failure, log, registration);
    }

    private static CliRun schemasCli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BackfillCli.run(args, new PrintWriter(out), new PrintWriter(err), Map.of(), BackfillCli.REAL_TIME);
        LOG.info("backfill {} -> {}\n{}{}", String.join(" ", args), code, out, err);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The Confluent-API registry the services use. */
    String registryUrl() {
        return registry.confluentApiUrl();
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    private ServiceProcess launch(String module, String name, Map<String, String> config) {
        ServiceProcess service = ServiceProcess.start(projectRoot, module, name + "-" + run, config);
        services.add(service);
        return service;
    }

    // ---- executors -------------------------------------------------------------------------------

    /** Starts one more executor instance in the group; returns it once it answers ready. */
    ServiceProcess startExecutor(boolean sampler) {
        String id = "executor-" + (++executorsStarted);
        ServiceProcess executor = launch("executor-service", id, executorConfig(id, sampler));
        executors.add(executor);
        return executor;
    }

    List<ServiceProcess> executors() {
        return List.copyOf(executors);
    }

    String executorId(ServiceProcess executor) {
        return executor.name.substring(0, executor.name.lastIndexOf('-'));
    }

    /** SIGKILLs an executor and forgets it. */
    void kill(ServiceProcess executor) {
        executor.kill();
        executors.remove(executor);
    }

    /** The Kafka partitions of backfill-phases each live executor owns (from its GET /executor). */
    Map<ServiceProcess, Set<Integer>> ownership() {
        Map<ServiceProcess, Set<Integer>> owned = new LinkedHashMap<>();
        for (ServiceProcess executor : executors) {
            Set<Integer> partitions = new HashSet<>();
            executor.get("/executor", TestTokens.shared().bearer("e2e-probe", "viewer"))
                    .ifPresent(body -> {
                        try {
                            JSON.readTree(body).path("ownedPartitions").forEach(p -> {
                                String text = p.asText();
                                partitions.add(Integer.parseInt(text.substring(text.lastIndexOf('-') + 1)));
                            });
                        } catch (Exception e) {
                            throw new IllegalStateException("unreadable GET /executor: " + body, e);
                        }
                    });
            owned.put(executor, partitions);
        }
        return owned;
    }

    /** Waits until every live executor owns some of backfill-phases' 12 partitions and together all of them. */
    void awaitExecutorsShareAllPartitions() {
        await("executors sharing backfill-phases")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Map<ServiceProcess, Set<Integer>> owned = ownership();
                    Set<Integer> all = new HashSet<>();
                    owned.values().forEach(all::addAll);
                    return all.size() == 12 && owned.values().stream().noneMatch(Set::isEmpty);
                });
    }

    // ---- the planner, through the CLI ------------------------------------------------------------

    String plannerUrl() {
        return planner.url();
    }

    /** What one CLI invocation printed and returned. */
    record CliRun(int exitCode, String out, String err) {}

    /**
     * Runs {@code backfill <args>} against this cluster's planner, in this JVM, as bin/backfill would, signed in
     * with a token of user {@code e2e} holding the submitter and operator roles.
     */
    CliRun cli(String... args) {
        return cliSignedIn(Map.of("BACKFILL_TOKEN", token), args);
    }

    /** As {@link #cli}, signed in with these variables ({@code BACKFILL_TOKEN}, {@code BACKFILL_USER}; none: none). */
    CliRun cliSignedIn(Map<String, String> auth, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new LinkedHashMap<>(auth);
        env.put("BACKFILL_PLANNER_URL", planner.url());
        env.put(
                "BACKFILL_EXECUTOR_URL",
                executors.isEmpty() ? "" : executors.get(0).url());
        int code = BackfillCli.run(args, new PrintWriter(out), new PrintWriter(err), env, BackfillCli.REAL_TIME);
        LOG.info("backfill {} -> {}\n{}{}", String.join(" ", args), code, out, err);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The planner's status of one backfill, or null while it does not know it. */
    JsonNode status(String backfillId) {
        try {
            return new PlannerClient(planner.url(), Credentials.bearer(token), Duration.ofSeconds(5))
                    .status(backfillId);
        } catch (io.backfill.cli.CliException e) {
            return null;
        }
    }

    String state(String backfillId) {
        JsonNode status = status(backfillId);
        return status == null ? "UNKNOWN" : status.path("state").asText();
    }

    /** Creates a target table with the buggy contents for one test. */
    void createTarget(String table) throws Exception {
        try (Connection connection = database.connect()) {
            Orders.createTarget(connection, table);
        }
    }

    String createExpected(String table) throws Exception {
        try (Connection connection = database.connect()) {
            return Orders.createExpected(connection, table);
        }
    }

    @Override
    public void close() {
        List<ServiceProcess> reverse = new ArrayList<>(services);
        java.util.Collections.reverse(reverse);
        reverse.forEach(ServiceProcess::close);
        warehouse.close();
        database.close();
    }
}
