package io.reviewflow.benchmarks.pipeline;

/**
 * What one phase of one variant measured.
 *
 * @param round             which round of the bench (variants take turns within a round)
 * @param throughput        reviews per second, first submit to last outcome seen
 * @param steadyThroughput  reviews per second over the phase's steady window: the middle {@code 1 - 2 * STEADY_TRIM} of
 *                          its outcomes by the time they were seen ({@link #steadyThroughput(long[], double)})
 * @param submitRate        reviews per second the broker acknowledged to the submitter, first send to last ack: a
 *                          flat-out variant whose steady rate comes close to it was fed no faster, so its own
 *                          capacity may be higher ({@link #boundBySubmitter()})
 * @param offeredRate       the fixed rate asked for; 0 for flat out
 * @param transactions      transactions committed by the three hops during the phase
 * @param heapMaxUsedBytes  largest used heap sampled (garbage included), whole bench JVM
 * @param heapMaxAfterGcBytes largest heap left after a collection, whole bench JVM; 0 if no collection ran
 * @param cpuSeconds        the bench JVM's CPU during the phase by kind of thread ({@link CpuAccount})
 * @param commitSeconds     time the producers spent blocked ending transactions ({@link TransactionTimes})
 * @param bytesPerReviewByTopic bytes the phase wrote to each topic that grew, per review submitted, by topic name
 *                          in name order: the growth of the topic's log on the broker ({@link TopicAdmin#logBytesByTopic})
 */
record PhaseResult(String variant, String phase, int round, int reviews, int outcomes, int published, int rejected,
                   long expectedRejected, int duplicates, double seconds, double throughput, double steadyThroughput,
                   double submitRate, double offeredRate,
                   double p50, double p95, double p99, double max, long transactions,
                   long heapMaxUsedBytes, long heapMaxAfterGcBytes,
                   java.util.Map<String, Double> cpuSeconds, double commitSeconds,
                   java.util.Map<String, Double> bytesPerReviewByTopic) {

    /** The share of a phase's outcomes left out at each end of its steady window: the pipeline filling, and draining. */
    static final double STEADY_TRIM = 0.10;

    /**
     * The phase did what the plan says: one outcome per review, none doubled, and exactly the planned
     * rejections. A phase that fails this is not counted in any ratio, and fails the bench.
     */
    boolean verified() {
        return failure().isEmpty();
    }

    /** Why the phase is not {@link #verified()}, in a few words; empty when it is. */
    String failure() {
        java.util.List<String> reasons = new java.util.ArrayList<>();
        if (outcomes != reviews) {
            reasons.add(outcomes + " of " + reviews + " outcomes");
        }
        if (duplicates > 0) {
            reasons.add(duplicates + " doubled");
        }
        if (rejected != expectedRejected) {
            reasons.add(rejected + " rejected, " + expectedRejected + " planned");
        }
        return String.join(", ", reasons);
    }

    /** @param rejectsAsPlanned whether the variant's stages reject what the plan rejects (the ceiling's do not) */
    static PhaseResult of(String variant, String phase, Phase p, boolean rejectsAsPlanned, long transactions, HeapSampler heap,
                          java.util.Map<String, Double> cpuSeconds, double commitSeconds,
                          java.util.Map<String, Long> logBytesBefore, java.util.Map<String, Long> logBytesAfter) {
        double[] latencies = p.sortedLatenciesMillis();
        long first = p.firstSentNanos();
        long last = p.lastSeenNanos();
        double seconds = last > first ? (last - first) / 1e9 : Double.NaN;
        return new PhaseResult(variant, phase, p.round, p.size(), p.outcomes.get(), p.published.get(), p.rejected.get(),
                rejectsAsPlanned ? p.expectedRejections() : 0, p.duplicates.get(), seconds, p.outcomes.get() / seconds,
                steadyThroughput(p.sortedSeenNanos(), STEADY_TRIM), p.submitRate(), p.ratePerSecond,
                percentile(latencies, 0.50), percentile(latencies, 0.95), percentile(latencies, 0.99),
                latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1], transactions,
                heap == null ? 0 : heap.maxUsedBytes(), heap == null ? 0 : heap.maxAfterGcBytes(),
                cpuSeconds, commitSeconds, perReview(logBytesBefore, logBytesAfter, p.size()));
    }

    /** Each topic's growth divided by {@code reviews}; topics that did not grow are left out. */
    static java.util.Map<String, Double> perReview(java.util.Map<String, Long> before, java.util.Map<String, Long> after,
                                                  int reviews) {
        java.util.Map<String, Double> perReview = new java.util.TreeMap<>();
        after.forEach((topic, bytes) -> {
            long written = bytes - before.getOrDefault(topic, 0L);
            if (written > 0) {
                perReview.put(topic, (double) written / reviews);
            }
        });
        return java.util.Collections.unmodifiableMap(perReview);
    }

    /**
     * Outcomes per second between the outcome at {@code trim} of the way through the phase and the one at
     * {@code 1 - trim}, in the order they were seen: {@code (hi - lo)} outcomes in {@code seen[hi] - seen[lo]},
     * where {@code lo = floor(trim * n)} and {@code hi = n - 1 - lo}. Leaves out the ramp (the first records
     * crossing three empty hops) and the tail (the last partition draining), which in a phase of a few
     * seconds weigh on a first-send-to-last-outcome rate. NaN when the window is empty or has no length
     * (outcomes are stamped per poll of the reader, so a tiny phase can see them all at once).
     *
     * @param sortedSeenNanos the times the outcomes were seen, ascending
     */
    static double steadyThroughput(long[] sortedSeenNanos, double trim) {
        int n = sortedSeenNanos.length;
        int lo = (int) Math.floor(trim * n);
        int hi = n - 1 - lo;
        if (hi <= lo) {
            return Double.NaN;
        }
        long nanos = sortedSeenNanos[hi] - sortedSeenNanos[lo];
        return nanos > 0 ? (hi - lo) / (nanos / 1e9) : Double.NaN;
    }

    /** The rate the ratios compare: the steady window's, or the whole phase's where the window has none. */
    double comparedThroughput() {
        return Double.isNaN(steadyThroughput) ? throughput : steadyThroughput;
    }

    /** CPU seconds of the broker's own JVM over the phase; NaN when the broker ran elsewhere (in the bench's JVM, or a given one). */
    double brokerProcessCpuSeconds() {
        return cpuSeconds == null ? Double.NaN : cpuSeconds.getOrDefault(CpuAccount.BROKER_JVM, Double.NaN);
    }

    /**
     * Whether a flat-out phase's steady rate came within 10% of the rate the reviews were submitted at:
     * then the submitter, not the variant, set the pace, and the rate is a lower bound of the variant's.
     */
    boolean boundBySubmitter() {
        return offeredRate == 0 && steadyThroughput >= 0.9 * submitRate;
    }

    /** All the bytes the phase wrote, per review, over every topic. */
    double bytesPerReview() {
        return bytesPerReviewByTopic.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Mean time one hop was blocked ending one transaction (offsets + commit), in ms; NaN without transactions. */
    double commitMillisPerTransaction() {
        return transactions > 0 ? commitSeconds * 1e3 / transactions : Double.NaN;
    }

    /** Time the bench JVM's JIT compilers spent during the phase (elapsed, all compiler threads), from the CPU accounting. */
    double jitSeconds() {
        return cpuSeconds == null ? 0 : cpuSeconds.getOrDefault(CpuAccount.JIT_ELAPSED, 0.0);
    }

    /** Nearest-rank percentile of sorted samples. */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
