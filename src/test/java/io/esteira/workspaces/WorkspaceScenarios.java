package io.esteira.workspaces;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.MANAGER_CREDIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.audit.AuditEntry;
import io.esteira.costs.UsageLedger;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Api;
import io.esteira.support.Api.Response;
import io.esteira.support.AuditTrail;
import io.esteira.support.Personas;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Pageable;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Workspaces on the local provisioner, with real Jupyter Notebook servers: the lifecycle, the usage
 * ledger, quotas under a race, idle stop that spares a busy kernel, the lifetime limit, and area isolation.
 */
abstract class WorkspaceScenarios {

    static final Duration READY = Duration.ofSeconds(90);

    @Autowired
    WorkspaceService workspaces;
    @Autowired
    WorkspaceAdministration administration;
    @Autowired
    WorkspaceHousekeeping housekeeping;
    @Autowired
    AreaService areas;
    @Autowired
    UsageLedger ledger;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Personas personas;
    @Autowired
    AuditTrail audit;
    @Autowired
    Api api;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired
    WebApplicationContext web;
    @Autowired
    io.esteira.workspaces.domain.ClearTokenSealing sealing;

    private static final tools.jackson.databind.ObjectMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    UUID credit;
    UUID fraud;
    UUID localTemplate;
    final List<UUID> created = new ArrayList<>();

    @BeforeEach
    void findAreasAndTemplate() {
        Map<String, UUID> byCode = personas.call(ADMIN, areas::myAreas).stream()
                .collect(Collectors.toMap(AreaSummary::code, AreaSummary::id));
        credit = byCode.get("CREDIT");
        fraud = byCode.get("FRAUD");
        localTemplate = personas.call(DS_CREDIT, () -> workspaces.catalogue(credit)).stream()
                .filter(t -> t.provisioner().equals("local")).findFirst().orElseThrow().id();
    }

    @AfterEach
    void deleteWhatWasCreated() {
        for (UUID id : created) {
            try {
                await().atMost(READY).until(() -> !personas.call(ADMIN, () -> workspaces.get(id)).state()
                        .matches("REQUESTED|PROVISIONING|STARTING|STOPPING"));
                personas.run(ADMIN, () -> workspaces.delete(id));
            } catch (org.awaitility.core.ConditionTimeoutException | NotFoundException gone) {
                // already deleted by the test
            }
        }
        for (UUID id : created) {
            await().atMost(READY).until(() -> personas.call(ADMIN, () -> {
                try {
                    workspaces.get(id);
                    return false;
                } catch (NotFoundException gone) {
                    return true;
                }
            }));
        }
        created.clear();
    }

    WorkspaceSummary request(String person, UUID area, String name) {
        WorkspaceSummary w = personas.call(person, () -> workspaces.create(
                new WorkspaceRequest(area, localTemplate, "XS", name, null, null, null)));
        created.add(w.id());
        return w;
    }

    WorkspaceSummary awaitState(String person, UUID id, String state) {
        await().atMost(READY).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(personas.call(person, () -> workspaces.get(id)).state()).as("state of " + id)
                        .isIn(state, "FAILED"));
        WorkspaceSummary w = personas.call(person, () -> workspaces.get(id));
        assertThat(w.state()).as(w.stateReason()).isEqualTo(state);
        return w;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aWorkspaceRunsARealNotebookServerThroughItsWholeLifecycle() throws Exception {
        WorkspaceSummary requested = request(DS_CREDIT, credit, unique("lifecycle"));
        assertThat(requested.state()).isEqualTo("REQUESTED");

        awaitState(DS_CREDIT, requested.id(), "RUNNING");
        assertThat(personas.call(DS_CREDIT, () -> workspaces.open(requested.id())))
                .as("opened through the portal, without a token").hasToString("/workspaces/" + requested.id() + "/lab/");
        NotebookRoute notebook = personas.call(DS_CREDIT, () -> workspaces.notebook(requested.id(), true));
        String token = notebook.token();
        assertThat(notebook.upstream()).hasToString("http://127.0.0.1:" + notebook.upstream().getPort() + "/workspaces/" + requested.id() + "/lab/");
        HttpResponse<String> status = http(notebook.upstream().resolve("api/status"), token);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("last_activity");
        assertThat(http(notebook.upstream().resolve("api/status"), "wrong").statusCode())
                .as("the token guards the notebook").isEqualTo(403);
        assertThat(jdbc.queryForObject("select access_token from workspace where id = ?", String.class, requested.id()))
                .as("the token is sealed at rest").startsWith("v1:").doesNotContain(token);
        // a token an older portal stored in clear still opens the notebook, and is sealed at the next start-up
        jdbc.update("update workspace set access_token = ? where id = ?", token, requested.id());
        assertThat(personas.call(DS_CREDIT, () -> workspaces.notebook(requested.id(), false)).token()).isEqualTo(token);
        assertThat(sealing.sealClearTokens()).isPositive();
        assertThat(jdbc.queryForObject("select access_token from workspace where id = ?", String.class, requested.id()))
                .startsWith("v1:");
        assertThat(personas.call(DS_CREDIT, () -> workspaces.notebook(requested.id(), false)).token()).isEqualTo(token);
        assertThat(personas.call(DS_CREDIT, () -> ledger.isOpen("workspace", requested.id()))).isTrue();
        assertThat(personas.call(DS_CREDIT, () -> workspaces.log(requested.id(), 50)))
                .contains("Jupyter Notebook").doesNotContain(token);

        personas.run(DS_CREDIT, () -> workspaces.stop(requested.id()));
        awaitState(DS_CREDIT, requested.id(), "STOPPED");
        assertThat(ledger.isOpen("workspace", requested.id())).as("stop closes the usage interval").isFalse();
        assertThat(ledger.isOpen("workspace-disk", requested.id())).as("the disk is still there, and metered").isTrue();
        assertThat(http(notebook.upstream().resolve("api/status"), token))
                .as("the server is gone").isNull();

        personas.run(DS_CREDIT, () -> workspaces.start(requested.id()));
        awaitState(DS_CREDIT, requested.id(), "RUNNING");
        assertThat(ledger.isOpen("workspace", requested.id())).isTrue();

        personas.run(DS_CREDIT, () -> workspaces.delete(requested.id()));
        await().atMost(READY).until(() -> personas.call(DS_CREDIT, () -> {
            try {
                workspaces.get(requested.id());
                return false;
            } catch (NotFoundException e) {
                return true;
            }
        }));
        assertThat(ledger.isOpen("workspace", requested.id())).isFalse();
        assertThat(ledger.isOpen("workspace-disk", requested.id())).as("deleting ends the disk's interval").isFalse();
        for (String step : List.of("requested", "provisioning", "running", "stopping", "stopped", "starting", "deleting", "deleted")) {
            AuditEntry entry = audit.awaitEntry(AuditTrail.actionOn("workspace." + step, requested.id().toString()));
            assertThat(entry.areaId()).isEqualTo(credit);
        }
        audit.awaitEntry(AuditTrail.actionOn("workspace.opened", requested.id().toString()));
    }

    @Test
    void onlyTheOwnerAndAdministratorsOpenTheNotebookNobodyGetsItsTokenAndOtherAreasSeeNothing() {
        WorkspaceSummary w = request(DS_CREDIT, credit, unique("private"));
        UUID id = w.id();
        awaitState(DS_CREDIT, id, "RUNNING");

        personas.run(DS_FRAUD, () -> {
            assertThatThrownBy(() -> workspaces.get(id)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> workspaces.open(id)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> workspaces.notebook(id, true)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> workspaces.stop(id)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> workspaces.delete(id)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> workspaces.log(id, 10)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> workspaces.list(credit, "", Pageable.ofSize(10))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> workspaces.create(new WorkspaceRequest(credit, localTemplate, "XS", "intruder", null, null, null)))
                    .isInstanceOf(NotFoundException.class);
        });
        personas.run(MANAGER_CREDIT, () -> {
            assertThat(workspaces.get(id).name()).isEqualTo(w.name());
            assertThatThrownBy(() -> workspaces.stop(id)).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> workspaces.open(id)).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> workspaces.notebook(id, true)).isInstanceOf(ForbiddenException.class);
        });
        personas.run(ADMIN, () -> assertThat(workspaces.open(id))
                .as("administrators open notebooks through the portal (audited), never with a token").hasToString("/workspaces/" + id + "/lab/"));

        String fraudToken = personas.call(DS_FRAUD, () -> tokens.create(new TokenRequest("fraud ws", null,
                LocalDate.now().plusDays(5), false))).secret();
        assertProblem(api.get("/api/v1/workspaces/" + id, fraudToken), 404);
        assertProblem(api.get("/api/v1/workspaces?areaId=" + credit, fraudToken), 404);
        assertProblem(api.post("/api/v1/workspaces/" + id + "/stop", fraudToken, ""), 404);
        assertProblem(api.post("/api/v1/workspaces/" + id + "/open", fraudToken, ""), 404);
        assertProblem(api.delete("/api/v1/workspaces/" + id, fraudToken), 404);
        Response own = api.get("/api/v1/workspaces?areaId=" + fraud, fraudToken);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body()).doesNotContain(id.toString());

        String creditToken = personas.call(DS_CREDIT, () -> tokens.create(new TokenRequest("credit ws", null,
                LocalDate.now().plusDays(5), false))).secret();
        Response mine = api.get("/api/v1/workspaces/" + id, creditToken);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body()).doesNotContain("token").contains(w.name());
        Response opened = api.post("/api/v1/workspaces/" + id + "/open", creditToken, "");
        assertThat(opened.status()).isEqualTo(200);
        assertThat(opened.json().path("url").asString()).isEqualTo("/workspaces/" + id + "/lab/");
        String notebookToken = personas.call(DS_CREDIT, () -> workspaces.notebook(id, false)).token();
        assertThat(opened.body() + mine.body()).doesNotContain(notebookToken);
    }

    /**
     * The notebook on its own origin ({@code {workspace}.localhost} here): the portal authorises the opening with its session
     * and hands over with a one-time ticket; the workspace's host serves only that notebook, to its own cookie only.
     */
    @Test
    void theNotebookIsServedOnItsOwnHostToItsOwnerAndAdministratorsOnlyAndItsTokenStaysBehindThePortal() throws Exception {
        WorkspaceSummary w = request(DS_CREDIT, credit, unique("proxied"));
        UUID id = w.id();
        awaitState(DS_CREDIT, id, "RUNNING");
        String token = personas.call(DS_CREDIT, () -> workspaces.notebook(id, false)).token();
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(web).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        String lab = "/workspaces/" + id + "/lab/";
        String host = "http://" + id + ".localhost";
        var owner = SecurityMockMvcRequestPostProcessors.authentication(personas.authentication(DS_CREDIT));
        List<MvcResult> answers = new ArrayList<>();

        // the portal: authorises with its session, serves nothing of the notebook, hands over with a one-time ticket
        MvcResult handOff = mvc.perform(MockMvcRequestBuilders.get("http://localhost" + lab + "tree").with(owner)).andReturn();
        answers.add(handOff);
        assertThat(handOff.getResponse().getStatus()).isEqualTo(200);
        assertThat(handOff.getResponse().getHeader("Referrer-Policy")).isEqualTo("no-referrer");
        String to = handOffTarget(handOff);
        assertThat(to).startsWith(host + lab + "_esteira/handoff?ticket=");
        String ticket = to.substring(to.indexOf("ticket=") + 7);
        assertThat(jdbc.queryForObject("select count(*) from notebook_handoff where ticket_hash = ?", Integer.class, ticket))
                .as("only the ticket's hash is kept").isZero();
        MvcResult redeemed = mvc.perform(MockMvcRequestBuilders.get(to)).andReturn();
        answers.add(redeemed);
        assertThat(redeemed.getResponse().getStatus()).as(redeemed.getResponse().getContentAsString()).isEqualTo(302);
        assertThat(redeemed.getResponse().getHeader("Location")).as("on to where the person was going").isEqualTo(lab + "tree");
        String setCookie = redeemed.getResponse().getHeader("Set-Cookie");
        assertThat(setCookie).startsWith("esteira_notebook=").contains("; Path=" + lab, "; HttpOnly", "; SameSite=Lax")
                .doesNotContain("Domain=");
        jakarta.servlet.http.Cookie session = new jakarta.servlet.http.Cookie("esteira_notebook",
                setCookie.substring("esteira_notebook=".length(), setCookie.indexOf(';')));
        MvcResult replayed = mvc.perform(MockMvcRequestBuilders.get(to)).andReturn();
        assertThat(replayed.getResponse().getStatus()).as("a ticket opens once").isEqualTo(403);
        assertThat(replayed.getResponse().getContentAsString()).contains("used already or has expired");
        assertThat(replayed.getResponse().getHeader("Set-Cookie")).isNull();
        await().atMost(AuditTrail.PATIENCE).untilAsserted(() -> assertThat(audit.entries(AuditTrail.action("access.denied"), 50))
                .as("a replayed ticket is audited").anySatisfy(e -> assertThat(e.details()).contains("handoff").contains(id.toString())));

        // the owner, on the notebook's own host, by its cookie alone: pages, API, changes from this origin
        MvcResult tree = mvc.perform(MockMvcRequestBuilders.get(host + lab + "tree").cookie(session)).andReturn();
        answers.add(tree);
        assertThat(tree.getResponse().getStatus()).isEqualTo(200);
        assertThat(tree.getResponse().getContentAsString()).contains(lab);
        assertThat(tree.getResponse().getHeaders("Set-Cookie")).as("Jupyter's login cookie would be a credential")
                .noneMatch(c -> c.startsWith("username-"));
        assertThat(tree.getResponse().getHeaders("Content-Security-Policy")).anyMatch(c -> c.contains("frame-ancestors 'self'"));
        assertThat(tree.getResponse().getHeaderNames()).noneMatch(n -> n.toLowerCase().startsWith("access-control-"));
        MvcResult root = mvc.perform(MockMvcRequestBuilders.get(host + lab).cookie(session)).andReturn();
        answers.add(root);
        assertThat(root.getResponse().getStatus()).isBetween(301, 303);
        assertThat(root.getResponse().getHeader("Location")).startsWith(lab).doesNotContain("127.0.0.1");
        MvcResult status = mvc.perform(MockMvcRequestBuilders.get(host + lab + "api/status").cookie(session)).andReturn();
        answers.add(status);
        assertThat(status.getResponse().getContentAsString()).contains("last_activity");
        MvcResult kernel = mvc.perform(MockMvcRequestBuilders.post(host + lab + "api/kernels").cookie(session)
                .header("Origin", host).contentType("application/json").content("{\"name\":\"python3\"}")).andReturn();
        answers.add(kernel);
        assertThat(kernel.getResponse().getStatus()).as(kernel.getResponse().getContentAsString()).isEqualTo(201);
        String kernelId = JSON.readTree(kernel.getResponse().getContentAsString()).path("id").asString();
        for (String origin : new String[] {"https://evil.example", "http://localhost", null}) {
            var forged = MockMvcRequestBuilders.delete(host + lab + "api/kernels/" + kernelId).cookie(session);
            MvcResult refused = mvc.perform(origin == null ? forged : forged.header("Origin", origin)).andReturn();
            assertThat(refused.getResponse().getStatus()).as("a change from " + origin).isEqualTo(403);
        }
        MvcResult hijack = mvc.perform(MockMvcRequestBuilders.get(host + lab + "api/kernels/" + kernelId + "/channels").cookie(session)
                .header("Upgrade", "websocket").header("Connection", "Upgrade").header("Origin", "http://localhost")).andReturn();
        assertThat(hijack.getResponse().getStatus()).as("a kernel's WebSocket opened from another origin").isEqualTo(403);
        assertThat(mvc.perform(MockMvcRequestBuilders.delete(host + lab + "api/kernels/" + kernelId).cookie(session)
                .header("Origin", host)).andReturn().getResponse().getStatus()).isEqualTo(204);

        // the notebook's host is nothing else: not the portal's pages, API, static files or Vaadin, whatever the cookie
        var portalSession = SecurityMockMvcRequestPostProcessors.authentication(personas.authentication(ADMIN));
        for (String path : new String[] {"/", "/api/v1/workspaces/" + id, "/workspaces", "/VAADIN/build/x.js", "/login",
                "/actuator/health", "/styles.css", "/workspaces/" + UUID.randomUUID() + "/lab/tree"}) {
            assertThat(mvc.perform(MockMvcRequestBuilders.get(host + path).cookie(session)).andReturn().getResponse().getStatus())
                    .as(path + " on the notebook's host").isEqualTo(404);
            assertThat(mvc.perform(MockMvcRequestBuilders.get(host + path).with(portalSession)).andReturn().getResponse().getStatus())
                    .as(path + " on the notebook's host with a portal session").isEqualTo(404);
        }
        // the portal session alone admits nothing there: neither the owner's nor an administrator's (a real session, as the
        // portal keeps it, with its cookie; MockMvc's authentication(…) would bypass the chain's own context repository)
        for (String person : List.of(DS_CREDIT, ADMIN)) {
            org.springframework.mock.web.MockHttpSession portal = new org.springframework.mock.web.MockHttpSession();
            var context = org.springframework.security.core.context.SecurityContextHolder.createEmptyContext();
            context.setAuthentication(personas.authentication(person));
            portal.setAttribute(org.springframework.security.web.context.HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
            MvcResult refused = mvc.perform(MockMvcRequestBuilders.get(host + lab + "api/contents").session(portal)
                    .cookie(new jakarta.servlet.http.Cookie("JSESSIONID", portal.getId()))).andReturn();
            assertThat(refused.getResponse().getStatus()).as("a portal session on the notebook's host").isEqualTo(401);
            assertThat(refused.getResponse().getContentAsString()).doesNotContain(token).contains("opens from the portal");
        }
        // a host under the notebooks' name that is no workspace's serves nothing, not even the portal
        for (String sibling : new String[] {"http://login.localhost", "http://x" + id + ".localhost"}) {
            assertThat(mvc.perform(MockMvcRequestBuilders.get(sibling + "/login")).andReturn().getResponse().getStatus())
                    .as("the portal's sign-in page on " + sibling).isEqualTo(404);
            assertThat(mvc.perform(MockMvcRequestBuilders.get(sibling + "/api/v1/workspaces").with(portalSession)).andReturn()
                    .getResponse().getStatus()).as("the portal's API on " + sibling).isEqualTo(404);
        }
        // a cookie of the same name planted first by a sibling host (same site) does not shadow the person's own
        jakarta.servlet.http.Cookie planted = new jakarta.servlet.http.Cookie(session.getName(), "nbs_planted-by-a-sibling");
        assertThat(mvc.perform(MockMvcRequestBuilders.get(host + lab + "api/contents").cookie(planted, session)).andReturn()
                .getResponse().getStatus()).as("a planted cookie before the person's own").isEqualTo(200);
        // a cookie or a ticket of workspace A opens nothing of workspace B
        UUID other = UUID.randomUUID();
        String otherHost = "http://" + other + ".localhost";
        String otherLab = "/workspaces/" + other + "/lab/";
        assertThat(mvc.perform(MockMvcRequestBuilders.get(otherHost + otherLab + "api/contents").cookie(session)).andReturn()
                .getResponse().getStatus()).as("A's cookie on B's host").isEqualTo(401);
        assertThat(mvc.perform(MockMvcRequestBuilders.get(otherHost + lab + "api/contents").cookie(session)).andReturn()
                .getResponse().getStatus()).as("A's path on B's host").isEqualTo(404);
        String secondTicket = ticketFor(mvc, owner, lab);
        MvcResult foreign = mvc.perform(MockMvcRequestBuilders.get(otherHost + otherLab + "_esteira/handoff?ticket=" + secondTicket)).andReturn();
        assertThat(foreign.getResponse().getStatus()).as("A's ticket on B's host").isEqualTo(403);
        assertThat(mvc.perform(MockMvcRequestBuilders.get(host + lab + "_esteira/handoff?ticket=" + secondTicket)).andReturn()
                .getResponse().getStatus()).as("a ticket tried on another host is spent").isEqualTo(403);
        String lateTicket = ticketFor(mvc, owner, lab);
        jdbc.update("update notebook_handoff set expires_at = expires_at - interval '61' second where ticket_hash = ?",
                io.esteira.workspaces.NotebookAccess.hash(lateTicket));
        assertThat(mvc.perform(MockMvcRequestBuilders.get(host + lab + "_esteira/handoff?ticket=" + lateTicket)).andReturn()
                .getResponse().getStatus()).as("a ticket after its minute").isEqualTo(403);
        assertThat(mvc.perform(MockMvcRequestBuilders.get(host + lab + "api/contents")
                .cookie(new jakarta.servlet.http.Cookie("esteira_notebook", "nbs_forged"))).andReturn().getResponse().getStatus())
                .as("a made-up cookie").isEqualTo(401);

        // everyone else, at the portal: no ticket
        assertThat(mvc.perform(MockMvcRequestBuilders.get(lab + "tree")
                .with(SecurityMockMvcRequestPostProcessors.authentication(personas.authentication(DS_FRAUD)))).andReturn()
                .getResponse().getStatus()).as("another area's data scientist").isEqualTo(404);
        assertThat(mvc.perform(MockMvcRequestBuilders.get(lab + "api/contents")
                .with(SecurityMockMvcRequestPostProcessors.authentication(personas.authentication(MANAGER_CREDIT)))).andReturn()
                .getResponse().getStatus()).as("the area's manager").isEqualTo(403);
        await().atMost(AuditTrail.PATIENCE).untilAsserted(() -> assertThat(audit.entries(AuditTrail.action("access.denied"), 50))
                .as("refusals are audited, 404s included").anySatisfy(e -> {
                    assertThat(e.actor()).isEqualTo(DS_FRAUD);
                    assertThat(e.details()).contains(lab + "tree");
                }).anySatisfy(e -> assertThat(e.actor()).isEqualTo(MANAGER_CREDIT)));
        MvcResult anonymous = mvc.perform(MockMvcRequestBuilders.get(lab + "tree")).andReturn();
        assertThat(anonymous.getResponse().getStatus()).as("the notebook's path at the portal without a session").isEqualTo(302);
        assertThat(anonymous.getResponse().getHeader("Location")).endsWith("/login");
        assertThat(mvc.perform(MockMvcRequestBuilders.post(lab + "api/contents").with(owner).header("Origin", "http://localhost"))
                .andReturn().getResponse().getStatus()).as("nothing of the notebook is served on the portal's origin").isEqualTo(403);
        String adminTicket = ticketFor(mvc, portalSession, lab);
        assertThat(adminTicket).isNotBlank();
        await().atMost(AuditTrail.PATIENCE).untilAsserted(() -> assertThat(audit.entries(AuditTrail.actionOn("workspace.opened",
                id.toString()), 20)).anySatisfy(e -> {
                    assertThat(e.actor()).isEqualTo(ADMIN);
                    assertThat(e.details()).contains("administrator").contains(DS_CREDIT);
                }));

        // access is checked again at every request: a disabled account, then a stopped workspace
        UUID dsCredit = personas.user(DS_CREDIT).userId();
        jdbc.update("update app_user set enabled = false where id = ?", dsCredit);
        try {
            assertThat(mvc.perform(MockMvcRequestBuilders.get(host + lab + "api/contents").cookie(session)).andReturn()
                    .getResponse().getStatus()).as("the owner's account disabled").isEqualTo(401);
        } finally {
            jdbc.update("update app_user set enabled = true where id = ?", dsCredit);
        }
        assertThat(mvc.perform(MockMvcRequestBuilders.get(host + lab + "api/contents").cookie(session)).andReturn()
                .getResponse().getStatus()).isEqualTo(200);
        personas.run(DS_CREDIT, () -> workspaces.stop(id));
        assertThat(mvc.perform(MockMvcRequestBuilders.get(host + lab + "api/contents").cookie(session)).andReturn()
                .getResponse().getStatus()).as("the workspace stopped").isEqualTo(409);

        for (MvcResult answer : answers) {
            var response = answer.getResponse();
            String headers = response.getHeaderNames().stream().map(n -> n + ": " + response.getHeaders(n)).collect(Collectors.joining("\n"));
            assertThat(headers + response.getContentAsString()).as(answer.getRequest().getRequestURI()).doesNotContain(token);
        }
    }

    /** Where the portal's hand-over page sends the browser (a page that moves on at once, not a redirect). */
    private static String handOffTarget(MvcResult page) throws Exception {
        String html = page.getResponse().getContentAsString();
        int at = html.indexOf("content=\"0;url=");
        assertThat(at).as(html).isPositive();
        return org.springframework.web.util.HtmlUtils.htmlUnescape(html.substring(at + 15, html.indexOf('"', at + 15)));
    }

    private static String ticketFor(MockMvc mvc, org.springframework.test.web.servlet.request.RequestPostProcessor person, String lab)
            throws Exception {
        String to = handOffTarget(mvc.perform(MockMvcRequestBuilders.get("http://localhost" + lab).with(person)).andReturn());
        assertThat(to).contains("_esteira/handoff?ticket=");
        return to.substring(to.indexOf("ticket=") + 7);
    }

    @Test
    void badRequestsAreRefusedWithAClearMessageAndChangeNothing() {
        String creditToken = personas.call(DS_CREDIT, () -> tokens.create(new TokenRequest("credit bad", null,
                LocalDate.now().plusDays(5), false))).secret();
        long before = personas.call(DS_CREDIT, () -> workspaces.count(credit));
        Response badName = api.post("/api/v1/workspaces", creditToken, """
                {"areaId":"%s","templateId":"%s","sizeCode":"XS","name":"Bad Name!"}""".formatted(credit, localTemplate));
        assertProblem(badName, 400);
        assertThat(badName.body()).contains("lower-case letters");
        Response badSize = api.post("/api/v1/workspaces", creditToken, """
                {"areaId":"%s","templateId":"%s","sizeCode":"GPU-A100","name":"gpu-please"}""".formatted(credit, localTemplate));
        assertProblem(badSize, 400);
        assertThat(badSize.body()).contains("does not offer size GPU-A100");
        Response badGit = api.post("/api/v1/workspaces", creditToken, """
                {"areaId":"%s","templateId":"%s","sizeCode":"XS","name":"git-please","gitRepository":"--upload-pack=touch /tmp/x"}"""
                .formatted(credit, localTemplate));
        assertProblem(badGit, 400);
        Response gitWithSecret = api.post("/api/v1/workspaces", creditToken, """
                {"areaId":"%s","templateId":"%s","sizeCode":"XS","name":"git-secret","gitRepository":"https://ana:ghp_secret@git.example/x.git"}"""
                .formatted(credit, localTemplate));
        assertProblem(gitWithSecret, 400);
        assertThat(gitWithSecret.body()).contains("Leave user names and tokens out").doesNotContain("ghp_secret");
        assertThat(personas.call(DS_CREDIT, () -> workspaces.count(credit))).isEqualTo(before);

        WorkspaceSummary first = request(DS_CREDIT, credit, unique("twin"));
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> workspaces.create(
                new WorkspaceRequest(credit, localTemplate, "XS", first.name(), null, null, null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("already a workspace named"));
    }

    @Test
    void pipelinesAndAreaLimitedAdministratorTokensCannotUseOrManageWorkspaces() {
        WorkspaceSummary w = request(DS_CREDIT, credit, unique("guarded"));
        String pipeline = personas.call(ADMIN, () -> tokens.create(new TokenRequest("credit pipeline", credit,
                LocalDate.now().plusDays(5), true))).secret();
        Response byPipeline = api.post("/api/v1/workspaces", pipeline, """
                {"areaId":"%s","templateId":"%s","sizeCode":"XS","name":"%s"}""".formatted(credit, localTemplate, unique("robot")));
        assertProblem(byPipeline, 403);
        assertThat(byPipeline.body()).contains("Pipeline accounts cannot use workspaces");

        String scopedAdmin = personas.call(ADMIN, () -> tokens.create(new TokenRequest("admin in credit", credit,
                LocalDate.now().plusDays(5), false))).secret();
        // a token limited to an area keeps no platform-wide power: it may see the area's workspaces, not manage others'
        assertProblem(api.delete("/api/v1/workspaces/" + w.id(), scopedAdmin), 403);
        assertProblem(api.get("/api/v1/workspaces/" + w.id() + "/log", scopedAdmin), 403);
        assertThat(personas.call(DS_CREDIT, () -> workspaces.get(w.id())).state()).isNotIn("DELETING", "DELETED");
    }

    @Test
    void someoneWhoLeavesTheAreaHasTheirRunningWorkspacesStopped() {
        UUID fraudster = personas.user(DS_FRAUD).userId();
        WorkspaceSummary w = request(DS_FRAUD, fraud, unique("leaver"));
        awaitState(DS_FRAUD, w.id(), "RUNNING");
        personas.run(ADMIN, () -> areas.removeMember(fraud, fraudster));
        try {
            awaitState(ADMIN, w.id(), "STOPPED");
            assertThat(personas.call(ADMIN, () -> workspaces.get(w.id())).stateReason()).contains("left the area");
        } finally {
            personas.run(ADMIN, () -> areas.addMember(fraud, fraudster, io.esteira.areas.AreaRole.DATA_SCIENTIST));
        }
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> workspaces.open(w.id()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not running"));
    }

    @Test
    void quotasRefuseTheRequestThatWouldExceedThemEvenWhenTwoRace() throws Exception {
        QuotaLimits original = personas.call(ADMIN, () -> administration.quota(fraud));
        personas.run(ADMIN, () -> administration.updateQuota(new QuotaLimits(fraud, 1, 64, 4, 3, 16, 1)));
        try {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<WorkspaceSummary>> results = new ArrayList<>();
            for (String name : List.of(unique("race-a"), unique("race-b"))) {
                Callable<WorkspaceSummary> attempt = () -> {
                    go.await();
                    return personas.call(DS_FRAUD, () -> workspaces.create(new WorkspaceRequest(fraud, localTemplate, "XS", name, null, null, null)));
                };
                results.add(pool.submit(attempt));
            }
            go.countDown();
            int passed = 0;
            List<String> refusals = new ArrayList<>();
            for (Future<WorkspaceSummary> result : results) {
                try {
                    created.add(result.get().id());
                    passed++;
                } catch (java.util.concurrent.ExecutionException e) {
                    refusals.add(e.getCause().getMessage());
                }
            }
            pool.shutdown();
            assertThat(passed).as("exactly one of two racing requests fits a quota of one").isEqualTo(1);
            assertThat(refusals).singleElement().asString()
                    .contains("The area's workspace quota would be exceeded by 1").contains("1 of 1 workspaces");
            assertThat(personas.call(DS_FRAUD, () -> workspaces.quotaProblems(fraud, "XS"))).isNotEmpty();
            personas.run(ADMIN, () -> administration.updateQuota(new QuotaLimits(fraud, 20, 64, 4, 3, 2, 1)));
            personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> workspaces.create(
                    new WorkspaceRequest(fraud, localTemplate, "M", unique("too-big"), null, null, null)))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("Your vCPU quota would be exceeded by 3: your workspaces use 1 of 2 vCPU"));
        } finally {
            personas.run(ADMIN, () -> administration.updateQuota(original));
        }
    }

    @Test
    void idleWorkspacesStopButABusyKernelKeepsItsWorkspaceRunning() throws Exception {
        WorkspaceSummary idle = request(DS_CREDIT, credit, unique("idle"));
        WorkspaceSummary busy = request(DS_CREDIT, credit, unique("busy"));
        awaitState(DS_CREDIT, idle.id(), "RUNNING");
        awaitState(DS_CREDIT, busy.id(), "RUNNING");
        NotebookRoute busyNotebook = personas.call(DS_CREDIT, () -> workspaces.notebook(busy.id(), false));
        try (BusyKernel kernel = BusyKernel.start(busyNotebook, 60)) {
            housekeeping.checkActivity(Instant.now().plus(Duration.ofHours(2)));
            awaitState(DS_CREDIT, idle.id(), "STOPPED");
            assertThat(personas.call(DS_CREDIT, () -> workspaces.get(idle.id())).stateReason()).contains("idle for");
            WorkspaceSummary stillRunning = personas.call(DS_CREDIT, () -> workspaces.get(busy.id()));
            assertThat(stillRunning.state()).isEqualTo("RUNNING");
            assertThat(stillRunning.busyKernels()).isEqualTo(1);
            // the idle one's idle time: from the end of the grace after its last activity until the check that stopped it
            List<String> idleTime = jdbc.query("select started_at, ended_at, end_reason from cost_idle_period where workspace_id = ?",
                    (rs, i) -> Duration.between(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()).toMinutes() + " min, "
                            + rs.getString(3), idle.id());
            assertThat(idleTime).singleElement().asString().endsWith(", stopped when idle")
                    .satisfies(p -> assertThat(Long.parseLong(p.substring(0, p.indexOf(' ')))).isBetween(105L, 120L));
            assertThat(jdbc.queryForObject("select count(*) from cost_idle_period where workspace_id = ?", Integer.class, busy.id()))
                    .as("a busy kernel is never idle").isZero();
        }
    }

    @Test
    void theLifetimeLimitWarnsFirstThenStops() {
        WorkspaceSummary w = personas.call(DS_CREDIT, () -> workspaces.create(
                new WorkspaceRequest(credit, localTemplate, "XS", unique("lifetime"), 1440, 2, null)));
        created.add(w.id());
        WorkspaceSummary running = awaitState(DS_CREDIT, w.id(), "RUNNING");
        assertThat(Duration.between(Instant.now(), running.expiresAt())).isBetween(Duration.ofMinutes(119), Duration.ofMinutes(121));

        housekeeping.checkActivity(running.expiresAt().minus(Duration.ofMinutes(10)));
        WorkspaceSummary warned = personas.call(DS_CREDIT, () -> workspaces.get(w.id()));
        assertThat(warned.state()).isEqualTo("RUNNING");
        assertThat(warned.lifetimeEnding()).isTrue();
        audit.awaitEntry(AuditTrail.actionOn("workspace.lifetime-ending", w.id().toString()));

        WorkspaceSummary extended = personas.call(DS_CREDIT, () -> workspaces.extend(w.id()));
        assertThat(extended.lifetimeEnding()).isFalse();
        personas.run(DS_CREDIT, () -> workspaces.extend(w.id()));
        personas.run(DS_CREDIT, () -> workspaces.extend(w.id()));
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> workspaces.extend(w.id()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("already extended 3 times"));
        extended = personas.call(DS_CREDIT, () -> workspaces.get(w.id()));
        assertThat(extended.expiresAt()).isAfter(running.expiresAt().minusSeconds(1));

        housekeeping.checkActivity(extended.expiresAt().plusSeconds(1));
        awaitState(DS_CREDIT, w.id(), "STOPPED");
        assertThat(personas.call(DS_CREDIT, () -> workspaces.get(w.id())).stateReason()).contains("maximum lifetime");
    }

    static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
    }

    /** GET with a Jupyter token; null when nothing answers. */
    static HttpResponse<String> http(URI uri, String token) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .header("Authorization", "token " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return null;
        }
    }
}
