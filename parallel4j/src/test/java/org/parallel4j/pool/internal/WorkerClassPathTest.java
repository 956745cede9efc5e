package org.parallel4j.pool.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parallel4j.pool.PoolException;

/** A worker's class path holds what the caller can load; a task a worker could never load is refused at submit. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WorkerClassPathTest {
    @Test
    void theCallingThreadsClassLoaderUrlsAreOnTheWorkersClassPath(@TempDir Path dir) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        try (URLClassLoader job = new URLClassLoader(new URL[] {dir.toUri().toURL()}, before)) {
            t.setContextClassLoader(job); // as in a p4j run rank, or under mvn exec:java
            List<String> entries = List.of(WorkerClassPath.get().split(File.pathSeparator));
            assertTrue(entries.contains(dir.toAbsolutePath().normalize().toString()), entries.toString());
        } finally {
            t.setContextClassLoader(before);
        }
        assertDoesNotThrow(() -> WorkerClassPath.check(getClass(), "the task"));
        assertDoesNotThrow(() -> WorkerClassPath.check(String.class, "the task"));
    }

    static final class MemoryLoader extends ClassLoader {
        Class<?> define(String name) {
            byte[] b = ClassFile.of().build(ClassDesc.of(name), cb -> cb.withInterfaceSymbols(ClassDesc.of("java.io.Serializable")));
            return defineClass(name, b, 0, b.length);
        }
    }

    @Test
    void aClassDefinedInMemoryIsRefusedSayingWhy() {
        Class<?> inMemory = new MemoryLoader().define("repl.Snippet1");
        PoolException e = assertThrows(PoolException.class, () -> WorkerClassPath.check(inMemory, "the task"));
        assertTrue(e.getMessage().contains("repl.Snippet1") && e.getMessage().contains("defined in memory")
                && e.getMessage().contains("Pool.threads"), e.getMessage());
    }
}
