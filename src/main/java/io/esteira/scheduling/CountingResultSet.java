package io.esteira.scheduling;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;

/** Counts the rows read through a result set, whoever reads them. */
record CountingResultSet(ResultSet delegate, long[] count) {

    ResultSet resultSet() {
        return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class}, (proxy, method, args) -> {
            try {
                Object result = method.invoke(delegate, args);
                if (method.getName().equals("next") && Boolean.TRUE.equals(result)) {
                    count[0]++;
                }
                return result;
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
