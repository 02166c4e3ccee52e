package io.sharedfs.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * What every sharedfs service promises once started: healthy against its database and the
 * broker, its migrations applied, its API described. Each service's test extends it.
 */
public abstract class ServiceStartsHealthyContract {

    @Test
    void readinessCoversTheDatabaseAndTheBroker() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check"));
    }

    @Test
    void livenessCoversTheOutboxRelay() {
        given().get("/q/health/live").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("sharedfs outbox relay"));
    }

    @Test
    void migrationsOfTheServiceAndTheMessagingModuleAreApplied() throws SQLException {
        List<String> tables = new ArrayList<>();
        Config config = ConfigProvider.getConfig();
        try (Connection connection = DriverManager.getConnection(
                        config.getValue("quarkus.datasource.jdbc.url", String.class),
                        config.getValue("quarkus.datasource.username", String.class),
                        config.getValue("quarkus.datasource.password", String.class));
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertTrue(tables.containsAll(List.of("sharedfs_outbox", "sharedfs_outbox_key", "sharedfs_inbox")), "" + tables);
        assertTrue(tables.containsAll(serviceTables()), "service tables " + serviceTables() + " in " + tables);
    }

    @Test
    void theApiIsDescribedInOpenApi() {
        given().get("/q/openapi").then().statusCode(200);
    }

    /** Tables the service's own migrations create; a service lists them once it has some. */
    protected List<String> serviceTables() {
        return List.of();
    }
}
