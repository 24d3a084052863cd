"""Boots, lists, shows, stops, starts and deletes a server through python-novaclient's API at one microversion.

Run by NovaclientIT with Debian's /usr/bin/python3: novaclient_walk.py <endpoint> <microversion> <image id>.
Prints one JSON document of what novaclient read back; exits non-zero on the first failure.
"""
import json
import sys
import time

from keystoneauth1 import session
from keystoneauth1 import token_endpoint
from novaclient import client


def wait_for(read, wanted, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = read()
        if value in wanted:
            return value
        time.sleep(1)
    raise SystemExit('timed out waiting for %s' % (wanted,))


def main(endpoint, version, image):
    sess = session.Session(auth=token_endpoint.Token(endpoint, 'admin:admin'))
    nova = client.Client(version, session=sess)
    seen = {'api_version': nova.api_version.get_string()}
    seen['flavors'] = [f.name for f in nova.flavors.list()]
    server = nova.servers.create('novaclient-1', image=image, flavor='1', nics='auto')
    seen['status'] = wait_for(lambda: nova.servers.get(server.id).status, ('ACTIVE', 'ERROR'))
    shown = nova.servers.get(server.id)
    seen['flavor'] = shown.flavor
    seen['hostname'] = getattr(shown, 'OS-EXT-SRV-ATTR:hostname')
    seen['locked'] = shown.locked
    seen['listed'] = [s.name for s in nova.servers.list(search_opts={'name': '^novaclient-'})]
    nova.servers.stop(server.id)
    seen['stopped'] = wait_for(lambda: nova.servers.get(server.id).status, ('SHUTOFF',))
    nova.servers.start(server.id)
    seen['started'] = wait_for(lambda: nova.servers.get(server.id).status, ('ACTIVE',))
    seen['actions'] = sorted(a.action for a in nova.instance_action.list(server.id))
    seen['hypervisors'] = [h.state for h in nova.hypervisors.list()]
    seen['services'] = sorted(s.binary for s in nova.services.list())
    nova.servers.delete(server.id)

    def gone():
        return [s.id for s in nova.servers.list(search_opts={'name': '^novaclient-'})]
    wait_for(lambda: 'gone' if not gone() else 'present', ('gone',))
    seen['deleted'] = True
    print(json.dumps(seen))


if __name__ == '__main__':
    main(*sys.argv[1:4])
