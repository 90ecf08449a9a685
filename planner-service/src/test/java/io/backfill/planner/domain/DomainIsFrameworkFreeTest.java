package io.backfill.planner.domain;

import io.backfill.testsupport.architecture.DomainRules;
import org.junit.jupiter.api.Test;

/**
 * Keeps the planner's rules plain Java (STYLE.md). If this fails: map Kafka, Avro, JDBC or Quarkus types
 * in the {@code messaging}, {@code warehouse} or {@code api} package and hand the domain plain values.
 */
class DomainIsFrameworkFreeTest {

    @Test
    void domainUsesNoFrameworkWarehouseOrEventTypes() {
        DomainRules.assertFrameworkFree("io.backfill.planner.domain");
    }
}
