package io.sharedfs.ve.messaging;

import static io.sharedfs.ve.Api.operator;
import static io.sharedfs.ve.Api.problem;
import static io.sharedfs.ve.Api.veBody;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.EventJson;
import io.sharedfs.contracts.customization.CustomizationRequested;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.image.ImageRegistered;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.contracts.image.ImageStatus;
import io.sharedfs.contracts.image.ImageUpdated;
import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.contracts.node.NodeAdded;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.ve.Api;
import io.sharedfs.ve.Bus;
import io.sharedfs.ve.Customizations;
import io.sharedfs.ve.CustomizedVe;
import io.sharedfs.ve.Files;
import io.sharedfs.ve.Images;
import io.sharedfs.ve.TestDb;
import io.sharedfs.ve.TestIds;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * ve-service knows images only from image-service's events, keeps the newest version, and hands it on in NodeAdded;
 * their customizations decide which files take uploads.
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class ImageEventConsumerTest {

    @Test
    void anImageBecomesUsableOnceItsRegistrationArrives() {
        ImageSpec image = spec(UUID.randomUUID(), 1, true, ImageStatus.READY, Images.PRIVATE_DIRS);
        String name = TestIds.name("early");
        problem(operator().body(veBody(name, image.imageId(), true)).post("/ves").then(), 422, "imageId",
                "existing-image");
        Bus.publishAndAwait(new ImageRegistered(image));
        operator().body(veBody(name, image.imageId(), true)).post("/ves").then().statusCode(201);
    }

    @Test
    void anOlderVersionArrivingLateIsIgnored() {
        ImageSpec image = Images.sharedReady();
        ImageSpec unshared = spec(image.imageId(), 3, false, ImageStatus.READY, Images.PRIVATE_DIRS);
        ImageSpec stale = spec(image.imageId(), 2, true, ImageStatus.READY, Images.PRIVATE_DIRS);
        Bus.publishAndAwait(new ImageUpdated(unshared, Set.of("shared")));
        Bus.publishAndAwait(new ImageUpdated(stale, Set.of("shared")));
        assertEquals(3, TestDb.projectedVersion(image.imageId()));
        problem(operator().body(veBody(TestIds.name("ve"), image.imageId(), true)).post("/ves").then(), 409,
                "imageId", "shared-and-ready");
    }

    @Test
    void nodeAddedCarriesTheImageAsItsLatestEventDescribesIt() {
        ImageSpec image = Images.sharedReady();
        long ve = Api.createVe(image, true);
        List<String> privateDirs = List.of("/var", "/etc", "/tmp", "/opt/app/state");
        ImageSpec changed = spec(image.imageId(), 2, true, ImageStatus.READY, privateDirs);
        Bus.publishAndAwait(new ImageUpdated(changed, Set.of("privateDirs")));

        long vem = Api.addNode(ve);
        NodeAdded added = EventJson.read(TestDb.outbox("ve/" + ve + "/node/" + vem, "io.sharedfs.NodeAdded").get(0)
                .payload(), NodeAdded.class);
        assertEquals(new ImageRef(image.imageId(), changed.storageHost(), changed.rootPath(), true, privateDirs,
                changed.sharedSubdirs(), changed.ramDirs()), added.image());
    }

    @Test
    void aDeletedImageIsNotRevivedByALateUpdate() {
        ImageSpec image = Images.sharedReady();
        Images.delete(image);
        Bus.publishAndAwait(new ImageUpdated(spec(image.imageId(), 5, true, ImageStatus.READY, Images.PRIVATE_DIRS),
                Set.of("description")));
        problem(operator().body(veBody(TestIds.name("ve"), image.imageId(), false)).post("/ves").then(), 422,
                "imageId", "existing-image");
    }

    @Test
    void aRevertedCustomizationTakesNoMoreUploadsButItsContentStaysReadable() {
        CustomizedVe setup = CustomizedVe.create();
        UUID motd = Customizations.customize(setup.image(), "/etc/motd", CustomizationScope.VE);
        Files.put(setup.ve(), null, "/etc/motd", "before\n").statusCode(201);
        Customizations.revert(motd, setup.image(), "/etc/motd", CustomizationScope.VE);

        problem(Files.put(setup.ve(), null, "/etc/motd", "after\n"), 409, "path", "customized");
        assertEquals("before\n", new String(Files.content(setup.ve(), null, "/etc/motd"), StandardCharsets.UTF_8));
        assertEquals(1, Files.uploaded(setup.ve()).size());
        Files.put(setup.ve(), null, CustomizedVe.CRONTAB, "other customizations still take uploads\n").statusCode(201);
    }

    @Test
    void aCustomizationRequestedAgainAfterItsRevertStaysReverted() {
        CustomizedVe setup = CustomizedVe.create();
        UUID id = UUID.randomUUID();
        CustomizationRequested requested = Customizations.requested(id, setup.image(), "/etc/motd",
                CustomizationScope.VE);
        String eventId = Bus.publishAndAwait(requested);
        Customizations.revert(id, setup.image(), "/etc/motd", CustomizationScope.VE);
        Bus.publish(requested, eventId);
        Bus.publishAndAwait(requested);
        problem(Files.put(setup.ve(), null, "/etc/motd", "x"), 409, "path", "customized");
    }

    @Test
    void aRevertArrivingBeforeItsRequestLeavesTheCustomizationReverted() {
        CustomizedVe setup = CustomizedVe.create();
        UUID id = UUID.randomUUID();
        Customizations.revert(id, setup.image(), "/etc/motd", CustomizationScope.VE);
        Bus.publishAndAwait(Customizations.requested(id, setup.image(), "/etc/motd", CustomizationScope.VE));
        problem(Files.put(setup.ve(), null, "/etc/motd", "x"), 409, "path", "customized");
    }

    @Test
    void aNewCustomizationOfAPathReplacesTheEndedOneWithItsScope() {
        CustomizedVe setup = CustomizedVe.create();
        Files.put(setup.ve(), null, CustomizedVe.CRONTAB, "per VE\n").statusCode(201);
        // image-service accepts a new customization of the path only once the old one failed or was
        // reverted; ve-service hears of a failure only through the new request.
        Customizations.customize(setup.image(), CustomizedVe.CRONTAB, CustomizationScope.NODE);

        problem(Files.put(setup.ve(), null, CustomizedVe.CRONTAB, "per VE again\n"), 409, "path", "scope");
        Files.put(setup.ve(), setup.vem(), CustomizedVe.CRONTAB, "per node\n").statusCode(201);
    }

    @Test
    void aRevertOfAnotherImagesCustomizationChangesNothingHere() {
        CustomizedVe setup = CustomizedVe.create();
        ImageSpec other = Images.sharedReady();
        UUID elsewhere = Customizations.customize(other, CustomizedVe.CRONTAB, CustomizationScope.VE);
        Customizations.revert(elsewhere, other, CustomizedVe.CRONTAB, CustomizationScope.VE);
        Files.put(setup.ve(), null, CustomizedVe.CRONTAB, "x").statusCode(201);
    }

    private static ImageSpec spec(UUID id, long version, boolean shared, ImageStatus status, List<String> privateDirs) {
        String name = "img-" + id;
        return new ImageSpec(id, name, "/srv/images/" + name, Images.STORAGE_HOST, shared, privateDirs,
                Images.SHARED_SUBDIRS, Images.RAM_DIRS, "v" + version, version, status, null);
    }
}
