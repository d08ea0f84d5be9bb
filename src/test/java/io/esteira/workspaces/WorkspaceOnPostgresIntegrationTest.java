package io.esteira.workspaces;

import io.esteira.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class WorkspaceOnPostgresIntegrationTest extends WorkspaceScenarios {
}
