-- The classic flavors every devstack had.
INSERT INTO flavors (id, flavorid, name, vcpus, memory_mb, root_gb) VALUES
    (1, '1', 'm1.tiny', 1, 512, 1),
    (2, '2', 'm1.small', 1, 2048, 20),
    (3, '3', 'm1.medium', 2, 4096, 40),
    (4, '4', 'm1.large', 4, 8192, 80),
    (5, '5', 'm1.xlarge', 8, 16384, 160);
