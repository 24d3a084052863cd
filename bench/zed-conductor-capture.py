#!/usr/bin/python3
"""Capture Nova Zed (26.2.2) conductor object-indirection traffic on the wire.

Run with the *Debian* interpreter (it has python3-nova / oslo.messaging):

    /usr/bin/python3 bench/zed-conductor-capture.py            # everything
    /usr/bin/python3 bench/zed-conductor-capture.py --keep-vhost

Roles:
  (default) "all": creates RabbitMQ vhost `zedcap` (rabbitmqctl), enables the
      firehose tracer on it, starts the fake conductor (this same file with
      --role server) as a child process, then plays a Zed nova-compute against
      it, captures every request/reply raw, writes capture.json and removes the
      vhost again.
  --role server: the fake conductor only (used internally).

Fake conductor = nova's *real* nova.conductor.manager.ConductorManager class
(methods unmodified; only __init__ is skipped because it would build a
placement/keystone client) served by an oslo.messaging RPC server (threading
executor) on topic `conductor`, server `capture`, with the real nova DB API
(nova.db.main.api) on a throw-away SQLite file whose schema is created from
nova.db.main.models.  So every answer/exception is the one Zed's conductor
really produces.

Capture sources (all stored in capture.json):
  * raw request bodies: kombu consumer on queue `zedcap.raw.conductor` bound
    to topic exchange `nova` with routing key `conductor` (a copy of every
    message the compute sends to the conductor topic);
  * raw reply bodies: client-side hook on
    oslo_messaging._drivers.impl_rabbit.RabbitMessage.__init__ (sees the raw
    kombu message delivered from the reply_<uuid> queue);
  * broker view: RabbitMQ firehose (`rabbitmqctl trace_on -p zedcap`), queue
    bound to amq.rabbitmq.trace with `publish.#` -> exchange, routing keys,
    AMQP properties, routed queues for every publish (requests and replies).
"""

import argparse
import datetime
import inspect
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
import traceback

OUT_DIR = os.environ.get('ZED_CAPTURE_DIR', '/tmp/zed-indirection')
VHOST = 'zedcap'
TRANSPORT_URL = 'rabbit://guest:guest@127.0.0.1:5672/%s' % VHOST
KOMBU_URL = 'amqp://guest:guest@127.0.0.1:5672/%s' % VHOST
CONF_FILE = os.path.join(OUT_DIR, 'nova-capture.conf')
DB_FILE = os.path.join(OUT_DIR, 'fake-nova-cell.sqlite')
READY_FILE = os.path.join(OUT_DIR, '.server-ready')
SERVER_LOG = os.path.join(OUT_DIR, 'server.log')
CLIENT_LOG = os.path.join(OUT_DIR, 'client.log')
OUT_JSON = os.path.join(OUT_DIR, 'capture.json')

HOST = 'compute-1'
NODE = 'compute-1.example.org'
CONDUCTOR_HOST = 'capture-conductor'
INSTANCE_UUID = '6a9b5a0e-4c1f-4f3e-9a43-1d2f00000001'
INSTANCE2_UUID = '6a9b5a0e-4c1f-4f3e-9a43-1d2f00000002'
MISSING_UUID = '6a9b5a0e-4c1f-4f3e-9a43-1d2f0000dead'
IMAGE_UUID = '155d900f-4e14-4e4c-a73d-069cbf4541e6'
NODE_UUID = '3e0c0c8e-8f7b-4c7e-9a0e-00000000c0de'
NET_UUID = 'a1b2c3d4-0000-4000-8000-0000000000a1'
PORT_UUID = 'a1b2c3d4-0000-4000-8000-0000000000b1'
USER_ID = 'f0e1d2c3b4a5968778695a4b3c2d1e0f'
PROJECT_ID = '0123456789abcdef0123456789abcdef'
REQUEST_ID = 'req-7c3e9a52-1111-4222-8333-944455556666'

CONF_TEXT = """[DEFAULT]
transport_url = %(url)s
control_exchange = nova
host = %(host)s
state_path = %(out)s/state
rpc_response_timeout = 60

[database]
connection = sqlite:///%(db)s

[api_database]
connection = sqlite:///%(out)s/fake-nova-api.sqlite

[oslo_concurrency]
lock_path = %(out)s/locks
""" % {'url': TRANSPORT_URL, 'host': HOST, 'out': OUT_DIR, 'db': DB_FILE}


def rabbitmqctl(*args, check=True):
    cmd = ['rabbitmqctl', '-q'] + list(args)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if check and p.returncode != 0:
        raise RuntimeError('%s failed: %s %s' % (cmd, p.stdout, p.stderr))
    return p.stdout


def jdefault(o):
    if isinstance(o, bytes):
        try:
            return o.decode('utf-8')
        except UnicodeDecodeError:
            return repr(o)
    if isinstance(o, (datetime.datetime, datetime.date)):
        return o.isoformat()
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    return repr(o)


def plain(o):
    """JSON-round-trip (makes kombu/amqp tables plain)."""
    return json.loads(json.dumps(o, default=jdefault))


# ---------------------------------------------------------------------------
# server (fake conductor)
# ---------------------------------------------------------------------------

def seed_db(ctx):
    """Create realistic rows with nova's own objects (no indirection here)."""
    from nova import objects
    from nova.network import model as network_model

    flavor = objects.Flavor(
        id=1, flavorid='1', name='m1.small', memory_mb=2048, vcpus=1,
        root_gb=20, ephemeral_gb=0, swap=0, rxtx_factor=1.0, vcpu_weight=0,
        disabled=False, is_public=True, description=None,
        extra_specs={'hw_rng:allowed': 'True'})

    def nwinfo(ip):
        return network_model.NetworkInfo([network_model.VIF(
            id=PORT_UUID, address='fa:16:3e:4c:2c:30',
            network=network_model.Network(
                id=NET_UUID, bridge='br-int', label='private',
                subnets=[network_model.Subnet(
                    cidr='10.0.0.0/26', version=4,
                    gateway=network_model.IP(address='10.0.0.1',
                                             type='gateway'),
                    dns=[network_model.IP(address='10.0.0.2', type='dns')],
                    ips=[network_model.FixedIP(address=ip, version=4,
                                               type='fixed')])],
                meta={'injected': False, 'tenant_id': PROJECT_ID,
                      'mtu': 1442, 'physical_network': None,
                      'tunneled': True}),
            type='ovs', details={'port_filter': True, 'connectivity': 'l2',
                                 'bridge_name': 'br-int',
                                 'datapath_type': 'system',
                                 'ovs_hybrid_plug': False},
            devname='tapa1b2c3d4-00', ovs_interfaceid=PORT_UUID,
            qbh_params=None, qbg_params=None, active=True, vnic_type='normal',
            profile={}, preserve_on_delete=False, meta={})])

    def mk_instance(uuid, name, vm_state, task_state, power_state, ip):
        inst = objects.Instance(context=ctx)
        inst.uuid = uuid
        inst.user_id = USER_ID
        inst.project_id = PROJECT_ID
        inst.display_name = name
        inst.display_description = name
        inst.hostname = name
        inst.image_ref = IMAGE_UUID
        inst.kernel_id = ''
        inst.ramdisk_id = ''
        inst.flavor = flavor
        inst.instance_type_id = flavor.id
        inst.memory_mb = flavor.memory_mb
        inst.vcpus = flavor.vcpus
        inst.root_gb = flavor.root_gb
        inst.ephemeral_gb = flavor.ephemeral_gb
        inst.host = HOST
        inst.node = NODE
        inst.launched_on = HOST
        inst.availability_zone = 'nova'
        inst.launch_index = 0
        inst.reservation_id = 'r-3fhpjulh'
        inst.key_name = None
        inst.config_drive = ''
        inst.root_device_name = '/dev/vda'
        inst.power_state = power_state
        inst.vm_state = vm_state
        inst.task_state = task_state
        inst.locked = False
        inst.os_type = None
        inst.architecture = None
        inst.hidden = False
        inst.metadata = {'role': 'web'}
        inst.system_metadata = {
            'image_base_image_ref': IMAGE_UUID,
            'image_container_format': 'bare',
            'image_disk_format': 'qcow2',
            'image_min_disk': '20', 'image_min_ram': '0',
            'owner_user_name': 'demo', 'owner_project_name': 'demo',
            'boot_roles': 'reader,member'}
        inst.info_cache = objects.InstanceInfoCache(network_info=nwinfo(ip))
        inst.create()
        return inst

    mk_instance(INSTANCE_UUID, 'vm-web-1', 'building', 'scheduling', 0,
                '10.0.0.5')
    mk_instance(INSTANCE2_UUID, 'vm-db-1', 'active', None, 1, '10.0.0.6')

    objects.BlockDeviceMapping(
        context=ctx, instance_uuid=INSTANCE_UUID, source_type='image',
        destination_type='local', image_id=IMAGE_UUID, boot_index=0,
        device_name='/dev/vda', delete_on_termination=True,
        device_type='disk', disk_bus='virtio', guest_format=None,
        volume_size=None, no_device=False).create()
    objects.BlockDeviceMapping(
        context=ctx, instance_uuid=INSTANCE_UUID, source_type='volume',
        destination_type='volume',
        volume_id='9c1b4c3e-1a2b-4c5d-8e9f-00000000a01e',
        boot_index=None, device_name='/dev/vdb',
        delete_on_termination=False, device_type='disk', disk_bus='virtio',
        volume_size=10, no_device=False,
        connection_info='{"driver_volume_type": "iscsi", "data": {}}',
        attachment_id='5e6f7a8b-0000-4000-8000-0000000a77ac').create()

    objects.Migration(
        context=ctx, instance_uuid=INSTANCE2_UUID, source_compute=HOST,
        source_node=NODE, dest_compute='compute-2',
        dest_node='compute-2.example.org', dest_host='192.0.2.12',
        status='running', migration_type='live-migration',
        old_instance_type_id=1, new_instance_type_id=1,
        cross_cell_move=False).create()
    objects.Migration(
        context=ctx, instance_uuid=INSTANCE2_UUID, source_compute='compute-3',
        source_node='compute-3.example.org', dest_compute=HOST,
        dest_node=NODE, dest_host='192.0.2.11', status='error',
        migration_type='migration', old_instance_type_id=1,
        new_instance_type_id=1, cross_cell_move=False).create()

    # The API would have created this (action 'create' for this request id);
    # InstanceActionEvent.event_start needs it.
    from nova import context as nova_context
    actx = nova_context.RequestContext(user_id=USER_ID,
                                       project_id=PROJECT_ID,
                                       request_id=REQUEST_ID)
    objects.InstanceAction.action_start(actx, INSTANCE_UUID, 'create',
                                        want_result=False)


def run_server():
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format='%(asctime)s %(levelname)s %(name)s %(message)s')
    if os.path.exists(DB_FILE):
        os.unlink(DB_FILE)
    from nova import config
    from nova import objects
    from nova import rpc
    from nova import baserpc
    import nova.conf
    import oslo_messaging as messaging
    from oslo_messaging.rpc import dispatcher
    CONF = nova.conf.CONF
    config.parse_args(['nova-conductor-capture'],
                      default_config_files=[CONF_FILE])
    CONF.set_override('host', CONDUCTOR_HOST)
    objects.register_all()

    from nova.db.main import api as main_db
    from nova.db.main import models
    models.BASE.metadata.create_all(main_db.get_engine())
    from nova import context as nova_context
    seed_db(nova_context.get_admin_context())

    from nova.conductor import manager as conductor_manager
    from nova.objects import base as objects_base
    assert objects_base.NovaObject.indirection_api is None
    # Real ConductorManager class; skip __init__ (it would build the
    # ComputeTaskManager with placement/keystone/glance clients, irrelevant
    # for object indirection) and set what manager.Manager.__init__ sets.
    mgr = conductor_manager.ConductorManager.__new__(
        conductor_manager.ConductorManager)
    mgr.host = CONF.host
    mgr.backdoor_port = None
    mgr.service_name = 'conductor'
    mgr.notifier = rpc.get_notifier('conductor', CONF.host)
    mgr.additional_endpoints = []
    endpoints = [mgr, baserpc.BaseRPCAPI('conductor', None)]

    # same serializer choice as nova.rpc.get_server()
    ser_cls = (rpc.ProfilerRequestContextSerializer if rpc.profiler
               else rpc.RequestContextSerializer)
    serializer = ser_cls(objects_base.NovaObjectSerializer())
    target = messaging.Target(topic='conductor', server='capture')
    server = messaging.get_rpc_server(
        rpc.TRANSPORT, target, endpoints, executor='threading',
        serializer=serializer,
        access_policy=dispatcher.DefaultRPCAccessPolicy)
    server.start()
    with open(READY_FILE, 'w') as f:
        json.dump({'pid': os.getpid(), 'serializer': ser_cls.__name__,
                   'endpoint_target': str(mgr.target)}, f)
    print('fake conductor ready', flush=True)
    sys.stdin.read()          # parent closes our stdin when done
    server.stop()
    server.wait()
    rpc.cleanup()


# ---------------------------------------------------------------------------
# raw capture (client process)
# ---------------------------------------------------------------------------

class RawCapture(threading.Thread):
    REQ_Q = 'zedcap.raw.conductor'
    FIRE_Q = 'zedcap.raw.firehose'

    def __init__(self):
        super().__init__(daemon=True)
        import kombu
        self.kombu = kombu
        self.lock = threading.Lock()
        self.requests = {}      # _msg_id -> capture
        self.firehose = []      # all publishes
        self.other = []
        self.stop_flag = False
        self.conn = kombu.Connection(KOMBU_URL)
        self.conn.connect()
        ch = self.conn.default_channel
        # same attributes oslo.messaging uses for its topic exchange
        # (amqp_durable_queues=False, amqp_auto_delete=False)
        nova_ex = kombu.Exchange('nova', type='topic', durable=False,
                                 auto_delete=False)
        nova_ex(ch).declare()
        ch.queue_declare(self.REQ_Q, durable=False, exclusive=True,
                         auto_delete=True)
        ch.queue_bind(self.REQ_Q, exchange='nova', routing_key='conductor')
        ch.queue_declare(self.FIRE_Q, durable=False, exclusive=True,
                         auto_delete=True)
        ch.queue_bind(self.FIRE_Q, exchange='amq.rabbitmq.trace',
                      routing_key='publish.#')
        self.consumer = kombu.Consumer(
            ch, queues=[kombu.Queue(self.REQ_Q, no_declare=True),
                        kombu.Queue(self.FIRE_Q, no_declare=True)],
            callbacks=[self.on_message], no_ack=True)
        self.consumer.consume()

    @staticmethod
    def describe(message):
        body = message.body
        if isinstance(body, bytes):
            body = body.decode('utf-8')
        d = {
            'delivery_info': {k: message.delivery_info.get(k) for k in
                              ('exchange', 'routing_key', 'redelivered')},
            'properties': plain(dict(message.properties)),
            'headers': plain(dict(message.headers or {})),
            'content_type': message.content_type,
            'content_encoding': message.content_encoding,
            'body_raw': body,
        }
        try:
            env = json.loads(body)
            d['envelope'] = env
            if isinstance(env, dict) and 'oslo.message' in env:
                d['message'] = json.loads(env['oslo.message'])
                if d['message'].get('failure'):
                    d['failure_parsed'] = json.loads(d['message']['failure'])
        except Exception as e:  # pragma: no cover
            d['parse_error'] = repr(e)
        return d

    def on_message(self, body, message):
        d = self.describe(message)
        d['captured_at'] = time.time()
        queue = message.delivery_info.get('routing_key')
        with self.lock:
            if message.delivery_info.get('exchange') == 'amq.rabbitmq.trace':
                d.pop('properties', None)
                self.firehose.append(d)
            else:
                mid = d.get('message', {}).get('_msg_id')
                if mid:
                    self.requests[mid] = d
                else:
                    self.other.append(d)

    def run(self):
        while not self.stop_flag:
            try:
                self.conn.drain_events(timeout=0.5)
            except socket.timeout:
                pass
            except Exception:
                traceback.print_exc()
                time.sleep(0.5)

    def firehose_for(self, msg_id):
        out = []
        with self.lock:
            for f in self.firehose:
                m = f.get('message') or {}
                if m.get('_msg_id') == msg_id:
                    h = f['headers']
                    out.append({
                        'kind': 'request' if 'method' in m else 'reply',
                        'exchange_name': h.get('exchange_name'),
                        'routing_keys': h.get('routing_keys'),
                        'routed_queues': h.get('routed_queues'),
                        'properties': h.get('properties'),
                        'body_raw': f['body_raw'],
                    })
        return out

    def close(self):
        self.stop_flag = True
        self.join(3)
        try:
            self.conn.release()
        except Exception:
            pass


REPLIES = []        # raw replies as received by the oslo reply consumer
SENT = []           # msg dicts of calls sent by the oslo driver


def install_client_hooks():
    from oslo_messaging._drivers import amqpdriver
    from oslo_messaging._drivers import impl_rabbit

    orig_init = impl_rabbit.RabbitMessage.__init__

    def rabbit_message_init(self, raw_message):
        orig_init(self, raw_message)
        try:
            rk = raw_message.delivery_info.get('routing_key', '')
            if rk.startswith('reply_'):
                d = RawCapture.describe(raw_message)
                d['received_at'] = time.time()
                REPLIES.append(d)
        except Exception:
            traceback.print_exc()

    impl_rabbit.RabbitMessage.__init__ = rabbit_message_init

    orig_send = amqpdriver.AMQPDriverBase._send

    def _send(self, target, ctxt, message, wait_for_reply=None, *a, **kw):
        try:
            return orig_send(self, target, ctxt, message, wait_for_reply,
                             *a, **kw)
        finally:
            if wait_for_reply:
                SENT.append({'msg_id': message.get('_msg_id'),
                             'method': message.get('method'),
                             'target': {'exchange': target.exchange,
                                        'topic': target.topic,
                                        'server': target.server,
                                        'namespace': target.namespace,
                                        'version': target.version,
                                        'fanout': target.fanout}})

    _send.__wrapped__ = orig_send      # so code_refs() quotes the original
    amqpdriver.AMQPDriverBase._send = _send


def describe_exception(e):
    d = {'python_class': '%s.%s' % (type(e).__module__, type(e).__name__),
         'mro': [c.__module__ + '.' + c.__name__
                 for c in type(e).__mro__[:6]],
         'str_first_line': str(e).split('\n')[0][:500]}
    if hasattr(e, 'kwargs'):
        d['kwargs'] = plain(e.kwargs)
    for attr in ('exc_type', 'value'):
        if hasattr(e, attr):
            d[attr] = getattr(e, attr)
    return d


def client_view(result):
    from nova.objects import base as objects_base
    from oslo_serialization import jsonutils
    try:
        ser = objects_base.NovaObjectSerializer().serialize_entity(None,
                                                                   result)
        return jsonutils.to_primitive(ser, convert_instances=True)
    except Exception as e:
        return repr(result) + ' (%r)' % e


def run_client(args):
    logging.basicConfig(level=logging.WARNING, filename=CLIENT_LOG,
                        format='%(asctime)s %(levelname)s %(name)s %(message)s')
    if os.path.exists(READY_FILE):
        os.unlink(READY_FILE)
    server_log = open(SERVER_LOG, 'w')
    server = subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), '--role', 'server'],
        stdin=subprocess.PIPE, stdout=server_log, stderr=subprocess.STDOUT)

    # --- what nova/cmd/compute.py main() does ---------------------------
    from nova import config
    from nova import objects
    import nova.conf
    import nova.db.main.api
    CONF = nova.conf.CONF
    config.parse_args(['nova-compute-capture'],
                      default_config_files=[CONF_FILE])
    objects.register_all()
    nova.db.main.api.DISABLE_DB_ACCESS = True
    from nova.conductor import rpcapi as conductor_rpcapi
    from nova.objects import base as objects_base
    from nova import rpc
    objects_base.NovaObject.indirection_api = conductor_rpcapi.ConductorAPI()
    objects.Service.enable_min_version_cache()
    # ------------------------------------------------------------------
    install_client_hooks()
    cap = RawCapture()
    cap.start()
    reply_q = rpc.TRANSPORT._driver._get_reply_q()

    deadline = time.time() + 120
    while not os.path.exists(READY_FILE):
        if server.poll() is not None or time.time() > deadline:
            raise SystemExit('fake conductor failed, see %s' % SERVER_LOG)
        time.sleep(0.3)
    time.sleep(0.3)
    with open(READY_FILE) as f:
        server_info = json.load(f)

    from nova import context as nova_context
    from nova import exception
    from nova.compute import utils as compute_utils
    from oslo_utils import timeutils
    from oslo_versionedobjects import base as ovo_base

    uctx = nova_context.RequestContext(
        user_id=USER_ID, project_id=PROJECT_ID, user_name='demo',
        project_name='demo', roles=['reader', 'member'],
        request_id=REQUEST_ID, auth_token='gAAAAABfakeKeystoneToken',
        remote_address='192.0.2.50', is_admin=False, service_catalog=[],
        global_request_id=None)
    actx = nova_context.get_admin_context()

    ops = []
    state = {}

    def op(name, call, fn, note=None):
        start = len(SENT)
        t0 = time.time()
        result, error = None, None
        try:
            result = fn()
        except Exception as e:
            error = describe_exception(e)
        elapsed = time.time() - t0
        sent = SENT[start:]
        ids = [s['msg_id'] for s in sent]
        # wait (lightly) for the raw copies
        end = time.time() + 5
        while time.time() < end:
            with cap.lock:
                have_req = all(i in cap.requests for i in ids)
            have_rep = all(any(r.get('message', {}).get('_msg_id') == i
                               and r['message'].get('ending')
                               for r in REPLIES) for i in ids)
            have_fire = all(len(cap.firehose_for(i)) >= 2 for i in ids)
            if have_req and have_rep and have_fire:
                break
            time.sleep(0.05)
        calls = []
        for s in sent:
            i = s['msg_id']
            with cap.lock:
                req = cap.requests.get(i)
            replies = [r for r in REPLIES
                       if r.get('message', {}).get('_msg_id') == i]
            fire = cap.firehose_for(i)
            bodies = {'request': [req['body_raw']] if req else [],
                      'reply': [r['body_raw'] for r in replies]}
            for f in fire:
                # broker copy vs. consumer copy: keep only the verdict
                f['body_identical_to_captured'] = (
                    f.pop('body_raw') in bodies[f['kind']])
            calls.append({
                'client_target': s['target'],
                'rpc_method': s['method'],
                'request': req,
                'replies': replies,
                'firehose': fire,
            })
        entry = {'name': name, 'python_call': call, 'note': note,
                 'elapsed_s': round(elapsed, 3), 'rpc_calls': calls,
                 'client_result': client_view(result),
                 'client_exception': error}
        ops.append(entry)
        print('%-45s calls=%d %s' % (name, len(calls),
                                     'EXC ' + error['python_class']
                                     if error else 'ok'), flush=True)
        return result

    # ---------------- Service (nova/service.py start()) ----------------
    op('service_get_by_host_and_binary_missing',
       "objects.Service.get_by_host_and_binary(ctx, 'compute-1', "
       "'nova-compute')  # before the service row exists",
       lambda: objects.Service.get_by_host_and_binary(actx, HOST,
                                                      'nova-compute'),
       'HostBinaryNotFound is swallowed inside Service.get_by_host_and_binary'
       ' -> reply result null')

    def service_create():
        s = objects.Service(actx)
        s.host = HOST
        s.binary = 'nova-compute'
        s.topic = 'compute'
        s.report_count = 0
        s.create()
        state['service'] = s
        return s
    op('service_create', 'Service(ctx); host/binary/topic/report_count=0; '
       '.create()  (nova/service.py _create_service_ref)', service_create)

    op('service_get_by_host_and_binary',
       "objects.Service.get_by_host_and_binary(ctx, 'compute-1', "
       "'nova-compute')",
       lambda: objects.Service.get_by_host_and_binary(actx, HOST,
                                                      'nova-compute'))
    op('service_get_by_compute_host',
       "objects.Service.get_by_compute_host(ctx, 'compute-1')",
       lambda: objects.Service.get_by_compute_host(actx, HOST))

    def heartbeat():
        s = state['service']
        s.report_count += 1
        s.save()
        return s
    op('service_heartbeat_save',
       'service_ref.report_count += 1; service_ref.save()  '
       '(nova/servicegroup/drivers/db.py _report_state)', heartbeat)

    # ---------------- ComputeNode (resource tracker) -------------------
    op('compute_node_get_by_host_and_nodename_missing',
       "objects.ComputeNode.get_by_host_and_nodename(ctx, 'compute-1', "
       "'compute-1.example.org')  # before the node exists",
       lambda: objects.ComputeNode.get_by_host_and_nodename(actx, HOST,
                                                            NODE))

    def cn_create():
        cn = objects.ComputeNode(actx)
        cn.host = HOST
        cn.stats = {'failed_builds': '0'}
        for res, ratio in (('cpu', 4.0), ('ram', 1.0), ('disk', 1.0)):
            setattr(cn, '%s_allocation_ratio' % res, ratio)
        cn.update_from_virt_driver({
            'vcpus': 8, 'memory_mb': 16384, 'local_gb': 200,
            'vcpus_used': 0, 'memory_mb_used': 512, 'local_gb_used': 0,
            'hypervisor_type': 'QEMU', 'hypervisor_version': 6002000,
            'hypervisor_hostname': NODE,
            'cpu_info': json.dumps({'arch': 'x86_64', 'model': 'Nehalem',
                                    'vendor': 'Intel',
                                    'topology': {'cells': 1, 'sockets': 1,
                                                 'cores': 4, 'threads': 2},
                                    'features': ['sse2', 'vmx']}),
            'disk_available_least': 180, 'host_ip': '192.0.2.11',
            'numa_topology': None, 'uuid': NODE_UUID,
            'supported_instances': [['x86_64', 'kvm', 'hvm'],
                                    ['i686', 'kvm', 'hvm']]})
        cn.free_ram_mb = 16384 - 512
        cn.free_disk_gb = 200
        cn.current_workload = 0
        cn.running_vms = 0
        cn.pci_device_pools = objects.PciDevicePoolList(objects=[])
        cn.create()
        state['cn'] = cn
        return cn
    op('compute_node_create', 'ComputeNode(ctx); host=...; '
       'update_from_virt_driver(resources); .create()  '
       '(resource_tracker._init_compute_node)', cn_create)

    def cn_save():
        cn = state['cn']
        cn.vcpus_used = 1
        cn.memory_mb_used = 2560
        cn.free_ram_mb = 16384 - 2560
        cn.local_gb_used = 20
        cn.free_disk_gb = 180
        cn.running_vms = 1
        cn.stats = {'failed_builds': '0', 'num_instances': '1',
                    'num_vm_building': '1', 'num_task_spawning': '1',
                    'num_os_type_None': '1',
                    'num_proj_%s' % PROJECT_ID: '1', 'io_workload': '1'}
        cn.save()
        return cn
    op('compute_node_save', 'cn.<usage fields> = ...; cn.save()  '
       '(resource_tracker._update)', cn_save)
    op('compute_node_get_by_host_and_nodename',
       "objects.ComputeNode.get_by_host_and_nodename(ctx, 'compute-1', "
       "'compute-1.example.org')",
       lambda: objects.ComputeNode.get_by_host_and_nodename(actx, HOST,
                                                            NODE))
    op('compute_node_list_get_all_by_host',
       "objects.ComputeNodeList.get_all_by_host(ctx, 'compute-1')",
       lambda: objects.ComputeNodeList.get_all_by_host(actx, HOST))

    # ---------------- Instance ----------------------------------------
    def get_inst():
        i = objects.Instance.get_by_uuid(
            uctx, INSTANCE_UUID,
            expected_attrs=['flavor', 'info_cache', 'metadata',
                            'system_metadata'])
        state['inst'] = i
        return i
    op('instance_get_by_uuid',
       "objects.Instance.get_by_uuid(ctx, uuid, expected_attrs=['flavor',"
       "'info_cache','metadata','system_metadata'])", get_inst)
    state['inst_primitive_2_7'] = state['inst'].obj_to_primitive()

    def save1():
        i = state['inst']
        i.vm_state = 'building'
        i.task_state = 'spawning'
        i.save()
        return i
    op('instance_save', "instance.vm_state='building'; "
       "instance.task_state='spawning'; instance.save()", save1)

    def save2():
        i = state['inst']
        i.vm_state = 'active'
        i.task_state = None
        i.power_state = 1
        i.launched_at = timeutils.utcnow()
        i.save(expected_task_state=['spawning'])
        return i
    op('instance_save_expected_task_state',
       "instance.vm_state='active'; task_state=None; power_state=1; "
       "launched_at=now; instance.save(expected_task_state=['spawning'])",
       save2)

    def save3():
        i = state['inst']
        i.task_state = 'rebooting'
        i.save(expected_task_state=['spawning'])
        return i
    op('instance_save_unexpected_task_state',
       "instance.task_state='rebooting'; "
       "instance.save(expected_task_state=['spawning'])  # DB has None",
       save3, 'real DB layer raises nova.exception.UnexpectedTaskStateError '
       'inside the conductor (ExpectedException path)')

    op('instance_refresh', 'instance.refresh()  # object still has the '
       "rejected task_state='rebooting'", lambda: state['inst'].refresh())

    op('instance_get_by_uuid_not_found',
       'objects.Instance.get_by_uuid(ctx, <unknown uuid>)',
       lambda: objects.Instance.get_by_uuid(uctx, MISSING_UUID))

    op('instance_list_get_by_host',
       "objects.InstanceList.get_by_host(ctx, 'compute-1')",
       lambda: objects.InstanceList.get_by_host(actx, HOST))
    op('instance_list_get_by_host_and_node',
       "objects.InstanceList.get_by_host_and_node(ctx, 'compute-1', "
       "'compute-1.example.org')",
       lambda: objects.InstanceList.get_by_host_and_node(actx, HOST, NODE))
    op('instance_list_get_by_filters',
       "objects.InstanceList.get_by_filters(ctx, {'host': 'compute-1'})",
       lambda: objects.InstanceList.get_by_filters(actx, {'host': HOST}))

    # ---------------- actions / faults --------------------------------
    op('instance_action_event_start',
       "objects.InstanceActionEvent.event_start(ctx, uuid, "
       "'compute_build_and_run_instance', want_result=False, "
       "host='compute-1')",
       lambda: objects.InstanceActionEvent.event_start(
           uctx, INSTANCE_UUID, 'compute_build_and_run_instance',
           want_result=False, host=HOST))

    def build_exc():
        try:
            raise exception.BuildAbortException(
                instance_uuid=INSTANCE_UUID,
                reason='Insufficient compute resources: fake failure.')
        except exception.BuildAbortException as e:
            return e, sys.exc_info()
    exc, exc_info = build_exc()

    op('instance_action_event_finish_with_failure',
       "objects.InstanceActionEvent.event_finish_with_failure(ctx, uuid, "
       "'compute_build_and_run_instance', exc_val=exc, exc_tb=tb, "
       "want_result=False)  (compute/utils.py EventReporter.__exit__)",
       lambda: objects.InstanceActionEvent.event_finish_with_failure(
           uctx, INSTANCE_UUID, 'compute_build_and_run_instance',
           exc_val=exc, exc_tb=exc_info[2], want_result=False),
       '@base.serialize_args turns exc_val into format_message() string and '
       'exc_tb into a traceback string before remoting')

    op('instance_fault_create',
       'compute_utils.add_instance_fault_from_exc(ctx, instance, exc, '
       'exc_info)  -> InstanceFault(...).create()',
       lambda: compute_utils.add_instance_fault_from_exc(
           uctx, state['inst'], exc, exc_info))

    op('block_device_mapping_list_get_by_instance_uuid',
       'objects.BlockDeviceMappingList.get_by_instance_uuid(ctx, uuid)',
       lambda: objects.BlockDeviceMappingList.get_by_instance_uuid(
           uctx, INSTANCE_UUID))

    def info_cache_save():
        from nova.network import model as network_model
        ic = state['inst'].info_cache
        nw = network_model.NetworkInfo.hydrate(ic.network_info)
        nw[0]['active'] = True
        nw[0]['details']['port_filter'] = True
        nw[0]['network']['subnets'][0]['ips'][0]['floating_ips'] = [
            network_model.IP(address='203.0.113.10', type='floating')]
        ic.network_info = nw
        ic.save()
        return ic
    op('instance_info_cache_save',
       'instance.info_cache.network_info = nw_info; '
       'instance.info_cache.save()  (network/neutron.py '
       'update_instance_cache_with_nw_info)', info_cache_save)

    op('migration_list_get_in_progress_and_error',
       "objects.MigrationList.get_in_progress_and_error(ctx, 'compute-1', "
       "'compute-1.example.org')",
       lambda: objects.MigrationList.get_in_progress_and_error(
           actx, HOST, NODE))

    # ---------------- error shapes ------------------------------------
    api = objects_base.NovaObject.indirection_api
    op('error_unknown_objname',
       "ConductorAPI().object_class_action_versions(ctx, 'NoSuchObject', "
       "'get_by_id', {'NoSuchObject': '1.0'}, (1,), {})",
       lambda: api.object_class_action_versions(
           actx, 'NoSuchObject', 'get_by_id', {'NoSuchObject': '1.0'},
           (1,), {}),
       'obj_class_from_name raises UnsupportedObjectError outside '
       '_object_dispatch (not an ExpectedException -> logged server-side)')
    op('error_unknown_objmethod',
       "ConductorAPI().object_class_action_versions(ctx, 'Instance', "
       "'no_such_method', obj_tree_get_versions('Instance'), (), {})",
       lambda: api.object_class_action_versions(
           actx, 'Instance', 'no_such_method',
           ovo_base.obj_tree_get_versions('Instance'), (), {}),
       'getattr inside _object_dispatch -> AttributeError wrapped in '
       'ExpectedException')
    newer = ovo_base.obj_tree_get_versions('Instance')
    newer['Instance'] = '2.99'
    op('error_object_version_too_new',
       "object_class_action_versions(ctx, 'Instance', 'get_by_uuid', "
       "{..., 'Instance': '2.99'}, (uuid,), {})",
       lambda: api.object_class_action_versions(
           uctx, 'Instance', 'get_by_uuid', newer, (INSTANCE_UUID,), {}),
       'a compute newer than the conductor: obj_class_from_name -> '
       'IncompatibleObjectVersion')
    op('error_rpc_no_such_method',
       "ConductorAPI().client.prepare().call(ctx, 'object_class_action', "
       "...)  # removed in conductor RPC 3.0",
       lambda: api.client.prepare().call(
           actx, 'object_class_action', objname='Service',
           objmethod='get_by_compute_host', objver='1.22',
           args=(HOST,), kwargs={}))
    op('error_rpc_unsupported_version',
       "ConductorAPI().client.prepare(version='3.1').call(ctx, "
       "'object_class_action_versions', ...)",
       lambda: api.client.prepare(version='3.1').call(
           actx, 'object_class_action_versions', objname='Service',
           objmethod='get_by_compute_host',
           object_versions=ovo_base.obj_tree_get_versions('Service'),
           args=(HOST,), kwargs={}))

    # ---------------- backport paths (pretend the compute is older) ----
    reg = ovo_base.VersionedObjectRegistry.obj_classes()
    saved = list(reg['Instance'])
    OldInstance = type('Instance', (objects.Instance,), {'VERSION': '2.6'})
    reg['Instance'] = [OldInstance]
    try:
        op('backport_result_in_object_class_action_versions',
           "Instance.get_by_uuid(...) from a compute that only knows "
           "Instance 2.6 (object_versions['Instance']='2.6')",
           lambda: OldInstance.get_by_uuid(
               uctx, INSTANCE_UUID, expected_attrs=['flavor', 'info_cache']),
           'conductor has 2.7 -> manager.py backports the result with '
           'obj_to_primitive(target_version, version_manifest)')
        op('object_backport_versions',
           'NovaObjectSerializer().deserialize_entity(ctx, '
           '<Instance 2.7 primitive>) on a compute that only knows 2.6 '
           '-> IncompatibleObjectVersion -> conductor.object_backport_versions',
           lambda: objects_base.NovaObjectSerializer().deserialize_entity(
               uctx, json.loads(json.dumps(state['inst_primitive_2_7']))),
           'what happens when e.g. nova-api (newer) casts a newer object '
           'to an older compute')
    finally:
        reg['Instance'] = saved

    # ---------------- broker topology ---------------------------------
    topology = {}
    try:
        for kind, cols in (('exchanges', ['name', 'type', 'durable',
                                          'auto_delete', 'internal',
                                          'arguments']),
                           ('queues', ['name', 'durable', 'auto_delete',
                                       'exclusive', 'arguments']),
                           ('bindings', [])):
            out = rabbitmqctl('list_' + kind, '-p', VHOST, *cols,
                              '--formatter', 'json')
            topology[kind] = json.loads(out)
    except Exception as e:
        topology['error'] = repr(e)

    # ---------------- shut down ---------------------------------------
    cap.close()
    rpc.cleanup()        # stops the reply-queue waiter before vhost removal
    server.stdin.close()
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        server.terminate()
        server.wait(10)
    server_log.close()

    doc = {
        'generated_at': datetime.datetime.utcnow().isoformat() + 'Z',
        'rerun': '/usr/bin/python3 %s' % os.path.abspath(__file__),
        'environment': environment_info(),
        'setup': {
            'transport_url': TRANSPORT_URL, 'control_exchange': 'nova',
            'client_reply_queue': reply_q,
            'client_rpc_timeout_s': CONF.rpc_response_timeout,
            'upgrade_levels.conductor': CONF.upgrade_levels.conductor,
            'client_serializer': type(api.client.serializer).__name__,
            'server': server_info,
            'user_context_sent': uctx.to_dict(),
            'admin_context_sent': actx.to_dict(),
            'raw_request_capture_queue': RawCapture.REQ_Q +
            " bound to exchange 'nova' (topic) with key 'conductor'",
            'broker_topology_during_run': topology,
        },
        'operations': ops,
        'objects': object_catalog(),
        'code_refs': code_refs(),
    }
    with open(OUT_JSON, 'w') as f:
        json.dump(doc, f, indent=1, default=jdefault)
    print('wrote', OUT_JSON)


# ---------------------------------------------------------------------------
# static facts
# ---------------------------------------------------------------------------

def environment_info():
    import importlib.metadata as md
    out = {'python': sys.version.split()[0]}
    for dist in ('nova', 'oslo.messaging', 'oslo.versionedobjects',
                 'kombu', 'amqp', 'oslo.context'):
        try:
            out[dist] = md.version(dist)
        except Exception:
            out[dist] = None
    try:
        import osprofiler  # noqa
        out['osprofiler'] = True
    except ImportError:
        out['osprofiler'] = False
    return out


def _field_desc(field):
    from oslo_versionedobjects import fields as ovo_fields
    d = {'type': type(field).__name__, 'nullable': field.nullable}
    if field.default is not ovo_fields.UnspecifiedDefault:
        d['default'] = plain(field.default)
    if getattr(field, 'read_only', False):
        d['read_only'] = True
    t = field._type
    if isinstance(t, ovo_fields.Object):
        d['object'] = t._obj_name
    elif isinstance(t, (ovo_fields.List, ovo_fields.Dict, ovo_fields.Set)):
        et = t._element_type
        if isinstance(et._type, ovo_fields.Object):
            d['element_object'] = et._type._obj_name
        else:
            d['element_type'] = type(et._type).__name__
    if isinstance(t, ovo_fields.Enum):
        d['valid_values'] = list(t._valid_values)
    elif hasattr(t, '_valid_values') and t._valid_values:
        d['valid_values'] = list(t._valid_values)
    return d


def object_catalog():
    from oslo_versionedobjects import base as ovo_base
    top = ['Instance', 'InstanceList', 'Service', 'ComputeNode',
           'ComputeNodeList', 'InstanceAction', 'InstanceActionEvent',
           'InstanceFault', 'BlockDeviceMapping', 'BlockDeviceMappingList',
           'InstanceInfoCache', 'Migration', 'MigrationList', 'Flavor']
    reg = ovo_base.VersionedObjectRegistry.obj_classes()
    trees = {n: ovo_base.obj_tree_get_versions(n) for n in top}
    names = set()
    for t in trees.values():
        names.update(t)
    catalog = {}
    for name in sorted(names):
        cls = reg[name][0]
        remotable_cls, remotable_inst = [], []
        for attr in sorted(dir(cls)):
            if attr.startswith('__'):
                continue
            try:
                static = inspect.getattr_static(cls, attr)
            except AttributeError:
                continue
            fn = static.__func__ if isinstance(static, classmethod) \
                else static
            if getattr(fn, 'remotable', False):
                (remotable_cls if isinstance(static, classmethod)
                 else remotable_inst).append(attr)
        catalog[name] = {
            'VERSION': cls.VERSION,
            'registered_versions': [c.VERSION for c in reg[name]],
            'module': cls.__module__,
            'fields': {f: _field_desc(v) for f, v in
                       sorted(cls.fields.items())},
            'remotable_classmethods': remotable_cls,
            'remotable_methods': remotable_inst,
        }
    return {'obj_tree_get_versions': trees, 'classes': catalog}


def code_refs():
    import nova.conductor.manager as m
    import nova.conductor.rpcapi as r
    import nova.objects.base as nb
    import oslo_versionedobjects.base as ob
    import oslo_messaging.rpc.dispatcher as d
    import oslo_messaging.rpc.server as s
    import oslo_messaging._drivers.common as c
    import oslo_messaging._drivers.amqpdriver as a
    import oslo_messaging._drivers.impl_rabbit as ir
    import nova.db.main.api as dbapi
    targets = [
        m.ConductorManager._object_dispatch,
        m.ConductorManager.object_class_action_versions,
        m.ConductorManager.object_action,
        m.ConductorManager.object_backport_versions,
        r.ConductorAPI.__init__,
        r.ConductorAPI.object_class_action_versions,
        r.ConductorAPI.object_action,
        r.ConductorAPI.object_backport_versions,
        ob.remotable_classmethod, ob.remotable,
        ob.VersionedObject.obj_class_from_name,
        ob.VersionedObject.obj_to_primitive,
        nb.NovaObjectSerializer._process_object,
        nb.serialize_args,
        d.RPCDispatcher.dispatch, d.RPCDispatcher._do_dispatch,
        s.RPCServer._process_incoming,
        c.serialize_remote_exception, c.deserialize_remote_exception,
        c.serialize_msg,
        a.AMQPIncomingMessage._send_reply, a.AMQPDriverBase._send,
        ir.Connection.direct_send, ir.Connection.topic_send,
        ir.Connection.declare_direct_consumer,
        dbapi._instance_update,
    ]
    out = []
    for fn in targets:
        try:
            fn = inspect.unwrap(fn)
            lines, start = inspect.getsourcelines(fn)
            path = inspect.getsourcefile(fn)
            out.append({'symbol': fn.__qualname__,
                        'file': path,
                        'lines': '%d-%d' % (start, start + len(lines) - 1),
                        'source': ''.join(lines)})
        except Exception as e:
            out.append({'symbol': repr(fn), 'error': repr(e)})
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--role', choices=['all', 'server'], default='all')
    p.add_argument('--keep-vhost', action='store_true',
                   help='do not delete the zedcap vhost at the end')
    args = p.parse_args()
    os.makedirs(OUT_DIR, exist_ok=True)
    for sub in ('state', 'locks'):
        os.makedirs(os.path.join(OUT_DIR, sub), exist_ok=True)
    if args.role == 'server':
        run_server()
        return
    with open(CONF_FILE, 'w') as f:
        f.write(CONF_TEXT)
    rabbitmqctl('delete_vhost', VHOST, check=False)
    rabbitmqctl('add_vhost', VHOST)
    rabbitmqctl('set_permissions', '-p', VHOST, 'guest', '.*', '.*', '.*')
    rabbitmqctl('trace_on', '-p', VHOST)
    try:
        run_client(args)
    finally:
        if not args.keep_vhost:
            rabbitmqctl('delete_vhost', VHOST, check=False)


if __name__ == '__main__':
    main()
