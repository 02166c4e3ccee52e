package io.sharedfs.messaging.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The outbox producer sends at once, and no channel traces its records. */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class ConnectorDefaultsTest {

    @Inject
    KafkaClientService clients;

    @Test
    void theOutboxProducerDoesNotLingerAndChannelsDoNotTrace() {
        assertEquals("0", String.valueOf(clients.getProducer("sharedfs-outbox").configuration().get("linger.ms")));
        assertEquals(Boolean.FALSE, ConfigProvider.getConfig()
                .getValue("mp.messaging.connector.smallrye-kafka.tracing-enabled", Boolean.class));
    }
}
