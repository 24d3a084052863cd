-- nova-network keeps its address allocations in a database of its own, as it never touches Nova's.
CREATE DATABASE nova_network OWNER nova;
