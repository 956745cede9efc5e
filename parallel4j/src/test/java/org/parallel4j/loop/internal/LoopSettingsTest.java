package org.parallel4j.loop.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/** The team size setting: a valid value is taken, a bad one is ignored with a warning through System.Logger. */
@Isolated
@Timeout(30)
class LoopSettingsTest {
    @Test
    void aBadThreadCountIsIgnoredWithAWarningAnApplicationCanRoute() {
        Logger jul = Logger.getLogger("org.parallel4j.loop");
        List<LogRecord> heard = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                heard.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        boolean parents = jul.getUseParentHandlers();
        String before = System.getProperty("p4j.numThreads");
        jul.addHandler(handler);
        jul.setUseParentHandlers(false); // heard here, not printed
        try {
            System.setProperty("p4j.numThreads", "3");
            assertEquals(3, LoopSettings.defaultThreads());
            assertTrue(heard.isEmpty(), "a valid size is not warned about");
            System.setProperty("p4j.numThreads", "many");
            int fallback = LoopSettings.defaultThreads();
            assertTrue(fallback >= 1, "falls back to the next source: " + fallback);
            assertEquals(1, heard.size(), heard.toString());
            assertEquals(java.util.logging.Level.WARNING, heard.getFirst().getLevel());
            assertTrue(heard.getFirst().getMessage().contains("p4j.numThreads=many"), heard.getFirst().getMessage());
        } finally {
            jul.removeHandler(handler);
            jul.setUseParentHandlers(parents);
            if (before == null) {
                System.clearProperty("p4j.numThreads");
            } else {
                System.setProperty("p4j.numThreads", before);
            }
        }
    }
}
