package io.sharedfs.exporter.apply;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while the apply thread runs. A failing apply does not make the service unhealthy (a
 * restart would not fix a bad directory); it is in {@code GET /exports} and in ExportsApplyFailed.
 */
@Liveness
@ApplicationScoped
public class ApplyWorkerHealthCheck implements HealthCheck {

    private final ApplyWorker worker;

    public ApplyWorkerHealthCheck(ApplyWorker worker) {
        this.worker = worker;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("sharedfs exports apply worker").status(worker.isAlive()).build();
    }
}
