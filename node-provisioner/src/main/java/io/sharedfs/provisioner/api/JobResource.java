package io.sharedfs.provisioner.api;

import io.sharedfs.provisioner.domain.JobQueue;
import io.sharedfs.provisioner.domain.JobState;
import io.sharedfs.service.problem.ProblemException;
import io.sharedfs.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The agent's jobs: what it has done, is doing and gave up on. */
@Path("/jobs")
@Tag(name = "jobs", description = "Provisioning and purge jobs on this storage host")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobQueue queue;

    public JobResource(JobQueue queue) {
        this.queue = queue;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Jobs, newest first, optionally of one state")
    public List<JobView> list(@QueryParam("state") String state, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw ProblemException.invalid("size", "range", "page must be 0 or more and size between 1 and 500");
        }
        return queue.list(parse(state), page, size).stream().map(JobView::of).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "One job")
    public JobView get(@PathParam("id") long id) {
        return JobView.of(queue.get(id));
    }

    @POST
    @Path("/{id}/retry")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Run a FAILED job again (for instance after freeing disk space)")
    public JobView retry(@PathParam("id") long id) {
        return JobView.of(queue.retry(id));
    }

    private static JobState parse(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return JobState.valueOf(state.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("state", "job-state", "state must be one of "
                    + Arrays.toString(JobState.values()));
        }
    }
}
