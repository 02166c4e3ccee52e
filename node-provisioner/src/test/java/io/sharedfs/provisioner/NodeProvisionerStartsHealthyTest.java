package io.sharedfs.provisioner;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.testsupport.ServiceStartsHealthyContract;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import java.util.List;

/** node-provisioner starts against a real broker and database, migrated and healthy. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class NodeProvisionerStartsHealthyTest extends ServiceStartsHealthyContract {

    @Override
    protected List<String> serviceTables() {
        return List.of("job", "node_record", "image_on_host");
    }
}
