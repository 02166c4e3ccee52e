package io.sharedfs.ve;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.testsupport.ServiceStartsHealthyContract;
import io.sharedfs.testsupport.SharedfsInfrastructure;

/** ve-service starts against a real broker and database, migrated and healthy. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class VeServiceStartsHealthyTest extends ServiceStartsHealthyContract {
}
