package io.esteira.workspaces;

import io.esteira.support.IntegrationTest;

@IntegrationTest
class WorkspaceIntegrationTest extends WorkspaceScenarios {
}
