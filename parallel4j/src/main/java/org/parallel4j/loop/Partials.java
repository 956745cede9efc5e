package org.parallel4j.loop;

/** Per-thread partial results live {@value #STRIDE} array elements apart: 128 bytes, never on one cache line. */
final class Partials {
    static final int STRIDE = 16;

    private Partials() {
    }
}
