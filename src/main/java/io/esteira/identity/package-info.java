/**
 * People and pipelines: local accounts, single sign-on, roles, API tokens, and the security
 * configuration of the portal and its API.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package io.esteira.identity;
