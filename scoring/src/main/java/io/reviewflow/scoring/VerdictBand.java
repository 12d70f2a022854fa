package io.reviewflow.scoring;

/**
 * One band of a verdict scale: every integer score from {@code from} to {@code to}, both
 * inclusive, gets {@code label}.
 *
 * <p>Deliberately unvalidated: a band is only meaningful within its scale, so
 * {@link VerdictScale} checks bounds, labels, gaps and overlaps together and names the scale
 * in its message.
 */
public record VerdictBand(int from, int to, String label) {

    /** {@code 'MEH' (40–59)}, for messages. */
    String describe() {
        return (label == null ? "(no label)" : "'" + label + "'") + " (" + from + "–" + to + ")";
    }
}
