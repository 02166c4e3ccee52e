package io.sharedfs.image.api;

import static io.sharedfs.image.TestCustomizations.awaitStatus;
import static io.sharedfs.image.TestCustomizations.customized;
import static io.sharedfs.image.TestCustomizations.failedAnswer;
import static io.sharedfs.image.TestCustomizations.readyImage;
import static io.sharedfs.image.TestImages.get;
import static io.sharedfs.image.TestImages.minimal;
import static io.sharedfs.image.TestImages.operator;
import static io.sharedfs.image.TestImages.problem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.testsupport.TestEvents;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** With two storage hosts configured, an image with a live customization cannot move to the other one. */
@QuarkusTest
@TestProfile(LiveCustomizationsKeepTheImageOnItsStorageHostTest.TwoStorageHosts.class)
@WithTestResource(SharedfsInfrastructure.class)
class LiveCustomizationsKeepTheImageOnItsStorageHostTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void anImageWithALiveCustomizationCannotChangeItsStorageHostUntilItIsHistory() {
        Map<String, Object> body = minimal();
        body.put("storageHost", "localhost");
        String image = readyImage(kafka, body);
        String id = customized(image, "/etc/crontab", "VE");

        problem(operator().body(Map.of("storageHost", "nfs2")).patch("/images/{id}", image).then(),
                409, "storageHost", "no-live-customizations")
                .body("detail", containsString(id));
        assertEquals("localhost", get(image).getString("storageHost"));

        TestEvents.publish(kafka, failedAnswer(image, id, "/etc/crontab", false, "no such file"));
        awaitStatus(image, id, "FAILED");
        operator().body(Map.of("storageHost", "nfs2")).patch("/images/{id}", image).then().statusCode(200)
                .body("storageHost", equalTo("nfs2"));
    }

    /** Two storage hosts, so an image can be moved from one to the other. */
    public static class TwoStorageHosts implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sharedfs.image.storage-hosts", "localhost,nfs2");
        }
    }
}
