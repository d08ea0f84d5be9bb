package io.esteira.shared.web;

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
 * Refuses a JSON body larger than {@code esteira.api.max-json-body} (1 MB) on {@code /api/v1} with 413
 * problem+json before anything parses it: by the declared length, or, for a chunked body, by reading at
 * most the limit. Serving calls have their own limit ({@code esteira.serving.max-body}); uploads (multipart,
 * CSV) are not JSON and keep theirs.
 */
@Component
class JsonBodyLimit extends OncePerRequestFilter {

    private final long limit;

    JsonBodyLimit(@Value("${esteira.api.max-json-body:1MB}") DataSize limit) {
        this.limit = limit.toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(java.util.Locale.ROOT);
        boolean json = type.startsWith("application/json") || type.matches("application/[^;]*\\+json.*");
        return !json || !path.startsWith("/api/v1/") || path.startsWith("/api/v1/serving/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        java.util.Optional<HttpServletRequest> bounded = BoundedBody.within(request, limit);
        if (bounded.isEmpty()) {
            refuse(request, response);
            return;
        }
        chain.doFilter(bounded.get(), response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Connection", "close");
        Problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE,
                "The JSON body is larger than the " + DataSize.ofBytes(limit).toKilobytes() + " KB an API call may send");
    }
}
