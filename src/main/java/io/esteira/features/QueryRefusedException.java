package io.esteira.features;

import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.Remedy;

/** The portal refused a query before the source saw it: a construct, a function or an account it does not allow. */
class QueryRefusedException extends InvalidRequestException {

    QueryRefusedException(String field, String message) {
        super(field, message);
    }

    /** A refusal that offers what would let the query run (a request for access). */
    QueryRefusedException(String field, String message, Remedy remedy) {
        super(field, message);
        withRemedy(remedy);
    }
}
