package io.reviewflow.domain;

import java.util.Objects;
import java.util.function.Function;

/**
 * The result of a domain step: either a value or the {@link Problem} that stopped it.
 * Domain code returns outcomes instead of throwing, so that every input ends as one or the other.
 */
public sealed interface Outcome<T> permits Outcome.Accepted, Outcome.Rejected {

    static <T> Outcome<T> accepted(T value) {
        return new Accepted<>(value);
    }

    static <T> Outcome<T> rejected(Problem problem) {
        return new Rejected<>(problem);
    }

    static <T> Outcome<T> rejected(RejectionReason reason, String message) {
        return new Rejected<>(Problem.of(reason, message));
    }

    /** Applies {@code next} to an accepted value; a rejection passes through unchanged. */
    default <R> Outcome<R> then(Function<? super T, Outcome<R>> next) {
        if (this instanceof Accepted<T> accepted) {
            return next.apply(accepted.value());
        }
        return new Rejected<>(((Rejected<T>) this).problem());
    }

    record Accepted<T>(T value) implements Outcome<T> {
        public Accepted {
            Objects.requireNonNull(value, "value");
        }
    }

    record Rejected<T>(Problem problem) implements Outcome<T> {
        public Rejected {
            Objects.requireNonNull(problem, "problem");
        }
    }
}
