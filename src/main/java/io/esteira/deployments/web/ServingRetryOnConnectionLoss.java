package io.esteira.deployments.web;

import io.esteira.shared.jdbc.ConnectionLoss;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A synchronous serving call that failed only because the portal's database closed the connection
 * under it (a restart, a fail-over: {@link ConnectionLoss}) is run once more, whole (sign-in, routing,
 * scoring, logging), before anything of the failed attempt reaches the caller: so serving keeps
 * answering through a database restart, the second attempt waiting for a new connection. Only
 * {@code POST /api/v1/serving/{deployment}/predict} bodies up to {@code esteira.serving.max-body} are
 * kept for the second attempt; the answer is held back until the call is done (answers are small).
 * The failed attempt's own prediction-log entry, if it made one, stays: it was a call that failed.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20) // around Spring Security: signing in reads the database too
class ServingRetryOnConnectionLoss extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ServingRetryOnConnectionLoss.class);

    private final long limit;

    ServingRetryOnConnectionLoss(@Value("${esteira.serving.max-body:2MB}") DataSize limit) {
        this.limit = limit.toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return !"POST".equals(request.getMethod()) || !uri.startsWith(request.getContextPath() + "/api/v1/serving/") || !uri.endsWith("/predict");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            chain.doFilter(request, response); // refused by the body limit; nothing to keep
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (body.length > limit) {
            chain.doFilter(new Replay(request, body), response); // the body limit refuses it
            return;
        }
        ConnectionLoss.forgetLossOnThisThread();
        Held first = new Held(response);
        chain.doFilter(new Replay(request, body), first);
        if ((first.status >= 500 || first.status == HttpServletResponse.SC_UNAUTHORIZED) && ConnectionLoss.lostOnThisThread()
                && !response.isCommitted()) {
            ConnectionLoss.forgetLossOnThisThread();
            log.info("{} {} failed ({}) on a connection the database closed: once more", request.getMethod(), request.getRequestURI(), first.status);
            response.reset();
            Held second = new Held(response);
            chain.doFilter(new Replay(request, body), second);
            second.release();
        } else {
            first.release();
        }
    }

    /** The request with its body kept, and attributes of its own, so that an attempt leaves nothing for the next. */
    private static final class Replay extends HttpServletRequestWrapper {
        private final byte[] body;
        private final Map<String, Object> attributes = new HashMap<>();
        private final Set<String> removed = new HashSet<>();

        Replay(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    try {
                        return in.available() == 0;
                    } catch (IOException e) {
                        return true;
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public Object getAttribute(String name) {
            if (attributes.containsKey(name)) {
                return attributes.get(name);
            }
            return removed.contains(name) ? null : super.getAttribute(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            Set<String> names = new HashSet<>(Collections.list(super.getAttributeNames()));
            names.removeAll(removed);
            names.addAll(attributes.keySet());
            return Collections.enumeration(names);
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (value == null) {
                removeAttribute(name);
                return;
            }
            removed.remove(name);
            attributes.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
            removed.add(name);
        }
    }

    /** The response held back: its body in memory, an error not yet sent, nothing committed until {@link #release}. */
    private static final class Held extends HttpServletResponseWrapper {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private ServletOutputStream out;
        private PrintWriter writer;
        int status = SC_OK;
        private Integer error;
        private String errorMessage;

        Held(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setStatus(int sc) {
            status = sc;
            super.setStatus(sc);
        }

        @Override
        public void sendError(int sc) {
            sendError(sc, null);
        }

        @Override
        public void sendError(int sc, String msg) {
            status = sc;
            error = sc;
            errorMessage = msg;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            if (out == null) {
                out = new ServletOutputStream() {
                    @Override
                    public void write(int b) {
                        body.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        body.write(b, off, len);
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        throw new UnsupportedOperationException();
                    }
                };
            }
            return out;
        }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                String encoding = getCharacterEncoding();
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
            }
            return writer;
        }

        @Override
        public void flushBuffer() {
            if (writer != null) {
                writer.flush();
            }
        }

        @Override
        public boolean isCommitted() {
            return false;
        }

        @Override
        public void reset() {
            resetBuffer();
            error = null;
            status = SC_OK;
            super.reset();
        }

        @Override
        public void resetBuffer() {
            if (writer != null) {
                writer.flush();
            }
            body.reset();
        }

        @Override
        public void setContentLength(int len) {
            // set from the held body on release
        }

        @Override
        public void setContentLengthLong(long len) {
            // set from the held body on release
        }

        /** Sends what the attempt answered. */
        void release() throws IOException {
            if (writer != null) {
                writer.flush();
            }
            HttpServletResponse real = (HttpServletResponse) getResponse();
            if (error != null && body.size() == 0) {
                if (errorMessage == null) {
                    real.sendError(error);
                } else {
                    real.sendError(error, errorMessage);
                }
                return;
            }
            real.setContentLengthLong(body.size());
            body.writeTo(real.getOutputStream());
            real.flushBuffer();
        }
    }
}
