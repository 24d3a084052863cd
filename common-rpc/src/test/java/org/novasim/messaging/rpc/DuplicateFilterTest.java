package org.novasim.messaging.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DuplicateFilterTest {

    @Test
    void remembersTheLastIdsOnly() {
        DuplicateFilter filter = new DuplicateFilter(2);
        assertThat(filter.firstTime("a")).isTrue();
        assertThat(filter.firstTime("a")).isFalse();
        assertThat(filter.firstTime("b")).isTrue();
        assertThat(filter.firstTime("c")).isTrue();
        assertThat(filter.firstTime("a")).as("forgotten after two newer ids").isTrue();
        assertThat(filter.firstTime(null)).isTrue();
        assertThat(filter.firstTime(null)).isTrue();
    }
}
