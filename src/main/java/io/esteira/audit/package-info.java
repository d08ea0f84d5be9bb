/**
 * The tamper-evident audit log: an append-only, hash-chained record of every state change,
 * fed by every module's events; search, export and chain verification.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit")
package io.esteira.audit;
