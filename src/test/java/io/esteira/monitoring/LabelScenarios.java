package io.esteira.monitoring;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.Prediction;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Api;
import io.esteira.support.AuditTrail;
import io.esteira.support.LiveDeployments;
import io.esteira.support.Personas;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Ground truth that arrives late: matched to the predictions by request id and row, stored only
 * whole, idempotent, corrected by a later label, and never for another area's deployment.
 */
abstract class LabelScenarios {

    @Autowired
    LiveDeployments live;
    @Autowired
    DeploymentService deployments;
    @Autowired
    Labels labels;
    @Autowired
    Personas personas;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Api api;
    @Autowired
    AuditTrail audit;
    @Autowired
    JdbcTemplate jdbc;

    DeploymentView endpoint;
    Prediction first;
    Prediction second;

    @BeforeEach
    void aLiveDeploymentThatAnsweredTwoCalls() {
        if (endpoint == null) {
            endpoint = live.liveInStaging("labels");
        }
        first = personas.call(DS_FRAUD, () -> deployments.predict(endpoint.name(), LiveDeployments.rows(3)));
        second = personas.call(DS_FRAUD, () -> deployments.predict(endpoint.name(), LiveDeployments.rows(1)));
    }

    @Test
    void labels_that_arrive_late_and_twice_are_stored_once_and_a_later_correction_wins() {
        Instant chargeback = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<LabelDraft> batch = List.of(new LabelDraft(first.requestId(), 0, 1, chargeback), new LabelDraft(first.requestId(), 1, false, chargeback),
                new LabelDraft(first.requestId(), 2, 0.0, chargeback), new LabelDraft(second.requestId(), 0, "fraud", chargeback));
        LabelReceipt receipt = personas.call(DS_FRAUD, () -> labels.receive(endpoint.name(), null, batch, "api"));
        assertThat(receipt).isEqualTo(new LabelReceipt(endpoint.name(), 4, 4, 0, 0));
        audit.awaitEntry(AuditTrail.actionOn("deployment.labels-received", endpoint.id().toString()));

        // the same batch again: nothing changes
        assertThat(personas.call(DS_FRAUD, () -> labels.receive(endpoint.name(), null, batch, "api")))
                .isEqualTo(new LabelReceipt(endpoint.name(), 4, 0, 0, 4));
        // a correction labelled later wins; an older one does not
        assertThat(personas.call(DS_FRAUD, () -> labels.receive(endpoint.name(), null,
                List.of(new LabelDraft(first.requestId(), 1, true, chargeback.plusSeconds(60))), "api")).changed()).isEqualTo(1);
        assertThat(personas.call(DS_FRAUD, () -> labels.receive(endpoint.name(), null,
                List.of(new LabelDraft(first.requestId(), 1, false, chargeback.minusSeconds(1))), "api")).changed()).isZero();
        assertThat(jdbc.queryForList("select label_text, label_number from prediction_label where request_id = ? order by row_index",
                first.requestId())).extracting(r -> r.get("LABEL_TEXT") == null ? r.get("label_text") : r.get("LABEL_TEXT"))
                .containsExactly("1", "true", "0");
        assertThat(jdbc.queryForObject("select count(*) from prediction_label where request_id = ?", Long.class, second.requestId()))
                .isEqualTo(1);
    }

    @Test
    void a_batch_with_one_wrong_label_stores_nothing_and_says_which() {
        Instant now = Instant.now();
        UUID unknown = UUID.randomUUID();
        List<LabelDraft> batch = List.of(new LabelDraft(first.requestId(), 0, 1, now), new LabelDraft(unknown, 0, 1, now),
                new LabelDraft(first.requestId(), 3, 1, now), new LabelDraft(first.requestId(), 1, List.of(1), now),
                new LabelDraft(first.requestId(), 2, 1, now.plusSeconds(3600)), new LabelDraft(second.requestId(), 0, 1, null));
        assertThatThrownBy(() -> personas.run(DS_FRAUD, () -> labels.receive(endpoint.name(), null, batch, "api")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e).hasMessageContaining("Nothing was stored");
                    assertThat(e.fieldErrors()).containsOnlyKeys("labels[1].requestId", "labels[2].row", "labels[3].label",
                            "labels[4].labelledAt", "labels[5].labelledAt");
                    assertThat(e.fieldErrors().get("labels[2].row")).contains("had 3 rows (rows 0 to 2)");
                });
        assertThatThrownBy(() -> personas.run(DS_FRAUD, () -> labels.receive(endpoint.name(), null, List.of(
                new LabelDraft(second.requestId(), 0, 1, now), new LabelDraft(second.requestId(), 0, 0, now)), "api")))
                .hasMessageContaining("Nothing was stored");
        assertThat(jdbc.queryForObject("select count(*) from prediction_label where request_id in (?, ?)", Long.class,
                first.requestId(), second.requestId())).isZero();

        List<LabelDraft> tooMany = new ArrayList<>();
        for (int i = 0; i <= Labels.MAX_BATCH; i++) {
            tooMany.add(new LabelDraft(first.requestId(), 0, 1, now));
        }
        assertThatThrownBy(() -> personas.run(DS_FRAUD, () -> labels.receive(endpoint.name(), null, tooMany, "api")))
                .hasMessageContaining("At most 5000 labels");
    }

    @Test
    void another_area_neither_labels_nor_learns_of_the_deployment() {
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> labels.receive(endpoint.name(), null,
                List.of(new LabelDraft(first.requestId(), 0, 1, Instant.now())), "api")).isInstanceOf(NotFoundException.class));
        String token = personas.call(DS_CREDIT, () -> tokens.create(new TokenRequest("labels", null, LocalDate.now().plusDays(1), false))).secret();
        Api.Response refused = api.post("/api/v1/deployments/" + endpoint.name() + "/labels", token,
                "{\"labels\": [{\"requestId\": \"" + first.requestId() + "\", \"row\": 0, \"label\": 1, \"labelledAt\": \"" + Instant.now() + "\"}]}");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).doesNotContain(first.requestId().toString());
        assertThat(jdbc.queryForObject("select count(*) from prediction_label where request_id = ?", Long.class, first.requestId())).isZero();
    }

    @Test
    void the_api_takes_a_batch_and_answers_bad_input_as_a_problem() {
        String token = personas.call(ADMIN, () -> tokens.create(new TokenRequest("labels-app", live.fraud(), LocalDate.now().plusDays(1), true)))
                .secret();
        String path = "/api/v1/deployments/" + endpoint.name() + "/labels";
        Api.Response ok = api.post(path, token, "{\"labels\": [{\"requestId\": \"" + second.requestId()
                + "\", \"row\": 0, \"label\": true, \"labelledAt\": \"" + Instant.now() + "\"}]}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("\"added\":1");
        assertThat(api.post(path, token, "{\"labels\": [{\"requestId\": \"not-a-uuid\", \"row\": 0, \"label\": 1}]}").status()).isEqualTo(400);
        assertThat(api.post(path, token, "{\"labels\": [{\"requestId\": \"" + second.requestId() + "\", \"row\": \"zero\"}]}").status()).isEqualTo(400);
        assertThat(api.post(path, token, "{\"labels\": ").status()).isEqualTo(400);
        Api.Response empty = api.post(path, token, "{}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
    }
}
