package io.sharedfs.provisioner.api;

import io.sharedfs.provisioner.domain.Job;
import io.sharedfs.provisioner.domain.JobQueue;
import io.sharedfs.provisioner.fs.ImagePaths;
import io.sharedfs.provisioner.fs.TreeInspector;
import io.sharedfs.provisioner.fs.TreeStats;
import io.sharedfs.provisioner.fs.UnsafeTreeException;
import io.sharedfs.service.problem.ProblemException;
import io.sharedfs.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A node's private tree as it is on disk now. */
@Path("/trees")
@Tag(name = "trees", description = "Nodes' private trees on this storage host")
@Produces(MediaType.APPLICATION_JSON)
public class TreeResource {

    private final JobQueue queue;

    public TreeResource(JobQueue queue) {
        this.queue = queue;
    }

    @GET
    @Path("/{veId}/{vemId}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "What is on disk for a node: directories, files, bytes")
    public TreeView tree(@PathParam("veId") long veId, @PathParam("vemId") long vemId) {
        if (veId <= 0 || vemId <= 0) {
            throw ProblemException.invalid("veId", "positive", "VE and VEM ids are positive numbers");
        }
        Job job = queue.latestProvision(veId, vemId).orElseThrow(() -> ProblemException.notFound(
                "node " + veId + "/" + vemId + " was never provisioned on this storage host"));
        try {
            java.nio.file.Path tree = ImagePaths.of(job.rootPath).nodeTree(veId, vemId);
            if (!ImagePaths.isRealDirectory(tree)) {
                return new TreeView(veId, vemId, tree.toString(), false, 0, 0, 0, List.of());
            }
            TreeStats total = TreeInspector.inspect(tree);
            return new TreeView(veId, vemId, tree.toString(), true, total.directories(), total.files(), total.bytes(),
                    entries(tree));
        } catch (UnsafeTreeException e) {
            throw ProblemException.conflict("rootPath", "safe-path", e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<TreeView.Entry> entries(java.nio.file.Path tree) throws IOException {
        List<TreeView.Entry> entries = new ArrayList<>();
        try (DirectoryStream<java.nio.file.Path> children = Files.newDirectoryStream(tree)) {
            for (java.nio.file.Path child : children) {
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    TreeStats stats = TreeInspector.inspect(child);
                    entries.add(new TreeView.Entry(child.getFileName().toString(), "directory", stats.files(),
                            stats.bytes()));
                } else {
                    entries.add(new TreeView.Entry(child.getFileName().toString(),
                            Files.isSymbolicLink(child) ? "link" : "file", 1, Files.readAttributes(child,
                                    java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size()));
                }
            }
        }
        entries.sort(java.util.Comparator.comparing(TreeView.Entry::name));
        return entries;
    }
}
