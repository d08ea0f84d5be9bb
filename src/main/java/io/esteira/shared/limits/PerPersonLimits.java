package io.esteira.shared.limits;

import io.esteira.shared.TooManyRequestsException;
import io.esteira.shared.security.CurrentUser;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/** Counts each person's running heavy operations ({@link PerPersonLimit}) and refuses the one too many. */
public final class PerPersonLimits {

    /**
     * @param perPerson  how many calls of each operation one person may run at once (operation name to count)
     * @param retryAfter what a refused caller is told to wait
     */
    @ConfigurationProperties("esteira.limits")
    public record Properties(Map<String, Integer> perPerson, @DefaultValue("PT5S") Duration retryAfter) {
    }

    private final Properties properties;
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

    PerPersonLimits(Properties properties) {
        this.properties = properties;
    }

    /** A running call, to be closed when it ends. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** @throws TooManyRequestsException when the signed-in person already runs as many as allowed */
    public Permit acquire(String operation) {
        UUID person = CurrentUser.get().map(u -> u.userId()).orElse(null);
        Integer max = properties.perPerson() == null ? null : properties.perPerson().get(operation);
        if (person == null || max == null || max <= 0) {
            return () -> { };
        }
        String key = operation + "/" + person;
        AtomicInteger count = running.computeIfAbsent(key, k -> new AtomicInteger());
        if (count.incrementAndGet() > max) {
            release(key, count);
            throw new TooManyRequestsException("You already run " + max + (max == 1 ? " " + operation : " of " + operation + " at once")
                    + "; wait until " + (max == 1 ? "it ends" : "one ends") + " and try again.", properties.retryAfter());
        }
        return () -> release(key, count);
    }

    private void release(String key, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) {
            running.remove(key, count);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(Properties.class)
    static class Setup {

        @Bean
        PerPersonLimits perPersonLimits(Properties properties) {
            return new PerPersonLimits(properties);
        }

        /** Methods annotated with {@link PerPersonLimit}, wrapped by the same proxies as method security. */
        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        static Advisor perPersonLimitAdvisor(org.springframework.beans.factory.ObjectProvider<PerPersonLimits> limits) {
            MethodInterceptor interceptor = invocation -> {
                java.lang.reflect.Method method = invocation.getThis() == null ? invocation.getMethod()
                        : org.springframework.aop.support.AopUtils.getMostSpecificMethod(invocation.getMethod(), invocation.getThis().getClass());
                PerPersonLimit limit = org.springframework.core.annotation.AnnotationUtils.findAnnotation(method, PerPersonLimit.class);
                if (limit == null) {
                    return invocation.proceed();
                }
                try (Permit ignored = limits.getObject().acquire(limit.value())) {
                    return invocation.proceed();
                }
            };
            return new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(PerPersonLimit.class), interceptor);
        }
    }
}
