package org.novasim.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import org.novasim.testsupport.TestBroker;

/**
 * {@code nova.network.networks} bound as the service binds it: its {@code application.yml} under the environment
 * variables an operator sets. A network given in part takes the documented defaults; a value that cannot work is
 * refused with the property's name and what it may be.
 */
class NetworkPropertiesTest {

    @EnableConfigurationProperties(NetworkProperties.class)
    static class Binding {
    }

    private static ApplicationContextRunner withEnvironment(Map<String, Object> variables) {
        return new ApplicationContextRunner().withUserConfiguration(Binding.class)
                .withInitializer(context -> addSources(context, variables));
    }

    private static void addSources(ConfigurableApplicationContext context, Map<String, Object> variables) {
        try {
            for (PropertySource<?> yaml : new YamlPropertySourceLoader().load("application.yml",
                    new ClassPathResource("application.yml"))) {
                context.getEnvironment().getPropertySources().addFirst(yaml);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        context.getEnvironment().getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    }

    @Test
    void withNothingSetTheApplicationYmlNetworkIsUsed() {
        withEnvironment(Map.of()).run(context -> assertThat(context.getBean(NetworkProperties.class).networks())
                .containsExactly(new NetworkProperties.NetworkDefinition("private", "10.0.0.0/24", "br100", "8.8.4.4")));
    }

    @Test
    void aNetworkGivenOnlyItsCidrTakesTheDocumentedDefaultsForTheRest() {
        withEnvironment(Map.of("NOVA_NETWORK_NETWORKS_0_CIDR", "10.0.0.0/20")).run(context -> {
            assertThat(context).hasNotFailed();
            NetworkProperties.NetworkDefinition network = context.getBean(NetworkProperties.class).networks().getFirst();
            assertThat(network).isEqualTo(new NetworkProperties.NetworkDefinition("private", "10.0.0.0/20", "br100",
                    "8.8.4.4"));
            assertThat(Ipv4Range.parse(network.cidr()).instanceAddresses()).as("room for 1,000 servers and more")
                    .hasSize(4093);
        });
    }

    @Test
    void aSecondNetworkGivenInPartNeedsOnlyItsOwnLabel() {
        withEnvironment(Map.of("NOVA_NETWORK_NETWORKS_0_CIDR", "10.0.0.0/20", "NOVA_NETWORK_NETWORKS_1_LABEL", "storage",
                "NOVA_NETWORK_NETWORKS_1_CIDR", "10.1.0.0/24")).run(context -> assertThat(
                context.getBean(NetworkProperties.class).networks()).extracting(NetworkProperties.NetworkDefinition::label,
                NetworkProperties.NetworkDefinition::bridge).containsExactly(
                org.assertj.core.groups.Tuple.tuple("private", "br100"), org.assertj.core.groups.Tuple.tuple("storage", "br100")));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "NOVA_NETWORK_NETWORKS_0_CIDR|10.0.0.0/33|nova.network.networks[0].cidr is '10.0.0.0/33': it must be an IPv4 CIDR with a prefix from /16 to /30 (65533 to 1 instance addresses), such as 10.0.0.0/24",
        "NOVA_NETWORK_NETWORKS_0_CIDR|10.0.0.0/31|nova.network.networks[0].cidr is '10.0.0.0/31': it must be an IPv4 CIDR",
        "NOVA_NETWORK_NETWORKS_0_CIDR|10.0.0.0/8|nova.network.networks[0].cidr is '10.0.0.0/8': it must be an IPv4 CIDR",
        "NOVA_NETWORK_NETWORKS_0_CIDR|10.0.0/24|nova.network.networks[0].cidr is '10.0.0/24': it must be an IPv4 CIDR",
        "NOVA_NETWORK_NETWORKS_0_CIDR|ten/24|nova.network.networks[0].cidr is 'ten/24': it must be an IPv4 CIDR",
        "NOVA_NETWORK_NETWORKS_0_DNS|8.8.4|nova.network.networks[0].dns is '8.8.4': it must be an IPv4 address such as 8.8.4.4",
        "NOVA_NETWORK_NETWORKS_1_CIDR|10.1.0.0/24|nova.network.networks[1].label is 'private': it must be a label no other network has (a network given no label is private)",
    })
    void aValueThatCannotWorkIsRefusedNamingThePropertyAndWhatItMayBe(String variable, String value, String message) {
        Map<String, Object> variables = new java.util.HashMap<>(Map.of(variable, value));
        variables.putIfAbsent("NOVA_NETWORK_NETWORKS_0_CIDR", "10.0.0.0/24");
        withEnvironment(variables).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalArgumentException.class)
                    .message().startsWith(message);
        });
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theServiceRefusesToStartWithOneLineNamingThePropertyAndWhatItMayBe(CapturedOutput output,
                                                                              @TempDir Path state) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(NovaNetworkApplication.class)
                .web(WebApplicationType.NONE)
                .run("--nova.network.networks[0].cidr=10.0.0.0/33", "--nova.rpc.transport-url="
                        + TestBroker.get().transportUrl(), "--nova.rpc.control-exchange="
                        + TestBroker.uniqueName("test_network_config"), "--nova.rpc.amqp-auto-delete=true",
                        "--spring.datasource.url=jdbc:h2:file:" + state.resolve("nova-network")))
                .isNotNull();
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START").contains("Reason: java.lang"
                + ".IllegalArgumentException: nova.network.networks[0].cidr is '10.0.0.0/33': it must be an IPv4 CIDR"
                + " with a prefix from /16 to /30 (65533 to 1 instance addresses), such as 10.0.0.0/24\n");
        assertThat(output.getOut()).doesNotContain("NULL not allowed");
    }
}
