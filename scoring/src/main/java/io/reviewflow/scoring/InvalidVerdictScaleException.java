package io.reviewflow.scoring;

/**
 * A verdict scale that cannot be used: bands that leave scores uncovered or overlap, a blank
 * label, an unknown preset, or a scale file that cannot be read. Unchecked because it is a
 * configuration error, found once at start-up, that no caller can recover from but by fixing
 * the configuration; the message names the problem precisely enough to do that.
 */
public final class InvalidVerdictScaleException extends RuntimeException {

    public InvalidVerdictScaleException(String message) {
        super(message);
    }

    public InvalidVerdictScaleException(String message, Throwable cause) {
        super(message, cause);
    }
}
