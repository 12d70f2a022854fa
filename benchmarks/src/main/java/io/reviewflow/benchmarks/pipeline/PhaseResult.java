package io.reviewflow.benchmarks.pipeline;

/**
 * What one phase of one variant measured.
 *
 * @param round             which round of the bench (variants take turns within a round)
 * @param throughput        reviews per second, first submit to last outcome seen
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
                   long expectedRejected, int duplicates, double seconds, double throughput, double offeredRate,
                   double p50, double p95, double p99, double max, long transactions,
                   long heapMaxUsedBytes, long heapMaxAfterGcBytes,
                   java.util.Map<String, Double> cpuSeconds, double commitSeconds,
                   java.util.Map<String, Double> bytesPerReviewByTopic) {

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
                rejectsAsPlanned ? p.expectedRejections() : 0, p.duplicates.get(), seconds, p.outcomes.get() / seconds, p.ratePerSecond,
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
