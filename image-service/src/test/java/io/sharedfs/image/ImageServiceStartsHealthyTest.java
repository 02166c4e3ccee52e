package io.sharedfs.image;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.testsupport.ServiceStartsHealthyContract;
import io.sharedfs.testsupport.SharedfsInfrastructure;

/** image-service starts against a real broker and database, migrated and healthy. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class ImageServiceStartsHealthyTest extends ServiceStartsHealthyContract {
}
