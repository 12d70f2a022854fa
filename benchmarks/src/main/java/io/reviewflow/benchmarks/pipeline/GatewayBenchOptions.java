package io.reviewflow.benchmarks.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway bench's command line ({@code ./reviewflow bench gateway ...}).
 *
 * @param bootstrapServers null starts {@code reviewflow broker} in its own JVM
 * @param submissions      submissions per timed phase (one variant, one client count, one round)
 * @param clients          the client counts measured, each for both variants
 * @param warmup           untimed submissions per variant in each warm-up round, at the highest client count
 * @param maxWarmupRounds  warm-up rounds at most, if the gateway's CPU per submission does not settle sooner
 * @param reviewflowJar    the runnable jar the broker and the gateway are started from; null finds it beside the bench's
 * @param out              the JSON result file; null writes {@code benchmarks/results/gateway-TIME.json}
 */
record GatewayBenchOptions(String bootstrapServers, int submissions, int rounds, List<Integer> clients, int warmup,
                           int maxWarmupRounds, String sample, Path reviewflowJar, Path out) {

    static final String USAGE = """
            usage: reviewflow bench gateway [--submissions N] [--rounds N] [--clients 1,8,32] [--warmup N]
                                            [--max-warmup-rounds N] [--sample FILE] [--bootstrap-server HOST:PORT]
                                            [--reviewflow-jar FILE] [--out FILE.json]
              Submissions per second into reviews.submitted, directly with Kafka's producer (as reviewflow submit)
              and through the HTTP gateway (PUT /v1/reviews/{id}, answered 202 once the broker acked), in the
              same run, on the same broker, at each client count; then reads the topic back to check that each
              phase's submissions arrived exactly once.
              --submissions N     submissions per timed phase (default 3000)
              --rounds N          timed rounds; the order of the phases rotates from round to round (default 3)
              --clients LIST      concurrent clients, each waiting for its answer before the next (default 1,8,32)
              --warmup N          untimed submissions per variant and warm-up round, at the highest client count
                                  (default 5000); warm-up rounds repeat until the gateway JVM's CPU per submission
                                  changes by less than 10% from one round to the next
              --max-warmup-rounds N  at most this many warm-up rounds (default 6)
              --sample FILE       the document sent, one of samples/ (default the-perfection.txt)
              --bootstrap-server  an existing broker (default: reviewflow broker in its own JVM, on a fresh data dir)
              --reviewflow-jar F  the runnable jar to start the broker and gateway from (default cli/target/reviewflow.jar
                                  of this checkout)
              --out FILE          the JSON result (default benchmarks/results/gateway-<UTC time>.json)
            """;

    static GatewayBenchOptions parse(String[] args) {
        String bootstrap = null;
        int submissions = 3_000;
        int rounds = 3;
        List<Integer> clients = List.of(1, 8, 32);
        int warmup = 5_000;
        int maxWarmupRounds = 6;
        String sample = "the-perfection.txt";
        Path jar = null;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--bootstrap-server" -> bootstrap = BenchOptions.value(args, ++i, arg);
                case "--submissions" -> submissions = atLeast(1, BenchOptions.value(args, ++i, arg), arg);
                case "--rounds" -> rounds = atLeast(1, BenchOptions.value(args, ++i, arg), arg);
                case "--clients" -> {
                    List<Integer> parsed = new ArrayList<>();
                    for (String count : BenchOptions.value(args, ++i, arg).split(",")) {
                        parsed.add(atLeast(1, count.strip(), arg));
                    }
                    clients = List.copyOf(parsed);
                }
                case "--warmup" -> warmup = atLeast(0, BenchOptions.value(args, ++i, arg), arg);
                case "--max-warmup-rounds" -> maxWarmupRounds = atLeast(1, BenchOptions.value(args, ++i, arg), arg);
                case "--sample" -> sample = BenchOptions.value(args, ++i, arg);
                case "--reviewflow-jar" -> jar = Path.of(BenchOptions.value(args, ++i, arg));
                case "--out" -> out = Path.of(BenchOptions.value(args, ++i, arg));
                case "--help", "-h" -> throw new BenchOptions.HelpRequested();
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new GatewayBenchOptions(bootstrap, submissions, rounds, clients, warmup, maxWarmupRounds, sample, jar, out);
    }

    private static int atLeast(int min, String value, String option) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(option + " takes a whole number from " + min + ", was " + value);
    }
}
