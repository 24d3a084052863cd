#!/usr/bin/python3
"""Boots a server through nova-api as the README's tour does, waits for ACTIVE, then follows its request id through
the four services in nova-api's merged flow (/actuator/flow?requestId=...). Exits non-zero, saying why, if the server
does not become ACTIVE or the build's path does not appear in the flow.

    boot_and_follow.py wait-up http://127.0.0.1:8774 --computes 1
    boot_and_follow.py boot http://127.0.0.1:8774 --name vm1
"""
import argparse
import json
import sys
import time
import urllib.error
import urllib.request

TOKEN = "admin:admin"  # noauth2: user:project, admin is an admin
IMAGE = "a1c0a5b2-5c29-4d36-9a4f-3c6f0e6b7c01"  # the README's image
# The steps of a boot that every run shows in order, as FlowIT checks them.
BUILD_PATH = [
    ("nova-api", "SENT", "CAST", "schedule_and_build_instances"),
    ("nova-conductor", "RECEIVED", "CAST", "schedule_and_build_instances"),
    ("nova-conductor", "SENT", "CAST", "build_and_run_instance"),
    ("nova-compute", "RECEIVED", "CAST", "build_and_run_instance"),
    ("nova-compute", "SENT", "CALL", "allocate_for_instance"),
    ("nova-network", "RECEIVED", "CALL", "allocate_for_instance"),
    ("nova-network", "SENT", "REPLY", "allocate_for_instance"),
    ("nova-compute", "RECEIVED", "REPLY", "allocate_for_instance"),
    ("nova-compute", "SENT", "CALL", "Instance.save"),  # object_action, named by object and method
    ("nova-conductor", "RECEIVED", "CALL", "Instance.save"),
]


class ApiError(Exception):
    """An answer other than the one expected (the API may still be starting, or failing over)."""


class Api:
    def __init__(self, url):
        self.url = url.rstrip("/")

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("X-Auth-Token", TOKEN)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            # Longer than the AMQP client's 60 s connection timeout: a request that reaches nova-api while it
            # reconnects, having lost its node, waits for it.
            with urllib.request.urlopen(request, timeout=120) as response:
                text = response.read().decode()
                return response.status, dict(response.headers), json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            return error.code, dict(error.headers), text

    def get(self, path):
        status, _, body = self.request("GET", path)
        if status != 200:
            raise ApiError(f"GET {path}: {status} {body}")
        return body


def poll(what, timeout, attempt, interval=2.0):
    """Calls attempt() until it returns something other than None; fails after timeout seconds."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = attempt()
            if result is not None:
                return result
        except (OSError, ApiError) as error:  # not listening yet, or restarting
            last_error = error
        time.sleep(interval)
    raise SystemExit(f"{what}: not within {timeout} s" + (f" (last error: {last_error})" if last_error else ""))


def wait_up(api, computes, timeout):
    """The API answers and the conductor and at least `computes` compute hosts report up in os-services."""
    def services_up():
        services = api.get("/v2.1/os-services")["services"]
        up = [s for s in services if s["state"] == "up"]
        hosts = sorted(s["host"] for s in up if s["binary"] == "nova-compute")
        if any(s["binary"] == "nova-conductor" for s in up) and len(hosts) >= computes:
            return hosts
        return None
    hosts = poll("nova-conductor and nova-compute up in os-services", timeout, services_up)
    print(f"os-services: nova-conductor up, nova-compute up on {', '.join(hosts)}")


def in_order(messages):
    step = 0
    for m in messages:
        if step < len(BUILD_PATH) and (m["service"], m["direction"], m["kind"], m["method"]) == BUILD_PATH[step]:
            step += 1
    return step


def boot(api, name, timeout):
    posted = time.monotonic()
    status, headers, body = api.request("POST", "/v2.1/servers", {"server": {
        "name": name, "imageRef": IMAGE, "flavorRef": "1", "networks": "auto"}})
    answered = time.monotonic() - posted
    if status != 202:
        raise SystemExit(f"POST /v2.1/servers: {status} {body}")
    server_id = body["server"]["id"]
    request_id = {k.lower(): v for k, v in headers.items()}.get("x-openstack-request-id")
    if not request_id or not request_id.startswith("req-"):
        raise SystemExit(f"POST /v2.1/servers: no X-Openstack-Request-Id in {headers}")
    print(f"POST /v2.1/servers: 202 in {answered:.1f} s, server {server_id}, {request_id}")

    def settled():
        server = api.get(f"/v2.1/servers/{server_id}")["server"]
        if server["status"] == "ERROR":
            raise SystemExit(f"server {name} went to ERROR: {server.get('fault')}")
        return server if server["status"] == "ACTIVE" else None
    server = poll(f"server {name} ACTIVE", timeout, settled)
    active = time.monotonic() - posted
    addresses = [a["addr"] for network in server["addresses"].values() for a in network]
    print(f"server {name}: ACTIVE {active:.1f} s after the POST, on {server['OS-EXT-SRV-ATTR:host']} with "
          f"{', '.join(addresses)}")

    # Records reach the merged flow in batches, a moment late.
    def path_recorded():
        messages = api.get(f"/actuator/flow?requestId={request_id}")["messages"]
        return messages if in_order(messages) == len(BUILD_PATH) else None
    try:
        messages = poll(f"the build's path in /actuator/flow?requestId={request_id}", 60, path_recorded, 1.0)
    except SystemExit:
        messages = api.get(f"/actuator/flow?requestId={request_id}")["messages"]
        found = in_order(messages)
        raise SystemExit(f"{request_id}: step {BUILD_PATH[found]} not found in order after {BUILD_PATH[:found]}")
    print(f"/actuator/flow?requestId={request_id}: {len(messages)} messages")
    for m in messages:
        print(f"  {m['time']} {m['service']}@{m['host']} {m['direction']} {m['kind']} {m['method']} "
              f"{m.get('routingKey') or ''}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["wait-up", "boot"])
    parser.add_argument("url", help="nova-api, e.g. http://127.0.0.1:8774")
    parser.add_argument("--name", default="compose-vm")
    parser.add_argument("--computes", type=int, default=1, help="compute hosts that must report up")
    parser.add_argument("--timeout", type=int, default=300, help="seconds")
    args = parser.parse_args()
    api = Api(args.url)
    try:
        if args.command == "wait-up":
            wait_up(api, args.computes, args.timeout)
        else:
            boot(api, args.name, args.timeout)
    except ApiError as error:
        raise SystemExit(str(error))


if __name__ == "__main__":
    sys.exit(main())
