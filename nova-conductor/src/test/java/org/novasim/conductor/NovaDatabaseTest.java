package org.novasim.conductor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import org.novasim.conductor.db.ComputeNodeRecords;
import org.novasim.conductor.db.PlacementRecords;
import org.novasim.conductor.db.ServiceRecords;
import org.novasim.conductor.scheduler.HostManager;
import org.novasim.conductor.scheduler.HostState;
import org.novasim.conductor.scheduler.ResourceRequest;
import org.novasim.messaging.RequestContext;
import org.novasim.messaging.rpc.Args;
import org.novasim.messaging.wire.OsloJson;
import org.novasim.nova.ServiceGroup;
import org.novasim.nova.conductor.ComputeNodeResources;
import org.novasim.nova.conductor.ConductorRpcApi;
import org.novasim.nova.objects.NovaObjects;
import org.novasim.nova.objects.RemoteObject;
import org.novasim.nova.objects.Services;
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
                    "instance_actions_events", "allocations")) {
                assertThat(jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single()).as(table).isZero();
            }
            // The conductor's and its scheduler's own heartbeats are the first rows, so that os-services lists them.
            // (written by their periodic tasks, which may run just after the context is up)
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(jdbc.sql("SELECT host || '/' || \"binary\" FROM services").query(String.class).list())
                            .containsExactlyInAnyOrder("conductor-1/nova-conductor", "conductor-1/nova-scheduler"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void hostStatesJoinNodesToTheirServicesWithRatiosReservationsAndUsage(TestDatabase.Kind database) {
        try (ConductorNode conductor = start(database)) {
            ServiceRecords services = conductor.context.getBean(ServiceRecords.class);
            ComputeNodeRecords nodes = conductor.context.getBean(ComputeNodeRecords.class);
            Instant now = Instant.parse("2026-11-25T00:00:00Z");
            assertThat(services.heartbeat("c1", "nova-compute", "compute", now.minusSeconds(10))).isTrue();
            assertThat(services.heartbeat("c1", "nova-compute", "compute", now)).isFalse();
            services.heartbeat("c2", "nova-compute", "compute", now.minusSeconds(120));
            nodes.report(new ComputeNodeResources("c1", "c1", "fake", 8, 16384, 200), now);
            nodes.report(new ComputeNodeResources("c1", "c1", "fake", 16, 32768, 400, 2.0, 1.5, 1.0, 1024, 2048), now);
            nodes.report(new ComputeNodeResources("c2", "c2", "fake", 8, 16384, 200), now);
            JdbcClient jdbc = conductor.context.getBean(JdbcClient.class);
            long c1 = jdbc.sql("SELECT id FROM compute_nodes WHERE host = 'c1'").query(Long.class).single();
            assertThat(conductor.context.getBean(PlacementRecords.class)
                    .allocate(c1, "i1", new ResourceRequest(2, 4096, 40), now)).isTrue();

            List<HostState> states = nodes.hostStates();

            assertThat(states).extracting(HostState::host, HostState::lastSeen, HostState::vcpus, HostState::memoryMb,
                            HostState::localGb, HostState::cpuAllocationRatio, HostState::ramAllocationRatio,
                            HostState::reservedHostMemoryMb, HostState::reservedDiskGb, HostState::vcpusUsed,
                            HostState::memoryMbUsed, HostState::localGbUsed)
                    .containsExactly(
                            tuple("c1", now, 16, 32768, 400, 2.0, 1.5, 1024, 2, 2, 4096, 40),
                            tuple("c2", now.minusSeconds(120), 8, 16384, 200, 4.0, 1.0, 512, 0, 0, 0, 0));
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
            JdbcClient jdbc = conductor.context.getBean(JdbcClient.class);

            // As a Zed compute starts: its service found or created, its node created, then a heartbeat.
            RemoteObject service = Services.findOrCreate(api, ctx, "rpc-host", "nova-compute", "compute");
            RemoteObject.created(NovaObjects.COMPUTE_NODE, NovaObjects.COMPUTE_NODE_VERSION, Args.of("host",
                    "rpc-host", "hypervisor_hostname", "rpc-host", "hypervisor_type", "fake", "vcpus", 4,
                    "memory_mb", 8192, "local_gb", 100, "memory_mb_used", 2048, "local_gb_used", 0,
                    "cpu_allocation_ratio", 16.0, "ram_allocation_ratio", 1.5, "disk_allocation_ratio", 1.0))
                    .create(api, ctx);
            Services.heartbeat(api, ctx, service);
            Services.heartbeat(api, ctx, service);

            assertThat(jdbc.sql("SELECT vcpus, cpu_allocation_ratio, ram_allocation_ratio, reserved_host_memory_mb"
                    + " FROM compute_nodes WHERE host = 'rpc-host'").query().singleRow())
                    .containsEntry("vcpus", 4).containsEntry("cpu_allocation_ratio", 16.0)
                    .containsEntry("ram_allocation_ratio", 1.5).containsEntry("reserved_host_memory_mb", 2048);
            HostState state = conductor.context.getBean(HostManager.class).get("rpc-host");
            assertThat(state.cpuAllocationRatio()).isEqualTo(16.0);
            assertThat(state.serviceUp(new ServiceGroup(Duration.ofSeconds(60)), Instant.now())).isTrue();
            // The heartbeats wait in memory and are written with the others within a second.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                    "SELECT report_count FROM services WHERE host = 'rpc-host'").query(Integer.class).single() == 2);
        }
    }

    @Test
    void aReportFromAnOlderComputeWithoutRatiosGetsNovasInitialValues() {
        ComputeNodeResources node = OsloJson.mapper().readValue("""
                {"host": "old", "hypervisor_hostname": "old", "hypervisor_type": "fake", "vcpus": 8,
                 "memory_mb": 16384, "local_gb": 200}""", ComputeNodeResources.class);
        assertThat(node).isEqualTo(new ComputeNodeResources("old", "old", "fake", 8, 16384, 200, 4.0, 1.0, 1.0, 512, 0));
    }
}
