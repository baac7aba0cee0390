package dev.d2l.rnn.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** What the build wrote into the jar: the project's version and the platform whose natives it bundles. */
final class BuildInfo implements IVersionProvider {

    private static final String RESOURCE = "build.properties";

    private final Properties properties = new Properties();

    BuildInfo() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing beside " + BuildInfo.class.getName()
                        + ": this class path was not made by the project's build");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    String version() {
        return properties.getProperty("version");
    }

    String platform() {
        return properties.getProperty("platform");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"d2l-rnn " + version() + " (natives for " + platform() + ")"};
    }
}
