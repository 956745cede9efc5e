package org.parallel4j.internal;

import java.io.ObjectInputFilter;
import java.util.Set;

/**
 * What deserialization accepts, for one message: the user's own classes (anything not loaded
 * by the JDK's own loaders) except known gadget libraries, a known set of JDK value types
 * (boxed values, strings, collections, records' components, time types, exceptions, arrays of
 * these), and nothing else from the JDK; a depth limit; and no array longer than the message
 * could hold (a length claim in a forged message must not allocate gigabytes).
 *
 * <p>The system property {@value #PROPERTY} (JDK filter syntax) is consulted first: what it
 * allows or rejects is final, what it leaves undecided falls to these rules, so
 * {@code -Dp4j.serialFilter=java.net.URL} adds one JDK class, {@code maxdepth=50000} raises
 * the depth limit and {@code !com.example.**} refuses a package of one's own.
 *
 * <p>Threat model: the bytes come from a process of the same user (a worker JVM, another rank)
 * that may be buggy or compromised; the filter keeps such bytes from instantiating classes
 * with side effects in their deserialization (the JDK's URL, proxies, RMI, JNDI, scripting,
 * management beans and the like) and from exhausting the heap or stack. It does not make
 * untrusted network input safe: parallel4j never reads from a network port.
 */
final class SerialFilter implements ObjectInputFilter {
    /** The system property holding the user's filter. */
    static final String PROPERTY = "p4j.serialFilter";
    /** Default nesting limit: a linked structure this long still deserializes. */
    static final long MAX_DEPTH = 10_000;

    private static final String USER_PATTERN = System.getProperty(PROPERTY, "");
    private static final ObjectInputFilter USER = USER_PATTERN.isBlank() ? null : ObjectInputFilter.Config.createFilter(USER_PATTERN);
    private static final long USER_MAX_DEPTH = limit(USER_PATTERN, "maxdepth=");

    private static final Set<String> GADGET_PREFIXES = Set.of("org.apache.commons.collections.functors.",
            "org.apache.commons.collections4.functors.", "org.codehaus.groovy.runtime.", "org.springframework.beans.factory.",
            "com.sun.rowset.", "org.apache.xalan.", "com.mchange.v2.c3p0.", "org.hibernate.engine.", "bsh.", "clojure.");
    private static final Set<String> JDK_VALUES = Set.of("java.lang.Object", "java.util.Map$Entry", "java.util.CollSer", "java.lang.String", "java.lang.Boolean", "java.lang.Byte",
            "java.lang.Character", "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float",
            "java.lang.Double", "java.lang.Number", "java.lang.Enum", "java.lang.StackTraceElement",
            "java.lang.invoke.SerializedLambda", "java.math.BigInteger", "java.math.BigDecimal", "java.math.MathContext",
            "java.math.RoundingMode", "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque",
            "java.util.Vector", "java.util.Stack", "java.util.PriorityQueue", "java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.TreeMap", "java.util.Hashtable", "java.util.Properties", "java.util.IdentityHashMap",
            "java.util.EnumMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.EnumSet",
            "java.util.RegularEnumSet", "java.util.JumboEnumSet", "java.util.EnumSet$SerializationProxy", "java.util.BitSet",
            "java.util.UUID", "java.util.Date", "java.util.Locale", "java.util.Currency", "java.util.Arrays$ArrayList",
            "java.util.Optional", "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentHashMap$Segment",
            "java.util.concurrent.ConcurrentSkipListMap", "java.util.concurrent.ConcurrentSkipListSet",
            "java.util.concurrent.CopyOnWriteArrayList", "java.util.concurrent.CopyOnWriteArraySet",
            "java.util.concurrent.ConcurrentLinkedQueue", "java.util.concurrent.ConcurrentLinkedDeque",
            "java.util.concurrent.LinkedBlockingQueue", "java.util.concurrent.ArrayBlockingQueue",
            "java.util.concurrent.TimeUnit", "java.util.Comparators$NaturalOrderComparator", "java.util.HashMap$Node");
    private static final String[] JDK_VALUE_PREFIXES = {"java.time.", "java.util.ImmutableCollections$",
            "java.util.Collections$", "java.util.concurrent.atomic.", "java.util.concurrent.locks.", "java.util.KeyValueHolder"};

    private final long messageBytes;
    private String refusal;

    /** A filter for one message of {@code messageBytes} bytes. */
    SerialFilter(long messageBytes) {
        this.messageBytes = messageBytes;
    }

    /** Why the last refusal happened, or null. */
    String refusal() {
        return refusal;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (USER != null) {
            Status s = USER.checkInput(info);
            if (s == Status.REJECTED) {
                return refuse("the filter " + PROPERTY + "=\"" + USER_PATTERN + "\" refused "
                        + (info.serialClass() == null ? "it" : "class " + info.serialClass().getName()) + " at depth " + info.depth());
            }
            if (s == Status.ALLOWED) {
                return s;
            }
        }
        long maxDepth = USER_MAX_DEPTH > 0 ? USER_MAX_DEPTH : MAX_DEPTH;
        if (info.depth() > maxDepth) {
            return refuse("the value is nested more than " + maxDepth + " levels deep (the deserialization depth limit; "
                    + "raise it with -D" + PROPERTY + "=maxdepth=N, or send a long linked structure as an array or list)");
        }
        Class<?> c = info.serialClass();
        if (c == null) {
            return Status.UNDECIDED;
        }
        if (c.isArray() && info.arrayLength() >= 0) {
            long need = info.arrayLength() * elementBytes(c.getComponentType());
            if (need > messageBytes) {
                return refuse("an array of " + info.arrayLength() + " " + c.getComponentType().getName()
                        + " is claimed in a message of " + messageBytes + " bytes (a corrupt or forged message)");
            }
        }
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive()) {
            return Status.ALLOWED;
        }
        String name = c.getName();
        if (isJdk(c)) {
            return jdkValue(c, name) ? Status.ALLOWED
                    : refuse("class " + name + " is a JDK class outside the default allowlist of value types"
                    + " (allow it, if you trust it, with -D" + PROPERTY + "=" + name + ")");
        }
        for (String p : GADGET_PREFIXES) {
            if (name.startsWith(p)) {
                return refuse("class " + name + " belongs to a library known for deserialization gadgets");
            }
        }
        return Status.ALLOWED;
    }

    private Status refuse(String why) {
        if (refusal == null) {
            refusal = why;
        }
        return Status.REJECTED;
    }

    private static boolean isJdk(Class<?> c) {
        ClassLoader l = c.getClassLoader();
        return l == null || l == ClassLoader.getPlatformClassLoader();
    }

    private static boolean jdkValue(Class<?> c, String name) {
        if (JDK_VALUES.contains(name) || Throwable.class.isAssignableFrom(c)) {
            return true;
        }
        for (String p : JDK_VALUE_PREFIXES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static long elementBytes(Class<?> component) {
        if (component == long.class || component == double.class) {
            return 8;
        } else if (component == int.class || component == float.class) {
            return 4;
        } else if (component == short.class || component == char.class) {
            return 2;
        }
        return 1; // a byte, a boolean, or a reference (at least one byte: TC_NULL or a handle)
    }

    /** The value of {@code key} (such as {@code "maxdepth="}) in a JDK filter pattern, or 0. */
    private static long limit(String pattern, String key) {
        for (String part : pattern.split(";")) {
            String p = part.trim();
            if (p.startsWith(key)) {
                try {
                    return Long.parseLong(p.substring(key.length()).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** The user's pattern, or empty: passed on to worker JVMs so they apply the same rules. */
    static String userPattern() {
        return USER_PATTERN;
    }
}
