package io.esteira.shared.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The properties an API list may be sorted by, on its {@code Pageable} parameter. A list without it
 * cannot be sorted by the caller; any other {@code sort} is answered 400 (see {@link PagingGuard}).
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SortableBy {

    String[] value();
}
