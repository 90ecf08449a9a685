package io.backfill.validator.domain;

import io.backfill.testsupport.architecture.DomainRules;
import org.junit.jupiter.api.Test;

/** If this fails: measure in {@code io.backfill.validator.checks} and hand the domain plain values. */
class DomainIsFrameworkFreeTest {

    @Test
    void domainUsesNoFrameworkWarehouseOrEventTypes() {
        DomainRules.assertFrameworkFree("io.backfill.validator.domain");
    }
}
