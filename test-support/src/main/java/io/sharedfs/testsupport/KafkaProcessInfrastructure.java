package io.sharedfs.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sharedfs.contracts.Topics;
import java.nio.file.Path;
import java.util.Map;

/**
 * Like {@link SharedfsInfrastructure}, but the broker is its own process that a test can kill and
 * start again (fault tests); the test receives it in a field marked {@link InjectKafkaProcess}.
 */
public class KafkaProcessInfrastructure implements QuarkusTestResourceLifecycleManager {

    private KafkaProcess kafka;

    @Override
    public Map<String, String> start() {
        kafka = KafkaProcess.start(Path.of(System.getProperty("java.io.tmpdir")));
        KafkaTestClient.createTopics(kafka.bootstrapServers(), Topics.ALL, SharedfsInfrastructure.PARTITIONS);
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.datasource.jdbc.url", EmbeddedPostgres.newDatabase("app"),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(kafka,
                new TestInjector.AnnotatedAndMatchesType(InjectKafkaProcess.class, KafkaProcess.class));
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
