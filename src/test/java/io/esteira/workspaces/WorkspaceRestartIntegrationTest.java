package io.esteira.workspaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.esteira.EsteiraApplication;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.UsageLedger;
import io.esteira.identity.Accounts;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.security.UserDirectory;
import io.esteira.workspaces.ReconciliationReport.Correction;
import io.esteira.workspaces.ReconciliationReport.Orphan;
import io.esteira.workspaces.provisioning.RuntimeRef;
import io.esteira.workspaces.provisioning.WorkspaceSpec;
import io.esteira.workspaces.provisioning.local.LocalJupyterProvisioner;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * The portal restarts while its notebook servers keep running: on the same data directory and
 * file database, the start-up reconciliation finds the live workspace running (its usage still
 * counted), the one whose server died while the portal was down failed (its usage closed), and a
 * server no workspace owns as an orphan that an administrator can remove. Real Jupyter servers, two
 * real starts of the whole application; so not a {@code @SpringBootTest}.
 */
class WorkspaceRestartIntegrationTest {

    private static final Duration READY = Duration.ofSeconds(90);
    private static final Duration CLEANUP = Duration.ofSeconds(30);
    private static final String DS_CREDIT = "ds.credit";
    private static final String ADMIN = "admin";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<UUID> created = new ArrayList<>();
    private SecurityContextHolderStrategy strategyBefore;
    private Path dataDir;
    private String schedulerName;
    private ConfigurableApplicationContext context;
    private boolean passed;

    @BeforeEach
    void makeDataDirectory() throws IOException {
        strategyBefore = SecurityContextHolder.getContextHolderStrategy();
        String random = UUID.randomUUID().toString().substring(0, 8);
        dataDir = Files.createDirectories(Path.of("target", "restart-test-" + random)).toAbsolutePath().normalize();
        schedulerName = "esteira-restart-test-" + random;
    }

    @Test
    void aRestartKeepsLiveNotebooksFailsDeadOnesAndReportsOrphans() throws Exception {
        // first life of the portal: two running workspaces
        startPortal();
        UUID credit = as(ADMIN, () -> context.getBean(AreaService.class).myAreas()).stream()
                .filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id).findFirst().orElseThrow();
        UUID localTemplate = as(DS_CREDIT, () -> service().catalogue(credit)).stream()
                .filter(t -> t.provisioner().equals(LocalJupyterProvisioner.KIND)).findFirst().orElseThrow().id();
        UUID a = create(credit, localTemplate, "restart-a");
        UUID b = create(credit, localTemplate, "restart-b");
        awaitRunning(a);
        awaitRunning(b);
        NotebookRoute openA = as(DS_CREDIT, () -> service().notebook(a, false));
        NotebookRoute openB = as(DS_CREDIT, () -> service().notebook(b, false));

        context.close();
        assertThat(statusOf(openA)).as("A's notebook server outlives the portal").isEqualTo(200);
        assertThat(statusOf(openB)).as("B's notebook server outlives the portal").isEqualTo(200);

        // while the portal is down: B's server dies, and a server the portal never started appears
        kill(pidOf(b));
        assertThat(statusOf(openB)).as("B's notebook server is dead").isEqualTo(-1);
        UUID orphanId = UUID.randomUUID();
        RuntimeRef orphanRef = new LocalJupyterProvisioner(dataDir, "jupyter").provision(new WorkspaceSpec(orphanId,
                UUID.randomUUID(), "NOWHERE", "nobody", "orphan", "python3", new WorkspaceSpec.Shape(1, 1, null, 0, 1),
                null, "orphan-token"));
        NotebookRoute orphanStatus = new NotebookRoute(orphanId, "orphan", URI.create(orphanRef.address()), "orphan-token");
        await("the orphan's notebook server answers").atMost(READY).pollInterval(Duration.ofMillis(250))
                .until(() -> statusOf(orphanStatus) == 200);

        // second life: same directory, same database
        long restartedAt = System.nanoTime();
        startPortal();
        ReconciliationReport report = as(ADMIN, () -> administration().lastReconciliation());
        Duration untilReconciled = Duration.ofNanos(System.nanoTime() - restartedAt);
        System.out.printf("WorkspaceRestartIntegrationTest: restart to reconciled in %d ms (report at %s)%n",
                untilReconciled.toMillis(), report.at());
        assertThat(report.at()).as("the start-up reconciliation has run when the portal is ready").isNotNull();
        assertThat(report.checked()).isEqualTo(2);

        WorkspaceSummary afterA = as(DS_CREDIT, () -> service().get(a));
        assertThat(afterA.state()).as("A: " + afterA.stateReason()).isEqualTo("RUNNING");
        assertThat(as(DS_CREDIT, () -> ledger().isOpen(WorkspaceLifecycle.USAGE_SOURCE, a)))
                .as("A's usage interval stays open across the restart").isTrue();
        assertThat(report.corrections()).extracting(Correction::workspaceId).doesNotContain(a);
        NotebookRoute reopenedA = as(DS_CREDIT, () -> service().notebook(a, false));
        assertThat(reopenedA).as("A keeps its server and token").isEqualTo(openA);
        assertThat(statusOf(reopenedA)).isEqualTo(200);

        WorkspaceSummary afterB = as(DS_CREDIT, () -> service().get(b));
        assertThat(afterB.state()).isEqualTo("FAILED");
        assertThat(afterB.stateReason()).as("why B failed").isNotBlank().contains("exited");
        assertThat(as(DS_CREDIT, () -> ledger().isOpen(WorkspaceLifecycle.USAGE_SOURCE, b)))
                .as("B's usage interval is closed").isFalse();
        assertThat(report.corrections()).filteredOn(c -> c.workspaceId().equals(b)).singleElement()
                .satisfies(c -> {
                    assertThat(c.from()).isEqualTo("RUNNING");
                    assertThat(c.to()).isEqualTo("FAILED");
                });

        assertThat(report.orphans()).as("runtimes no workspace owns").singleElement()
                .satisfies(o -> {
                    assertThat(o.claimedWorkspaceId()).isEqualTo(orphanId);
                    assertThat(o.provisioner()).isEqualTo(LocalJupyterProvisioner.KIND);
                });
        Orphan orphan = report.orphans().getFirst();
        awaitAudit("workspace.orphans-found", orphanId.toString());

        as(ADMIN, () -> {
            administration().removeOrphan(orphan.id());
            return null;
        });
        await("the orphan's server is gone").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> statusOf(orphanStatus) == -1);
        assertThat(dataDir.resolve("workspaces").resolve(orphanId.toString())).as("the orphan's directory").doesNotExist();
        assertThat(as(ADMIN, () -> administration().lastReconciliation()).orphans()).isEmpty();
        awaitAudit("workspace.orphan-removed", orphanId.toString());
        passed = true;
    }

    @AfterEach
    void leaveNothingRunning() {
        try {
            if (context != null && context.isActive()) {
                deleteCreatedWorkspaces();
            }
        } finally {
            if (context != null) {
                context.close();
            }
            killEveryRuntimeUnder(dataDir);
            SecurityContextHolder.setContextHolderStrategy(strategyBefore);
            if (passed) {
                deleteRecursively(dataDir);
            } else {
                System.out.println("WorkspaceRestartIntegrationTest: kept " + dataDir + " for inspection");
            }
        }
    }

    private void startPortal() {
        // as arguments: default properties would lose to application-test.properties
        context = new SpringApplicationBuilder(EsteiraApplication.class)
                .profiles("test")
                .run("--server.port=0",
                        "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("db/esteira")
                                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                        "--esteira.data-dir=" + dataDir,
                        "--spring.quartz.scheduler-name=" + schedulerName,
                        "--esteira.workspaces.check-interval=PT1H",
                        // the care job fires once at every start, whatever the interval, and would reconcile
                        // concurrently with the start-up reconciliation this test is about
                        "--spring.quartz.auto-startup=false");
        assertThat(context.getEnvironment().getProperty("esteira.data-dir")).isEqualTo(dataDir.toString());
        // Vaadin gives each context its own holder strategy, which method security reads: use this one's
        context.getBeanProvider(SecurityContextHolderStrategy.class).ifAvailable(SecurityContextHolder::setContextHolderStrategy);
        SecurityContextHolder.clearContext();
    }

    private WorkspaceService service() {
        return context.getBean(WorkspaceService.class);
    }

    private WorkspaceAdministration administration() {
        return context.getBean(WorkspaceAdministration.class);
    }

    private UsageLedger ledger() {
        return context.getBean(UsageLedger.class);
    }

    /** Runs as the person, signed in as the portal signs people in, on this thread only. */
    private <T> T as(String username, Supplier<T> work) {
        UserDirectory directory = context.getBean(UserDirectory.class);
        Accounts accounts = context.getBean(Accounts.class);
        SignedInUser user = accounts.signedInUser(directory.findByUsername(username).orElseThrow().id(), null, null);
        List<GrantedAuthority> authorities = user.roles().stream()
                .map(r -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + r.name())).toList();
        SecurityContext signedIn = SecurityContextHolder.createEmptyContext();
        signedIn.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, authorities));
        SecurityContextHolder.setContext(signedIn);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private UUID create(UUID area, UUID template, String name) {
        UUID id = as(DS_CREDIT, () -> service().create(new WorkspaceRequest(area, template, "XS", name, null, null, null))).id();
        created.add(id);
        return id;
    }

    private void awaitRunning(UUID id) {
        await("workspace " + id + " running").atMost(READY).pollInterval(Duration.ofMillis(250))
                .until(() -> as(DS_CREDIT, () -> service().get(id).state()), s -> s.equals("RUNNING") || s.equals("FAILED"));
        WorkspaceSummary w = as(DS_CREDIT, () -> service().get(id));
        assertThat(w.state()).as(w.stateReason()).isEqualTo("RUNNING");
    }

    private void awaitAudit(String action, String detail) {
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        await("an audit entry " + action + " mentioning " + detail).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> jdbc.queryForObject("select count(*) from audit_event where action = ? and object_id = ? "
                        + "and details like ?", Long.class, action, LocalJupyterProvisioner.KIND, "%" + detail + "%") > 0);
    }

    /** The HTTP status of the notebook server's {@code api/status} with its token; -1 when it does not answer. */
    private int statusOf(NotebookRoute notebook) {
        HttpRequest request = HttpRequest.newBuilder(notebook.upstream().resolve("api/status"))
                .timeout(Duration.ofSeconds(3))
                .header("Authorization", "token " + notebook.token())
                .GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private long pidOf(UUID workspace) throws IOException {
        return pidIn(dataDir.resolve("workspaces").resolve(workspace.toString()).resolve("runtime.properties"));
    }

    private static long pidIn(Path runtimeFile) throws IOException {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(runtimeFile, StandardCharsets.UTF_8)) {
            p.load(reader);
        }
        return Long.parseLong(p.getProperty("pid", "0"));
    }

    /** Kills the process and its descendants at once, and waits until it is gone. */
    private static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("process " + pid + " did not die", e);
            }
        });
        await("process " + pid + " dead").atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), alive -> !alive);
    }

    private void deleteCreatedWorkspaces() {
        for (UUID id : created) {
            try {
                await().atMost(CLEANUP).pollInterval(Duration.ofMillis(250)).until(() -> as(DS_CREDIT,
                        () -> service().get(id).state()), s -> !s.matches("REQUESTED|PROVISIONING|STARTING|STOPPING"));
                as(DS_CREDIT, () -> {
                    service().delete(id);
                    return null;
                });
            } catch (RuntimeException e) {
                // gone already, or stuck: the processes are killed below in any case
            }
        }
        for (UUID id : created) {
            try {
                await().atMost(CLEANUP).pollInterval(Duration.ofMillis(250)).until(() -> as(DS_CREDIT, () -> {
                    try {
                        service().get(id);
                        return false;
                    } catch (NotFoundException gone) {
                        return true;
                    }
                }));
            } catch (RuntimeException e) {
                System.out.println("WorkspaceRestartIntegrationTest: workspace " + id + " not deleted: " + e.getMessage());
            }
        }
    }

    /** Whatever went wrong: no notebook server started for this test outlives it. */
    private static void killEveryRuntimeUnder(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir, 3)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals("runtime.properties")).toList()) {
                try {
                    long pid = pidIn(file);
                    boolean jupyter = pid > 0 && ProcessHandle.of(pid)
                            .flatMap(p -> p.info().commandLine())
                            .map(c -> c.contains("jupyter") || c.contains("notebook"))
                            .orElse(false);
                    if (jupyter) {
                        kill(pid);
                    }
                } catch (IOException | RuntimeException e) {
                    System.out.println("WorkspaceRestartIntegrationTest: cannot stop the runtime of " + file + ": " + e);
                }
            }
        } catch (IOException e) {
            System.out.println("WorkspaceRestartIntegrationTest: cannot look for runtimes under " + dir + ": " + e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("WorkspaceRestartIntegrationTest: cannot remove " + dir + ": " + e);
        }
    }
}
