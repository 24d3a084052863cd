package org.novasim.messaging.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The scalar shortcuts of the wire's JSON give exactly what the mapper would, value for value and type for type. */
class OsloJsonTest {

    @Test
    void toTreeGivesTheMappersNodes() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("name", "vm-1");
        nested.put("gone", null);
        List<Object> values = Arrays.asList(null, "text", "", true, false, 7, -7, 1L << 40, 2.5, 3.0f, (short) 4,
                new BigInteger("123456789012345678901234567890"), List.of(1, "two"), nested);
        for (Object value : values) {
            JsonNode expected = OsloJson.mapper().valueToTree(value);
            assertThat(OsloJson.toTree(value)).as("%s", value).isEqualTo(expected);
            assertThat(OsloJson.toTree(value).getClass()).as("%s", value).isEqualTo(expected.getClass());
        }
    }

    @Test
    void fromTreeGivesWhatTheMapperReadsUntyped() throws Exception {
        JsonNode nodes = OsloJson.mapper().readTree("""
                [null, "text", "", true, false, 7, -7, 1099511627776, 2.5, 1e300,
                 123456789012345678901234567890, [1, "two", null], {"name": "vm-1", "vcpus": 1, "nested": {"a": []}}]""");
        List<Object> expected = new ArrayList<>();
        List<Object> got = new ArrayList<>();
        for (JsonNode node : nodes) {
            expected.add(OsloJson.mapper().treeToValue(node, Object.class));
            got.add(OsloJson.fromTree(node));
        }
        assertThat(got).isEqualTo(expected);
        for (int i = 0; i < got.size(); i++) {
            if (expected.get(i) != null) {
                assertThat(got.get(i)).as("%s", nodes.get(i)).isExactlyInstanceOf(expected.get(i).getClass());
            }
        }
        assertThat(OsloJson.fromTree(null)).isNull();
    }

    @Test
    void fromTreeToAStringTakesStringsAsTheyAreAndCoercesNumbersAsTheMapperDoes() throws Exception {
        var string = OsloJson.mapper().constructType(String.class);
        assertThat(OsloJson.fromTree(OsloJson.mapper().readTree("\"vm-1\""), string)).isEqualTo("vm-1");
        JsonNode number = OsloJson.mapper().readTree("42");
        assertThat(OsloJson.fromTree(number, string)).isEqualTo(OsloJson.mapper().treeToValue(number, String.class));
        JsonNode list = OsloJson.mapper().readTree("[\"a\", \"b\"]");
        var strings = OsloJson.mapper().getTypeFactory().constructCollectionType(List.class, String.class);
        assertThat(OsloJson.fromTree(list, strings)).isEqualTo(List.of("a", "b"));
        assertThat(OsloJson.fromTree(list, OsloJson.mapper().constructType(Object.class))).isEqualTo(List.of("a", "b"));
    }
}
