package io.sharedfs.ve.api;

import static io.sharedfs.ve.Api.nodeBody;
import static io.sharedfs.ve.Api.operator;
import static io.sharedfs.ve.Api.veBody;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.sharedfs.contracts.customization.CustomFileUploaded;
import io.sharedfs.contracts.image.ImageSpec;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.sharedfs.ve.Api;
import io.sharedfs.ve.CustomizedVe;
import io.sharedfs.ve.Files;
import io.sharedfs.ve.Images;
import io.sharedfs.ve.TestIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Racing requests get the answers they would get in sequence: one winner, 409 with the rule, nothing lost. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class ConcurrencyTest {

    private static final int PARALLEL = 6;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(PARALLEL);

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    @Test
    void racingCreatesOfOneVeNameLetOneThrough() throws Exception {
        ImageSpec image = Images.sharedReady();
        String name = TestIds.name("race");
        List<String> answers = race(i -> () -> operator().body(veBody(name, image.imageId(), false)).post("/ves"));
        assertEquals(Map.of("201", 1L, "409 name/unique", (long) PARALLEL - 1), histogram(answers));
    }

    @Test
    void racingAddsOfOneAddressToDifferentVesLetOneThrough() throws Exception {
        ImageSpec image = Images.sharedReady();
        List<Long> ves = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            ves.add(Api.createVe(image, true));
        }
        String address = TestIds.ipv4();
        List<String> answers = race(i -> () -> operator().body(nodeBody(TestIds.hostname(), address, null))
                .post("/ves/{ve}/nodes", ves.get(i)));
        assertEquals(Map.of("202", 1L, "409 address/unique-live-address", (long) PARALLEL - 1), histogram(answers));
        assertEquals(1, ves.stream().mapToInt(Api::nodeCount).sum());
    }

    @Test
    void racingAddsToASingleServerVeLetOneThrough() throws Exception {
        long ve = Api.createVe(Images.sharedReady(), false);
        List<String> answers = race(i -> () -> operator().body(nodeBody(TestIds.hostname(), TestIds.ipv4(), null))
                .post("/ves/{ve}/nodes", ve));
        assertEquals(Map.of("202", 1L, "409 veId/single-server", (long) PARALLEL - 1), histogram(answers));
        assertEquals(1, Api.nodeCount(ve));
    }

    @Test
    void racingAddsToAMultiServerVeGetDistinctVemIds() throws Exception {
        long ve = Api.multiServerVe();
        List<String> answers = race(i -> () -> operator().body(nodeBody(TestIds.hostname(), TestIds.ipv4(), null))
                .post("/ves/{ve}/nodes", ve));
        assertEquals(Map.of("202", (long) PARALLEL), histogram(answers));
        assertEquals(IntStream.rangeClosed(1, PARALLEL).boxed().toList(),
                Api.viewer().get("/ves/{ve}/nodes", ve).then().extract().jsonPath().getList("vemId"));
    }

    @Test
    void racingPatchesOfDifferentFieldsLoseNoChange() throws Exception {
        long ve = Api.createVe(Images.sharedReady(), true);
        String base = Api.ve(ve).getString("name");
        int rounds = 15;
        CountDownLatch start = new CountDownLatch(1);
        Future<?> names = POOL.submit(() -> {
            start.await();
            for (int i = 0; i < rounds; i++) {
                operator().body(Map.of("name", base + "-n" + i)).patch("/ves/{ve}", ve).then().statusCode(200);
            }
            return null;
        });
        Future<?> descriptions = POOL.submit(() -> {
            start.await();
            for (int i = 0; i < rounds; i++) {
                operator().body(Map.of("description", "d" + i)).patch("/ves/{ve}", ve).then().statusCode(200);
            }
            return null;
        });
        start.countDown();
        names.get(60, TimeUnit.SECONDS);
        descriptions.get(60, TimeUnit.SECONDS);

        JsonPath after = Api.ve(ve);
        assertEquals(base + "-n" + (rounds - 1), after.getString("name"));
        assertEquals("d" + (rounds - 1), after.getString("description"));
        assertEquals(1 + 2 * rounds, after.getInt("version"));
    }

    @Test
    void racingUploadsOfOneFileGetOneRevisionEachAndTheLastOneIsKept() throws Exception {
        CustomizedVe setup = CustomizedVe.create();
        List<Response> answers = raceResponses(i -> () -> Files.operator().queryParam("path", CustomizedVe.CRONTAB)
                .body(("upload " + i + "\n").getBytes(StandardCharsets.UTF_8)).put(Files.url(setup.ve(), null)));
        assertEquals(Map.of("201", 1L, "200", (long) PARALLEL - 1), histogram(answers.stream()
                .map(answer -> Integer.toString(answer.statusCode())).toList()));
        List<Long> revisions = answers.stream().map(answer -> answer.jsonPath().getLong("revision")).sorted().toList();
        assertEquals(LongStream.rangeClosed(1, PARALLEL).boxed().toList(), revisions);
        assertEquals(revisions, Files.uploaded(setup.ve()).stream().map(CustomFileUploaded::revision).toList());
        Response last = answers.stream().filter(answer -> answer.jsonPath().getLong("revision") == PARALLEL)
                .findFirst().orElseThrow();
        assertEquals(last.header("ETag"), Files.get(setup.ve(), null, CustomizedVe.CRONTAB).statusCode(200)
                .extract().header("ETag"));
    }

    @Test
    void racingUploadsOfTheSameContentStoreAndPublishItOnce() throws Exception {
        CustomizedVe setup = CustomizedVe.create();
        byte[] same = "same\n".getBytes(StandardCharsets.UTF_8);
        List<String> answers = race(i -> () -> Files.operator().queryParam("path", CustomizedVe.HOSTNAME).body(same)
                .put(Files.url(setup.ve(), setup.vem())));
        assertEquals(Map.of("201", 1L, "200", (long) PARALLEL - 1), histogram(answers));
        assertEquals(1, Files.uploaded(setup.ve()).size());
    }

    /** Sends the requests at the same moment; each answer as its status and, for an error, its field and rule. */
    private static List<String> race(IntFunction<Callable<Response>> request) throws Exception {
        List<String> answers = new ArrayList<>();
        for (Response answer : raceResponses(request)) {
            if (answer.statusCode() >= 400) {
                Api.problem(answer.then(), answer.statusCode());
                JsonPath problem = answer.jsonPath();
                answers.add(answer.statusCode() + " " + problem.getString("errors[0].field") + "/"
                        + problem.getString("errors[0].rule"));
            } else {
                answers.add(Integer.toString(answer.statusCode()));
            }
        }
        return answers;
    }

    /** Sends the requests at the same moment; their answers. */
    private static List<Response> raceResponses(IntFunction<Callable<Response>> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> responses = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            Callable<Response> call = request.apply(i);
            responses.add(POOL.submit(() -> {
                start.await();
                return call.call();
            }));
        }
        start.countDown();
        List<Response> answers = new ArrayList<>();
        for (Future<Response> response : responses) {
            answers.add(response.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }

    private static Map<String, Long> histogram(List<String> answers) {
        return answers.stream().collect(Collectors.groupingBy(answer -> answer, Collectors.counting()));
    }
}
