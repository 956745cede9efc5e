/** The parallel-loop examples of the workshops (Cython prange, OpenMP, Numba), in Java. */
package org.parallel4j.examples.loop;
