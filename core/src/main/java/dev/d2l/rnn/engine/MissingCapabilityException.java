package dev.d2l.rnn.engine;

/** Something was asked of an engine that the capability probe found it cannot do. */
public class MissingCapabilityException extends UnsupportedOperationException {

    private static final long serialVersionUID = 1L;

    private final String engineName;
    private final Capability capability;

    MissingCapabilityException(String engineName, String engineVersion, Capability capability, String hint) {
        super(engineName + " " + engineVersion + " cannot " + capability.description()
                + (hint == null || hint.isEmpty() ? "" : "; " + hint));
        this.engineName = engineName;
        this.capability = capability;
    }

    /** The engine that lacks the capability. */
    public String engineName() {
        return engineName;
    }

    /** The capability it lacks. */
    public Capability capability() {
        return capability;
    }
}
