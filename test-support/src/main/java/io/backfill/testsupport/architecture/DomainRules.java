package io.backfill.testsupport.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The architecture rule every service keeps (STYLE.md): its {@code domain} package is plain Java, so the
 * rules that matter (splitting, scheduling, rate control, check math) are tested fast and stay portable.
 * Call {@link #assertFrameworkFree(String)} from a test in each module.
 */
public final class DomainRules {

    private static final String[] FRAMEWORKS = {
        "org.apache.kafka..",
        "io.quarkus..",
        "jakarta..",
        "io.smallrye..",
        "org.apache.avro..",
        "io.apicurio..",
        "java.sql..",
        "javax.sql..",
        "io.backfill.events..",
        "io.backfill.messaging..",
        "io.backfill.warehouse.."
    };

    private DomainRules() {}

    /** Fails, naming each offending dependency, if a class in {@code domainPackage} uses a framework. */
    public static void assertFrameworkFree(String domainPackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(domainPackage);
        ArchRule rule = noClasses()
                .that()
                .resideInAPackage(domainPackage + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FRAMEWORKS)
                .because("the domain holds the rules in plain Java; map Kafka, Avro, JDBC and Quarkus types"
                        + " at the edges (messaging, warehouse, api packages) instead");
        rule.check(classes);
    }
}
