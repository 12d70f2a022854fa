package io.reviewflow.benchmarks.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcThreadsTest {

    /** A real line's shape: utime 1234 and stime 56 are the 14th and 15th fields. */
    private static String line(String comm, long utime, long stime) {
        return "4242 (" + comm + ") S 4200 4200 4200 0 -1 1077936192 5096 0 0 0 " + utime + " " + stime
                + " 0 0 20 0 1 0 123456 9876543 1234 18446744073709551615 1 1 0 0 0 0 0 4096 1260 0 0 0 -1 1 0 0 0 0 0";
    }

    @Test
    void readsTheNameAndUserPlusSystemTicks() {
        ProcThreads.Stat stat = ProcThreads.parse(line("C2 CompilerThre", 1234, 56) + "\n");
        assertEquals("C2 CompilerThre", stat.comm());
        assertEquals(1290, stat.ticks());
    }

    @Test
    void aNameWithSpacesAndParenthesesIsReadUpToTheLastParenthesis() {
        ProcThreads.Stat stat = ProcThreads.parse(line("a) b (c) S 1 2", 7, 3));
        assertEquals("a) b (c) S 1 2", stat.comm());
        assertEquals(10, stat.ticks());
        assertEquals(":-)", ProcThreads.parse(line(":-)", 1, 1)).comm());
    }

    @Test
    void notAStatLineIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProcThreads.parse("no parentheses here"));
        assertThrows(IllegalArgumentException.class, () -> ProcThreads.parse("1 (short) S 2 3"));
    }

    @Test
    void threadNamesFallIntoKinds() {
        assertEquals(ProcThreads.METRICS_HTTP, ProcThreads.kind("reviewflow-http"));
        assertEquals(ProcThreads.METRICS_HTTP, ProcThreads.kind("HTTP-Dispatcher"));
        assertEquals(ProcThreads.STAGE_LOOP, ProcThreads.kind("reviewflow-scor"));
        assertEquals(ProcThreads.KAFKA_CLIENT, ProcThreads.kind("kafka-producer-"));
        assertEquals(ProcThreads.KAFKA_CLIENT, ProcThreads.kind("kafka-coordinat"));
        assertEquals(ProcThreads.KAFKA_CLIENT, ProcThreads.kind("consumer_backgr"));
        assertEquals(ProcThreads.JIT, ProcThreads.kind("C1 CompilerThre"));
        assertEquals(ProcThreads.JIT, ProcThreads.kind("C2 CompilerThre"));
        assertEquals(ProcThreads.GC, ProcThreads.kind("GC Thread#0"));
        assertEquals(ProcThreads.GC, ProcThreads.kind("G1 Conc#0"));
        assertEquals(ProcThreads.GC, ProcThreads.kind("VM Thread"));
        assertEquals(ProcThreads.OTHER, ProcThreads.kind("java"));
        assertEquals(ProcThreads.OTHER, ProcThreads.kind("Common-Cleaner"));
    }

    @Test
    void thisJvmsOwnThreadsAddUpToAtMostItsTotal() throws Exception {
        if (!java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task"))) {
            return; // not Linux
        }
        long pid = ProcessHandle.current().pid();
        ProcThreads start = ProcThreads.of(pid);
        long until = System.nanoTime() + 100_000_000;
        double spin = 0;
        while (System.nanoTime() < until) {
            spin += Math.sqrt(spin + 1);
        }
        ProcThreads end = ProcThreads.of(pid);
        assertTrue(spin > 0);
        Map<String, Double> byKind = end.secondsByKindSince(start);
        assertEquals(ProcThreads.KINDS, java.util.List.copyOf(byKind.keySet()));
        double sum = byKind.values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(end.processSecondsSince(start), sum, 0.02);
    }
}
