package dev.d2l.rnn.sequence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.d2l.rnn.model.Step;
import dev.d2l.rnn.train.BpttObjective;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One minibatch's objective for the {@link Mlp}: the sum of squared errors, as d2l's
 * {@code MSELoss(reduction='none')} followed by {@code l.sum().backward()}. Its written-out
 * backward pass (BPTT over a network without time steps: plain backpropagation) lets engines
 * without autograd (TensorFlow) train.
 */
final class SquaredError implements BpttObjective<Void> {

    private final Mlp net;
    private final NDArray x;
    private final NDArray y;

    /** @param x rows (n, tau) and y labels (n, 1), both in the current minibatch scope */
    SquaredError(Mlp net, NDArray x, NDArray y) {
        this.net = net;
        this.x = x;
        this.y = y;
    }

    @Override
    public Map<String, NDArray> parameters() {
        return net.parameters();
    }

    @Override
    public Step<Void> forward() {
        return Step.forward(net.forward(x).sub(y).square().sum(), null);
    }

    /**
     * With z = x W1 + b1, h = relu(z), out = h W2 + b2 and L = sum (out - y)^2:
     * dOut = 2 (out - y); dW2 = h^T dOut; db2 = sum_rows dOut; dz = (dOut W2^T) * [z > 0];
     * dW1 = x^T dz; db1 = sum_rows dz.
     */
    @Override
    public Step<Void> bptt() {
        NDArray z = net.preActivation(x);
        NDArray h = Mlp.relu(z);
        NDArray residual = net.output(h).sub(y);
        NDArray loss = residual.square().sum();
        NDArray dOut = residual.mul(2f);
        NDArray w2 = net.parameters().get(Mlp.W2);
        // TensorFlow never promotes types: the boolean mask becomes float before the product.
        NDArray dz = dOut.matMul(w2.transpose()).mul(z.gt(0f).toType(DataType.FLOAT32, false));
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        gradients.put(Mlp.W1, x.transpose().matMul(dz));
        gradients.put(Mlp.B1, dz.sum(new int[] {0}));
        gradients.put(Mlp.W2, h.transpose().matMul(dOut));
        gradients.put(Mlp.B2, dOut.sum(new int[] {0}));
        return new Step<>(loss, gradients, null);
    }
}
