package org.parallel4j.mpi;

import java.io.Serializable;

/**
 * A value and its location, the operand of {@link Op#MINLOC} and {@link Op#MAXLOC} in the
 * object tier: {@code world.allreduceObject(new Loc(x, world.rank()), Op.MAXLOC)} gives
 * the largest {@code x} and the rank that holds it (the lowest rank on ties).
 *
 * <p>In the buffer tier the same operations take arrays of interleaved pairs
 * {@code {value0, index0, value1, index1, ...}} of one primitive type.
 *
 * @param value the value compared
 * @param index where it came from (a rank, an array index)
 */
public record Loc(double value, int index) implements Serializable {
}
