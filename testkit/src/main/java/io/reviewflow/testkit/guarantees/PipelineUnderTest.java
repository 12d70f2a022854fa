package io.reviewflow.testkit.guarantees;

import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import io.reviewflow.runtime.TopicSpec;
import java.util.List;
import java.util.function.Function;

/**
 * A pipeline on our loop, described for the {@link GuaranteeSuite}: its topics, its services (each
 * runnable in this JVM or as a process of its own) and its seeded load with its judge. The suite
 * does the rest: starts, kills, pauses and replaces the services, faults the brokers, and checks.
 */
public interface PipelineUnderTest {

    /** Creates every topic the pipeline needs, {@code partitions} each, if missing. */
    void provision(KafkaSettings kafka, int partitions);

    /**
     * The topics its records flow through, its input first: the suite writes poison to the input,
     * looks for the busiest partition among them, and describes their transactions on a failure.
     */
    List<TopicSpec<?>> flowTopics();

    /** Its services in flow order. */
    List<Service> services();

    /** A fresh load of {@code size} records drawn from {@code seed}, under a run id that starts with {@code runId}. */
    Load load(String runId, long seed, int size);

    /** This pipeline with {@code replacement} in place of its service of the same name: a decorated or broken stage. */
    default PipelineUnderTest with(Service replacement) {
        PipelineUnderTest original = this;
        return new PipelineUnderTest() {
            @Override
            public void provision(KafkaSettings kafka, int partitions) {
                original.provision(kafka, partitions);
            }

            @Override
            public List<TopicSpec<?>> flowTopics() {
                return original.flowTopics();
            }

            @Override
            public List<Service> services() {
                return original.services().stream()
                        .map(service -> service.name().equals(replacement.name()) ? replacement : service).toList();
            }

            @Override
            public Load load(String runId, long seed, int size) {
                return original.load(runId, seed, size);
            }
        };
    }

    /**
     * One deployable service: as a process, {@code java -cp <this class path> COMMAND... --bootstrap-server ...
     * --instance-id ... --partitions ... --http-port off [--property k=v]}, the options every service on our
     * loop takes; in this JVM, the stage services it runs, created from one instance's settings, not started.
     */
    record Service(String name, List<String> command, Function<StageSettings, List<StageService<?>>> stages) {

        public Service {
            command = List.copyOf(command);
        }

        /** A service that runs one stage, started by {@code mainClass}. */
        public static Service ofStage(String name, String mainClass, Function<StageSettings, StageService<?>> stage) {
            return new Service(name, List.of(mainClass), settings -> List.of(stage.apply(settings)));
        }
    }
}
