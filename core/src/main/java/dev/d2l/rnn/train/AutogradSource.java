package dev.d2l.rnn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import dev.d2l.rnn.engine.GradientRecording;
import dev.d2l.rnn.model.Step;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Gradients recorded by the engine. Its collectors come from {@link
 * GradientRecording#newGradientCollector}, so trainers on several threads of an engine that records
 * on one thread at a time take turns, one minibatch's forward and backward pass at a time.
 */
final class AutogradSource implements GradientSource {

    private final GradientRecording recording;

    AutogradSource(Engine engine) {
        this.recording = GradientRecording.of(engine);
    }

    @Override
    public <O> Step<O> compute(Objective<O> objective) {
        Map<String, NDArray> parameters = objective.parameters();
        for (NDArray parameter : parameters.values()) {
            if (!parameter.hasGradient()) {
                parameter.setRequiresGradient(true);
            }
        }
        Step<O> forward;
        try (GradientCollector collector = recording.newGradientCollector()) {
            forward = objective.forward();
            zeroRecordedGradients(parameters, forward.gradients().keySet());
            collector.backward(forward.remainder());
        }
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            NDArray written = forward.gradients().get(entry.getKey());
            if (written != null) {
                gradients.put(entry.getKey(), written);
                continue;
            }
            NDArray gradient = entry.getValue().getGradient();
            // The gradient handle would otherwise join the parameter's long-lived manager.
            gradient.attach(forward.loss().getManager());
            gradients.put(entry.getKey(), gradient);
        }
        return new Step<>(forward.loss(), gradients, forward.output());
    }

    /**
     * Zeroes the gradients the backward pass is about to fill: some engines (PyTorch) add new
     * gradients to old ones, and on the others a parameter the pass missed keeps no stale one.
     * Done after the forward pass, which tells which gradients it wrote out itself: those are
     * left alone (on PyTorch, one never recorded would be a new zero array made to be zeroed).
     * ({@code GradientCollector.zeroGradients} reaches only arrays of the engine's system manager.)
     */
    private static void zeroRecordedGradients(Map<String, NDArray> parameters, Set<String> written) {
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            if (!written.contains(entry.getKey())) {
                try (NDArray gradient = entry.getValue().getGradient()) {
                    gradient.muli(0);
                }
            }
        }
    }

    @Override
    public boolean recordsGraph() {
        return true;
    }

    @Override
    public NDArray detach(NDArray array) {
        return array.stopGradient();
    }

    @Override
    public String name() {
        return "autograd";
    }
}
