#!/usr/bin/python3
"""A real oslo.messaging peer for NovaSim's wire-compatibility tests.

Runs with Debian's python3-oslo.messaging (14.0.x). Modes:
  server  --topic T --server S      an RPC server; prints READY, serves until stdin closes
  client  --topic T --server S      calls and casts a (Java) server; prints one JSON object of outcomes
  listen  --topic T                 a notification listener; prints READY, then one JSON line per notification
  compute --topic T --server S      shaped like one nova-compute process: an RPC server on T and S, a call to
                                    itself (so a reply queue and a pooled sending connection) and a notification
                                    on a notification transport of its own, as Nova opens them; prints READY once
                                    all are open, holds them until stdin closes
Every mode takes --url (oslo transport URL) and --exchange (the control exchange).
"""
import argparse
import json
import sys
import time

from oslo_config import cfg
import oslo_messaging as messaging


class PeerError(Exception):
    """An exception of the peer's own, unknown to any Java caller."""


class PeerEndpoint(object):
    target = messaging.Target(version='1.3')

    def __init__(self, server):
        self.server = server
        self.remembered = []

    def echo(self, ctxt, **kwargs):
        return {'args': kwargs, 'server': self.server,
                'request_id': ctxt.get('request_id'), 'user_id': ctxt.get('user_id'),
                'roles': ctxt.get('roles')}

    def remember(self, ctxt, value):
        self.remembered.append({'value': value, 'request_id': ctxt.get('request_id')})

    def recall(self, ctxt):
        return self.remembered

    def boom(self, ctxt, message):
        raise ValueError(message)

    def custom(self, ctxt):
        raise PeerError('the peer failed on purpose')

    def sleep(self, ctxt, seconds):
        time.sleep(seconds)
        return seconds


class NotificationPrinter(object):
    def _print(self, priority, ctxt, publisher_id, event_type, payload, metadata):
        print(json.dumps({'priority': priority, 'publisher_id': publisher_id, 'event_type': event_type,
                          'payload': payload, 'request_id': ctxt.get('request_id'),
                          'message_id': metadata.get('message_id'), 'timestamp': metadata.get('timestamp')}),
              flush=True)

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        self._print('INFO', ctxt, publisher_id, event_type, payload, metadata)

    def error(self, ctxt, publisher_id, event_type, payload, metadata):
        self._print('ERROR', ctxt, publisher_id, event_type, payload, metadata)


def outcome(fn):
    """What a caller sees: the result, or the exception's type, module and text."""
    try:
        return {'result': fn()}
    except messaging.RemoteError as e:
        return {'error': 'RemoteError', 'exc_type': e.exc_type, 'value': e.value}
    except Exception as e:
        return {'error': type(e).__name__, 'module': type(e).__module__, 'text': str(e)}


def run_client(transport, args):
    ctxt = {'request_id': 'req-python-peer', 'user_id': 'alice', 'project_id': 'p1',
            'roles': ['member'], 'is_admin': False}
    client = messaging.get_rpc_client(transport, messaging.Target(topic=args.topic, version='1.1'), timeout=15)
    results = {
        'call': outcome(lambda: client.call(ctxt, 'echo', text='hello', count=3)),
        'call_server': outcome(lambda: client.prepare(server=args.server).call(ctxt, 'echo', text='direct')),
        'cast': outcome(lambda: client.cast(ctxt, 'remember', value='cast-from-python')),
        'fanout': outcome(lambda: client.prepare(fanout=True).cast(ctxt, 'remember', value='fanout-from-python')),
        'value_error': outcome(lambda: client.call(ctxt, 'boom', message='bad value')),
        'java_error': outcome(lambda: client.call(ctxt, 'fail_java', message='java says no')),
        'no_such_method': outcome(lambda: client.call(ctxt, 'does_not_exist')),
        'unsupported_version': outcome(lambda: client.prepare(version='2.0').call(ctxt, 'echo')),
        'type_error': outcome(lambda: client.call(ctxt, 'echo', colour='red')),
    }
    print(json.dumps(results), flush=True)


def run_compute(args):
    # Nova's nova/rpc.py: one transport for RPC, another for notifications (each with its own connection pool).
    transport = messaging.get_rpc_transport(cfg.CONF, url=args.url)
    notification_transport = messaging.get_notification_transport(cfg.CONF, url=args.url)
    server = messaging.get_rpc_server(
        transport, messaging.Target(topic=args.topic, server=args.server), [PeerEndpoint(args.server)],
        executor='threading')
    server.start()
    ctxt = {'request_id': 'req-python-compute'}
    client = messaging.get_rpc_client(transport, messaging.Target(topic=args.topic, version='1.1'), timeout=15)
    client.prepare(server=args.server).call(ctxt, 'echo', text='heartbeat')
    notifier = messaging.Notifier(notification_transport, publisher_id='compute.' + args.server,
                                  driver='messagingv2', topics=['versioned_notifications'])
    notifier.info(ctxt, 'service.update', {'host': args.server})
    print('READY', flush=True)
    sys.stdin.read()
    server.stop()
    server.wait()
    transport.cleanup()
    notification_transport.cleanup()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('mode', choices=['server', 'client', 'listen', 'compute'])
    parser.add_argument('--url', required=True)
    parser.add_argument('--exchange', required=True)
    parser.add_argument('--topic', required=True)
    parser.add_argument('--server', default='python-peer')
    args = parser.parse_args()

    cfg.CONF([], project='novasim-peer')
    messaging.set_transport_defaults(args.exchange)

    if args.mode == 'listen':
        transport = messaging.get_notification_transport(cfg.CONF, url=args.url)
        listener = messaging.get_notification_listener(
            transport, [messaging.Target(topic=args.topic)], [NotificationPrinter()], executor='threading')
        listener.start()
        print('READY', flush=True)
        sys.stdin.read()
        listener.stop()
        listener.wait()
        transport.cleanup()
        return

    if args.mode == 'compute':
        run_compute(args)
        return

    transport = messaging.get_rpc_transport(cfg.CONF, url=args.url)
    if args.mode == 'server':
        server = messaging.get_rpc_server(
            transport, messaging.Target(topic=args.topic, server=args.server), [PeerEndpoint(args.server)],
            executor='threading')
        server.start()
        print('READY', flush=True)
        sys.stdin.read()
        server.stop()
        server.wait()
    else:
        run_client(transport, args)
    transport.cleanup()


if __name__ == '__main__':
    main()
