package org.parallel4j.internal;

import java.io.Serializable;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Where in an object graph the value that is not {@link Serializable} sits, as a path a user
 * can read ({@code Result.points[2].owner}). Walks fields the way serialization would
 * (non-static, non-transient), and the elements of arrays, collections and maps; fields of
 * classes it may not open are skipped.
 */
final class SerialPath {
    private static final int MAX_VISITS = 100_000;

    private SerialPath() {
    }

    private record Step(Object value, String path) {
    }

    /** What is not serializable in {@code root}: the path to it and its class, or null when none is found. */
    static String find(Object root) {
        if (root == null) {
            return null;
        }
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Step> todo = new ArrayDeque<>();
        todo.add(new Step(root, simpleName(root.getClass())));
        while (!todo.isEmpty() && seen.size() < MAX_VISITS) {
            Step s = todo.poll();
            Object v = s.value();
            if (v == null || seen.put(v, Boolean.TRUE) != null) {
                continue;
            }
            Class<?> c = v.getClass();
            if (!(v instanceof Serializable)) {
                return v == root ? c.getName() + " does not implement java.io.Serializable"
                        : s.path() + " (a " + c.getName() + ") is not Serializable";
            }
            if (c.isArray()) {
                if (!c.getComponentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(v); i++) {
                        todo.add(new Step(Array.get(v, i), s.path() + "[" + i + "]"));
                    }
                }
            } else if (v instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    todo.add(new Step(e.getKey(), s.path() + ".key(" + abbreviate(e.getKey()) + ")"));
                    todo.add(new Step(e.getValue(), s.path() + "[" + abbreviate(e.getKey()) + "]"));
                }
            } else if (v instanceof Collection<?> coll) {
                int i = 0;
                for (Object e : coll) {
                    todo.add(new Step(e, s.path() + "[" + i++ + "]"));
                }
            } else {
                for (Class<?> k = c; k != null && Serializable.class.isAssignableFrom(k); k = k.getSuperclass()) {
                    for (Field f : k.getDeclaredFields()) {
                        int mod = f.getModifiers();
                        if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.getType().isPrimitive()) {
                            continue;
                        }
                        try {
                            f.setAccessible(true);
                            todo.add(new Step(f.get(v), s.path() + "." + f.getName()));
                        } catch (RuntimeException | IllegalAccessException closed) {
                            // a JDK class we may not open: its serialization is its own business
                        }
                    }
                }
            }
        }
        return null;
    }

    private static String simpleName(Class<?> c) {
        String n = c.getName();
        return n.substring(n.lastIndexOf('.') + 1);
    }

    private static String abbreviate(Object key) {
        String s = String.valueOf(key);
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
