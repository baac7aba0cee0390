package dev.d2l.rnn.mxnet;

import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.engine.EngineContractSuite;
import java.util.EnumSet;
import java.util.Set;

class MXNetContractTest extends EngineContractSuite {

    @Override
    protected String engineName() {
        return "MXNet";
    }

    @Override
    protected String expectedVersion() {
        return "1.9.0";
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return EnumSet.of(Capability.AUTOGRAD, Capability.CONCURRENT_AUTOGRAD, Capability.FUSED_RECURRENT,
                Capability.LINEAR, Capability.GATHER, Capability.PICK, Capability.ASSIGN, Capability.FLOAT64, Capability.OPTIMIZER_UPDATES);
    }
}
