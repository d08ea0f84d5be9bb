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
 * thread that met it ({@link #lostOnThisThread}), so that a serving call can be run once more.
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

    /** Whether the exception, or one of its causes, says the connection or the server is gone: SQLSTATE class 08, or 57P01–57P03. */
    public static boolean isConnectionLoss(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
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
