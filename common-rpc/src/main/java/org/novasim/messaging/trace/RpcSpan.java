package org.novasim.messaging.trace;

import com.rabbitmq.client.AMQP;

/** One span of the messaging layer; {@link #NONE} does nothing. */
public interface RpcSpan {

    RpcSpan NONE = new RpcSpan() {
        @Override
        public AMQP.BasicProperties propagate(AMQP.BasicProperties properties) {
            return properties;
        }

        @Override
        public Scope inScope() {
            return Scope.NONE;
        }

        @Override
        public void failed(String error) {
        }

        @Override
        public void end() {
        }
    };

    /** The message's properties with this span's trace context added to their headers. */
    AMQP.BasicProperties propagate(AMQP.BasicProperties properties);

    /** Makes this span the current one on this thread until the scope is closed (what the endpoint sends is its child). */
    Scope inScope();

    /** Marks the span as failed, with the error's name or message. */
    void failed(String error);

    void end();

    /** A span made current; closing it restores the previous one. */
    interface Scope extends AutoCloseable {

        Scope NONE = () -> {
        };

        @Override
        void close();
    }
}
