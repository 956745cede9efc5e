/** The array examples of the Numba workshop (fused parallel array expressions), in Java. */
package org.parallel4j.examples.array;
