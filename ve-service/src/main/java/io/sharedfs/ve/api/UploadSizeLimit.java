package io.sharedfs.ve.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.sharedfs.contracts.customization.CustomFileUploaded;
import io.sharedfs.service.problem.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses an upload whose declared length is over the limit with a 413 problem+json body, before
 * Quarkus' own body limit (which answers a bare 413) or the REST layer sees it. Uploads without a
 * declared length are counted by {@link CustomFileHttp#read} instead, without Quarkus' limit.
 */
@ApplicationScoped
public class UploadSizeLimit {

    /** The PUT URLs of {@link CustomFileResource} and {@link NodeFileResource}. */
    static final String UPLOADS = "/ves/[^/]+(/nodes/[^/]+)?/files/?";

    private final ObjectMapper mapper;

    public UploadSizeLimit(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        router.routeWithRegex(HttpMethod.PUT, UPLOADS).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(this::check);
        // Quarkus' limit also counts a body of undeclared length as it is read, and answers a bare 413
        // when it is exceeded; CustomFileHttp#read counts uploads itself, far below that limit.
        router.routeWithRegex(HttpMethod.PUT, UPLOADS).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1)
                .handler(context -> {
                    context.remove(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY);
                    context.next();
                });
    }

    private void check(RoutingContext context) {
        long declared = declaredLength(context.request());
        if (declared <= CustomFileUploaded.MAX_BYTES) {
            context.next();
            return;
        }
        HttpServerRequest request = context.request();
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(CustomFileHttp.tooLarge().at(request.path()));
        } catch (JsonProcessingException e) {
            context.fail(e);
            return;
        }
        drainThenClose(request);
        context.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                .end(Buffer.buffer(body))
                .onComplete(done -> {
                    if (request.isEnded()) {
                        request.connection().close();
                    }
                });
    }

    // The client sends its whole body before it reads the answer: dropping what it sends lets it get
    // there instead of into a reset connection. The connection is closed once the body ended.
    private static void drainThenClose(HttpServerRequest request) {
        if (request.isEnded()) {
            return;
        }
        AtomicLong dropped = new AtomicLong();
        request.handler(buffer -> {
            if (dropped.addAndGet(buffer.length()) > CustomFileHttp.DRAIN_LIMIT) {
                request.connection().close();
            }
        });
        request.endHandler(ended -> {
            if (request.response().ended()) {
                request.connection().close();
            }
        });
        request.resume();
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            // Not this check's business: the HTTP layer refuses a malformed length.
            return -1;
        }
    }
}
