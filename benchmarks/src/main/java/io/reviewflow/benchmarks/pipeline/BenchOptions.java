package io.reviewflow.benchmarks.pipeline;

import java.nio.file.Path;

/**
 * The bench's command line.
 *
 * @param bootstrapServers null starts an embedded broker
 * @param rate             fixed offered rate, reviews/s; 0 means half of reviewflow's measured flat-out rate
 * @param warmup           reviews sent through each variant, untimed, before its timed phases
 * @param order            the variants in the order they run; the JIT warms shared code (Kafka clients, and the
 *                         stages for reviewflow and streams) in whichever runs first, so runs should vary it
 */
record BenchOptions(String bootstrapServers, int reviews, int partitions, double rate, Path out, boolean skipStreams,
                    int warmup, long seed, java.util.List<String> order) {

    static final String USAGE = """
            usage: PipelineBench [--bootstrap-server HOST:PORT] [--reviews N] [--partitions P] [--rate R]
                                 [--out FILE.json] [--skip-streams] [--warmup N] [--seed S] [--order A,B,C]
              --bootstrap-server  an existing broker (default: start an embedded single-node KRaft broker in-process)
              --reviews N         reviews per timed phase (default 20000)
              --partitions P      partitions of every topic (default 3)
              --rate R            offered rate of the fixed-rate phase, reviews/s (default: half reviewflow's flat-out rate)
              --out FILE          JSON results (default bench-results.json)
              --skip-streams      leave out the Kafka Streams baseline
              --warmup N          untimed reviews through each variant before timing (default: reviews/5, at most 4000)
              --seed S            seed of the synthetic documents (default 7)
              --order A,B,C       run order of reviewflow, ceiling, streams (default that order); if reviewflow
                                  is not first, --rate is required
            """;

    static BenchOptions parse(String[] args) {
        String bootstrap = null;
        int reviews = 20_000;
        int partitions = 3;
        double rate = 0;
        Path out = Path.of("bench-results.json");
        boolean skipStreams = false;
        Integer warmup = null;
        long seed = 7;
        java.util.List<String> order = java.util.List.of("reviewflow", "ceiling", "streams");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--bootstrap-server" -> bootstrap = value(args, ++i, arg);
                case "--reviews" -> reviews = positive(value(args, ++i, arg), arg);
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
                case "--help", "-h" -> throw new HelpRequested();
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (!new java.util.HashSet<>(java.util.List.of("reviewflow", "ceiling", "streams")).containsAll(order)
                || !order.contains("reviewflow")) {
            throw new IllegalArgumentException("--order takes reviewflow, ceiling and streams, comma-separated");
        }
        if (rate <= 0 && !order.get(0).equals("reviewflow")) {
            throw new IllegalArgumentException("--rate is required when reviewflow does not run first");
        }
        return new BenchOptions(bootstrap, reviews, partitions, rate, out, skipStreams,
                warmup != null ? warmup : Math.min(4_000, reviews / 5), seed, order);
    }

    private static String value(String[] args, int i, String option) {
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
