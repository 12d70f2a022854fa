package io.reviewflow.domain;

/** The kind of scale a raw score was recognised as. */
public enum ScoreScale {
    /** {@code 60%}. */
    PERCENT,
    /** {@code 7.5/10}, {@code 7,5 out of 10}: a value over an explicit maximum. */
    FRACTION,
    /** {@code ★★★½}, {@code 3.5 stars}, {@code 4/5 stars}: out of five stars. */
    STARS,
    /** {@code B+}: a letter grade. */
    LETTER,
    /** {@code thumbs up} / {@code thumbs down}. */
    THUMBS
}
