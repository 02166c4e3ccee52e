package io.sharedfs.ve;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.testsupport.ServiceStartsHealthyContract;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import java.util.List;

/** ve-service starts against a real broker and database, migrated and healthy. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class VeServiceStartsHealthyTest extends ServiceStartsHealthyContract {

    @Override
    protected List<String> serviceTables() {
        return List.of("ve", "node", "node_state_history", "node_hook_result", "handled_command", "image_projection",
                "image_customization", "custom_file");
    }
}
