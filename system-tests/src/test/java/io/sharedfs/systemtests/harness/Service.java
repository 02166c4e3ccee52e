package io.sharedfs.systemtests.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** The four sharedfs services, each run from its packaged application ({@code target/quarkus-app}). */
public enum Service {
    IMAGE_SERVICE("image-service"),
    VE_SERVICE("ve-service"),
    NODE_PROVISIONER("node-provisioner"),
    NFS_EXPORTER("nfs-exporter");

    private final String artifact;
    private Path snapshot;

    Service(String artifact) {
        this.artifact = artifact;
    }

    public String artifact() {
        return artifact;
    }

    /**
     * The runnable jar of a snapshot of the packaged application, taken once per test JVM: every start
     * and restart runs the same build even if the module is rebuilt meanwhile. The original is the
     * {@code sharedfs.systemtests.<artifact>} system property (set by the module's pom), else the
     * sibling module's build output.
     */
    public synchronized Path runner() {
        if (snapshot == null) {
            Path original = Path.of(System.getProperty("sharedfs.systemtests." + artifact,
                    "../" + artifact + "/target/quarkus-app/quarkus-run.jar")).toAbsolutePath().normalize();
            if (!Files.isRegularFile(original)) {
                throw new IllegalStateException(original + " is missing: package the services first"
                        + " (mvn -B verify -pl system-tests -am)");
            }
            Path copy = Path.of(System.getProperty("sharedfs.systemtests.work", "target/system-tests"))
                    .toAbsolutePath().normalize().resolve("apps").resolve(artifact);
            FileTrees.delete(copy);
            FileTrees.copy(original.getParent(), copy);
            snapshot = copy.resolve(original.getFileName());
        }
        return snapshot;
    }
}
