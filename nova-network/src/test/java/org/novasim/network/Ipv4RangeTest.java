package org.novasim.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Ipv4RangeTest {

    @Test
    void theGatewayIsTheFirstHostAndInstancesGetTheRest() {
        Ipv4Range range = Ipv4Range.parse("10.0.0.0/29");
        assertThat(range.gateway()).isEqualTo("10.0.0.1");
        assertThat(range.instanceAddresses()).containsExactly("10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6");
    }

    @Test
    void aHostAddressInTheCidrIsMaskedToItsNetwork() {
        assertThat(Ipv4Range.parse("192.168.7.77/24").gateway()).isEqualTo("192.168.7.1");
        assertThat(Ipv4Range.parse("172.16.0.0/16").instanceAddresses()).hasSize(65_533).last().isEqualTo("172.16.255.254");
    }

    @Test
    void refusesWhatIsNotAUsableIpv4Cidr() {
        assertThatThrownBy(() -> Ipv4Range.parse("10.0.0.0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ipv4Range.parse("10.0.0.0/31")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ipv4Range.parse("10.0.0.300/24")).isInstanceOf(IllegalArgumentException.class);
    }
}
