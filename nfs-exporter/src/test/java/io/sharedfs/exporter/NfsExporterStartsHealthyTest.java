package io.sharedfs.exporter;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.testsupport.ServiceStartsHealthyContract;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** nfs-exporter starts against a real broker and database, migrated and healthy, its apply thread running. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class NfsExporterStartsHealthyTest extends ServiceStartsHealthyContract {

    @Override
    protected List<String> serviceTables() {
        return List.of("export_state", "export_node", "export_deleted_image");
    }

    @Test
    void livenessCoversTheApplyWorker() {
        given().get("/q/health/live").then()
                .statusCode(200)
                .body("checks.name", hasItem("sharedfs exports apply worker"));
    }
}
