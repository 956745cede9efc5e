package org.parallel4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shared serialization: forged length claims and refusals say why, without allocating what they claim. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SerializationTest {
    @Test
    void anArrayLongerThanItsMessageIsRefusedBeforeAllocation() {
        int[] small = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        byte[] bytes = Serialization.encodeJdk(small); // the JDK form's filter (CompactFormTest has the compact form's check)
        assertArrayEquals(small, (int[]) Serialization.decode(bytes, 0, bytes.length, null));
        // The array length sits just before its 40 bytes of data: claim 2^31 - 16 elements.
        ByteBuffer.wrap(bytes).putInt(bytes.length - 44, Integer.MAX_VALUE - 15);
        SerializationException e = assertThrows(SerializationException.class, () -> Serialization.decode(bytes, 0, bytes.length, null));
        assertTrue(e.getMessage().contains("2147483632") && e.getMessage().contains("forged"), e.getMessage());
    }

    @Test
    void aValueNotSerializableIsNamedWithItsPath() {
        record Inner(Object o) implements java.io.Serializable {
        }
        record Outer(java.util.Map<String, Inner> m) implements java.io.Serializable {
        }
        SerializationException e = assertThrows(SerializationException.class,
                () -> Serialization.encode(new Outer(java.util.Map.of("k", new Inner(new Thread(() -> { }))))));
        assertTrue(e.getMessage().contains("Outer.m[k].o (a java.lang.Thread) is not Serializable"), e.getMessage());
    }
}
