package io.sharedfs.exporter.api;

import io.sharedfs.exporter.apply.ApplyWorker;
import io.sharedfs.exporter.apply.RunReport;
import io.sharedfs.exporter.config.ExportSettings;
import io.sharedfs.exporter.domain.ExportState;
import io.sharedfs.exporter.domain.ExportStore;
import io.sharedfs.exporter.exports.NfsServer;
import io.sharedfs.service.problem.ProblemException;
import io.sharedfs.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The storage host's export table: what is installed, and an operator's "apply now". */
@Path("/exports")
@Tag(name = "exports", description = "The NFS export table of this storage host")
@Produces(MediaType.APPLICATION_JSON)
public class ExportsResource {

    private final ExportStore store;
    private final ExportSettings settings;
    private final ApplyWorker worker;
    private final NfsServer server;

    public ExportsResource(ExportStore store, ExportSettings settings, ApplyWorker worker, NfsServer server) {
        this.store = store;
        this.settings = settings;
        this.worker = worker;
        this.server = server;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The installed export lines, the desired generation and the last apply result")
    public ExportsView get() {
        ExportState state = store.state(settings.storageHost()).orElse(null);
        List<String> lines = installedLines();
        if (state == null) {
            return new ExportsView(settings.storageHost(), file(), server.describe(), 0, 0, null,
                    false, lines.size(), lines, null, List.of());
        }
        ExportsView.LastApply last = state.lastResult() == null ? null : new ExportsView.LastApply(
                state.lastGeneration(), state.lastResult(), state.lastFinishedAt(), state.lastDurationMillis(),
                state.lastMessage(), state.consecutiveFailures());
        return new ExportsView(settings.storageHost(), file(), server.describe(), state.generation(),
                state.appliedGeneration(), state.appliedAt(), state.generation() > state.appliedGeneration(),
                lines.size(), lines, last, heldBack(state.heldBack()));
    }

    @POST
    @Path("/apply")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Re-render the table from the database and apply it now (200 with the outcome,"
            + " 202 if it outlasts the request, 409 if another instance is applying)")
    public Response apply() {
        Duration wait = settings.applyCommand().timeout().multipliedBy(2).plusSeconds(30);
        RunReport report;
        try {
            report = worker.applyNow().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Response.accepted(new ApplyResponse(new ApplyResponse.Run("RUNNING", -1,
                    "still running; see GET /exports"), get())).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the apply run", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the apply run failed unexpectedly", e.getCause());
        }
        if (report.status() == RunReport.Status.BUSY) {
            throw ProblemException.conflict("exports", "not-busy", "another nfs-exporter instance is applying the"
                    + " table of " + settings.storageHost() + " right now; it will include the latest changes");
        }
        return Response.ok(new ApplyResponse(new ApplyResponse.Run(report.status().name(), report.generation(),
                report.message()), get())).build();
    }

    private String file() {
        return server.location();
    }

    private List<String> installedLines() {
        return server.installed();
    }

    private static List<ExportsView.HeldBackNode> heldBack(String text) {
        List<ExportsView.HeldBackNode> nodes = new ArrayList<>();
        for (String line : text.split("\n")) {
            int slash = line.indexOf('/');
            int space = line.indexOf(' ');
            if (slash > 0 && space > slash) {
                nodes.add(new ExportsView.HeldBackNode(Long.parseLong(line.substring(0, slash)),
                        Long.parseLong(line.substring(slash + 1, space)), line.substring(space + 1)));
            }
        }
        return nodes;
    }
}
