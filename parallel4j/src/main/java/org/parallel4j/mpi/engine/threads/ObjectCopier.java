package org.parallel4j.mpi.engine.threads;

import java.io.Serializable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.parallel4j.internal.JdkSemantics;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The thread engine's object-tier copy: sender and receiver share one heap, so an object
 * graph made of well-known types is copied directly instead of being serialized and parsed
 * again, with the same result for the receiver (an independent, equal graph, shared
 * references and cycles preserved).
 *
 * <p>Implementation note: immutable values (strings, boxed numbers, enums, big numbers,
 * {@code java.time} values, UUIDs) are shared, not copied. Arrays, the standard mutable
 * collections and maps, the immutable ones of {@code List.of}/{@code Map.of}/{@code Set.of},
 * and records whose class the receiving rank resolves to the same {@code Class} are copied
 * member by member. Anything else (a class the receiver loads separately, a custom
 * collection, a comparator-ordered tree) makes {@link #copy} return {@link #UNSUPPORTED},
 * and the caller falls back to the codec, so behaviour never depends on this fast path.
 * This is hand-written because it is the engine's own message copy: no library copies
 * object graphs across class loaders with a fallback to a pluggable codec.
 */
final class ObjectCopier {
    /** Returned when the graph holds a type this copier does not handle. */
    static final Object UNSUPPORTED = new Object();

    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Integer.class, Long.class, Double.class,
            Float.class, Short.class, Byte.class, Character.class, Boolean.class, BigInteger.class, BigDecimal.class,
            UUID.class);
    private static final Class<?> LIST_N = List.of(1, 2, 3).getClass();
    private static final Class<?> LIST_12 = List.of(1).getClass();
    private static final Class<?> MAP_N = Map.of(1, 1, 2, 2).getClass();
    private static final Class<?> MAP_1 = Map.of(1, 1).getClass();
    private static final Class<?> SET_N = Set.of(1, 2, 3).getClass();
    private static final Class<?> SET_12 = Set.of(1).getClass();
    private static final ClassValue<RecordShape> RECORDS = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return RecordShape.of(type);
        }
    };

    /** Thrown internally (without a stack trace) to abandon a copy. */
    private static final class Unsupported extends RuntimeException {
        static final Unsupported INSTANCE = new Unsupported();

        private Unsupported() {
            super(null, null, false, false);
        }
    }

    /** Deeper graphs (and cycles through records, which cannot be rebuilt in place) go to the codec. */
    private static final int MAX_DEPTH = 512;

    private final ClassLoader receiver;
    private final ConcurrentHashMap<Class<?>, Boolean> visible;
    private IdentityHashMap<Object, Object> seen;
    private int depth;

    private ObjectCopier(ClassLoader receiver, ConcurrentHashMap<Class<?>, Boolean> visible) {
        this.receiver = receiver;
        this.visible = visible;
    }

    /** A deep copy of {@code value} for a rank whose loader is {@code receiver}, or {@link #UNSUPPORTED}. */
    static Object copy(Object value, ClassLoader receiver, ConcurrentHashMap<Class<?>, Boolean> visibleCache) {
        try {
            return new ObjectCopier(receiver, visibleCache).copyOf(value);
        } catch (Unsupported e) {
            return UNSUPPORTED;
        }
    }

    private Object copyOf(Object v) {
        if (v == null) {
            return null;
        }
        if (++depth > MAX_DEPTH) {
            throw Unsupported.INSTANCE;
        }
        try {
            return copyAtDepth(v);
        } finally {
            depth--;
        }
    }

    private Object copyAtDepth(Object v) {
        Class<?> c = v.getClass();
        if (IMMUTABLE.contains(c) || c.getName().startsWith("java.time.")) {
            return v;
        }
        if (c.isEnum() || (c.getSuperclass() != null && c.getSuperclass().isEnum())) {
            requireVisible(c);
            return v;
        }
        Object done = seen == null ? null : seen.get(v);
        if (done != null) {
            return done;
        }
        if (c.isArray()) {
            return copyArray(v, c);
        }
        if (c == ArrayList.class) {
            return fill((Collection<?>) v, new ArrayList<>(((Collection<?>) v).size()));
        }
        if (c == HashMap.class) {
            return fillMap((Map<?, ?>) v, HashMap.newHashMap(((Map<?, ?>) v).size()));
        }
        if (c == LinkedHashMap.class) {
            LinkedHashMap<?, ?> m = (LinkedHashMap<?, ?>) v;
            // in access order too, when it was (an LRU cache stays one)
            return fillMap(m, JdkSemantics.linkedMap(m.size(), JdkSemantics.accessOrdered(m)));
        }
        if (c == HashSet.class) {
            return fill((Collection<?>) v, HashSet.newHashSet(((Collection<?>) v).size()));
        }
        if (c == LinkedHashSet.class) {
            return fill((Collection<?>) v, LinkedHashSet.newLinkedHashSet(((Collection<?>) v).size()));
        }
        if (c == LinkedList.class) {
            return fill((Collection<?>) v, new LinkedList<>());
        }
        if (c == ArrayDeque.class) {
            return fill((Collection<?>) v, new ArrayDeque<>(((Collection<?>) v).size()));
        }
        if (c == TreeMap.class && ((TreeMap<?, ?>) v).comparator() == null) {
            return fillMap((Map<?, ?>) v, new TreeMap<>());
        }
        if (c == TreeSet.class && ((TreeSet<?>) v).comparator() == null) {
            return fill((Collection<?>) v, new TreeSet<>());
        }
        if (c == LIST_N || c == LIST_12) {
            return List.copyOf(copyElements((Collection<?>) v));
        }
        if (c == SET_N || c == SET_12) {
            return Set.copyOf(copyElements((Collection<?>) v));
        }
        if (c == MAP_N || c == MAP_1) {
            Map<Object, Object> m = HashMap.newHashMap(((Map<?, ?>) v).size());
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                m.put(copyOf(e.getKey()), copyOf(e.getValue()));
            }
            return Map.copyOf(m);
        }
        if (c.isRecord() && v instanceof Serializable && !JdkSemantics.replacesItself(c)) {
            requireVisible(c);
            Object copy = RECORDS.get(c).copy(v, this);
            remember(v, copy);
            return copy;
        }
        throw Unsupported.INSTANCE;
    }

    private Object copyArray(Object v, Class<?> c) {
        Class<?> component = c.getComponentType();
        if (component.isPrimitive()) {
            Object out = switch (v) {
                case double[] a -> a.clone();
                case int[] a -> a.clone();
                case long[] a -> a.clone();
                case byte[] a -> a.clone();
                case float[] a -> a.clone();
                case short[] a -> a.clone();
                case char[] a -> a.clone();
                case boolean[] a -> a.clone();
                default -> throw Unsupported.INSTANCE;
            };
            remember(v, out);
            return out;
        }
        requireVisible(component);
        Object[] in = (Object[]) v;
        Object[] out = (Object[]) Array.newInstance(component, in.length);
        remember(v, out);
        for (int i = 0; i < in.length; i++) {
            out[i] = copyOf(in[i]);
        }
        return out;
    }

    private <C extends Collection<Object>> C fill(Collection<?> in, C out) {
        remember(in, out);
        for (Object o : in) {
            out.add(copyOf(o));
        }
        return out;
    }

    private <M extends Map<Object, Object>> M fillMap(Map<?, ?> in, M out) {
        remember(in, out);
        for (Map.Entry<?, ?> e : in.entrySet()) {
            out.put(copyOf(e.getKey()), copyOf(e.getValue()));
        }
        return out;
    }

    private List<Object> copyElements(Collection<?> in) {
        List<Object> out = new ArrayList<>(in.size());
        for (Object o : in) {
            out.add(copyOf(o));
        }
        return out;
    }

    private void remember(Object original, Object copy) {
        if (seen == null) {
            seen = new IdentityHashMap<>();
        }
        seen.put(original, copy);
    }

    /** The receiver must resolve the class to this very class, else it needs its own copy of it. */
    private void requireVisible(Class<?> c) {
        if (c.getClassLoader() == null || receiver == null) {
            return;
        }
        Boolean ok = visible.get(c);
        if (ok == null) {
            try {
                ok = Class.forName(c.getName(), false, receiver) == c;
            } catch (ClassNotFoundException | LinkageError e) {
                ok = false;
            }
            visible.put(c, ok);
        }
        if (!ok) {
            throw Unsupported.INSTANCE;
        }
    }

    /** How to take a record apart and build it again. */
    private record RecordShape(MethodHandle[] accessors, MethodHandle constructor) {
        static RecordShape of(Class<?> type) {
            try {
                RecordComponent[] components = type.getRecordComponents();
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                MethodHandle[] accessors = new MethodHandle[components.length];
                Class<?>[] types = new Class<?>[components.length];
                for (int i = 0; i < components.length; i++) {
                    var m = components[i].getAccessor();
                    m.setAccessible(true);
                    accessors[i] = lookup.unreflect(m).asType(MethodType.methodType(Object.class, Object.class));
                    types[i] = components[i].getType();
                }
                var ctor = type.getDeclaredConstructor(types);
                ctor.setAccessible(true);
                MethodHandle c = lookup.unreflectConstructor(ctor).asSpreader(Object[].class, types.length)
                        .asType(MethodType.methodType(Object.class, Object[].class));
                return new RecordShape(accessors, c);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return new RecordShape(null, null);
            }
        }

        Object copy(Object v, ObjectCopier copier) {
            if (constructor == null) {
                throw Unsupported.INSTANCE;
            }
            try {
                Object[] args = new Object[accessors.length];
                for (int i = 0; i < args.length; i++) {
                    args[i] = copier.copyOf(accessors[i].invokeExact(v));
                }
                return constructor.invokeExact(args);
            } catch (Unsupported e) {
                throw e;
            } catch (Throwable t) {
                throw Unsupported.INSTANCE;
            }
        }
    }
}
