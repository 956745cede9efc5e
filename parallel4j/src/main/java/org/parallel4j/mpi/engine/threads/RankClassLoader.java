package org.parallel4j.mpi.engine.threads;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * One rank's loader for the user's classes: child-first over the user's class path, so every
 * rank gets its own copy of each class and its static fields, as separate processes would.
 * parallel4j's own packages and the JDK's always come from the parent, so the API types are
 * shared between ranks and the launcher.
 */
final class RankClassLoader extends URLClassLoader {
    /** Packages shared by all ranks: the library's models (one line per model as they land). */
    private static final String[] SHARED_PREFIXES = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.",
        "org.parallel4j.mpi.",
        "org.parallel4j.loop.",
    };

    static {
        registerAsParallelCapable();
    }

    RankClassLoader(int rank, URL[] urls, ClassLoader parent) {
        super("p4j-rank-" + rank, urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        for (String prefix : SHARED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return super.loadClass(name, resolve);
            }
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notOurs) {
                    return super.loadClass(name, resolve);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }
}
