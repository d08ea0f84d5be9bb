package io.esteira.shared.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * What the portal does when its database goes away under it (a restart, a fail-over): every
 * connection of a pool is dead then, not only the one that said so. Without help, a pool hands out
 * its other idle, dead connections one call after another (each call failing once); here, the first
 * connection that reports the server gone ({@link #isConnectionLoss}) makes its pool evict all its
 * connections, so that the next calls wait for new ones (the pool's connection timeout) instead of
 * failing. Applied to every Hikari pool of the context as it is created. It also notes the loss on the
 * thread that met it ({@link #lostOnThisThread}), so that work can be tried once more ({@link #retryOnce}).
 */
@Component
public class ConnectionLoss implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLoss.class);

    private static final ThreadLocal<Boolean> LOST = new ThreadLocal<>();

    /** Whether a connection of a pool reported the server gone on this thread since {@link #forgetLossOnThisThread}. */
    public static boolean lostOnThisThread() {
        return Boolean.TRUE.equals(LOST.get());
    }

    public static void forgetLossOnThisThread() {
        LOST.remove();
    }

    /**
     * Whether the exception, one of its causes or what it suppressed says the connection or the server
     * is gone: SQLSTATE class 08, or 57P01–57P03, or a pooled connection closed under its user (the
     * pool evicted it: "Connection is closed", which a failed rollback reports in place of the error).
     */
    public static boolean isConnectionLoss(Throwable e) {
        return isConnectionLoss(e, 0);
    }

    private static boolean isConnectionLoss(Throwable e, int depth) {
        for (Throwable t = e; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"))) {
                    return true;
                }
                if (state == null && "Connection is closed".equals(sql.getMessage())) {
                    return true;
                }
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (isConnectionLoss(suppressed, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs the work, and once more when it failed because the database closed the connection under it
     * (a restart, a fail-over): the second attempt gets a new connection, waiting for the server up to
     * the pool's connection timeout. Only for work that may run twice (reads, idempotent writes).
     */
    public static <T> T retryOnce(java.util.function.Supplier<T> work) {
        forgetLossOnThisThread();
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (!isConnectionLoss(e) && !lostOnThisThread()) {
                throw e;
            }
            log.info("The database closed a connection during the work ({}); once more", e.getMessage());
            forgetLossOnThisThread();
            return work.get();
        }
    }

    /** Makes the pool evict every connection when one of them reports the server gone (at most once a second). */
    public static void evictAllOnConnectionLoss(HikariDataSource pool) {
        AtomicLong last = new AtomicLong();
        pool.setExceptionOverride(new SQLExceptionOverride() {
            public Override adjudicate(SQLException e) {
                if (isConnectionLoss(e)) {
                    LOST.set(Boolean.TRUE);
                }
                long now = System.nanoTime();
                long before = last.get();
                if (isConnectionLoss(e) && (before == 0 || now - before > 1_000_000_000L) && last.compareAndSet(before, now)) {
                    HikariPoolMXBean bean = pool.getHikariPoolMXBean();
                    if (bean != null) {
                        log.warn("{}: the database closed a connection ({} {}); evicting every connection of the pool", pool.getPoolName(),
                                e.getSQLState(), e.getMessage());
                        bean.softEvictConnections();
                    }
                }
                return Override.CONTINUE_EVICT;
            }
        });
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getExceptionOverride() == null && pool.getExceptionOverrideClassName() == null) {
            evictAllOnConnectionLoss(pool);
        }
        return bean;
    }
}
