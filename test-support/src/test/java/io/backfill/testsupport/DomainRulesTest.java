package io.backfill.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backfill.testsupport.architecture.DomainRules;
import org.junit.jupiter.api.Test;

class DomainRulesTest {

    @Test
    void refusesADomainPackageThatUsesJdbcAndNamesTheDependency() {
        assertThatThrownBy(() -> DomainRules.assertFrameworkFree("io.backfill.testsupport.postgres"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("java.sql");
    }

    @Test
    void acceptsAPackageFreeOfThoseFrameworks() {
        DomainRules.assertFrameworkFree("io.backfill.testsupport.architecture");
    }
}
