package org.novasim.messaging.flow;

/** Told of every message the recorder sees; metrics plug in here. */
@FunctionalInterface
public interface FlowListener {

    void onEvent(FlowEvent event);
}
