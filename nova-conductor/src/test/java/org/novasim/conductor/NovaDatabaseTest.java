package org.novasim.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import org.novasim.conductor.db.ComputeNodeRecords;
import org.novasim.conductor.db.ServiceRecords;
import org.novasim.conductor.scheduler.HostState;
import org.novasim.messaging.RequestContext;
import org.novasim.nova.ServiceGroup;
import org.novasim.nova.conductor.ComputeNodeResources;
import org.novasim.nova.conductor.ConductorRpcApi;
import org.novasim.testsupport.TestBroker;
import org.novasim.testsupport.TestDatabase;

/** The Nova database's migrations and the conductor's records, on PostgreSQL and on the embedded database. */
class NovaDatabaseTest {

    @TempDir
    Path state;

    private ConductorNode start(TestDatabase.Kind database) {
        return ConductorNode.start(database, state, TestBroker.uniqueName("test_conductor"), TestBroker.uniqueName("conductor"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void migrationsCreateTheSchemaAndSeedTheClassicFlavors(TestDatabase.Kind database) {
        try (ConductorNode conductor = start(database)) {
            JdbcClient jdbc = conductor.context.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT name FROM flavors ORDER BY id").query(String.class).list())
                    .containsExactly("m1.tiny", "m1.small", "m1.medium", "m1.large", "m1.xlarge");
            assertThat(jdbc.sql("SELECT memory_mb FROM flavors WHERE flavorid = '1'").query(Integer.class).single())
                    .isEqualTo(512);
            for (String table : List.of("compute_nodes", "instances", "instance_faults", "instance_actions",
                    "instance_actions_events")) {
                assertThat(jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single()).as(table).isZero();
            }
            // The conductor's own heartbeat is the first row, so that os-services lists it.
            assertThat(jdbc.sql("SELECT host || '/' || \"binary\" FROM services").query(String.class).list())
                    .containsExactly("conductor-1/nova-conductor");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void hostStatesJoinNodesServicesAndTheInstancesOnEachHost(TestDatabase.Kind database) {
        try (ConductorNode conductor = start(database)) {
            ServiceRecords services = conductor.context.getBean(ServiceRecords.class);
            ComputeNodeRecords nodes = conductor.context.getBean(ComputeNodeRecords.class);
            Instant now = Instant.parse("2026-11-25T00:00:00Z");
            assertThat(services.heartbeat("c1", "nova-compute", "compute", now.minusSeconds(10))).isTrue();
            assertThat(services.heartbeat("c1", "nova-compute", "compute", now)).isFalse();
            services.heartbeat("c2", "nova-compute", "compute", now.minusSeconds(120));
            nodes.report(new ComputeNodeResources("c1", "c1", "fake", 8, 16384, 200), now);
            nodes.report(new ComputeNodeResources("c1", "c1", "fake", 16, 32768, 400), now);
            nodes.report(new ComputeNodeResources("c2", "c2", "fake", 8, 16384, 200), now);
            JdbcClient jdbc = conductor.context.getBean(JdbcClient.class);
            jdbc.sql("INSERT INTO instances (uuid, display_name, project_id, user_id, flavorid, image_ref, vm_state,"
                    + " host, reservation_id, created_at) VALUES ('i1', 'vm', 'p', 'u', '3', 'img', 'active', 'c1',"
                    + " 'r-1', CURRENT_TIMESTAMP)").update();
            jdbc.sql("INSERT INTO instances (uuid, display_name, project_id, user_id, flavorid, image_ref, vm_state,"
                    + " host, reservation_id, created_at) VALUES ('i2', 'vm', 'p', 'u', '3', 'img', 'error', 'c1',"
                    + " 'r-2', CURRENT_TIMESTAMP)").update();

            List<HostState> states = nodes.hostStates(now, new ServiceGroup(Duration.ofSeconds(60)));

            assertThat(states).containsExactly(
                    new HostState("c1", "c1", true, 16, 2, 32768, 4096, 400, 40),
                    new HostState("c2", "c2", false, 8, 0, 16384, 0, 200, 0));
            assertThat(jdbc.sql("SELECT report_count FROM services WHERE host = 'c1'").query(Integer.class).single())
                    .isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void computeReportsThroughTheConductorOverRpc(TestDatabase.Kind database) {
        try (ConductorNode conductor = start(database)) {
            ConductorRpcApi api = conductor.context.getBean(ConductorRpcApi.class);
            RequestContext ctx = RequestContext.admin();

            api.serviceUpdate(ctx, "rpc-host", "nova-compute", "compute");
            api.computeNodeUpdate(ctx, new ComputeNodeResources("rpc-host", "rpc-host", "fake", 4, 8192, 100));

            assertThat(conductor.context.getBean(ComputeNodeRecords.class).hostStates(Instant.now(), new ServiceGroup(Duration.ofSeconds(60))))
                    .containsExactly(new HostState("rpc-host", "rpc-host", true, 4, 0, 8192, 0, 100, 0));
        }
    }
}
