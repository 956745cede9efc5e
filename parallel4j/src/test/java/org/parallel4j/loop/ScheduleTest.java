package org.parallel4j.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ScheduleTest {
    @Test
    void parsesOpenMpSyntax() {
        assertEquals(Schedule.dynamic(4), Schedule.parse("dynamic,4"));
        assertEquals(Schedule.dynamic(1), Schedule.parse(" DYNAMIC "));
        assertEquals(Schedule.guided(2), Schedule.parse("guided, 2"));
        assertEquals(Schedule.staticBlocks(), Schedule.parse("static"));
        assertEquals(Schedule.staticChunks(8), Schedule.parse("static,8"));
        assertEquals(Schedule.dynamic(3), Schedule.parse("nonmonotonic:dynamic,3"));
        assertEquals("dynamic,4", Schedule.dynamic(4).toString());
    }

    @Test
    void badSchedulesNameTheInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.parse("sideways,2"));
        assertTrue(e.getMessage().contains("sideways"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Schedule.parse("dynamic,x"));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Schedule.parse("dynamic,0"));
        assertTrue(e.getMessage().contains("dynamic,0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Schedule.dynamic(0));
        assertTrue(e.getMessage().contains("chunk size 0"), e.getMessage());
    }

    @Test
    void runtimeFallsBackToStaticWithoutEnvironment() {
        if (System.getenv("P4J_SCHEDULE") == null && System.getenv("OMP_SCHEDULE") == null) {
            assertEquals(Schedule.staticBlocks(), Schedule.runtime());
        }
    }
}
