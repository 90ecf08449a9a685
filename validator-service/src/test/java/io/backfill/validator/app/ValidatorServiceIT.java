package io.backfill.validator.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.backfill.testsupport.quarkus.KafkaAndRegistryTestResource;
import io.backfill.testsupport.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The packaged application boots against a real broker, registry and PostgreSQL, and reports itself. */
@QuarkusTest
@WithTestResource(KafkaAndRegistryTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ValidatorServiceIT {

    @Test
    void isReadyWhenBrokerRegistryAndWarehouseAreUp() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks[0].data.kafka", equalTo(true))
                .body("checks[0].data.warehouse", equalTo(true));
    }

    @Test
    void exposesPrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}
