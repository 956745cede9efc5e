package org.parallel4j.mpi.engine.threads;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A field-offset probe: the padding of a collective's per-rank entry really lies before and
 * after its fields on this JVM (HotSpot reorders one class's fields by size, so padding
 * declared beside the fields would not; a class hierarchy does).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PaddingLayoutTest {
    private static long[] offsets(Class<?> type) throws ReflectiveOperationException {
        Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Object unsafe = f.get(null);
        java.lang.reflect.Method offset = unsafe.getClass().getMethod("objectFieldOffset", Field.class);
        return Arrays.stream(type.getDeclaredFields()).filter(x -> !Modifier.isStatic(x.getModifiers())).mapToLong(x -> {
            try {
                return (long) offset.invoke(unsafe, x);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }).sorted().toArray();
    }

    @Test
    void aCollectiveEntrysFieldsHaveSixtyFourBytesOfPaddingOnEachSide() throws ReflectiveOperationException {
        long[] before = offsets(CollectiveBoard.EntryPadBefore.class);
        long[] fields = offsets(CollectiveBoard.EntryFields.class);
        long[] after = offsets(CollectiveBoard.Entry.class);
        String layout = "padding before " + Arrays.toString(before) + ", fields " + Arrays.toString(fields) + ", padding after "
                + Arrays.toString(after);
        assertTrue(before[before.length - 1] + 8 - before[0] >= 64 && before[before.length - 1] < fields[0], layout);
        assertTrue(after[0] > fields[fields.length - 1] && after[after.length - 1] + 8 - after[0] >= 64, layout);
    }
}
