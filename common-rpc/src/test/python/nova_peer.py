#!/usr/bin/python3
"""Real Nova Zed code (Debian's python3-nova 26.x) against NovaSim, for the object-compatibility tests.

Modes:
  decode --topic T --task-topic C --server S   Nova's ComputeManager and ComputeTaskManager signatures served with
                                               Nova's NovaObjectSerializer; prints READY, then one JSON line per
                                               message: the Nova objects it decoded, checked by Nova's field types.
  client --config-file F                       Nova's own rpcapi clients (nova.compute.rpcapi.ComputeAPI,
                                               nova.conductor.rpcapi.ComputeTaskAPI), configured by
                                               nova.config.parse_args, and Nova's objects with the conductor as
                                               their indirection API, as nova-compute's main sets it; reads one
                                               JSON command a line on stdin and prints one JSON outcome a line.
"""
import argparse
import json
import sys

import oslo_messaging as messaging

from nova import context as nova_context
from nova import exception
from nova import objects
from nova.objects import base as obj_base
from nova import rpc as nova_rpc


def comparable(primitive):
    """A primitive with its changes sorted: oslo lists them from a set, in no fixed order."""
    if isinstance(primitive, dict):
        return {k: sorted(v) if k.endswith('.changes') else comparable(v) for k, v in primitive.items()}
    if isinstance(primitive, list):
        return [comparable(v) for v in primitive]
    return primitive


def checked(value):
    """A decoded argument described, after Nova's own field types checked every field that is set."""
    if isinstance(value, obj_base.NovaObject):
        fields = {}
        for name, field in value.fields.items():
            if not value.obj_attr_is_set(name):
                continue
            # Coerced on the way in; coercing again what came out proves the value is one the field holds.
            field.coerce(value, name, getattr(value, name))
            fields[name] = checked(getattr(value, name))
        again = value.obj_from_primitive(value.obj_to_primitive())
        assert comparable(again.obj_to_primitive()) == comparable(value.obj_to_primitive()), \
            'primitive round trip differs'
        return {'class': value.obj_name(), 'version': value.VERSION, 'fields': fields,
                'changes': sorted(value.obj_what_changed())}
    if isinstance(value, (list, tuple)):
        return [checked(v) for v in value]
    if isinstance(value, dict):
        return {k: checked(v) for k, v in value.items()}
    if hasattr(value, 'json') and callable(value.json):  # nova.network.model.NetworkInfo
        return json.loads(value.json())
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def report(method, ctxt, **args):
    print(json.dumps({'method': method, 'request_id': ctxt.request_id,
                      'context_class': type(ctxt).__name__,
                      'args': {k: checked(v) for k, v in args.items()}}), flush=True)


class ComputeManager(object):
    """The signatures of nova.compute.manager.ComputeManager (Target 6.1) for the methods NovaSim casts."""
    target = messaging.Target(version='6.1')

    def build_and_run_instance(self, context, instance, image, request_spec, filter_properties, accel_uuids,
                               admin_password=None, injected_files=None, requested_networks=None,
                               security_groups=None, block_device_mapping=None, node=None, limits=None,
                               host_list=None):
        report('build_and_run_instance', context, instance=instance, image=image, request_spec=request_spec,
               filter_properties=filter_properties, accel_uuids=accel_uuids, requested_networks=requested_networks,
               security_groups=security_groups, block_device_mapping=block_device_mapping, node=node,
               limits=limits, host_list=host_list)

    def stop_instance(self, context, instance, clean_shutdown):
        report('stop_instance', context, instance=instance, clean_shutdown=clean_shutdown)

    def start_instance(self, context, instance):
        report('start_instance', context, instance=instance)

    def reboot_instance(self, context, instance, block_device_info, reboot_type):
        report('reboot_instance', context, instance=instance, block_device_info=block_device_info,
               reboot_type=reboot_type)

    def terminate_instance(self, context, instance, bdms):
        report('terminate_instance', context, instance=instance, bdms=bdms)


class ComputeTaskManager(object):
    """The signatures of nova.conductor.manager.ComputeTaskManager (namespace compute_task, Target 1.24)."""
    target = messaging.Target(namespace='compute_task', version='1.24')

    def schedule_and_build_instances(self, context, build_requests, request_specs, image, admin_password,
                                     injected_files, requested_networks, block_device_mapping, tags=None):
        report('schedule_and_build_instances', context, build_requests=build_requests, request_specs=request_specs,
               image=image, requested_networks=requested_networks, block_device_mapping=block_device_mapping,
               tags=tags)

    def build_instances(self, context, instances, image, filter_properties, admin_password, injected_files,
                        requested_networks, security_groups, block_device_mapping=None, legacy_bdm=True,
                        request_spec=None, host_lists=None):
        report('build_instances', context, instances=instances, image=image, filter_properties=filter_properties,
               requested_networks=requested_networks, security_groups=security_groups,
               block_device_mapping=block_device_mapping, request_spec=request_spec, host_lists=host_lists)


def run_decode(args):
    from oslo_config import cfg
    cfg.CONF([], project='novasim-nova-peer')
    messaging.set_transport_defaults(args.exchange)
    transport = messaging.get_rpc_transport(cfg.CONF, url=args.url)
    serializer = nova_rpc.RequestContextSerializer(obj_base.NovaObjectSerializer())
    servers = [
        messaging.get_rpc_server(transport, messaging.Target(topic=args.topic, server=args.server),
                                 [ComputeManager()], executor='threading', serializer=serializer),
        messaging.get_rpc_server(transport, messaging.Target(topic=args.task_topic, server=args.server),
                                 [ComputeTaskManager()], executor='threading', serializer=serializer),
    ]
    for server in servers:
        server.start()
    print('READY', flush=True)
    sys.stdin.read()
    for server in servers:
        server.stop()
        server.wait()
    transport.cleanup()


def flavor(spec):
    return objects.Flavor(**spec)


def instance(spec):
    fields = dict(spec)
    fields['flavor'] = flavor(fields['flavor'])
    return objects.Instance(**fields)


def service_fields(service):
    """A Service object's fields as the caller holds them after the call, or None."""
    if service is None:
        return None
    primitive = service.obj_to_primitive()
    return {'fields': primitive['nova_object.data'], 'version': primitive['nova_object.version'],
            'changes': sorted(service.obj_what_changed())}


def service_create(ctxt, command):
    service = objects.Service(ctxt, host=command['host'], binary='nova-compute', topic='compute')
    service.report_count = 0
    service.create()
    return service_fields(service)


def service_heartbeat(ctxt, command):
    # nova/servicegroup/drivers/db.py, _report_state, on every report_interval.
    service = objects.Service.get_by_compute_host(ctxt, command['host'])
    service.report_count += 1
    service.save()
    return service_fields(service)


def service_get(ctxt, command):
    return service_fields(objects.Service.get_by_host_and_binary(ctxt, command['host'], command['binary']))


def object_class_action(ctxt, command):
    """The indirection API's call as a remotable classmethod makes it, with the versions the command gives."""
    result = obj_base.NovaObject.indirection_api.object_class_action_versions(
        ctxt, command['objname'], command['objmethod'], command['versions'], tuple(command.get('args', [])), {})
    return service_fields(result) if isinstance(result, obj_base.NovaObject) else result


def instance_fields(inst):
    return {'uuid': inst.uuid, 'id': inst.id, 'vm_state': inst.vm_state, 'task_state': inst.task_state,
            'host': inst.host, 'power_state': inst.power_state, 'flavor': inst.flavor.name,
            'network_info': inst.info_cache.network_info.json() if inst.info_cache else None,
            'updated_at': str(inst.updated_at), 'changes': sorted(inst.obj_what_changed())}


def instance_save(ctxt, command):
    """As a Zed compute (and Nova's API before a cast): load the instance, change it, save it."""
    inst = objects.Instance.get_by_uuid(ctxt, command['uuid'], expected_attrs=['flavor', 'info_cache', 'metadata'])
    for field, value in command['updates'].items():
        setattr(inst, field, value)
    kwargs = {}
    if 'expected_task_state' in command:
        kwargs['expected_task_state'] = command['expected_task_state']
    inst.save(**kwargs)
    return instance_fields(inst)


def instance_get(ctxt, command):
    return instance_fields(objects.Instance.get_by_uuid(ctxt, command['uuid']))


def instance_event(ctxt, command):
    """nova/compute/utils.py EventReporter: event_start, then event_finish_with_failure (exc_tb set on failure)."""
    objects.InstanceActionEvent.event_start(ctxt, command['uuid'], command['event'], want_result=False,
                                            host=command['host'])
    objects.InstanceActionEvent.event_finish_with_failure(ctxt, command['uuid'], command['event'],
                                                          exc_val=command.get('failure'),
                                                          exc_tb=command.get('traceback'), want_result=False)


def instance_fault(ctxt, command):
    """compute_utils.add_instance_fault_from_exc: an InstanceFault created through the conductor."""
    fault = objects.InstanceFault(context=ctxt)
    fault.instance_uuid = command['uuid']
    fault.code = 500
    fault.message = command['message']
    fault.details = command['details']
    fault.host = command['host']
    fault.create()
    return {'id': fault.id}


def compute_node(ctxt, command):
    """The resource tracker's start: the node looked up, created when missing; then a change saved."""
    try:
        node = objects.ComputeNode.get_by_host_and_nodename(ctxt, command['host'], command['host'])
    except exception.ComputeHostNotFound:
        node = objects.ComputeNode(ctxt, host=command['host'], hypervisor_hostname=command['host'],
                                   hypervisor_type='QEMU', hypervisor_version=6002000, vcpus=command['vcpus'],
                                   memory_mb=command['memory_mb'], local_gb=command['local_gb'], vcpus_used=0,
                                   memory_mb_used=512, local_gb_used=0, free_ram_mb=command['memory_mb'] - 512,
                                   free_disk_gb=command['local_gb'], current_workload=0, running_vms=0,
                                   cpu_info='{}', disk_available_least=command['local_gb'], host_ip='192.0.2.11',
                                   cpu_allocation_ratio=4.0, ram_allocation_ratio=1.0, disk_allocation_ratio=1.0)
        node.create()
    node.vcpus = command['vcpus']
    node.save()
    return {'id': node.id, 'vcpus': node.vcpus}


def instance_list(ctxt, command):
    """What a Zed compute's periodic tasks ask: the host's instances and its migrations in progress."""
    instances = objects.InstanceList.get_by_host(ctxt, command['host'], expected_attrs=[], use_slave=True)
    migrations = objects.MigrationList.get_in_progress_and_error(ctxt, command['host'], command['host'])
    return {'uuids': [i.uuid for i in instances], 'vm_states': [i.vm_state for i in instances],
            'migrations': len(migrations)}


def select_destinations(ctxt, command):
    """Nova's conductor's call to nova-scheduler (SchedulerAPI 4.5), with a RequestSpec of Nova's."""
    from nova.scheduler import rpcapi as scheduler_rpcapi
    spec = objects.RequestSpec(instance_uuid=command['uuid'], project_id='p1', user_id='u1',
                               flavor=flavor(command['flavor']), num_instances=1)
    host_lists = scheduler_rpcapi.SchedulerAPI().select_destinations(
        ctxt, spec, [command['uuid']], return_objects=True, return_alternates=True)
    return [[{'service_host': s.service_host, 'nodename': s.nodename, 'class': type(s).__name__} for s in hosts]
            for hosts in host_lists]


SERVICE_OPS = {'service_create': service_create, 'service_heartbeat': service_heartbeat,
               'service_get': service_get, 'object_class_action': object_class_action,
               'instance_save': instance_save, 'instance_get': instance_get, 'instance_event': instance_event,
               'instance_fault': instance_fault, 'compute_node': compute_node, 'instance_list': instance_list,
               'select_destinations': select_destinations}


def run_client(args):
    from nova import config as nova_config
    from nova.compute import rpcapi as compute_rpcapi
    from nova.conductor import rpcapi as conductor_rpcapi

    # As a Nova service loads its configuration; no database: these clients need none with a pinned version.
    nova_config.parse_args(['nova-novasim-test', '--config-file', args.config_file], configure_db=False)
    compute = compute_rpcapi.ComputeAPI()
    compute_task = conductor_rpcapi.ComputeTaskAPI()
    # What nova/cmd/compute.py main() does: every remotable object method goes to the conductor.
    obj_base.NovaObject.indirection_api = conductor_rpcapi.ConductorAPI()
    print('READY', flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        ctxt = nova_context.RequestContext(user_id=command.get('user_id', 'u1'),
                                           project_id=command.get('project_id', 'p1'),
                                           request_id=command['request_id'])
        op = command['op']
        try:
            if op == 'build_and_run_instance':
                inst = instance(command['instance'])
                host = command['host']
                compute.build_and_run_instance(
                    ctxt, inst, host, image=command['image'],
                    request_spec=objects.RequestSpec(instance_uuid=inst.uuid, project_id=inst.project_id,
                                                     user_id=inst.user_id, flavor=inst.flavor, num_instances=1),
                    filter_properties={'retry': {'num_attempts': 1, 'hosts': [[host, host]]}},
                    admin_password='secret', injected_files=[],
                    requested_networks=objects.NetworkRequestList(
                        objects=[objects.NetworkRequest(network_id='auto')]),
                    security_groups=['default'],
                    block_device_mapping=objects.BlockDeviceMappingList(objects=[]),
                    node=host, limits=None, host_list=[], accel_uuids=[])
            elif op == 'schedule_and_build_instances':
                inst = instance(command['instance'])
                compute_task.schedule_and_build_instances(
                    ctxt, build_requests=[objects.BuildRequest(instance_uuid=inst.uuid, project_id=inst.project_id,
                                                               instance=inst)],
                    request_specs=[objects.RequestSpec(instance_uuid=inst.uuid, project_id=inst.project_id,
                                                      user_id=inst.user_id, flavor=inst.flavor, num_instances=1)],
                    image=command['image'], admin_password='secret', injected_files=[],
                    requested_networks=objects.NetworkRequestList(
                        objects=[objects.NetworkRequest(network_id='auto')]),
                    block_device_mapping=objects.BlockDeviceMappingList(objects=[]),
                    tags=objects.TagList(objects=[]))
            elif op == 'build_instances':
                inst = instance(command['instance'])
                alternate = command['host']
                compute_task.build_instances(
                    ctxt, instances=[inst], image=command['image'],
                    filter_properties={'retry': {'num_attempts': 1, 'hosts': []}}, admin_password='secret',
                    injected_files=[],
                    requested_networks=objects.NetworkRequestList(
                        objects=[objects.NetworkRequest(network_id='auto')]),
                    security_groups=['default'],
                    block_device_mapping=objects.BlockDeviceMappingList(objects=[]),
                    request_spec=objects.RequestSpec(instance_uuid=inst.uuid, project_id=inst.project_id,
                                                     user_id=inst.user_id, flavor=inst.flavor, num_instances=1),
                    host_lists=[[objects.Selection(service_host=alternate, nodename=alternate,
                                                   compute_node_uuid=command['compute_node_uuid'],
                                                   cell_uuid=command['compute_node_uuid'], limits=None,
                                                   allocation_request=None, allocation_request_version=None,
                                                   availability_zone='nova')]])
            elif op == 'stop_instance':
                inst = instance(command['instance'])
                if command.get('version'):
                    # As a newer Nova's Instance would travel: the primitive carries this version.
                    inst.VERSION = command['version']
                compute.stop_instance(ctxt, inst, do_cast=True, clean_shutdown=True)
            elif op == 'start_instance':
                compute.start_instance(ctxt, instance(command['instance']))
            elif op == 'reboot_instance':
                compute.reboot_instance(ctxt, instance(command['instance']), block_device_info=None,
                                        reboot_type=command['reboot_type'])
            elif op == 'terminate_instance':
                compute.terminate_instance(ctxt, instance(command['instance']),
                                           bdms=objects.BlockDeviceMappingList(objects=[]))
            elif op in SERVICE_OPS:
                print(json.dumps({'op': op, 'ok': True, 'result': SERVICE_OPS[op](ctxt, command)}), flush=True)
                continue
            else:
                raise ValueError('unknown op %s' % op)
            print(json.dumps({'op': op, 'ok': True}), flush=True)
        except Exception as e:  # reported to the Java test, which fails with it
            # A remote exception of a module the client does not rebuild arrives as RemoteError(exc_type, ...).
            print(json.dumps({'op': op, 'ok': False, 'error': '%s: %s' % (type(e).__name__, e),
                              'error_class': getattr(e, 'exc_type', None) or type(e).__name__}), flush=True)
    nova_rpc.cleanup()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('mode', choices=['decode', 'client'])
    parser.add_argument('--url')
    parser.add_argument('--exchange')
    parser.add_argument('--topic')
    parser.add_argument('--task-topic')
    parser.add_argument('--server', default='nova-peer')
    parser.add_argument('--config-file')
    args = parser.parse_args()
    objects.register_all()
    if args.mode == 'decode':
        run_decode(args)
    else:
        run_client(args)


if __name__ == '__main__':
    main()
