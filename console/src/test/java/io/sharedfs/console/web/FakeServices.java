package io.sharedfs.console.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The four services as a canned HTTP server, so the console's own logic can be tested quickly: it records what the
 * console sent (method, path, Authorization, If-Match, body) and answers like the real APIs do. nfs-exporter is
 * configured on a port where nothing listens.
 */
public class FakeServices implements QuarkusTestResourceLifecycleManager {

    public static final String IMAGE_ID = "6f1c0a52-3a0e-4c43-9c1e-2d8f5b1f0a01";
    /** An image whose customizations are all settled (nothing being applied or reverted). */
    public static final String SETTLED_IMAGE_ID = "6f1c0a52-3a0e-4c43-9c1e-2d8f5b1f0a02";
    /** IMAGE_ID's APPLIED customization of /etc/crontab. */
    public static final String APPLIED_ID = "0c8e1b7a-1111-4a2b-9c3d-000000000001";
    /** IMAGE_ID's REQUESTED customization of /etc/hostname. */
    public static final String REQUESTED_ID = "0c8e1b7a-1111-4a2b-9c3d-000000000002";
    /** IMAGE_ID's FAILED customization of /var/lib/app. */
    public static final String FAILED_ID = "0c8e1b7a-1111-4a2b-9c3d-000000000003";
    public static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    private HttpServer server;

    /** One request the console made. */
    public record Call(String method, String path, String authorization, String ifMatch, String body) {
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
        String base = "http://localhost:" + server.getAddress().getPort();
        return Map.of(
                "sharedfs.console.image-service-url", base,
                "sharedfs.console.ve-service-url", base,
                "sharedfs.console.node-provisioner-url", base,
                "sharedfs.console.nfs-exporter-url", "http://localhost:" + closedPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static String image(boolean shared, long version) {
        return image(IMAGE_ID, shared, version);
    }

    static String image(String id, boolean shared, long version) {
        return """
                {"id":"%s","name":"web","rootPath":"/srv/images/web","storageHost":"localhost","shared":%s,
                 "privateDirs":["/var","/etc","/tmp"],"sharedSubdirs":["/var/lib/rpm"],"ramDirs":["/var/run"],
                 "description":null,"status":"INVALID","statusReason":"rootPath /srv/images/web does not exist",
                 "version":%d,"createdAt":"2025-01-02T03:04:05Z","updatedAt":"2025-01-02T03:04:05Z",
                 "usedBy":[{"veId":10,"veName":"webfarm","nodes":2}],"someNewField":"ignored"}
                """.formatted(id, shared, version);
    }

    static String appliedCustomization(String status) {
        return """
                {"id":"%s","imageId":"%s","path":"/etc/crontab","scope":"VE","linkTarget":"/custom/ve/etc/crontab",
                 "applyToExistingNodes":true,"status":"%s","reason":null,"veCopies":[10,11],"nodeCopies":[],
                 "linkedNodes":[{"veId":10,"vemId":1}],"keptLocalChanges":[{"veId":10,"vemId":2}],
                 "restoredNodes":[],"requestedAt":"2025-01-02T03:04:05Z","updatedAt":"2025-01-02T03:04:09Z",
                 "self":"/images/%2$s/customizations/%1$s"}
                """.formatted(APPLIED_ID, IMAGE_ID, status);
    }

    private static String customizations() {
        return """
                {"items":[
                  {"id":"%s","imageId":"%s","path":"/etc/hostname","scope":"NODE","linkTarget":"/custom/node/etc/hostname",
                   "applyToExistingNodes":false,"status":"REQUESTED","requestedAt":"2025-01-02T03:05:00Z"},
                  %s,
                  {"id":"%s","imageId":"%2$s","path":"/var/lib/app","scope":"ALL","linkTarget":"/custom/var/lib/app",
                   "applyToExistingNodes":false,"status":"FAILED","reason":"/var/lib/app is a directory, not a regular file",
                   "veCopies":[],"nodeCopies":[],"linkedNodes":[],"keptLocalChanges":[],"restoredNodes":[]}],
                 "page":0,"size":100,"total":3}
                """.formatted(REQUESTED_ID, IMAGE_ID, appliedCustomization("APPLIED"), FAILED_ID);
    }

    private static String settledCustomizations() {
        return """
                {"items":[{"id":"%s","imageId":"%s","path":"/etc/motd","scope":"ALL","linkTarget":"/custom/etc/motd",
                  "applyToExistingNodes":false,"status":"REVERTED","restoredNodes":[{"veId":10,"vemId":1}]}],
                 "page":0,"size":100,"total":1}
                """.formatted(APPLIED_ID, SETTLED_IMAGE_ID);
    }

    /** ve-service's custom files of VE 10 (its /etc/crontab, revision 2) and of its node 2 (none). */
    private static boolean file(HttpExchange exchange, String method, String path, String body) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        String crontab = """
                {"veId":10,"path":"/etc/crontab","revision":2,"sha256":"9f86d081","size":22,"written":true,
                 "writtenAt":"2025-01-02T03:06:00Z","storageHost":"localhost",
                 "serverPath":"/srv/images/web/private/10/custom/etc/crontab","uploadedAt":"2025-01-02T03:05:59Z",
                 "self":"/ves/10/files?path=/etc/crontab"}
                """;
        if (method.equals("GET") && path.equals("/ves/10/files") && query == null) {
            send(exchange, 200, "application/json", "[" + crontab + "]");
        } else if (method.equals("GET") && path.equals("/ves/10/files") && query.equals("path=/etc/crontab")) {
            exchange.getResponseHeaders().add("ETag", "\"9f86d081\"");
            exchange.getResponseHeaders().add("Sharedfs-Revision", "2");
            send(exchange, 200, "application/octet-stream", "0 * * * * root backup\n");
        } else if (method.equals("GET") && path.equals("/ves/10/nodes/2/files") && query == null) {
            send(exchange, 200, "application/json", "[]");
        } else if (method.equals("PUT") && path.equals("/ves/10/files") && body.contains("too big")) {
            send(exchange, 413, "application/problem+json", """
                    {"title":"Content too large","status":413,"detail":"the file is larger than 262144 bytes",
                     "errors":[{"field":"body","rule":"max-size","message":"the file is larger than 262144 bytes (256 KiB)"}]}
                    """);
        } else if (method.equals("PUT") && path.equals("/ves/10/files")) {
            send(exchange, 200, "application/json", crontab.replace("\"revision\":2", "\"revision\":3"));
        } else {
            return false;
        }
        return true;
    }

    /** Answers image-service's customization calls for IMAGE_ID and SETTLED_IMAGE_ID; false when it is not one. */
    private static boolean customization(HttpExchange exchange, String method, String path, String body)
            throws IOException {
        String base = "/images/" + IMAGE_ID + "/customizations";
        if (method.equals("GET") && path.equals("/images/" + SETTLED_IMAGE_ID)) {
            send(exchange, 200, "application/json", image(SETTLED_IMAGE_ID, true, 1));
        } else if (method.equals("GET") && path.equals("/images/" + SETTLED_IMAGE_ID + "/customizations")) {
            send(exchange, 200, "application/json", settledCustomizations());
        } else if (method.equals("GET") && path.equals(base)) {
            send(exchange, 200, "application/json", customizations());
        } else if (method.equals("GET") && path.equals(base + "/" + APPLIED_ID)) {
            send(exchange, 200, "application/json", appliedCustomization("APPLIED"));
        } else if (method.equals("DELETE") && path.equals(base + "/" + APPLIED_ID)) {
            send(exchange, 202, "application/json", appliedCustomization("REVERTING"));
        } else if (method.equals("DELETE") && path.startsWith(base + "/")) {
            send(exchange, 409, "application/problem+json", """
                    {"title":"Conflict","status":409,"detail":"only an APPLIED or REVERT_FAILED customization can be reverted"}
                    """);
        } else if (method.equals("POST") && path.equals(base) && body.contains("\"relative\"")) {
            send(exchange, 400, "application/problem+json", """
                    {"title":"Invalid request","status":400,"detail":"path is not valid",
                     "errors":[{"field":"path","rule":"customization-path","message":"path must be absolute (start with /), got relative"}]}
                    """);
        } else if (method.equals("POST") && path.equals(base) && body.contains("\"/etc/crontab\"")) {
            send(exchange, 409, "application/problem+json", """
                    {"title":"Conflict","status":409,"detail":"/etc/crontab already has a live customization (APPLIED)"}
                    """);
        } else if (method.equals("POST") && path.equals(base)) {
            send(exchange, 202, "application/json", """
                    {"id":"0c8e1b7a-1111-4a2b-9c3d-000000000004","imageId":"%s","path":"/etc/motd","scope":"VE",
                     "linkTarget":"/custom/ve/etc/motd","applyToExistingNodes":true,"status":"REQUESTED"}
                    """.formatted(IMAGE_ID));
        } else {
            return false;
        }
        return true;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        CALLS.add(new Call(method, exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("If-Match"), body));
        String imagePath = "/images/" + IMAGE_ID;
        if (customization(exchange, method, path, body) || file(exchange, method, path, body)) {
            return;
        }
        if (method.equals("GET") && path.equals("/images")) {
            send(exchange, 200, "application/json", "{\"items\":[" + image(false, 3) + "],\"page\":0,\"size\":50,\"total\":1}");
        } else if (method.equals("GET") && path.equals(imagePath)) {
            send(exchange, 200, "application/json", image(false, 3));
        } else if (method.equals("PATCH") && path.equals(imagePath) && body.contains("\"privateDirs\"")) {
            send(exchange, 400, "application/problem+json", """
                    {"type":"urn:sharedfs:problem:invalid-request","title":"Invalid request","status":400,
                     "detail":"2 rules are broken; see errors","errors":[
                       {"field":"privateDirs[1]","rule":"absolute","message":"privateDirs[1] must be an absolute path (start with '/')"},
                       {"field":"If-Match","rule":"current-version","message":"somebody else changed it"}]}
                    """);
        } else if (method.equals("PATCH") && path.equals(imagePath)) {
            send(exchange, 200, "application/json", image(body.contains("true"), 4));
        } else if (method.equals("GET") && path.equals("/ves")) {
            send(exchange, 200, "application/json", """
                    {"items":[{"id":10,"name":"webfarm","imageId":"%s","multiServer":true,"description":"the web",
                      "liveNodes":2,"version":1,"self":"/ves/10","nodes":"/ves/10/nodes"}],"page":0,"size":50,"total":1}
                    """.formatted(IMAGE_ID));
        } else if (method.equals("GET") && path.equals("/ves/10")) {
            send(exchange, 200, "application/json", """
                    {"id":10,"name":"webfarm","imageId":"%s","multiServer":true,"description":"the web",
                     "liveNodes":2,"version":1,"self":"/ves/10","nodes":"/ves/10/nodes"}
                    """.formatted(IMAGE_ID));
        } else if (method.equals("GET") && path.equals("/ves/10/nodes")) {
            send(exchange, 200, "application/json", """
                    [{"veId":10,"vemId":1,"hostname":"web1","address":"10.0.0.11","state":"READY","attempt":1,
                      "removeRequested":false,"purgeRequested":false,"self":"/ves/10/nodes/1"},
                     {"veId":10,"vemId":2,"hostname":"web2","address":"10.0.0.12","state":"FAILED",
                      "stateReason":"init_vem exited with 3","attempt":1,"removeRequested":false,
                      "purgeRequested":false,"self":"/ves/10/nodes/2"}]
                    """);
        } else if (method.equals("GET") && path.equals("/ves/10/nodes/2")) {
            send(exchange, 200, "application/json", """
                    {"veId":10,"vemId":2,"hostname":"web2","address":"10.0.0.12","state":"FAILED",
                     "stateReason":"init_vem exited with 3","attempt":1,"removeRequested":false,"purgeRequested":false,
                     "boot":{"stage":"FAILED","reportedAt":"2025-01-02T03:09:00Z",
                             "error":"mounting /var failed: Connection refused","lastBootedAt":"2025-01-01T08:00:00Z"},
                     "hook":{"attempt":1,"outcome":"EXITED","exitCode":3,"durationMillis":12,
                             "outputTail":"cannot reach the license server","truncated":false},
                     "hooks":[],"history":[{"state":"PROVISIONING","enteredAt":"2025-01-02T03:04:05Z"},
                       {"state":"FAILED","from":"PROVISIONING","enteredAt":"2025-01-02T03:04:06Z",
                        "reason":"init_vem exited with 3"}]}
                    """);
        } else if (method.equals("GET") && path.equals("/trees/10/2")) {
            send(exchange, 200, "application/json", """
                    {"veId":10,"vemId":2,"path":"/srv/images/web/private/10/2","exists":true,"directories":3,
                     "files":7,"bytes":2048,"entries":[{"name":"etc","type":"directory","files":5,"bytes":1024}]}
                    """);
        } else if (method.equals("POST") && path.equals("/ves/10/nodes")) {
            if (body.contains("\"bad host\"")) {
                send(exchange, 400, "application/problem+json", """
                        {"title":"Invalid request","status":400,"detail":"hostname is not valid",
                         "errors":[{"field":"hostname","rule":"rfc1123","message":"hostname must be an RFC 1123 name"}]}
                        """);
            } else {
                send(exchange, 202, "application/json", """
                        {"veId":10,"vemId":3,"hostname":"web3","address":"10.0.0.13","state":"PROVISIONING",
                         "attempt":1,"removeRequested":false,"purgeRequested":false}
                        """);
            }
        } else if (method.equals("POST") && path.equals("/ves/10/nodes/2/retry")) {
            send(exchange, 202, "application/json", """
                    {"veId":10,"vemId":2,"hostname":"web2","address":"10.0.0.12","state":"PROVISIONING","attempt":2,
                     "removeRequested":false,"purgeRequested":false}
                    """);
        } else if (method.equals("DELETE") && path.startsWith("/ves/10/nodes/")) {
            send(exchange, 202, "application/json", """
                    {"veId":10,"vemId":2,"hostname":"web2","address":"10.0.0.12","state":"REMOVING","attempt":1,
                     "removeRequested":true,"purgeRequested":true}
                    """);
        } else {
            send(exchange, 404, "application/problem+json",
                    "{\"title\":\"Not found\",\"status\":404,\"detail\":\"no " + path + " here\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
