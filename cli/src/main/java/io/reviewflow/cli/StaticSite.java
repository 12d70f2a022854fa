package io.reviewflow.cli;

import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.WorkScore;
import io.reviewflow.contract.Topics;
import io.reviewflow.domain.WorkKey;
import io.reviewflow.publish.IndexEntry;
import io.reviewflow.publish.ReviewPage;
import io.reviewflow.publish.SitePageRenderer;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.schemas.UndecodableRecordException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference downstream site: keeps a static directory (a page per review and an index) equal
 * to the latest state of the compacted {@code reviews.published}, with each work's score over all
 * its reviews from the compacted {@code works.scores} where that service runs. It always replays from offset 0,
 * so the directory is a pure function of the topic: a page is removed on its tombstone, and pages
 * of reviews no longer on the topic are pruned after the replay. Each page is assembled from its
 * event by {@link ReviewPage}, the same for events that still carry a page of their own.
 */
final class StaticSite implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StaticSite.class);
    /** Marks a directory as ours, so pruning never touches a directory a person pointed us at by mistake. */
    static final String MARKER = ".reviewflow-site";
    static final String INDEX = "index.html";

    private final Path directory;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final SitePageRenderer pages = new SitePageRenderer();
    private final ReviewPage reviewPages = new ReviewPage();
    private final Map<String, PublishedReview> byReviewId = new HashMap<>();
    private final Map<String, WorkScore> byWork = new HashMap<>();
    private boolean replayed;

    StaticSite(KafkaSettings kafka, Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        prepareDirectory(this.directory);
        Properties props = kafka.common();
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.setProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
        kafka.withOverrides(props);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.partitionsFor(Topics.PUBLISHED.name(), kafka.requestTimeout())
                .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        if (partitions.isEmpty()) {
            consumer.close();
            throw new UserFacingException("topic " + Topics.PUBLISHED.name() + " does not exist at " + kafka.bootstrapServers(),
                    UserFacingException.UNREADABLE_INPUT);
        }
        // Per-work scores are optional: shown beside each review when the works service runs.
        consumer.partitionsFor(Topics.WORK_SCORES.name(), kafka.requestTimeout())
                .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    Path directory() {
        return directory;
    }

    /** Applies everything on the topic up to its end as of now; returns the number of pages. */
    int catchUp(Duration timeout) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp(ends)) {
            if (System.nanoTime() > deadline) {
                throw new UserFacingException("site: timed out catching up with " + Topics.PUBLISHED.name(), UserFacingException.TIMED_OUT);
            }
            apply(consumer.poll(Duration.ofMillis(200)));
        }
        if (!replayed) {
            replayed = true;
            prune();
            writeIndex();
        }
        return byReviewId.size();
    }

    /** Follows the topic until the consumer is woken up (see {@link #wakeup()}). */
    void follow() {
        catchUp(Duration.ofMinutes(10));
        while (true) {
            apply(consumer.poll(Duration.ofMillis(500)));
        }
    }

    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < ends.getOrDefault(partition, 0L)) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.key() == null) {
                continue;
            }
            if (record.topic().equals(Topics.WORK_SCORES.name())) {
                applyWorkScore(record);
                continue;
            }
            if (record.value() == null) {
                PublishedReview removed = byReviewId.remove(record.key());
                if (removed != null) {
                    delete(pageFile(removed));
                }
                continue;
            }
            PublishedReview review;
            try {
                review = Topics.PUBLISHED.codec().decode(record.value());
            } catch (UndecodableRecordException e) {
                LOG.warn("site: skipping undecodable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
                continue;
            }
            PublishedReview previous = byReviewId.put(record.key(), review);
            if (previous != null && !previous.getSlug().equals(review.getSlug())) {
                delete(pageFile(previous));
            }
            write(pageFile(review), reviewPages.of(review));
        }
        if (replayed) {
            writeIndex();
        }
    }

    private void applyWorkScore(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            byWork.remove(record.key());
            return;
        }
        try {
            byWork.put(record.key(), Topics.WORK_SCORES.codec().decode(record.value()));
        } catch (UndecodableRecordException e) {
            LOG.warn("site: skipping undecodable work score at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    private void writeIndex() {
        List<IndexEntry> entries = byReviewId.values().stream()
                .map(r -> new IndexEntry(r.getSlug(), r.getReview().getTitle(), r.getReview().getPlatform(),
                        r.getScore().getDisplay(), r.getVerdict().getLabel(), r.getPublishedAt(),
                        workSummary(byWork.get(WorkKey.of(r.getReview().getTitle(), r.getReview().getPlatform())))))
                .collect(Collectors.toList());
        write(directory.resolve(INDEX), pages.indexPage(entries));
    }

    private static IndexEntry.WorkSummary workSummary(WorkScore work) {
        return work == null || work.getReviewCount() < 1 ? null
                : new IndexEntry.WorkSummary(work.getMeanDisplay(), work.getReviewCount(), work.getVerdict());
    }

    private void prune() {
        Set<Path> keep = byReviewId.values().stream().map(this::pageFile).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(p -> p.getFileName().toString().endsWith(".html"))
                    .filter(p -> !p.getFileName().toString().equals(INDEX))
                    .filter(p -> !keep.contains(p))
                    .forEach(this::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path pageFile(PublishedReview review) {
        // Slugs are [a-z0-9-] by construction; resolve and check anyway, the topic is input too.
        Path file = directory.resolve(review.getSlug() + ".html").normalize();
        if (!file.getParent().equals(directory) || !review.getSlug().matches("[a-z0-9-]{1,120}")) {
            throw new IllegalStateException("refusing slug '" + review.getSlug() + "'");
        }
        return file;
    }

    private static void prepareDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
            Path marker = directory.resolve(MARKER);
            if (!Files.exists(marker)) {
                try (Stream<Path> existing = Files.list(directory)) {
                    if (existing.findAny().isPresent()) {
                        throw new UserFacingException(directory + " is not empty and is not a reviewflow site; choose another --out",
                                UserFacingException.UNREADABLE_INPUT);
                    }
                }
                Files.writeString(marker, "This directory is kept by reviewflow's reference site; files here may be replaced or removed.\n");
            }
        } catch (IOException e) {
            throw new UserFacingException("cannot use " + directory + ": " + OneLine.of(e), UserFacingException.UNREADABLE_INPUT, e);
        }
    }

    private void write(Path file, String content) {
        try {
            Path temporary = Files.createTempFile(directory, ".page-", ".tmp");
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    static Set<String> pageNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".html")).collect(Collectors.toSet());
        }
    }

}
