#!/usr/bin/python3
"""oslo.messaging 14's own figures, driven the way NovaSim's RpcBenchmark drives the Java library.

One process holds an RPC server (threading executor) and a client on one transport, as the Java benchmark does.
Prints one JSON object: sequential calls/s with p50/p99 latency, calls/s with N concurrent callers, casts/s handled.
"""
import argparse
import json
import threading
import time

from oslo_config import cfg
import oslo_messaging as messaging


class BenchEndpoint(object):
    def __init__(self):
        self.casts = 0
        self.lock = threading.Lock()

    def echo(self, ctxt, payload):
        return payload

    def count(self, ctxt, payload):
        with self.lock:
            self.casts += 1


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', required=True)
    parser.add_argument('--exchange', required=True)
    parser.add_argument('--topic', required=True)
    parser.add_argument('--payload', type=int, default=64)
    parser.add_argument('--calls', type=int, default=1000)
    parser.add_argument('--callers', type=int, default=16)
    parser.add_argument('--concurrent-calls', type=int, default=2000)
    parser.add_argument('--casts', type=int, default=5000)
    args = parser.parse_args()

    cfg.CONF([], project='novasim-bench')
    messaging.set_transport_defaults(args.exchange)
    transport = messaging.get_rpc_transport(cfg.CONF, url=args.url)
    endpoint = BenchEndpoint()
    server = messaging.get_rpc_server(transport, messaging.Target(topic=args.topic, server='bench'), [endpoint],
                                      executor='threading')
    server.start()
    client = messaging.get_rpc_client(transport, messaging.Target(topic=args.topic), timeout=60)
    ctxt = {'request_id': 'req-bench'}
    payload = 'x' * args.payload

    for _ in range(100):
        client.call(ctxt, 'echo', payload=payload)

    latencies = []
    start = time.perf_counter()
    for _ in range(args.calls):
        t = time.perf_counter()
        client.call(ctxt, 'echo', payload=payload)
        latencies.append(time.perf_counter() - t)
    sequential = args.calls / (time.perf_counter() - start)
    latencies.sort()

    per_caller = args.concurrent_calls // args.callers

    def caller():
        for _ in range(per_caller):
            client.call(ctxt, 'echo', payload=payload)

    threads = [threading.Thread(target=caller) for _ in range(args.callers)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    concurrent = per_caller * args.callers / (time.perf_counter() - start)

    start = time.perf_counter()
    for _ in range(args.casts):
        client.cast(ctxt, 'count', payload=payload)
    while endpoint.casts < args.casts:
        time.sleep(0.005)
    casts = args.casts / (time.perf_counter() - start)

    print(json.dumps({'sequential_calls_per_s': sequential,
                      'p50_ms': percentile(latencies, 0.50) * 1000, 'p99_ms': percentile(latencies, 0.99) * 1000,
                      'concurrent_calls_per_s': concurrent, 'casts_per_s': casts}), flush=True)
    server.stop()
    server.wait()
    transport.cleanup()


if __name__ == '__main__':
    main()
