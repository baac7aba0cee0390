package dev.d2l.rnn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;

/** Gradients recorded by the engine. */
final class AutogradSource implements GradientSource {

    private final Engine engine;

    AutogradSource(Engine engine) {
        this.engine = engine;
    }

    @Override
    public <O> Step<O> compute(Objective<O> objective) {
        Map<String, NDArray> parameters = objective.parameters();
        for (NDArray parameter : parameters.values()) {
            if (parameter.hasGradient()) {
                // Some engines (PyTorch) add new gradients to old ones: start from zero every time.
                // (GradientCollector.zeroGradients only reaches arrays of the engine's system manager.)
                try (NDArray gradient = parameter.getGradient()) {
                    gradient.muli(0);
                }
            } else {
                parameter.setRequiresGradient(true);
            }
        }
        Objective.Forward<O> forward;
        try (GradientCollector collector = engine.newGradientCollector()) {
            forward = objective.forward();
            collector.backward(forward.loss());
        }
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            NDArray gradient = entry.getValue().getGradient();
            // The gradient handle would otherwise join the parameter's long-lived manager.
            gradient.attach(forward.loss().getManager());
            gradients.put(entry.getKey(), gradient);
        }
        return new Step<>(forward.loss().getFloat(), gradients, forward.output());
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
