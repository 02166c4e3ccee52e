package io.sharedfs.console.web;

import io.sharedfs.console.client.Image;
import java.util.List;
import java.util.Set;

/** What a form showed or was sent, so a refused form comes back as the operator typed it. */
public final class Forms {

    static final Set<String> REGISTER_FIELDS = Set.of("name", "rootPath", "storageHost", "shared", "description");
    static final Set<String> IMAGE_FIELDS = Set.of("name", "rootPath", "storageHost", "privateDirs", "sharedSubdirs",
            "ramDirs", "description", "shared");
    static final Set<String> VE_FIELDS = Set.of("name", "imageId", "multiServer", "description");
    static final Set<String> NODE_FIELDS = Set.of("hostname", "address", "mac");
    static final Set<String> CUSTOMIZATION_FIELDS = Set.of("path", "scope", "applyToExistingNodes");

    private Forms() {
    }

    /** The register form of the Images page. */
    public record Register(String name, String rootPath, String storageHost, boolean shared, String description) {
        static Register empty() {
            return new Register("", "", "", false, "");
        }
    }

    /** The image configuration form. */
    public record ImageForm(long version, String name, String rootPath, String storageHost, List<String> privateDirs,
            List<String> sharedSubdirs, List<String> ramDirs, String description) {

        static ImageForm of(Image image) {
            return new ImageForm(image.version(), image.name(), image.rootPath(), nz(image.storageHost()),
                    image.privateDirs(), image.sharedSubdirs(), image.ramDirs(), nz(image.description()));
        }
    }

    /** The create form of the VEs page. */
    public record VeForm(String name, String imageId, boolean multiServer, String description) {
        static VeForm empty() {
            return new VeForm("", "", false, "");
        }

        /** Whether this image is the one chosen. */
        public boolean selected(java.util.UUID image) {
            return image != null && image.toString().equals(imageId);
        }
    }

    /** The add-node form of the VE page. */
    public record NodeForm(String hostname, String address, String mac) {
        static NodeForm empty() {
            return new NodeForm("", "", "");
        }
    }

    /** The add-customization form of an image's page. */
    public record CustomizationForm(String path, String scope, boolean applyToExistingNodes) {
        static CustomizationForm empty() {
            return new CustomizationForm("", "VE", false);
        }

        /** Whether this scope is the one chosen. */
        public boolean selected(String option) {
            return option.equals(scope);
        }
    }

    static String nz(String text) {
        return text == null ? "" : text;
    }

    /** Trimmed, or null when blank: a blank optional field is left to the service's default. */
    static String optional(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** The non-blank entries of a list of inputs, trimmed, in order. */
    static List<String> entries(List<String> inputs) {
        return inputs == null ? List.of() : inputs.stream().filter(s -> s != null && !s.isBlank()).map(String::strip)
                .toList();
    }

    static boolean ticked(String checkbox) {
        return checkbox != null && !checkbox.isEmpty() && !"false".equalsIgnoreCase(checkbox);
    }
}
