package io.sharedfs.provisioner;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.testsupport.ServiceStartsHealthyContract;
import io.sharedfs.testsupport.SharedfsInfrastructure;

/** node-provisioner starts against a real broker and database, migrated and healthy. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class NodeProvisionerStartsHealthyTest extends ServiceStartsHealthyContract {
}
