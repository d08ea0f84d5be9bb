/**
 * Change requests and their approvals, with segregation of duties enforced in the module
 * ({@link io.esteira.changes.ChangeSubmissions}, {@link io.esteira.changes.ChangeApprovals},
 * {@link io.esteira.changes.ChangeImplementations}, {@link io.esteira.changes.ChangeExpiry},
 * {@link io.esteira.changes.ChangeQueries}). Generic: a request names a subject of another module by type and id
 * ({@link io.esteira.changes.ChangeSubjects}, implemented by that module), and knows nothing of models or
 * deployments. The type of change follows from policy ({@link io.esteira.changes.ChangePolicy}), never from the requester.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Changes")
package io.esteira.changes;
