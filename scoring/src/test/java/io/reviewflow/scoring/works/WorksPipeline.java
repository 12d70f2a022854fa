package io.reviewflow.scoring.works;

import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.WorkScore;
import io.reviewflow.contract.Topics;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.TopicProvisioner;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.scoring.works.service.WorkRecords;
import io.reviewflow.scoring.works.service.WorksService;
import io.reviewflow.testkit.guarantees.GuaranteeSuite;
import io.reviewflow.testkit.guarantees.Judgement;
import io.reviewflow.testkit.guarantees.Load;
import io.reviewflow.testkit.guarantees.OpenLoopPace;
import io.reviewflow.testkit.guarantees.PipelineUnderTest;
import io.reviewflow.testkit.guarantees.WorkScoresCheck;
import io.reviewflow.testkit.guarantees.WorkScoring;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The works service as the guarantee suite runs it: one service, {@code reviewflow works}
 * (two loops), fed a seeded stream of scored reviews and judged by recomputing every work's score
 * from the latest record of each review with the service's own logic.
 */
record WorksPipeline(VerdictScale scale) implements PipelineUnderTest {

    /** Works the reviews of a load are spread over: few enough that every work sees many revisions. */
    static final int WORKS = 24;

    @Override
    public void provision(KafkaSettings kafka, int partitions) {
        TopicProvisioner.ensureTopics(kafka, Topics.ALL, partitions, Optional.empty());
    }

    @Override
    public List<TopicSpec<?>> flowTopics() {
        return List.of(Topics.SCORED, Topics.WORK_CONTRIBUTIONS, Topics.WORK_SCORES);
    }

    @Override
    public List<Service> services() {
        // A killed instance's group membership holds back the rebalance that brings its successor in until
        // its session expires: after 6 s here (the broker's minimum) rather than the default 45 s.
        return List.of(new Service(WorksService.NAME, List.of(WorksService.class.getName(),
                "--property", "session.timeout.ms=6000", "--property", "heartbeat.interval.ms=1000"),
                settings -> WorksService.create(settings, scale)));
    }

    @Override
    public Load load(String runId, long seed, int size) {
        String prefix = runId + UUID.randomUUID().toString().substring(0, 8);
        return new WorksLoad(prefix, new ReviewStream(prefix, size / 10, new Random(seed)).events(size), scale);
    }

    /** A stream of scored reviews sent to {@code reviews.scored}, judged on {@code works.scores}. */
    private static final class WorksLoad implements Load {
        private final String prefix;
        private final List<ScoredReview> events;
        private final WorkScoring model;

        WorksLoad(String prefix, List<ScoredReview> events, VerdictScale scale) {
            this.prefix = prefix;
            this.events = events;
            WorkRecords records = new WorkRecords(new WorkScorer(scale));
            this.model = new WorkScoring(records::contribution, records::emptyTally, records::add, records::scoreOf);
        }

        @Override
        public int size() {
            return events.size();
        }

        @Override
        public String keyPrefix() {
            return prefix;
        }

        @Override
        public CompletableFuture<?> start(String bootstrapServers, int perSecond, IntConsumer progress) {
            return CompletableFuture.runAsync(() -> {
                try (WorkScoresTopics topics = new WorkScoresTopics(bootstrapServers)) {
                    OpenLoopPace pace = new OpenLoopPace(perSecond);
                    List<Future<?>> sends = new ArrayList<>(events.size());
                    for (int i = 0; i < events.size(); i++) {
                        sends.add(topics.sendAsync(events.get(i)));
                        progress.accept(i + 1);
                        pace.awaitDue(i + 1);
                    }
                    topics.flush();
                    for (Future<?> send : sends) {
                        send.get(); // every send acknowledged, or the load fails here rather than in the judge
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while sending", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a scored review could not be sent", e.getCause());
                }
            });
        }

        @Override
        public Judgement judge(String bootstrapServers) {
            Map<String, ScoredReview> latest = new HashMap<>();
            events.forEach(scored -> latest.put(scored.getSubmission().getReviewId(), scored));
            Map<String, WorkScore> expected = model.recompute(latest);
            WorkScoresCheck check = new WorkScoresCheck(bootstrapServers);
            List<String> failures = new ArrayList<>(check.awaitMatching(expected, prefix, GuaranteeSuite.DRAIN));
            if (failures.isEmpty()) {
                // Read on a while: a contribution applied twice late would change a score after it first matched.
                sleep(GuaranteeSuite.SETTLE);
                failures.addAll(check.awaitMatching(expected, prefix, Duration.ofSeconds(5)));
            }
            if (expected.size() <= WORKS / 2) {
                failures.add("too few works left to prove much: " + expected.size());
            }
            return new Judgement(events.size() + " scored records of " + latest.size() + " reviews; "
                    + expected.size() + " works, each as recomputed from the latest record of its reviews", failures);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while settling", e);
        }
    }

    /**
     * A seeded stream over some reviews of {@value #WORKS} works: submits, revisions (some moving the
     * review to another work) and retractions, titles typed in several ways, each work's reviews
     * spread over every partition.
     */
    private static final class ReviewStream {
        private final String prefix;
        private final Random random;
        private final int[] revision;
        private final boolean[] live;
        private final int[] work;

        ReviewStream(String prefix, int reviews, Random random) {
            this.prefix = prefix;
            this.random = random;
            this.revision = new int[Math.max(reviews, WORKS)];
            this.live = new boolean[revision.length];
            this.work = new int[revision.length];
            for (int r = 0; r < work.length; r++) {
                work[r] = r % WORKS;
            }
        }

        List<ScoredReview> events(int count) {
            List<ScoredReview> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int r = random.nextInt(revision.length);
                String reviewId = prefix + "-r" + r;
                revision[r]++;
                if (live[r] && random.nextInt(5) == 0) {
                    live[r] = false;
                    events.add(ScoredReviews.retraction(reviewId, revision[r]));
                    continue;
                }
                if (live[r] && random.nextInt(20) == 0) {
                    work[r] = random.nextInt(WORKS);
                }
                live[r] = true;
                int w = work[r];
                events.add(ScoredReviews.scored(reviewId, revision[r], typed(prefix + " Work " + w),
                        w % 4 == 0 ? null : "Platform " + w % 3, score()));
            }
            return events;
        }

        /** Halves mostly, and thirds, whose doubles are not exact. */
        private double score() {
            return random.nextInt(10) < 7 ? random.nextInt(201) / 2.0 : random.nextInt(4) * 100.0 / 3;
        }

        private String typed(String title) {
            return switch (random.nextInt(4)) {
                case 0 -> title.toUpperCase(Locale.ROOT);
                case 1 -> title.replace(" ", "  ");
                case 2 -> "‘" + title + "’";
                default -> title;
            };
        }
    }
}
