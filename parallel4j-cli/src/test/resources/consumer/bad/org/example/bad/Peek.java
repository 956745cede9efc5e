package org.example.bad;

/** Reaches into an implementation package: the module system must refuse it at compile time. */
public final class Peek {
    private Peek() {
    }

    public static Object peek() {
        return org.parallel4j.internal.Serialization.class;
    }
}
