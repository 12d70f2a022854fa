package io.reviewflow.benchmarks.pipeline;

import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.runtime.Emitter;
import io.reviewflow.runtime.SourcePosition;
import io.reviewflow.runtime.Stage;
import io.reviewflow.runtime.TopicSpec;

/**
 * The ceiling's hop: forwards the decoded submission, unchanged, to the next topic under the same
 * key. StageService always decodes its input with the topic's codec, so the least work the API
 * allows is one Avro decode and one encode of the ~3 KiB submission per hop; no parsing, scoring,
 * rendering, state store or rejection. Every hop's records are therefore submission-sized, smaller
 * than reviewflow's (an ingested review carries the parsed review too, a published one its renderings).
 */
final class IdentityStage implements Stage<ReviewSubmission> {

    private final String name;
    private final TopicSpec<ReviewSubmission> input;
    private final TopicSpec<ReviewSubmission> output;

    IdentityStage(String name, TopicSpec<ReviewSubmission> input, TopicSpec<ReviewSubmission> output) {
        this.name = name;
        this.input = input;
        this.output = output;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TopicSpec<ReviewSubmission> input() {
        return input;
    }

    @Override
    public ReviewSubmission originalOf(ReviewSubmission input) {
        return input;
    }

    @Override
    public void process(ReviewSubmission input, SourcePosition source, Emitter out) {
        out.send(output, source.key(), input);
    }
}
