package dev.d2l.rnn.pytorch;

import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.engine.EngineContractSuite;
import java.util.EnumSet;
import java.util.Set;

class PyTorchContractTest extends EngineContractSuite {

    @Override
    protected String engineName() {
        return "PyTorch";
    }

    @Override
    protected String expectedVersion() {
        return "2.7.1";
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return EnumSet.of(Capability.AUTOGRAD, Capability.ACCUMULATES_GRADIENTS, Capability.FUSED_RECURRENT, Capability.LINEAR, Capability.GATHER, Capability.PICK, Capability.ASSIGN, Capability.ASSIGN_PICKED, Capability.FLOAT64,
                Capability.OPTIMIZER_UPDATES);
    }
}
