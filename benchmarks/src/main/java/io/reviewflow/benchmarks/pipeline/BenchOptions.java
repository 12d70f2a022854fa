package io.reviewflow.benchmarks.pipeline;

import java.nio.file.Path;

/**
 * The bench's command line.
 *
 * @param bootstrapServers null starts a broker: in its own JVM, or in the bench's with {@code inProcessBroker}
 * @param reviews          reviews per timed flat-out phase
 * @param rateReviews      reviews per timed fixed-rate phase
 * @param rate             fixed offered rate, reviews/s; 0 means half of reviewflow's measured flat-out rate
 * @param warmup           reviews sent through each variant, untimed, before its timed phases
 * @param order            the variants in the order of the first round; later rounds rotate it
 * @param rounds           timed phases per variant and kind: ratios are taken per round and reported as median and range
 * @param commitInterval   the stage loops' commit interval, for reviewflow and the ceiling (Streams keeps its 100 ms)
 * @param clientOverrides  Kafka client properties for the stage loops of reviewflow and the ceiling
 * @param maxWarmupRounds  warm-up rounds at most, if the JIT does not settle sooner
 * @param serviceProcesses also run the real services in their own 256 MiB JVMs and sample their heaps
 * @param brokerFeatures   feature levels the embedded broker is formatted with, over its defaults
 * @param inProcessBroker  start the broker inside the bench's JVM (the old way) instead of in a JVM of its own
 */
record BenchOptions(String bootstrapServers, int reviews, int partitions, double rate, Path out, boolean skipStreams,
                    int warmup, long seed, java.util.List<String> order, int rounds, boolean serviceProcesses,
                    int maxWarmupRounds, java.time.Duration commitInterval, java.util.Map<String, String> clientOverrides,
                    java.util.Map<String, Short> brokerFeatures, int rateReviews, boolean inProcessBroker) {

    /** The variants --order takes; the default order is this one. */
    static final java.util.List<String> VARIANTS = java.util.List.of("reviewflow", "ceiling", "anchor", "streams");

    static final String USAGE = """
            usage: PipelineBench [--bootstrap-server HOST:PORT] [--reviews N] [--partitions P] [--rate R]
                                 [--out FILE.json] [--skip-streams] [--warmup N] [--seed S] [--order A,B,C]
                                 [--rounds N] [--max-warmup-rounds N] [--no-service-processes]
                                 [--commit-interval-ms MS] [--client PROPERTY=VALUE ...]
                                 [--broker-feature NAME=LEVEL ...] [--in-process-broker] [--rate-reviews N]
              --bootstrap-server  an existing broker (default: start a single-node KRaft broker in a JVM of its own,
                                  from the bench's class path, fresh data directory; its CPU is read from the OS
                                  per phase and reported beside the bench JVM's as "broker JVM")
              --in-process-broker start that broker inside the bench's JVM instead (the old way: its CPU then shows
                                  as the bench JVM's "broker" threads, mixed with the variants' own cost)
              --reviews N         reviews per timed flat-out phase (default 50000, several seconds even for the
                                  fastest variant). Throughput is reported twice: over the whole phase (first
                                  send to last outcome) and over its steady window, the middle 80% of the
                                  outcomes by time (the first and last 10% left out: the pipeline filling and
                                  draining); the ratios use the steady window. A flat-out phase whose steady
                                  rate comes within 10% of submit/s (reviews the broker acknowledged to the
                                  submitter per second) is flagged: it was fed no faster, its capacity may be higher
              --rate-reviews N    reviews per timed fixed-rate phase (default: reviews, at most 10000, i.e. 100
                                  samples above the p99)
              --partitions P      partitions of every topic (default 3)
              --rate R            offered rate of the fixed-rate phases, reviews/s (default: half reviewflow's median
                                  flat-out rate)
              --out FILE          JSON results (default benchmarks/results/pipeline-<UTC time>.json)
              --skip-streams      leave out the Kafka Streams baseline
              --warmup N          untimed reviews through each variant per warm-up round, all before any is
                                  timed (default: reviews/2, at most 5000); rounds repeat until the JIT
                                  compiles for less than 10% of a round's wall time
              --max-warmup-rounds N  at most this many warm-up rounds (default 8)
              --seed S            seed of the synthetic documents (default 7)
              --order A,B,C       order of reviewflow, ceiling, anchor, streams in round 1 (default that order;
                                  reviewflow required, leave one out to skip it); each later round starts one
                                  further along. anchor: three exactly-once hops of plain kafka-clients
                                  (TransactionalMessageCopier-shaped: bytes copied unchanged, one transaction
                                  per poll of up to 5000 records, batch.size 256 KiB, linger.ms 20)
              --rounds N          timed flat-out and fixed-rate phases per variant (default 3)
              --commit-interval-ms MS  the stage loops' commit interval for reviewflow and the ceiling (default
                                  100, as the services; 50000 approximates one transaction per poll batch)
              --client P=V        a Kafka client property for the stage loops of reviewflow and the ceiling
                                  (repeatable), e.g. --client fetch.max.wait.ms=50
              --no-service-processes  skip the per-service heap check (the services in their own -Xmx256m JVMs)
              --broker-feature N=L  a feature level for the broker the bench starts, in its JVM or its own
                                  (repeatable; default as the broker command: transaction.version=1),
                                  e.g. --broker-feature transaction.version=2
            A default run (4 variants, 50000 reviews per flat-out phase, 3 rounds, the service processes) takes
            about 5 minutes on 2 cores (4.5 measured, on a busy machine) and at its peak holds about 20 GB in the
            broker's data directory (under the temp directory; deleted at the end). --reviews 10000 (the old
            default) is quicker and needs about half the disk.
            """;

    static BenchOptions parse(String[] args) {
        String bootstrap = null;
        int reviews = 50_000;
        Integer rateReviews = null;
        boolean inProcessBroker = false;
        int rounds = 3;
        boolean serviceProcesses = true;
        int maxWarmupRounds = 8;
        java.util.Map<String, String> clientOverrides = new java.util.LinkedHashMap<>();
        java.util.Map<String, Short> brokerFeatures = new java.util.LinkedHashMap<>();
        java.time.Duration commitInterval = io.reviewflow.runtime.StageSettings.DEFAULT_COMMIT_INTERVAL;
        int partitions = 3;
        double rate = 0;
        Path out = null;
        boolean skipStreams = false;
        Integer warmup = null;
        long seed = 7;
        java.util.List<String> order = VARIANTS;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--bootstrap-server" -> bootstrap = value(args, ++i, arg);
                case "--reviews" -> reviews = positive(value(args, ++i, arg), arg);
                case "--rate-reviews" -> rateReviews = positive(value(args, ++i, arg), arg);
                case "--in-process-broker" -> inProcessBroker = true;
                case "--partitions" -> partitions = positive(value(args, ++i, arg), arg);
                case "--rate" -> {
                    rate = Double.parseDouble(value(args, ++i, arg));
                    if (!(rate > 0)) {
                        throw new IllegalArgumentException("--rate must be positive");
                    }
                }
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--skip-streams" -> skipStreams = true;
                case "--warmup" -> warmup = Integer.parseInt(value(args, ++i, arg));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, arg));
                case "--order" -> order = java.util.List.of(value(args, ++i, arg).split(","));
                case "--rounds" -> rounds = positive(value(args, ++i, arg), arg);
                case "--no-service-processes" -> serviceProcesses = false;
                case "--commit-interval-ms" -> commitInterval = java.time.Duration.ofMillis(positive(value(args, ++i, arg), arg));
                case "--client" -> {
                    String[] assignment = assignment(value(args, ++i, arg), arg);
                    clientOverrides.put(assignment[0], assignment[1]);
                }
                case "--broker-feature" -> {
                    String[] assignment = assignment(value(args, ++i, arg), arg);
                    try {
                        brokerFeatures.put(assignment[0], Short.parseShort(assignment[1]));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--broker-feature takes NAME=LEVEL with a number, was "
                                + assignment[0] + "=" + assignment[1]);
                    }
                }
                case "--max-warmup-rounds" -> maxWarmupRounds = positive(value(args, ++i, arg), arg);
                case "--help", "-h" -> throw new HelpRequested();
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (!VARIANTS.containsAll(order) || !order.contains("reviewflow") || new java.util.HashSet<>(order).size() != order.size()) {
            throw new IllegalArgumentException("--order takes reviewflow, ceiling, anchor and streams, comma-separated, each once");
        }
        if (inProcessBroker && bootstrap != null) {
            throw new IllegalArgumentException("--in-process-broker starts a broker; --bootstrap-server uses one already running");
        }
        return new BenchOptions(bootstrap, reviews, partitions, rate, out, skipStreams,
                warmup != null ? warmup : Math.min(5_000, reviews / 2), seed, order, rounds, serviceProcesses,
                maxWarmupRounds, commitInterval, java.util.Map.copyOf(clientOverrides), java.util.Map.copyOf(brokerFeatures),
                rateReviews != null ? rateReviews : Math.min(10_000, reviews), inProcessBroker);
    }

    /** {@code NAME=VALUE} split at the first {@code =}. */
    private static String[] assignment(String text, String option) {
        int equals = text.indexOf('=');
        if (equals < 1) {
            throw new IllegalArgumentException(option + " takes NAME=VALUE, was " + text);
        }
        return new String[] {text.substring(0, equals), text.substring(equals + 1)};
    }

    static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String value, String option) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return n;
    }

    static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(null, null, false, false);
        }
    }
}
