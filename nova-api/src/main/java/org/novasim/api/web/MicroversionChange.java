package org.novasim.api.web;

/**
 * The compute API microversions that change what NovaSim serves, each the first version with the change (Nova
 * Zed's {@code rest_api_version_history.rst}). Code asks {@code api.microversion().has(LOCKED)} rather than
 * comparing numbers, so each boundary is named once, here.
 */
public enum MicroversionChange {

    /** Servers (admin): reservation_id, launch_index, hostname, kernel_id, ramdisk_id, root_device_name, user_data. */
    EXTENDED_SERVER_ATTRIBUTES(3),
    /** Servers: {@code locked}. */
    LOCKED(9),
    /** os-services: {@code forced_down}. */
    SERVICE_FORCED_DOWN(11),
    /** Servers (admin): {@code host_status} UP, DOWN, MAINTENANCE, UNKNOWN or "". */
    HOST_STATUS(16),
    /** Servers: {@code description}, and on create. */
    DESCRIPTION(19),
    /** os-instance-actions: a deleted server's actions can be read. */
    DELETED_SERVER_ACTIONS(21),
    /** Servers: {@code tags}, and the tag filters of lists. */
    TAGS(26),
    /** os-hypervisors: {@code cpu_info} an object rather than a string. */
    CPU_INFO_OBJECT(28),
    /** os-hypervisors: {@code limit} and {@code marker}, {@code hypervisors_links}. */
    HYPERVISOR_PAGING(33),
    /**
     * Limits: the network limits (floating IPs, security groups and their rules) are gone. Nova's proxy APIs, its
     * {@code /images} among them, are 404 from it; NovaSim keeps its image catalog, which the clients look up.
     */
    PROXY_APIS_DEPRECATED(36),
    /** Server create: {@code networks} required, {@code auto} or {@code none} allowed. */
    NETWORKS_REQUIRED(37),
    /** Server lists: an unknown {@code status} is 400 rather than an empty list. */
    INVALID_STATUS_REJECTED(38),
    /** Limits: {@code maxImageMeta} is gone. */
    IMAGE_META_LIMIT_REMOVED(39),
    /** Servers: {@code flavor} is the flavor's details rather than its id and link. */
    FLAVOR_EMBEDDED(47),
    /** os-instance-actions: non-admins see an action's events (without traceback). */
    EVENTS_FOR_ALL(51),
    /** Server create: {@code tags}. */
    TAGS_ON_CREATE(52),
    /** os-services and os-hypervisors: ids are UUIDs; hypervisors take hypervisor_hostname_pattern, with_servers. */
    UUID_IDS(53),
    /** Flavors: {@code description}. */
    FLAVOR_DESCRIPTION(55),
    /** Server create: {@code personality} is no longer accepted; limits: maxPersonality(Size) are gone. */
    PERSONALITY_REMOVED(57),
    /** os-instance-actions: {@code updated_at}; lists page by {@code limit}/{@code marker}, filter changes-since. */
    ACTION_PAGING(58),
    /** Flavors: {@code extra_specs} in detail and show. */
    FLAVOR_EXTRA_SPECS(61),
    /** os-instance-actions: each event's {@code hostId}, and {@code host} for admins. */
    EVENT_HOST(62),
    /** Servers: {@code trusted_image_certificates}, and on create. */
    TRUSTED_CERTS(63),
    /** Server and instance action lists: the {@code changes-before} filter. */
    CHANGES_BEFORE(66),
    /** Server show: {@code server_groups}. */
    SERVER_GROUPS(71),
    /** Servers: {@code locked_reason}; lists filter on {@code locked}. */
    LOCKED_REASON(73),
    /** Server create (admin): {@code host} and {@code hypervisor_hostname}. */
    REQUESTED_HOST(74),
    /** "Multiple API cleanups": unknown query parameters are 400 rather than ignored; flavor {@code swap} 0, not "". */
    API_CLEANUPS(75),
    /** Server lists: non-admins may filter on availability_zone, key_name, vm_state, user_id and others. */
    MORE_USER_FILTERS(83),
    /** os-instance-actions: each event's {@code details} (admin). */
    EVENT_DETAILS(84),
    /** os-hypervisors: the usage fields and cpu_info are gone, {@code uptime} added; statistics 404. */
    HYPERVISOR_USAGE_REMOVED(88),
    /** Server create: {@code hostname}; {@code OS-EXT-SRV-ATTR:hostname} shown to everyone. */
    HOSTNAME(90);

    private final int since;

    MicroversionChange(int since) {
        this.since = since;
    }

    /** The first minor version (2.N) with the change. */
    public int since() {
        return since;
    }
}
