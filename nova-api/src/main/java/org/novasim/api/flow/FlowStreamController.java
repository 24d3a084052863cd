package org.novasim.api.flow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import org.novasim.api.web.NovaApiException;
import org.novasim.api.web.NovaErrors;
import org.novasim.messaging.flow.FlowCollector;
import org.novasim.messaging.flow.FlowRecord;
import org.novasim.nova.auth.NoAuthToken;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /flow/stream}: the merged flow live, as server-sent events: a {@code message} event per record (the JSON
 * of {@code /actuator/flow}'s messages), a {@code counters} event every second. {@code ?requestId=} and
 * {@code ?instance=} filter it. The admin token travels in the {@code X-Auth-Token} header, as for the actuator
 * (unless {@code nova.actuator.admin-only=false}). A client too slow to read loses records, counted in
 * {@code counters}' {@code streamDropped}; it never holds up the collector.
 */
@RestController
public class FlowStreamController {

    private static final Logger log = LoggerFactory.getLogger(FlowStreamController.class);
    private static final int SUBSCRIBER_BUFFER = 2000;
    private static final long COUNTERS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ObjectProvider<FlowCollector> collector;
    private final boolean adminOnly;
    private final JsonMapper json = JsonMapper.builder().build();

    public FlowStreamController(ObjectProvider<FlowCollector> collector,
                                @Value("${nova.actuator.admin-only:true}") boolean adminOnly) {
        this.collector = collector;
        this.adminOnly = adminOnly;
    }

    @GetMapping(path = "/flow/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter stream(@RequestHeader(value = NoAuthToken.HEADER, required = false) String token,
                             @RequestParam(required = false) String requestId,
                             @RequestParam(required = false) String instance,
                             HttpServletResponse response) throws IOException {
        NovaApiException refused = refusal(token);
        if (refused == null && collector.getIfAvailable() == null) {
            refused = NovaApiException.notFound("This service does not collect the message flow (nova.rpc.flow.collect).");
        }
        if (refused != null) {
            response.setStatus(refused.status());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), NovaErrors.body(refused.status(), refused.getMessage()));
            return null;
        }
        SseEmitter emitter = new SseEmitter(0L); // no timeout: the stream lasts as long as its reader
        new Subscriber(collector.getObject(), emitter, blankToNull(requestId), blankToNull(instance)).start();
        return emitter;
    }

    private NovaApiException refusal(String header) {
        if (!adminOnly) {
            return null;
        }
        NoAuthToken token = NoAuthToken.parse(header);
        if (token == null) {
            return NovaApiException.unauthorized("The request you have made requires authentication.");
        }
        return token.isAdmin() ? null : NovaApiException.forbidden("Only administrators may read /flow/stream.");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** One reader: the collector hands it records (never blocking); its own virtual thread writes them out. */
    private final class Subscriber implements Consumer<FlowRecord> {

        private final FlowCollector collector;
        private final SseEmitter emitter;
        private final String requestId;
        private final String instance;
        private final BlockingQueue<FlowRecord> queue = new ArrayBlockingQueue<>(SUBSCRIBER_BUFFER);
        private final AtomicLong dropped = new AtomicLong();
        private final AtomicBoolean open = new AtomicBoolean(true);

        Subscriber(FlowCollector collector, SseEmitter emitter, String requestId, String instance) {
            this.collector = collector;
            this.emitter = emitter;
            this.requestId = requestId;
            this.instance = instance;
        }

        void start() {
            emitter.onCompletion(this::stop);
            emitter.onTimeout(this::stop);
            emitter.onError(e -> stop());
            collector.addListener(this);
            Thread.ofVirtual().name("flow-stream").start(this::run);
        }

        @Override
        public void accept(FlowRecord record) {
            if (FlowCollector.matches(record, requestId, instance) && !queue.offer(record)) {
                dropped.incrementAndGet();
            }
        }

        private void run() {
            long nextCounters = System.nanoTime();
            List<FlowRecord> batch = new ArrayList<>();
            try {
                while (open.get()) {
                    FlowRecord first = queue.poll(Math.max(0, nextCounters - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (first != null) {
                        batch.add(first);
                        queue.drainTo(batch, 500);
                        for (FlowRecord r : batch) {
                            emitter.send(SseEmitter.event().name("message").id(r.id())
                                    .data(json.writeValueAsString(r), MediaType.APPLICATION_JSON));
                        }
                        batch.clear();
                    }
                    if (System.nanoTime() - nextCounters >= 0) {
                        emitter.send(SseEmitter.event().name("counters").data(json.writeValueAsString(counters()),
                                MediaType.APPLICATION_JSON));
                        nextCounters = System.nanoTime() + COUNTERS_EVERY_NANOS;
                    }
                }
            } catch (IOException | IllegalStateException e) {
                log.debug("flow stream reader went away: {}", e.toString());
                emitter.completeWithError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                emitter.complete();
            } finally {
                stop();
            }
        }

        private Map<String, Object> counters() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("counters", collector.counters());
            body.put("dropped", collector.dropped());
            body.put("collected", collector.collected());
            body.put("streamDropped", dropped.get());
            return body;
        }

        private void stop() {
            if (open.compareAndSet(true, false)) {
                collector.removeListener(this);
            }
        }
    }
}
