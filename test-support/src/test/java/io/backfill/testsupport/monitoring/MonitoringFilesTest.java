package io.backfill.testsupport.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.testsupport.monitoring.MonitoringFiles.Exporter;
import org.junit.jupiter.api.Test;

/**
 * The shipped Prometheus rules and Grafana dashboard parse, and every metric they name belongs to a
 * service; the services' own ITs check the names against their real scrapes (PlannerServiceIT,
 * ExecutorServiceIT).
 */
class MonitoringFilesTest {

    final MonitoringFiles files = MonitoringFiles.ofRepository();

    @Test
    void bothFilesParseAndNameOnlyMetricsOfKnownExporters() {
        assertThat(files.ruleExpressions()).isNotEmpty().doesNotContainValue("null");
        assertThat(files.dashboardExpressions())
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e).isNotBlank());
        assertThat(files.metricNames())
                .isNotEmpty()
                .allSatisfy(name ->
                        assertThat(MonitoringFiles.exporterOf(name)).as(name).isNotEqualTo(Exporter.UNKNOWN));
        assertThat(files.metricNames(Exporter.PLANNER)).contains("backfill_projected_lateness_seconds");
        assertThat(files.metricNames(Exporter.EXECUTOR)).contains("backfill_executor_admitted_budget");
    }

    @Test
    void pullsMetricNamesOutOfPromqlLeavingFunctionsLabelsAndDurationsOut() {
        assertThat(MonitoringFiles.metricsIn(
                        "sum by (outcome) (increase(backfill_alert_webhook_total{outcome=\"gave_up\"}[15m])) > 0"))
                .containsExactly("backfill_alert_webhook_total");
        assertThat(MonitoringFiles.metricsIn("max by (backfill) (a_metric) > 0 and on(x) b_metric < 1e3"))
                .containsExactly("a_metric", "b_metric");
        assertThat(MonitoringFiles.metricsIn("label_values(backfill_phases_planned, backfill)"))
                .containsExactly("backfill_phases_planned");
    }

    @Test
    void readsSampleNamesOfAScrape() {
        String scrape = "# HELP x_total a\n# TYPE x_total counter\nx_total{a=\"b\"} 1.0\ny 2\n\n";
        assertThat(MonitoringFiles.scrapedNames(scrape)).containsExactly("x_total", "y");
    }
}
