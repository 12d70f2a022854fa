package io.reviewflow.scoring.works;

import io.reviewflow.avro.WorkContribution;
import io.reviewflow.avro.WorkScore;
import io.reviewflow.avro.WorkTally;
import io.reviewflow.contract.Topics;
import io.reviewflow.schemas.AvroCodec;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@code reviews.scored} to {@code works.scores}, as a Kafka Streams topology:
 *
 * <pre>
 *   reviews.scored ─ contribution per review ─► table by review id ─ group by work ─► tally per work ─► works.scores
 *   (key review id)   (null for a retraction)   (store reviews-by-id)  (repartition)    (store work-tallies)  (key work)
 * </pre>
 *
 * The table holds the latest contribution of every review, so a revision reaches the aggregation
 * as "remove the old contribution, add the new one" and a retraction as "remove": Kafka Streams
 * calls the subtractor before the adder, and its changelogs and exactly-once commits carry the
 * stores across crashes and rebalances. Only the few fields a work needs are kept per review, not
 * the whole scored review with its document.
 *
 * <p>Every store, internal topic and processor is named, so the internal topics keep their names
 * (and their data) when the topology changes: {@code <application.id>-reviews-by-id-changelog},
 * {@code <application.id>-reviews-by-work-repartition}, {@code <application.id>-work-tallies-changelog}.
 */
public final class WorkScoresTopology {

    public static final String REVIEWS_STORE = "reviews-by-id";
    public static final String BY_WORK = "reviews-by-work";
    public static final String TALLIES_STORE = "work-tallies";

    private WorkScoresTopology() {}

    /** @param streamsProperties the client's configuration, which the topology's defaults come from too */
    public static Topology build(WorkScorer scorer, Properties streamsProperties) {
        Serde<String> keys = Serdes.String();
        Serde<WorkContribution> contributions = new AvroSerde<>(AvroCodec.of(WorkContribution.class));
        Serde<WorkTally> tallies = new AvroSerde<>(AvroCodec.of(WorkTally.class));

        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsProperties)));
        builder.stream(Topics.SCORED.name(),
                        Consumed.with(keys, new AvroSerde<>(Topics.SCORED.codec())).withName("reviews-scored"))
                .mapValues(scorer::contributionOf, Named.as("contribution"))
                // A null contribution (a retraction) deletes the review from the table.
                .toTable(Named.as("latest-contribution"),
                        Materialized.<String, WorkContribution, KeyValueStore<Bytes, byte[]>>as(REVIEWS_STORE)
                                .withKeySerde(keys).withValueSerde(contributions))
                .groupBy((reviewId, contribution) -> KeyValue.pair(contribution.getWorkKey(), contribution),
                        Grouped.with(BY_WORK, keys, contributions))
                .aggregate(WorkScorer::emptyTally,
                        (workKey, contribution, tally) -> scorer.add(contribution, tally),
                        (workKey, contribution, tally) -> scorer.remove(contribution, tally),
                        Named.as("tally"),
                        Materialized.<String, WorkTally, KeyValueStore<Bytes, byte[]>>as(TALLIES_STORE)
                                .withKeySerde(keys).withValueSerde(tallies))
                .toStream(Named.as("tally-changes"))
                .processValues(() -> new ScoreOfTally(scorer), Named.as("score"))
                .to(Topics.WORK_SCORES.name(),
                        Produced.with(keys, new AvroSerde<>(Topics.WORK_SCORES.codec())).withName("works-scores"));
        return builder.build();
    }

    /**
     * A tally becomes a work score stamped with the time of the change; a removed tally (null)
     * stays null and becomes the work's tombstone. The time is the record's, not the clock's, so a
     * replay after a crash writes the same record again.
     */
    private static final class ScoreOfTally implements FixedKeyProcessor<String, WorkTally, WorkScore> {
        private final WorkScorer scorer;
        private FixedKeyProcessorContext<String, WorkScore> context;

        ScoreOfTally(WorkScorer scorer) {
            this.scorer = scorer;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, WorkScore> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, WorkTally> record) {
            WorkTally tally = record.value();
            context.forward(record.withValue(tally == null ? null
                    : scorer.scoreOf(tally, Instant.ofEpochMilli(record.timestamp()))));
        }
    }
}
