package io.esteira.features;

import io.esteira.shared.InvalidRequestException;

/** The portal refused a query before the source saw it: a construct, a function or an account it does not allow. */
class QueryRefusedException extends InvalidRequestException {

    QueryRefusedException(String field, String message) {
        super(field, message);
    }
}
