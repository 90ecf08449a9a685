package io.backfill.planner.dashboard;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code /dashboard} redirects to {@code /dashboard/}, where Quarkus serves the page's
 * {@code index.html}: the page's relative links ({@code app.js}, {@code dashboard.css}) resolve only
 * under the trailing slash.
 */
@ApplicationScoped
public class DashboardRoutes {

    void routes(@Observes Router router) {
        router.routeWithRegex("^/dashboard$").handler(context -> context.redirect("/dashboard/"));
    }
}
