/**
 * Change requests and their approvals, with segregation of duties enforced in the service. Generic:
 * a request names a subject of another module by type and id ({@link io.esteira.changes.ChangeSubjects},
 * implemented by that module), and knows nothing of models or deployments. The type of change
 * follows from policy ({@link io.esteira.changes.ChangePolicy}), never from the requester.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Changes")
package io.esteira.changes;
