package org.novasim.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.novasim.api.images.ImageProperties;
import org.novasim.api.servers.ServerListProperties;
import org.novasim.testsupport.PropertiesBinding;

/** {@code nova.api.*}: defaults that work, values that cannot refused in one line naming the property. */
class ApiPropertiesTest {

    @Test
    void theDefaultsAreNovas() {
        assertThat(PropertiesBinding.bind(ServerListProperties.class, Map.of()).maxLimit()).as("osapi_max_limit")
                .isEqualTo(1000);
        assertThat(PropertiesBinding.bind(ImageProperties.class, Map.of()).images()).hasSize(2);
    }

    @Test
    void valuesThatCannotWorkAreRefused() {
        assertThat(PropertiesBinding.refusal(ServerListProperties.class, Map.of("NOVA_API_MAXLIMIT", "0")))
                .isEqualTo("nova.api.max-limit is '0': it must be 1 or more");
        assertThat(PropertiesBinding.refusal(ImageProperties.class, Map.of("NOVA_API_IMAGES_0_ID", "img-1")))
                .as("an image given in part has no name to default to")
                .isEqualTo("nova.api.images[0].name is '': it must be given, not empty");
        assertThat(PropertiesBinding.refusal(ImageProperties.class, Map.of("NOVA_API_IMAGES_0_ID", "img-1",
                "NOVA_API_IMAGES_0_NAME", "one", "NOVA_API_IMAGES_1_ID", "img-1", "NOVA_API_IMAGES_1_NAME", "two")))
                .isEqualTo("nova.api.images[1].id is 'img-1': it must be an id no other image has");
    }
}
