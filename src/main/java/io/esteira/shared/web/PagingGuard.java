package io.esteira.shared.web;

import io.esteira.shared.Paging;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.data.domain.Pageable;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Checks {@code page}, {@code size} and {@code sort} of every API call that takes a {@link Pageable},
 * before Spring Data reads them (which would silently clamp or default bad values, and hand unknown or
 * hidden properties to the database): out-of-bounds paging and sorts not allowed by the parameter's
 * {@link SortableBy} answer 400.
 */
@Configuration
class PagingGuard implements HandlerInterceptor, WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method) {
            for (MethodParameter parameter : method.getMethodParameters()) {
                if (Pageable.class.isAssignableFrom(parameter.getParameterType())) {
                    SortableBy sortable = parameter.getParameterAnnotation(SortableBy.class);
                    String[] sorts = request.getParameterValues("sort");
                    Paging.check(request.getParameter("page"), request.getParameter("size"),
                            sorts == null ? List.of() : Arrays.asList(sorts),
                            sortable == null ? Set.of() : Set.of(sortable.value()));
                }
            }
        }
        return true;
    }
}
