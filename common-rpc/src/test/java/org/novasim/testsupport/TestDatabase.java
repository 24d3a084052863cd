package org.novasim.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.novasim.messaging.wire.MessageIds;

/**
 * The PostgreSQL the database tests run against, found once per JVM like {@link TestBroker}:
 * {@code NOVASIM_TEST_POSTGRES=jdbc:postgresql://host:port/db} (user from {@code NOVASIM_TEST_POSTGRES_USER},
 * default {@code postgres}) if set, else a Testcontainers PostgreSQL when a Docker engine is there, else the server
 * on 127.0.0.1:5432, database {@code test}. Each test gets a schema of its own and drops it afterwards.
 */
public final class TestDatabase {

    public static final String ENV = "NOVASIM_TEST_POSTGRES";

    private static TestDatabase instance;

    private final String url;
    private final String username;
    private final String password;

    private TestDatabase(String url, String username, String password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    public static synchronized TestDatabase postgres() {
        if (instance == null) {
            instance = find();
        }
        return instance;
    }

    private static TestDatabase find() {
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            String user = System.getenv().getOrDefault(ENV + "_USER", "postgres");
            return new TestDatabase(configured, user, System.getenv().getOrDefault(ENV + "_PASSWORD", "")).check(ENV);
        }
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            docker = false;
        }
        if (docker) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:15");
            container.start();
            return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        return new TestDatabase("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")
                .check("no Docker engine for Testcontainers, so tried the local server");
    }

    private TestDatabase check(String how) {
        try (Connection ignored = DriverManager.getConnection(url, username, password)) {
            return this;
        } catch (SQLException e) {
            throw new IllegalStateException("No PostgreSQL for the tests (" + how + "): " + e.getMessage()
                    + ". Start one (pg_ctlcluster --skip-systemctl-redirect <version> main start), run Docker for"
                    + " Testcontainers, or set " + ENV + "=jdbc:postgresql://host:port/db.");
        }
    }

    /** A fresh schema name, {@code novasim_<hex>}. */
    public static String newSchema() {
        return "novasim_" + MessageIds.newHex().substring(0, 12);
    }

    /** Spring Boot properties for a datasource on this server whose default schema is {@code schema} (Flyway creates it). */
    public List<String> springProperties(String schema) {
        String separator = url.contains("?") ? "&" : "?";
        return List.of("spring.datasource.url=" + url + separator + "currentSchema=" + schema,
                "spring.datasource.username=" + username, "spring.datasource.password=" + password,
                "spring.flyway.schemas=" + schema);
    }

    public void dropSchema(String schema) {
        try (Connection c = DriverManager.getConnection(url, username, password); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test schema " + schema, e);
        }
    }

    /** Where a service under test keeps its database: an embedded H2 file, or a PostgreSQL schema of its own. */
    public enum Kind { H2, POSTGRESQL }

    /**
     * A service's database for one test: its Spring Boot properties, and the schema to drop when it is closed.
     *
     * @param schema the PostgreSQL schema, null for H2
     */
    public record ForService(List<String> springProperties, String schema) implements AutoCloseable {

        /** {@code kind}'s database; an H2 file is named {@code name} in {@code stateDir}. */
        public static ForService of(Kind kind, java.nio.file.Path stateDir, String name) {
            if (kind == Kind.POSTGRESQL) {
                String schema = newSchema();
                return new ForService(postgres().springProperties(schema), schema);
            }
            return new ForService(List.of("spring.datasource.url=jdbc:h2:file:" + stateDir.resolve(name)
                    + ";AUTO_SERVER=TRUE"), null);
        }

        @Override
        public void close() {
            if (schema != null) {
                postgres().dropSchema(schema);
            }
        }
    }
}
