package dev.d2l.rnn.tensorflow;

import dev.d2l.rnn.engine.Capability;
import dev.d2l.rnn.engine.EngineContractSuite;
import java.util.EnumSet;
import java.util.Set;

class TensorFlowContractTest extends EngineContractSuite {

    @Override
    protected String engineName() {
        return "TensorFlow";
    }

    @Override
    protected String expectedVersion() {
        return "2.16.1";
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return EnumSet.of(Capability.FLOAT64);
    }
}
