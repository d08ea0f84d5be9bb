package io.esteira.training;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureGroupView;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.models.ModelDraft;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelView;
import io.esteira.models.VersionView;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import io.esteira.support.Api;
import io.esteira.support.AuditTrail;
import io.esteira.support.Personas;
import io.esteira.training.domain.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Training jobs whose code is a Git repository: a bare repository made with JGit under the test data folder (which the
 * test profile allows as {@code file:}) holds the sample job; a run fetches it, records the commit and registers a version
 * whose lineage names it; a missing ref, a repository outside the allow-list and an entrypoint outside the checkout are
 * refused with their reasons, and nothing is stored or registered; another area sees nothing.
 */
abstract class GitSourceScenarios {

    static final Duration RUN = Duration.ofSeconds(180);
    static final String GROUP = TrainingScenarios.GROUP;
    static final String ENTITIES = TrainingScenarios.ENTITIES;

    @Autowired
    TrainingService training;
    @Autowired
    RunDispatcher dispatcher;
    @Autowired
    ModelRegistry registry;
    @Autowired
    FeatureGroupService featureGroups;
    @Autowired
    AreaService areas;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Personas personas;
    @Autowired
    AuditTrail audit;
    @Autowired
    Api api;
    @Autowired
    JdbcTemplate jdbc;

    UUID fraud;
    UUID warehouse;

    @BeforeEach
    void prepare() {
        List<AreaSummary> all = personas.call(ADMIN, areas::myAreas);
        fraud = all.stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
        await("the demo feature group published").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> SystemActor.call(() -> {
                    try {
                        return featureGroups.getByName(GROUP).latestPublished().isPresent();
                    } catch (NotFoundException e) {
                        return false;
                    }
                }));
        FeatureGroupView.VersionView published = SystemActor.call(() -> featureGroups.getByName(GROUP).latestPublished()).orElseThrow();
        warehouse = published.sourceId();
    }

    /** A bare repository under the allowed folder whose main branch has the sample job in jobs/fraud and the contract jobs in contract/. */
    record Repo(String url, RevCommit main) {
    }

    static Repo repository() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Path work = Path.of("target/test-data/git-work", id).toAbsolutePath();
        Path bare = Path.of("target/test-data/git", id + ".git").toAbsolutePath();
        copyTree(Path.of("samples/training/logistic-regression"), work.resolve("jobs/fraud"));
        copyTree(Path.of("src/test/resources/training-samples/contract"), work.resolve("contract"));
        Files.writeString(work.resolve("README.md"), "Models of the fraud team\n");
        RevCommit main;
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            main = git.commit().setMessage("The fraud model's training job").setAuthor("Data Scientist", "ds@bank.example")
                    .setCommitter("Data Scientist", "ds@bank.example").setSign(false).call();
            git.tag().setName("v1").setAnnotated(true).setMessage("first").setSigned(false).call();
            // a branch whose entrypoint is a link leading out of the checkout
            git.checkout().setCreateBranch(true).setName("escape").call();
            Files.delete(work.resolve("jobs/fraud/train.py"));
            Files.createSymbolicLink(work.resolve("jobs/fraud/train.py"), Path.of("../../../../../../../../etc/hostname"));
            git.add().addFilepattern(".").call();
            git.commit().setMessage("A link out").setAuthor("Someone", "x@bank.example").setCommitter("Someone", "x@bank.example")
                    .setSign(false).call();
            git.checkout().setName("main").call();
            try (Git ignored = Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call()) {
                // the server's repository
            }
            git.push().setRemote(bare.toUri().toString()).setPushAll().setPushTags().call();
        }
        return new Repo("file://" + bare, main);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.filter(p -> !p.toString().contains("__pycache__")).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target);
                }
            }
        }
    }

    ModelView model() {
        return personas.call(DS_FRAUD, () -> registry.create(new ModelDraft(fraud, TrainingScenarios.unique("git-model"), "", "Card fraud", 3,
                null, List.of())));
    }

    TrainingJobDraft draft(ModelView model, TrainingJobDraft.Source source, String entrypoint) {
        return new TrainingJobDraft(fraud, TrainingScenarios.unique("git-job"), "Trains from Git", model.name(), source, entrypoint, null, null,
                Map.of("C", "0.5"), "XS", 10, 7L, new TrainingJobDraft.Inputs(List.of(new TrainingJobDraft.Group(GROUP, null,
                        List.of("amount", "merchant_category", "channel"))), warehouse, ENTITIES, "label", null, null));
    }

    TrainingRunView runToEnd(TrainingJobView job) {
        UUID id = personas.call(DS_FRAUD, () -> training.start(job.id())).id();
        await("run " + id + " ends").atMost(RUN).pollInterval(Duration.ofMillis(300))
                .until(() -> RunState.valueOf(personas.call(DS_FRAUD, () -> training.run(id)).state()).finished());
        return personas.call(DS_FRAUD, () -> training.run(id));
    }

    long jobsNamed(String name) {
        return jdbc.queryForObject("select count(*) from training_job where name = ?", Long.class, name);
    }

    @Test
    void a_run_from_a_git_branch_registers_a_version_whose_lineage_has_the_commit() throws Exception {
        Repo repo = repository();
        ModelView model = model();
        TrainingJobView job = personas.call(DS_FRAUD, () -> training.create(draft(model,
                TrainingJobDraft.Source.git(repo.url(), "main", "jobs/fraud", null), "train.py")));
        assertThat(job.source().kind()).isEqualTo("GIT");
        assertThat(job.source().url()).isEqualTo(repo.url());
        assertThat(job.source().ref()).isEqualTo("main");
        assertThat(job.source().tokenStored()).isFalse();

        TrainingRunView run = runToEnd(job);
        String log = personas.call(DS_FRAUD, () -> training.log(run.id(), 65536));
        assertThat(run.state()).as(run.reason() + "\n" + log).isEqualTo("SUCCEEDED");
        assertThat(run.codeHash()).as("the commit is the code's identity").isEqualTo(repo.main().getName());
        assertThat(log).contains("Fetched branch main of " + repo.url() + " (shallow): commit " + repo.main().getName());
        VersionView version = personas.call(DS_FRAUD, () -> registry.version(job.modelId(), 1));
        assertThat(version.commit()).isEqualTo(repo.main().getName());
        assertThat(version.parameters()).containsEntry("training.source", "git:" + repo.url() + "@main/jobs/fraud train.py");
        // the job ran in the commit's files only: no repository beside or inside them
        Path dir = dispatcher.directory(run.id());
        assertThat(dir.resolve("source.git")).doesNotExist();
        assertThat(dir.resolve("source/.git")).doesNotExist();
        assertThat(dir.resolve("source/train.py")).exists();
        assertThat(dir.resolve("source/README.md")).as("only the job's folder").doesNotExist();
    }

    @Test
    void a_tag_and_a_commit_id_are_fetched_as_well_and_the_run_records_the_commit() throws Exception {
        Repo repo = repository();
        ModelView model = model();
        TrainingJobView byCommit = personas.call(DS_FRAUD, () -> training.create(draft(model,
                TrainingJobDraft.Source.git(repo.url(), repo.main().getName().substring(0, 12), "contract", null), "fails.py")));
        TrainingRunView run = runToEnd(byCommit);
        assertThat(run.state()).as(run.reason()).isEqualTo("FAILED");
        assertThat(run.reason()).contains("exited with code");
        assertThat(run.codeHash()).isEqualTo(repo.main().getName());
        assertThat(personas.call(DS_FRAUD, () -> training.log(run.id(), 65536))).contains("Fetched commit " + repo.main().getName().substring(0, 12));

        TrainingJobView byTag = personas.call(DS_FRAUD, () -> training.create(draft(model,
                TrainingJobDraft.Source.git(repo.url(), "v1", "contract", null), "fails.py")));
        TrainingRunView tagged = runToEnd(byTag);
        assertThat(tagged.reason()).contains("exited with code");
        assertThat(tagged.codeHash()).isEqualTo(repo.main().getName());
    }

    @Test
    void a_ref_that_does_not_exist_fails_the_run_with_its_reason_and_registers_nothing() throws Exception {
        Repo repo = repository();
        ModelView model = model();
        TrainingJobView job = personas.call(DS_FRAUD, () -> training.create(draft(model,
                TrainingJobDraft.Source.git(repo.url(), "no-such-branch", "jobs/fraud", null), "train.py")));
        TrainingRunView run = runToEnd(job);
        assertThat(run.state()).isEqualTo("FAILED");
        assertThat(run.reason()).contains("has no branch or tag no-such-branch");
        assertThat(run.codeHash()).isNull();
        assertThat(personas.call(DS_FRAUD, () -> registry.get(job.modelId())).versionCount()).isZero();
        assertThat(dispatcher.directory(run.id()).resolve("source.git")).doesNotExist();
    }

    @Test
    void an_entrypoint_outside_the_checkout_is_refused_when_saved_and_when_a_link_leads_out_at_run_time() throws Exception {
        Repo repo = repository();
        ModelView model = model();
        TrainingJobDraft outside = draft(model, TrainingJobDraft.Source.git(repo.url(), "main", "jobs/fraud", null), "../../etc/passwd");
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> training.create(outside)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors()).containsKey("entrypoint"));
        assertThat(jobsNamed(outside.name())).isZero();

        TrainingJobView job = personas.call(DS_FRAUD, () -> training.create(draft(model,
                TrainingJobDraft.Source.git(repo.url(), "escape", "jobs/fraud", null), "train.py")));
        TrainingRunView run = runToEnd(job);
        assertThat(run.state()).isEqualTo("FAILED");
        assertThat(run.reason()).contains("train.py is a link that leads outside the job's folder");
        assertThat(personas.call(DS_FRAUD, () -> registry.get(job.modelId())).versionCount()).isZero();
    }

    @Test
    void a_repository_outside_the_allow_list_is_refused_on_its_field_and_nothing_is_stored() {
        ModelView model = model();
        for (String url : List.of("https://github.com/someone/models.git", "file:///etc/", "ssh://git@git.bank.example/x.git",
                "https://user:secret@git.bank.example/x.git", "file://" + Path.of("target/test-data/git/../../x").toAbsolutePath())) {
            TrainingJobDraft draft = draft(model, TrainingJobDraft.Source.git(url, "main", "", null), "train.py");
            assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> training.create(draft))).as(url)
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors()).containsKey("source.url"));
            assertThat(jobsNamed(draft.name())).isZero();
        }
        TrainingJobDraft github = draft(model, TrainingJobDraft.Source.git("https://github.com/someone/models.git", "main", "", null), "train.py");
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> training.create(github)))
                .hasMessageContaining("is not among the repositories an administrator allows");
        TrainingJobDraft credentials = draft(model, TrainingJobDraft.Source.git("https://user:secret@git.bank.example/x.git", "main", "", null),
                "train.py");
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> training.create(credentials)))
                .hasMessageContaining("Put no user name or password in the address");

        // the API answers with a problem on the field, and stores nothing either
        String token = personas.call(DS_FRAUD, () -> tokens.create(new TokenRequest("git-" + UUID.randomUUID().toString().substring(0, 8),
                null, LocalDate.now().plusDays(1), false))).secret();
        String name = TrainingScenarios.unique("git-api");
        Api.Response bad = api.post("/api/v1/training/jobs", token, """
                {"areaId": "%s", "name": "%s", "model": "%s", "source": {"kind": "GIT", "url": "https://github.com/someone/models.git", "ref": "main"},
                 "entrypoint": "train.py", "sizeCode": "XS", "inputs": {"groups": [{"name": "%s"}], "sourceId": "%s", "sql": "%s"}}"""
                .formatted(fraud, name, model.name(), GROUP, warehouse, ENTITIES.replace("\"", "\\\"")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).contains("application/problem+json");
        assertThat(bad.json().get("errors").get("source.url").asString()).contains("is not among the repositories an administrator allows");
        assertThat(jobsNamed(name)).isZero();
    }

    @Test
    void a_token_is_kept_sealed_never_shown_and_kept_on_a_change_only_for_the_same_host() throws Exception {
        Repo repo = repository();
        ModelView model = model();
        TrainingJobView job = personas.call(DS_FRAUD, () -> training.create(draft(model,
                TrainingJobDraft.Source.git(repo.url(), "main", "contract", "glpat-very-secret-token"), "fails.py")));
        assertThat(job.source().tokenStored()).isTrue();
        assertThat(job.source().token()).isNull();
        String sealed = jdbc.queryForObject("select source_token_sealed from training_job where id = ?", String.class, job.id());
        assertThat(sealed).startsWith("v1:").doesNotContain("very-secret");
        assertThat(audit.awaitEntry(AuditTrail.actionOn("training-job.created", job.id().toString())).details())
                .contains(repo.url()).doesNotContain("very-secret");
        // a change that gives no token keeps it; one that clears it removes it
        TrainingJobDraft same = job.toDraft();
        TrainingJobView kept = personas.call(DS_FRAUD, () -> training.update(job.id(), same, job.version()));
        assertThat(kept.source().tokenStored()).isTrue();
        TrainingJobDraft.Source cleared = new TrainingJobDraft.Source("GIT", "main", "contract", repo.url(), null, false);
        TrainingJobView removed = personas.call(DS_FRAUD, () -> training.update(job.id(), new TrainingJobDraft(fraud, job.name(), "",
                model.name(), cleared, "fails.py", null, null, Map.of(), "XS", 10, 7L, job.inputs()), kept.version()));
        assertThat(removed.source().tokenStored()).isFalse();
        // a file: repository does not ask for it, and the run goes on with the commit
        TrainingRunView run = runToEnd(removed);
        assertThat(run.codeHash()).isEqualTo(repo.main().getName());
    }

    @Test
    void another_areas_data_scientist_gets_not_found_for_a_git_job() throws Exception {
        Repo repo = repository();
        ModelView model = model();
        TrainingJobView job = personas.call(DS_FRAUD, () -> training.create(draft(model,
                TrainingJobDraft.Source.git(repo.url(), "main", "contract", null), "fails.py")));
        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> training.job(job.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> training.start(job.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> training.runs(job.id(), PageRequest.of(0, 5))).isInstanceOf(NotFoundException.class);
        });
    }
}
