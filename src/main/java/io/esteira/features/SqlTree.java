package io.esteira.features;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import net.sf.jsqlparser.statement.Statement;

/**
 * Every node of a parsed statement, found by following every field of every JSqlParser object
 * rather than a visitor, so that no clause a visitor forgets can hide a function or a column.
 */
final class SqlTree {

    private static final Map<Class<?>, Field[]> FIELDS = new ConcurrentHashMap<>();

    private SqlTree() {
    }

    /** The statement and all the JSqlParser objects under it, each once; no strings, numbers or enums. */
    static List<Object> nodes(Statement statement) {
        List<Object> nodes = new ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(statement);
        while (!pending.isEmpty()) {
            Object node = pending.pop();
            if (!seen.add(node)) {
                continue;
            }
            if (node instanceof Collection<?> items) {
                items.stream().filter(item -> item != null).forEach(pending::push);
                continue;
            }
            if (node instanceof Object[] items) {
                Stream.of(items).filter(item -> item != null).forEach(pending::push);
                continue;
            }
            Class<?> type = node.getClass();
            if (!type.getName().startsWith("net.sf.jsqlparser.") || type.isEnum() || type.getName().startsWith("net.sf.jsqlparser.parser.")) {
                continue;
            }
            nodes.add(node);
            for (Field field : fields(type)) {
                Object value = value(field, node);
                if (value != null && !(value instanceof Enum<?>)) {
                    pending.push(value);
                }
            }
        }
        return nodes;
    }

    private static Field[] fields(Class<?> type) {
        return FIELDS.computeIfAbsent(type, t -> {
            List<Field> all = new ArrayList<>();
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && !field.getType().getName().startsWith("net.sf.jsqlparser.parser.")) {
                        field.setAccessible(true);
                        all.add(field);
                    }
                }
            }
            return all.toArray(Field[]::new);
        });
    }

    private static Object value(Field field, Object node) {
        try {
            return field.get(node);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read " + field + " of the parsed SQL", e);
        }
    }
}
