package dev.d2l.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's Javadoc rule, over every module's main sources: each package has a
 * {@code package-info.java} with a comment, and every public or protected class, constructor,
 * method and field of an exported type has one. (Javadoc's doclint checks syntax, HTML and
 * {@code {@link}} targets in the build; its "missing" group would also demand {@code @param}
 * and {@code @return} on every method, which this project leaves to judgement.)
 */
class JavadocCoverageTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void everyPackageHasADocumentedPackageInfo() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path sources : sourceRoots()) {
            try (Stream<Path> files = Files.walk(sources)) {
                Set<Path> packages = files.filter(f -> f.toString().endsWith(".java"))
                        .map(Path::getParent)
                        .collect(Collectors.toCollection(TreeSet::new));
                for (Path dir : packages) {
                    Path info = dir.resolve("package-info.java");
                    if (!Files.isRegularFile(info) || !Files.readString(info, StandardCharsets.UTF_8).contains("/**")) {
                        missing.add(ROOT.relativize(dir).toString());
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "packages without a documented package-info.java");
    }

    @Test
    void everyPublicElementHasAComment() throws IOException {
        List<String> undocumented = new ArrayList<>();
        for (Path sources : sourceRoots()) {
            undocumented.addAll(undocumented(sources));
        }
        assertEquals(List.of(), undocumented, "public or protected elements without a Javadoc comment");
    }

    @Test
    void findsEveryModulesSources() throws IOException {
        List<String> roots = sourceRoots().stream().map(p -> ROOT.relativize(p).toString().replace('\\', '/')).toList();
        assertTrue(roots.contains("core/src/main/java"), roots.toString());
        assertTrue(roots.contains("examples/src/main/java"), roots.toString());
        assertFalse(roots.stream().noneMatch(r -> r.startsWith("engines/")), roots.toString());
    }

    @Test
    void reportsWhatIsUndocumented(@TempDir Path sources) throws IOException {
        Path dir = Files.createDirectories(sources.resolve("p"));
        Files.writeString(dir.resolve("A.java"), String.join("\n",
                "package p;",
                "/** Documented. */",
                "public class A {",
                "    public int bare;",
                "    /** Documented. */",
                "    public A() {}",
                "    public void run() {}",
                "    void hidden() {}",
                "    @Override public String toString() { return \"\"; }",
                "    /** Documented. */",
                "    public interface Inner { void implicit(); }",
                "    private static class Hidden { public void invisible() {} }",
                "}",
                "class PackagePrivate { public void invisible() {} }"));
        List<String> found = undocumented(sources).stream().map(s -> s.substring(s.indexOf(':') + 1)).toList();
        assertEquals(List.of("4 bare", "7 run()", "11 implicit()"), found);
    }

    private static List<Path> sourceRoots() throws IOException {
        try (Stream<Path> dirs = Files.walk(ROOT, 5)) {
            return dirs.filter(d -> d.endsWith(Path.of("src", "main", "java")) && Files.isDirectory(d))
                    .sorted()
                    .toList();
        }
    }

    private static List<String> undocumented(Path sources) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8);
                Stream<Path> walk = Files.walk(sources)) {
            List<Path> javaFiles = walk.filter(f -> f.toString().endsWith(".java")).sorted().toList();
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(javaFiles);
            JavacTask task = (JavacTask) compiler.getTask(null, files, null, List.of("-proc:none"), null, units);
            DocTrees docs = DocTrees.instance(task);
            List<String> found = new ArrayList<>();
            for (CompilationUnitTree unit : task.parse()) {
                new TreePathScanner<Void, Void>() {
                    private final List<ClassTree> enclosing = new ArrayList<>();

                    @Override
                    public Void visitClass(ClassTree type, Void unused) {
                        check(type.getModifiers(), type.getSimpleName().toString());
                        enclosing.add(type);
                        try {
                            return exported() ? super.visitClass(type, unused) : null;
                        } finally {
                            enclosing.remove(enclosing.size() - 1);
                        }
                    }

                    @Override
                    public Void visitMethod(MethodTree method, Void unused) {
                        boolean overrides = method.getModifiers().getAnnotations().stream()
                                .anyMatch(a -> a.getAnnotationType().toString().equals("Override"));
                        if (!overrides) {
                            check(method.getModifiers(), method.getName() + "()");
                        }
                        return null;
                    }

                    @Override
                    public Void visitVariable(VariableTree field, Void unused) {
                        check(field.getModifiers(), field.getName().toString());
                        return null;
                    }

                    private boolean exported() {
                        return enclosing.stream().allMatch(t -> visible(t.getModifiers(), t));
                    }

                    private boolean visible(ModifiersTree modifiers, Tree element) {
                        Set<Modifier> flags = modifiers.getFlags();
                        if (flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED)) {
                            return true;
                        }
                        ClassTree owner = enclosing.isEmpty() || enclosing.get(enclosing.size() - 1) == element
                                ? null : enclosing.get(enclosing.size() - 1);
                        boolean inInterface = owner != null && (owner.getKind() == Tree.Kind.INTERFACE
                                || owner.getKind() == Tree.Kind.ANNOTATION_TYPE);
                        return inInterface && !flags.contains(Modifier.PRIVATE);
                    }

                    private void check(ModifiersTree modifiers, String name) {
                        TreePath path = getCurrentPath();
                        Tree element = path.getLeaf();
                        if (exported() && visible(modifiers, element) && docs.getDocCommentTree(path) == null) {
                            long line = unit.getLineMap().getLineNumber(docs.getSourcePositions().getStartPosition(unit, element));
                            found.add(sources.relativize(Path.of(unit.getSourceFile().toUri())) + ":" + line + " " + name);
                        }
                    }
                }.scan(unit, null);
            }
            return found;
        }
    }
}
