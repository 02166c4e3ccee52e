package io.sharedfs.image;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.testsupport.ServiceStartsHealthyContract;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import java.util.List;

/** image-service starts against a real broker and database, migrated and healthy. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class ImageServiceStartsHealthyTest extends ServiceStartsHealthyContract {

    @Override
    protected List<String> serviceTables() {
        return List.of("image", "ve_usage", "node_usage", "customization");
    }
}
