package io.sharedfs.provisioner.messaging;

import static io.sharedfs.provisioner.TestNodes.HOST;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sharedfs.contracts.Topics;
import io.sharedfs.testsupport.SharedfsInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Each storage host's agent consumes in a consumer group of its own ({@code node-provisioner.<host>}):
 * every host's agent must see every image and node event. With one group shared by the hosts, Kafka
 * split the partitions between the agents and each dropped the other host's events it was handed,
 * so nodes of VEs keyed to the "wrong" partitions were never provisioned (found by the system tests
 * with two storage hosts).
 */
@QuarkusTest
@WithTestResource(SharedfsInfrastructure.class)
class ConsumerGroupPerStorageHostTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void everyChannelConsumesInTheGroupOfItsStorageHostAndThatGroupReadsEveryPartition() throws Exception {
        String group = "node-provisioner." + HOST;
        for (String channel : List.of("images", "nodes", "exports", "ves")) {
            assertEquals(group, ConfigProvider.getConfig()
                    .getValue("mp.messaging.incoming." + channel + ".group.id", String.class), channel);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            Set<String> expected = new TreeSet<>();
            for (String topic : List.of(Topics.IMAGES, Topics.NODES, Topics.EXPORTS, Topics.VES)) {
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(p -> expected.add(topic + "-" + p.partition()));
            }
            Set<String> assigned = new TreeSet<>();
            await("the agent's consumers in group " + group).atMost(Duration.ofSeconds(60)).until(() -> {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get()
                        .get(group);
                assigned.clear();
                description.members().forEach(member -> member.assignment().topicPartitions().stream()
                        .map(TopicPartition::toString).forEach(assigned::add));
                return assigned.containsAll(expected);
            });
        }
    }
}
