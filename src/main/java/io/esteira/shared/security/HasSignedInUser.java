package io.esteira.shared.security;

/** Implemented by the principals that the sign-in mechanisms put into the security context. */
public interface HasSignedInUser {

    SignedInUser signedInUser();
}
