package io.reviewflow.testkit.guarantees;

import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** One instance of a pipeline's services running in this JVM, as a scenario's faults see it. */
public final class PipelineInstance implements AutoCloseable {

    private final List<StageService<?>> stages;

    private PipelineInstance(List<StageService<?>> stages) {
        this.stages = List.copyOf(stages);
    }

    /** Creates every service's stages with {@code settingsOf} the service and starts them in flow order. */
    static PipelineInstance start(List<PipelineUnderTest.Service> services,
                                  Function<PipelineUnderTest.Service, StageSettings> settingsOf) {
        List<StageService<?>> stages = new ArrayList<>();
        for (PipelineUnderTest.Service service : services) {
            stages.addAll(service.stages().apply(settingsOf.apply(service)));
        }
        return started(stages);
    }

    /** Starts stages already created (a scenario that listens to one of them creates them itself). */
    static PipelineInstance started(List<StageService<?>> stages) {
        stages.forEach(StageService::start);
        return new PipelineInstance(stages);
    }

    /** Its stages in flow order. */
    public List<StageService<?>> stages() {
        return stages;
    }

    /** The stage named {@code name} (the name its loop logs and its groups carry). */
    public StageService<?> stage(String name) {
        return stages.stream().filter(stage -> stage.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage " + name + " among " + stages));
    }

    /** Fails, naming it and how it ended, if any stage has stopped: a fault must be ridden out, not survived by dying. */
    public void assertRunning() {
        for (StageService<?> stage : stages) {
            if (stage.termination().isDone()) {
                throw new AssertionError(stage.name() + " stopped: " + stage.termination());
            }
        }
    }

    /** Stops downstream first, so nothing upstream writes into a stage that is already gone. */
    @Override
    public void close() {
        for (int i = stages.size() - 1; i >= 0; i--) {
            stages.get(i).stop();
        }
    }
}
