package dev.d2l.rnn;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/** The rules of core's layout, over its main classes: they fail the build when broken. */
@AnalyzeClasses(packages = "dev.d2l.rnn", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Every package is a slice of its own, dev.d2l.rnn itself included. */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return SliceIdentifier.of(javaClass.getPackageName());
        }

        @Override
        public String getDescription() {
            return "core's packages";
        }
    };

    @ArchTest
    static final ArchRule packagesFormNoCycles = slices().assignedFrom(PACKAGES).should().beFreeOfCycles();

    @ArchTest
    static final ArchRule coreKnowsNoEngine = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "ai.djl.pytorch..", "ai.djl.mxnet..", "ai.djl.tensorflow..",
                    "dev.d2l.rnn.pytorch..", "dev.d2l.rnn.mxnet..", "dev.d2l.rnn.tensorflow..")
            .because("differences between engines go through measured capabilities (engine.Capabilities)");

    @ArchTest
    static final ArchRule onlyThePlotPackageDrawsCharts = noClasses()
            .that().resideOutsideOfPackage("dev.d2l.rnn.plot")
            .should().dependOnClassesThat().resideInAPackage("org.knowm.xchart..")
            .because("plotting, and with it XChart, lives in dev.d2l.rnn.plot");
}
