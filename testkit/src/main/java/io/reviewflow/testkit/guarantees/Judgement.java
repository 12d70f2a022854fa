package io.reviewflow.testkit.guarantees;

import java.util.List;

/**
 * What a {@link Load}'s judge found once the pipeline had drained: a one-line summary for the
 * {@code RELIABILITY} line, and every broken promise with examples (none when the guarantee held).
 */
public record Judgement(String summary, List<String> failures) {

    public Judgement {
        failures = List.copyOf(failures);
    }

    public boolean holds() {
        return failures.isEmpty();
    }

    @Override
    public String toString() {
        return holds() ? summary : String.join("\n", failures);
    }
}
