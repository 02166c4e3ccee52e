package io.sharedfs.ve;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.image.ImageSpec;
import java.util.List;

/** A multi-server VE with one node, on a fresh image customizing {@link #CRONTAB} per VE, {@link #HOSTNAME} per node. */
public record CustomizedVe(ImageSpec image, long ve, long vem) {

    public static final String CRONTAB = "/etc/crontab";
    public static final String HOSTNAME = "/etc/hostname";

    public static CustomizedVe create() {
        ImageSpec image = Images.sharedReady();
        long ve = Api.createVe(image, true);
        Customizations.customize(image, CRONTAB, CustomizationScope.VE);
        Customizations.customize(image, HOSTNAME, CustomizationScope.NODE);
        return new CustomizedVe(image, ve, Api.addNode(ve));
    }

    /** No file of the VE or its node was stored, and no CustomFileUploaded published. */
    public void assertNothingUploaded() {
        assertEquals(List.of(), Files.uploaded(ve));
        Files.viewer().get(Files.url(ve, null)).then().statusCode(200).body("size()", equalTo(0));
        Files.viewer().get(Files.url(ve, vem)).then().statusCode(200).body("size()", equalTo(0));
    }
}
