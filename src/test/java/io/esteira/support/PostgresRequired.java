package io.esteira.support;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs PostgreSQL tests only when the server answers. Outside CI an absent server skips them; in CI
 * ({@code CI=true}) it fails them, so that a broken pipeline cannot pass by skipping.
 */
public class PostgresRequired implements ExecutionCondition, BeforeAllCallback {

    static final String SKIPPED = "PostgreSQL not reachable on " + TestPostgres.ADDRESS + "; PostgreSQL tests skipped";
    static final String REQUIRED = "PostgreSQL is required in CI: start it on " + TestPostgres.ADDRESS;

    private static volatile String unreachableBecause;
    private static volatile boolean probed;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String problem = probe();
        if (problem == null) {
            return ConditionEvaluationResult.enabled("PostgreSQL reachable on " + TestPostgres.ADDRESS);
        }
        if (inCi()) {
            return ConditionEvaluationResult.enabled("in CI: the test must fail (" + problem + ")");
        }
        return ConditionEvaluationResult.disabled(SKIPPED + " (" + problem + ")");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String problem = probe();
        if (problem != null) {
            throw new IllegalStateException(REQUIRED + " (" + problem + ")");
        }
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Null when the server answers, else why not; asked once per test run. */
    private static synchronized String probe() {
        if (!probed) {
            try (Connection c = TestPostgres.admin()) {
                c.isValid(3);
                unreachableBecause = null;
            } catch (SQLException e) {
                unreachableBecause = e.getMessage();
            }
            probed = true;
        }
        return unreachableBecause;
    }
}
