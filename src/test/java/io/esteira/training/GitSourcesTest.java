package io.esteira.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.crypto.SecretCipher;
import io.esteira.training.runners.RunnerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class GitSourcesTest {

    static final SecretCipher CIPHER = SecretCipher.withKey(new byte[32]);

    static GitSources allowing(String allowed) {
        return new GitSources(allowed, Duration.ofMinutes(1), DataSize.ofMegabytes(10), CIPHER);
    }

    static void refused(GitSources git, String url, String message) {
        assertThatThrownBy(() -> git.checkUrl(url)).as(url).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.fieldErrors()).containsKey("source.url");
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void with_no_allow_list_no_repository_is_accepted() {
        refused(allowing(""), "https://github.com/bank/models.git", "No Git repository is allowed for training jobs yet");
    }

    @Test
    void a_host_prefix_allows_its_own_repositories_only_and_not_a_look_alike_host_or_another_scheme_or_port() {
        GitSources git = allowing("https://git.bank.example");
        assertThat(git.checkUrl(" https://git.bank.example/credit/models.git ")).isEqualTo("https://git.bank.example/credit/models.git");
        assertThat(git.checkUrl("https://GIT.bank.example/x.git")).isEqualTo("https://GIT.bank.example/x.git");
        refused(git, "https://git.bank.example.evil.test/x.git", "is not among the repositories an administrator allows");
        refused(git, "http://git.bank.example/x.git", "is not among the repositories");
        refused(git, "https://git.bank.example:8443/x.git", "is not among the repositories");
    }

    @Test
    void a_path_prefix_allows_what_is_below_it_and_not_a_sibling_whose_name_starts_alike() {
        GitSources git = allowing("https://git.bank.example/credit/, https://github.com/bank-org");
        assertThat(git.checkUrl("https://git.bank.example/credit/scorecard.git")).isNotBlank();
        assertThat(git.checkUrl("https://github.com/bank-org/fraud.git")).isNotBlank();
        refused(git, "https://git.bank.example/credit-other/x.git", "is not among the repositories");
        refused(git, "https://github.com/bank-org-evil/x.git", "is not among the repositories");
        refused(git, "https://git.bank.example/credit/../marketing/x.git", "is not a repository address");
    }

    @Test
    void credentials_queries_and_other_schemes_are_not_addresses_the_portal_fetches() {
        GitSources git = allowing("https://git.bank.example/");
        refused(git, "https://user:secret@git.bank.example/x.git", "is not a repository address");
        refused(git, "https://git.bank.example/x.git?private_token=abc", "is not a repository address");
        refused(git, "ssh://git@git.bank.example/x.git", "is not a repository address");
        refused(git, "git://git.bank.example/x.git", "is not a repository address");
        refused(git, "", "Give the repository's address");
        assertThat(GitSources.whyNot("git@git.bank.example:x.git")).contains("https");
        assertThat(GitSources.whyNot("https://u:p@git.bank.example/x.git")).contains("no user name or password");
    }

    @Test
    void a_file_prefix_allows_the_folders_below_it_only() {
        GitSources git = allowing("file:/srv/git/");
        assertThat(git.checkUrl("file:///srv/git/team/models.git")).isNotBlank();
        refused(git, "file:///srv/gitx/models.git", "is not among the repositories");
        refused(git, "file:///srv/git/../etc", "is not a repository address");
    }

    @Test
    void a_ref_is_a_branch_tag_or_commit_name() {
        assertThat(GitSources.checkRef(" release/2026.12 ")).isEqualTo("release/2026.12");
        assertThat(GitSources.checkRef("0a1b2c3d")).isEqualTo("0a1b2c3d");
        for (String bad : new String[] {"", "-upload-pack=x", "a..b", "main.lock", "feature/", "a b", "--all"}) {
            assertThatThrownBy(() -> GitSources.checkRef(bad)).as(bad).isInstanceOfSatisfying(InvalidRequestException.class,
                    e -> assertThat(e.fieldErrors()).containsKey("source.ref"));
        }
    }

    @Test
    void a_token_is_sealed_kept_for_the_same_host_only_and_never_sent_over_plain_http() {
        GitSources git = allowing("https://git.bank.example/");
        String sealed = git.sealedToken("https://git.bank.example/a.git", "tok-123", null, null, null);
        assertThat(sealed).startsWith("v1:").doesNotContain("tok-123");
        assertThat(CIPHER.decrypt(sealed)).isEqualTo("tok-123");
        assertThat(git.sealedToken("https://git.bank.example/b.git", "", null, "https://git.bank.example/a.git", sealed)).isEqualTo(sealed);
        assertThat(git.sealedToken("https://other.example/a.git", null, null, "https://git.bank.example/a.git", sealed)).isNull();
        assertThat(git.sealedToken("https://git.bank.example/a.git", null, false, "https://git.bank.example/a.git", sealed)).isNull();
        assertThatThrownBy(() -> git.sealedToken("http://git.bank.example/a.git", "tok", null, null, null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors()).containsKey("source.token"));
    }

    // --- fetching, without Spring: a bare repository made with JGit under the test data folder

    static final String ALLOWED = "file:target/test-data/git/";

    @Test
    void a_fetch_writes_the_commits_folder_without_git_and_removes_the_fetched_repository(@TempDir Path run) throws Exception {
        GitSourceScenarios.Repo repo = GitSourceScenarios.repository();
        List<String> notes = new ArrayList<>();
        GitSources.Fetched fetched = allowing(ALLOWED).fetch(repo.url(), "main", "jobs/fraud", null, run.resolve("source.git"),
                run.resolve("source"), notes::add);
        assertThat(fetched.commit()).isEqualTo(repo.main().getName());
        assertThat(run.resolve("source/train.py")).exists();
        assertThat(run.resolve("source/.git")).doesNotExist();
        assertThat(run.resolve("source.git")).doesNotExist();
        assertThat(notes).anyMatch(n -> n.contains("(shallow): commit " + repo.main().getName()));
    }

    @Test
    void a_fetch_past_its_time_or_size_limit_fails_with_that_reason_and_leaves_nothing_behind(@TempDir Path run) throws Exception {
        GitSourceScenarios.Repo repo = GitSourceScenarios.repository();
        GitSources slow = new GitSources(ALLOWED, Duration.ZERO, DataSize.ofMegabytes(10), CIPHER);
        assertThatThrownBy(() -> slow.fetch(repo.url(), "main", "", null, run.resolve("a.git"), run.resolve("a"), n -> { }))
                .isInstanceOf(RunnerException.class).hasMessageContaining("took longer than its limit");
        assertThat(run.resolve("a.git")).doesNotExist();
        GitSources small = new GitSources(ALLOWED, Duration.ofMinutes(1), DataSize.ofBytes(1024), CIPHER);
        assertThatThrownBy(() -> small.fetch(repo.url(), "main", "", null, run.resolve("b.git"), run.resolve("b"), n -> { }))
                .isInstanceOf(RunnerException.class).hasMessageContaining("larger than the portal fetches");
        assertThat(run.resolve("b.git")).doesNotExist();
        assertThat(Files.exists(run.resolve("b/train.py"))).isFalse();
    }

    @Test
    void a_repository_no_longer_allowed_is_not_fetched() throws Exception {
        GitSourceScenarios.Repo repo = GitSourceScenarios.repository();
        assertThatThrownBy(() -> allowing("https://git.bank.example/").fetch(repo.url(), "main", "", null, Path.of("target/x.git"),
                Path.of("target/x"), n -> { })).isInstanceOf(RunnerException.class).hasMessageContaining("is not among the repositories");
    }
}
