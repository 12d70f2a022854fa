package io.reviewflow.publish;

/**
 * The colour bands of the score badge. Colour follows the 0–100 display score, not the verdict label, so
 * that a badge looks the same whichever verdict scale named it (the bands match the house scale's).
 */
enum ScoreBand {
    BAND_0_19(0, 19),
    BAND_20_39(20, 39),
    BAND_40_59(40, 59),
    BAND_60_74(60, 74),
    BAND_75_89(75, 89),
    BAND_90_100(90, 100);

    private static final ScoreBand[] BY_SCORE = new ScoreBand[101];

    static {
        for (ScoreBand band : values()) {
            for (int score = band.low; score <= band.high; score++) {
                BY_SCORE[score] = band;
            }
        }
    }

    private final int low;
    private final int high;
    private final String cssClass;

    ScoreBand(int low, int high) {
        this.low = low;
        this.high = high;
        this.cssClass = "band-" + low + "-" + high;
    }

    static ScoreBand of(int displayScore) {
        if (displayScore < 0 || displayScore > 100) {
            throw new IllegalArgumentException("display score out of [0, 100]: " + displayScore);
        }
        return BY_SCORE[displayScore];
    }

    /** The CSS class the templates colour by, e.g. {@code band-60-74}. */
    String cssClass() {
        return cssClass;
    }
}
