package org.parallel4j.mpi.engine.threads;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A field-offset probe: the padding of a collective's per-rank entry, of a rank's collective
 * counters and of its barrier wait really lies before and after their fields on this JVM (HotSpot reorders one class's fields by size, so padding
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

    /** {@code fields}' fields have at least {@code pad} bytes of {@code before}'s fields in front and of {@code after}'s behind. */
    private static void assertPadded(Class<?> before, Class<?> fields, Class<?> after, int pad) throws ReflectiveOperationException {
        long[] b = offsets(before);
        long[] f = offsets(fields);
        long[] a = offsets(after);
        String layout = fields.getSimpleName() + ": padding before " + Arrays.toString(b) + ", fields " + Arrays.toString(f)
                + ", padding after " + Arrays.toString(a);
        assertTrue(b[b.length - 1] + 8 - b[0] >= pad && b[b.length - 1] < f[0], layout);
        assertTrue(a[0] > f[f.length - 1] && a[a.length - 1] + 8 - a[0] >= pad, layout);
    }

    @Test
    void aCollectiveEntrysFieldsHaveSixtyFourBytesOfPaddingOnEachSide() throws ReflectiveOperationException {
        assertPadded(CollectiveBoard.EntryPadBefore.class, CollectiveBoard.EntryFields.class, CollectiveBoard.Entry.class, 64);
    }

    @Test
    void aRanksCollectiveCountersAndBarrierWaitHave128BytesOfPaddingOnEachSide() throws ReflectiveOperationException {
        assertPadded(ThreadComm.CollectiveStatePadBefore.class, ThreadComm.CollectiveStateFields.class, ThreadComm.CollectiveState.class, 128);
        assertPadded(Barrier.WaitPadBefore.class, Barrier.WaitFields.class, Barrier.Wait.class, 128);
    }
}
