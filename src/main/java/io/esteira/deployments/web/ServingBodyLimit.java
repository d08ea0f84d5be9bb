package io.esteira.deployments.web;

import io.esteira.shared.web.BoundedBody;
import io.esteira.shared.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses serving calls larger than {@code esteira.serving.max-body} (default 2 MB, far above 1,000
 * rows) with 413 problem+json before anything parses them: by the declared length, or, for a chunked
 * body, by reading at most the limit.
 */
@Component
class ServingBodyLimit extends OncePerRequestFilter {

    private final long limit;

    ServingBodyLimit(@Value("${esteira.serving.max-body:2MB}") DataSize limit) {
        this.limit = limit.toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/v1/serving/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        java.util.Optional<HttpServletRequest> bounded = BoundedBody.within(request, limit);
        if (bounded.isEmpty()) {
            refuse(request, response, request.getContentLengthLong());
            return;
        }
        chain.doFilter(bounded.get(), response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, long declared) throws IOException {
        response.setHeader("Connection", "close");
        Problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "The body is " + (declared > 0 ? declared + " bytes" : "larger than that")
                + "; a serving call takes at most " + DataSize.ofBytes(limit).toKilobytes() + " KB (at most 1,000 rows)");
    }
}
