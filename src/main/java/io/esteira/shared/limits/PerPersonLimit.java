package io.esteira.shared.limits;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * At most {@code esteira.limits.per-person.<operation>} calls of this (heavy) method run at once for one
 * signed-in person; one more is refused at once with {@link io.esteira.shared.TooManyRequestsException}
 * (429 with Retry-After on the API). Work without a signed-in person (jobs, the system) is not limited.
 * The count is per portal node.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PerPersonLimit {

    /** The operation, named as in the configuration: {@code preview}, {@code statistics}, {@code training-set}. */
    String value();
}
