package io.reviewflow.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation, for a machine that other work shares. JMH times the wall clock, so while other
 * processes hold the cores a benchmark's ops/s falls without the code getting any slower. This profiler
 * reads the benchmark JVM's CPU time around each iteration and reports:
 *
 * <ul>
 *   <li>{@code cpu.time.norm}: CPU ns per operation, of all the JVM's threads (so garbage collection, which
 *       the code causes, is included; after warm-up the JIT compiler adds little);</li>
 *   <li>{@code cpu.share}: CPU time over wall time during the iteration. About 1 means the benchmark thread
 *       had a core to itself (plus whatever GC ran in parallel); well under 1 means it waited for a core,
 *       and the wall-clock ops/s understate the code.</li>
 * </ul>
 *
 * <p>Use with {@code -prof io.reviewflow.benchmarks.CpuTimeProfiler}; {@code benchmarks/run} does.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuStart;
    private long wallStart;

    @Override
    public String getDescription() {
        return "CPU time per op of the benchmark JVM, and its share of a core (for machines under load)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        wallStart = System.nanoTime();
        cpuStart = os.getProcessCpuTime();
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's InternalProfiler declares the raw Result type.
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long cpu = os.getProcessCpuTime() - cpuStart;
        long wall = System.nanoTime() - wallStart;
        // The same operation count the GC profiler divides by, so cpu.time.norm and gc.alloc.rate.norm
        // are per the same op (OperationsPerInvocation included).
        long ops = result.getMetadata().getAllOps();
        return List.of(
                new ScalarResult("cpu.time.norm", ops == 0 ? Double.NaN : (double) cpu / ops, "ns/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.share", wall == 0 ? Double.NaN : (double) cpu / wall, "cores", AggregationPolicy.AVG));
    }
}
