/**
 * Experimentation environments: notebook workspaces by template and size, their lifecycle, quotas,
 * idle stop and metering, and the provisioners that really run them (a local Jupyter process or a
 * Kubernetes StatefulSet).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Workspaces")
package io.esteira.workspaces;
