import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a runnable jar holds the natives of one platform, and of no other, for the
 * engines it should have: {@code java .ci/CheckNatives.java JAR PLATFORM [ENGINE...]}, engines
 * as lower-case names, by default every engine that publishes natives for the platform. The expected classifiers are those Maven Central publishes (DJL 0.36.0,
 * TF-Java 1.0.0-rc.1), written down here independently of the POM.
 */
public class CheckNatives {

    /** Per platform: PyTorch's and MXNet's classifier (DJL's names) and TF-Java's; null: none published. */
    private static final Map<String, String[]> PUBLISHED = Map.of(
            "linux-x86_64", new String[] {"linux-x86_64", "linux-x86_64", "linux-x86_64"},
            "linux-aarch64", new String[] {"linux-aarch64", null, null},
            "osx-aarch64", new String[] {"osx-aarch64", null, "macosx-arm64"},
            "osx-x86_64", new String[] {null, "osx-x86_64", "macosx-x86_64"},
            "windows-x86_64", new String[] {"win-x86_64", "win-x86_64", "windows-x86_64"});

    private static final String LIBRARY = "[^/]+\\.(so(\\.\\d+)*|dylib|dll)";

    public static void main(String[] args) throws IOException {
        String jarPath = args[0];
        String platform = args[1];
        String[] published = PUBLISHED.get(platform);
        if (published == null) {
            throw new IllegalArgumentException("unknown platform " + platform + "; known: " + PUBLISHED.keySet());
        }
        Set<String> engines = new TreeSet<>(List.of(args).subList(2, args.length));
        if (engines.isEmpty()) {
            String[] names = {"pytorch", "mxnet", "tensorflow"};
            for (int i = 0; i < names.length; i++) {
                if (published[i] != null) {
                    engines.add(names[i]);
                }
            }
        }
        List<String> problems = new ArrayList<>();
        try (JarFile jar = new JarFile(jarPath)) {
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            expect(problems, "PyTorch natives", folders(names, "pytorch/cpu/([^/]+)/" + LIBRARY),
                    engines.contains("pytorch") ? published[0] : null);
            expect(problems, "PyTorch JNI", folders(names, "jnilib/([^/]+)/[^/]+/" + LIBRARY),
                    engines.contains("pytorch") ? published[0] : null);
            expect(problems, "TensorFlow natives", folders(names, "org/tensorflow/internal/c_api/([^/]+)/" + LIBRARY),
                    engines.contains("tensorflow") ? published[2] : null);
            Set<String> mxnet = new TreeSet<>();
            if (jar.getEntry("native/lib/mxnet.properties") != null) {
                mxnet.add(property(jar, "native/lib/mxnet.properties", "classifier").replaceFirst("^mkl-", ""));
            }
            expect(problems, "MXNet natives", mxnet, engines.contains("mxnet") ? published[1] : null);
            String extension = platform.startsWith("windows") ? ".dll" : platform.startsWith("osx") ? ".dylib" : ".so";
            names.stream()
                    .filter(n -> n.startsWith("native/lib/") && !n.endsWith("/") && !n.endsWith(".properties"))
                    .filter(n -> !n.contains(extension))
                    .forEach(n -> problems.add("a native library of another platform: " + n));
            Map<String, String> byEngine = new HashMap<>();
            byEngine.put("PyTorch", published[0]);
            byEngine.put("MXNet", published[1]);
            byEngine.put("TensorFlow", published[2]);
            checkRecord(jar, problems, byEngine,
                    name -> engines.contains(name.toLowerCase()));
            if (jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name") == null) {
                problems.add("no Automatic-Module-Name in the manifest");
            }
        }
        if (!problems.isEmpty()) {
            System.err.println(jarPath + " (" + platform + ", " + engines + "):");
            problems.forEach(p -> System.err.println("  " + p));
            System.exit(1);
        }
        System.out.println(jarPath + ": the " + platform + " natives of " + engines + " and no others");
    }

    private static void expect(List<String> problems, String what, Set<String> found, String classifier) {
        Set<String> expected = classifier == null ? Set.of() : Set.of(classifier);
        if (!found.equals(expected)) {
            problems.add(what + ": found " + found + ", expected " + expected);
        }
    }

    private static Set<String> folders(List<String> names, String regex) {
        Pattern pattern = Pattern.compile(regex);
        Set<String> found = new TreeSet<>();
        for (String name : names) {
            Matcher m = pattern.matcher(name);
            if (m.matches()) {
                found.add(m.group(1));
            }
        }
        return found;
    }

    /** The engine modules' record of what they bundled, which {@code d2l engines} reads. */
    private static void checkRecord(JarFile jar, List<String> problems, Map<String, String> published,
            Function<String, Boolean> bundled) throws IOException {
        Properties record = new Properties();
        try (InputStream in = jar.getInputStream(jar.getEntry("META-INF/d2l-rnn/natives.properties"))) {
            record.load(in);
        }
        for (Map.Entry<String, String> engine : published.entrySet()) {
            String leftOut = record.getProperty(engine.getKey() + ".left-out");
            if (leftOut != null && Boolean.parseBoolean(leftOut) != (engine.getValue() == null)) {
                problems.add("natives.properties says " + engine.getKey() + ".left-out=" + leftOut);
            }
            if (bundled.apply(engine.getKey()) && leftOut == null) {
                problems.add("natives.properties has no line for " + engine.getKey());
            }
        }
    }

    private static String property(JarFile jar, String entry, String key) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
            properties.load(in);
        }
        return properties.getProperty(key, "");
    }
}
