package org.parallel4j.pool.internal;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The class path a worker JVM gets: this JVM's class path, its module path (a worker runs
 * everything from the class path), the URLs of the calling thread's class loaders (a
 * {@code p4j run} rank, {@code mvn exec:java}, an application server) and where parallel4j
 * itself was loaded from. {@link #check} refuses, at submit time, a task whose class a worker
 * could not load (one defined in memory, as JShell does).
 */
final class WorkerClassPath {
    private WorkerClassPath() {
    }

    /** Task classes already checked: null when a worker can load them, else why not. */
    private static final ClassValue<String> VERDICT = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return verdict(type);
        }
    };

    /** The class path for a worker started now from this thread. */
    static String get() {
        return String.join(File.pathSeparator, entries());
    }

    private static Set<String> entries() {
        Set<String> entries = new LinkedHashSet<>();
        add(entries, System.getProperty("java.class.path"));
        add(entries, System.getProperty("jdk.module.path"));
        for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    addUrl(entries, url);
                }
            }
        }
        CodeSource own = WorkerClassPath.class.getProtectionDomain().getCodeSource();
        if (own != null) {
            addUrl(entries, own.getLocation());
        }
        return entries;
    }

    /**
     * Throws when {@code type} (a task's class) cannot be loaded by a worker: it was defined in
     * memory, or it comes from somewhere not on the worker's class path.
     */
    static void check(Class<?> type, String what) {
        String why = VERDICT.get(type);
        if (why != null) {
            throw new org.parallel4j.pool.PoolException(what + " " + why, null, -1, null);
        }
    }

    private static String verdict(Class<?> type) {
        ClassLoader l = type.getClassLoader();
        if (l == null || l == ClassLoader.getPlatformClassLoader()) {
            return null; // the JDK's own
        }
        CodeSource cs = type.getProtectionDomain().getCodeSource();
        String where = cs == null || cs.getLocation() == null ? null : path(cs.getLocation());
        String name = type.isHidden() ? "a lambda in " + type.getName().replaceAll("\\$\\$Lambda.*", "") : "class " + type.getName();
        if (where == null) {
            return "is " + name + ", which was defined in memory (JShell, a generated class) and cannot be loaded by a worker JVM:"
                    + " put it in a class on the class path, or use a thread pool (Pool.threads)";
        }
        if (!entries().contains(where)) {
            return "is " + name + " from " + where + ", which a worker JVM's class path does not hold:"
                    + " put it on the class path, or use a thread pool (Pool.threads)";
        }
        return null;
    }

    private static void add(Set<String> entries, String path) {
        if (path != null && !path.isBlank()) {
            for (String e : path.split(File.pathSeparator)) {
                if (!e.isBlank()) {
                    entries.add(Path.of(e).toAbsolutePath().normalize().toString());
                }
            }
        }
    }

    private static void addUrl(Set<String> entries, URL url) {
        String p = path(url);
        if (p != null) {
            entries.add(p);
        }
    }

    private static String path(URL url) {
        if (!"file".equals(url.getProtocol())) {
            return null;
        }
        try {
            return Path.of(url.toURI()).toAbsolutePath().normalize().toString();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
