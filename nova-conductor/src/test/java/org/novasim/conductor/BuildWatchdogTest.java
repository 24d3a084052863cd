package org.novasim.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import org.novasim.testsupport.TestBroker;
import org.novasim.testsupport.TestDatabase;

/** The conductor's periodic build check ends builds that cannot finish, and leaves the others alone. */
class BuildWatchdogTest {

    @TempDir
    Path state;

    @Test
    void buildsOnADownHostOrPastTheTimeoutGoToErrorWithAFault() {
        try (ConductorNode conductor = ConductorNode.start(TestDatabase.Kind.H2, state,
                TestBroker.uniqueName("test_watchdog"), TestBroker.uniqueName("conductor"),
                "nova.conductor.build-check-interval=200ms", "nova.conductor.instance-build-timeout=5m",
                "nova.servicegroup.service-down-time=60s")) {
            JdbcClient jdbc = conductor.context.getBean(JdbcClient.class);
            Instant now = Instant.now();
            service(jdbc, "alive", now);
            service(jdbc, "dead", now.minusSeconds(300));
            instance(jdbc, "on-dead-host", "dead", now);
            instance(jdbc, "on-live-host", "alive", now);
            instance(jdbc, "too-old", null, now.minusSeconds(600));
            instance(jdbc, "just-scheduled", null, now);
            // The build on the dead host holds its claim, which the watchdog gives back.
            jdbc.sql("INSERT INTO compute_nodes (uuid, host, hypervisor_hostname, hypervisor_type, vcpus, memory_mb,"
                    + " local_gb, vcpus_used, memory_mb_used, local_gb_used, running_vms, created_at)"
                    + " VALUES ('node-dead', 'dead', 'dead', 'fake', 8, 16384, 200, 1, 512, 1, 1, CURRENT_TIMESTAMP)")
                    .update();
            jdbc.sql("INSERT INTO allocations (consumer_uuid, compute_node_id, vcpus, memory_mb, disk_gb, created_at)"
                    + " SELECT 'on-dead-host', id, 1, 512, 1, CURRENT_TIMESTAMP FROM compute_nodes WHERE host = 'dead'")
                    .update();

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> vmState(jdbc, "on-dead-host").equals("error")
                    && vmState(jdbc, "too-old").equals("error"));
            assertThat(fault(jdbc, "on-dead-host")).isEqualTo("Compute host dead went down while the instance was building.");
            assertThat(fault(jdbc, "too-old")).isEqualTo("Instance build timed out. Set to error state.");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM allocations").query(Integer.class).single()).isZero();
            assertThat(jdbc.sql("SELECT vcpus_used + memory_mb_used + local_gb_used + running_vms FROM compute_nodes")
                    .query(Integer.class).single()).isZero();
            assertThat(vmState(jdbc, "on-live-host")).isEqualTo("building");
            assertThat(vmState(jdbc, "just-scheduled")).isEqualTo("building");
            assertThat(jdbc.sql("SELECT task_state FROM instances WHERE uuid = 'on-dead-host'").query(String.class)
                    .list()).hasSize(1).containsOnlyNulls();
        }
    }

    private static void service(JdbcClient jdbc, String host, Instant lastSeen) {
        jdbc.sql("INSERT INTO services (uuid, host, \"binary\", topic, created_at, updated_at)"
                + " VALUES (?, ?, 'nova-compute', 'compute', ?, ?)")
                .params("svc-" + host, host, Timestamp.from(lastSeen), Timestamp.from(lastSeen)).update();
    }

    private static void instance(JdbcClient jdbc, String uuid, String host, Instant created) {
        jdbc.sql("INSERT INTO instances (uuid, display_name, project_id, user_id, flavorid, image_ref, vm_state,"
                + " task_state, host, reservation_id, created_at) VALUES (?, 'vm', 'p', 'u', '1', 'img', 'building',"
                + " 'spawning', ?, 'r-1', ?)").params(uuid, host, Timestamp.from(created)).update();
    }

    private static String vmState(JdbcClient jdbc, String uuid) {
        return jdbc.sql("SELECT vm_state FROM instances WHERE uuid = ?").param(uuid).query(String.class).single();
    }

    private static String fault(JdbcClient jdbc, String uuid) {
        return jdbc.sql("SELECT message FROM instance_faults WHERE instance_uuid = ?").param(uuid).query(String.class)
                .single();
    }
}
