"""SQLAlchemy models of every table; migrations in db/migrations follow them."""
from __future__ import annotations

import datetime
import uuid as uuid_module

from sqlalchemy import false as sa_false
from sqlalchemy import (Boolean, DateTime, Float, ForeignKey, Index, Integer, String,
                        Text, UniqueConstraint)
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# MySQL keeps whole seconds by default; revocation compares sub-second times.
DateTime = DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")
# What a Text column holds on every engine: MySQL's TEXT, in UTF-8 bytes.
TEXT_MAX_BYTES = 65535


def text_fits(value: str) -> bool:
    """Whether value fits a Text column on every engine."""
    return len(value.encode("utf-8", "surrogatepass")) <= TEXT_MAX_BYTES


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Timestamps:
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime.datetime | None] = mapped_column(
        DateTime, onupdate=utcnow)


# --- identity -------------------------------------------------------------

class Domain(Timestamps, Base):
    __tablename__ = "domains"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class Project(Timestamps, Base):
    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("domain_id", "name"),)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    domain_id: Mapped[str] = mapped_column(ForeignKey("domains.id"))
    parent_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class User(Timestamps, Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("domain_id", "name"),)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    domain_id: Mapped[str] = mapped_column(ForeignKey("domains.id"))
    password_hash: Mapped[str | None] = mapped_column(String(128), nullable=True)
    email: Mapped[str | None] = mapped_column(String(255), nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    default_project_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    password_changed_at: Mapped[datetime.datetime | None] = mapped_column(
        DateTime, nullable=True)


class Role(Timestamps, Base):
    __tablename__ = "roles"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")


class RoleAssignment(Base):
    """A role of a user on a project or on a domain (target_type)."""
    __tablename__ = "role_assignments"
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    target_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    target_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    role_id: Mapped[str] = mapped_column(
        ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)


class CatalogService(Base):
    __tablename__ = "catalog_services"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    type: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class CatalogEndpoint(Base):
    __tablename__ = "catalog_endpoints"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    service_id: Mapped[str] = mapped_column(
        ForeignKey("catalog_services.id", ondelete="CASCADE"))
    interface: Mapped[str] = mapped_column(String(8))
    region_id: Mapped[str] = mapped_column(String(255))
    url: Mapped[str] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class Credential(Timestamps, Base):
    """Generic credentials; EC2 keys are type "ec2" with a JSON blob. The blob
    is stored encrypted (identity/credential_encryption.py): a Fernet token
    made with the key whose sha256 is key_hash; NULL: not yet encrypted."""
    __tablename__ = "credentials"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    project_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    type: Mapped[str] = mapped_column(String(255))
    blob: Mapped[str] = mapped_column(Text)
    key_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class RevocationEvent(Base):
    """Tokens matching an event and issued before revoked_at are invalid."""
    __tablename__ = "revocation_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    project_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    audit_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    revoked_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime.datetime | None] = mapped_column(DateTime, nullable=True)


# --- services ---------------------------------------------------------------

class Service(Timestamps, Base):
    """A running service (onestack-compute on host1, ...) and its heartbeat."""
    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("host", "binary"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    host: Mapped[str] = mapped_column(String(255))
    binary: Mapped[str] = mapped_column(String(255))
    topic: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled_reason: Mapped[str | None] = mapped_column(String(255), nullable=True)
    forced_down: Mapped[bool] = mapped_column(Boolean, default=False)
    # the RPC API version the service's server accepts (its manager's target);
    # NULL for records from before versions were recorded, which spoke 1.0
    version: Mapped[str | None] = mapped_column(String(16), nullable=True)
    report_count: Mapped[int] = mapped_column(Integer, default=0)
    last_seen_up: Mapped[datetime.datetime | None] = mapped_column(
        DateTime, nullable=True)
    # what the administrator says of it (the networking API's agent description)
    description: Mapped[str | None] = mapped_column(String(255), nullable=True)


# --- compute ------------------------------------------------------------------

class Flavor(Timestamps, Base):
    __tablename__ = "flavors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    flavorid: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    memory_mb: Mapped[int] = mapped_column(Integer)
    vcpus: Mapped[int] = mapped_column(Integer)
    root_gb: Mapped[int] = mapped_column(Integer, default=0)
    ephemeral_gb: Mapped[int] = mapped_column(Integer, default=0)
    swap: Mapped[int] = mapped_column(Integer, default=0)
    rxtx_factor: Mapped[float] = mapped_column(Float, default=1.0)
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)


class FlavorExtraSpec(Base):
    __tablename__ = "flavor_extra_specs"
    flavor_id: Mapped[int] = mapped_column(
        ForeignKey("flavors.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))


class FlavorProject(Base):
    """Projects that may use a private flavor."""
    __tablename__ = "flavor_projects"
    flavor_id: Mapped[int] = mapped_column(
        ForeignKey("flavors.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[str] = mapped_column(String(255), primary_key=True)


class KeyPair(Timestamps, Base):
    __tablename__ = "key_pairs"
    __table_args__ = (UniqueConstraint("user_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[str] = mapped_column(String(255), index=True)
    fingerprint: Mapped[str] = mapped_column(String(255))
    public_key: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(16), default="ssh")


class Instance(Timestamps, Base):
    __tablename__ = "instances"
    # server listings are newest first, per project or across all: walked in
    # index order, a page stops after its rows instead of sorting every row
    __table_args__ = (Index("ix_instances_project_created", "project_id", "created_at",
                            "id"),
                      Index("ix_instances_created", "created_at", "id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    display_name: Mapped[str] = mapped_column(String(255), index=True)
    display_description: Mapped[str | None] = mapped_column(Text, nullable=True)
    hostname: Mapped[str | None] = mapped_column(String(255), nullable=True)
    project_id: Mapped[str] = mapped_column(String(255), index=True)
    user_id: Mapped[str] = mapped_column(String(255))
    image_ref: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # the flavor as it was at boot (and the old/new one during a resize), JSON
    flavor: Mapped[str] = mapped_column(Text)
    old_flavor: Mapped[str | None] = mapped_column(Text, nullable=True)
    new_flavor: Mapped[str | None] = mapped_column(Text, nullable=True)
    memory_mb: Mapped[int] = mapped_column(Integer)
    vcpus: Mapped[int] = mapped_column(Integer)
    root_gb: Mapped[int] = mapped_column(Integer)
    ephemeral_gb: Mapped[int] = mapped_column(Integer, default=0)
    vm_state: Mapped[str] = mapped_column(String(32), index=True)
    task_state: Mapped[str | None] = mapped_column(String(32), nullable=True)
    power_state: Mapped[int] = mapped_column(Integer, default=0)
    host: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    node: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # where a migration or resize is going, while it runs
    migration_host: Mapped[str | None] = mapped_column(String(255), nullable=True)
    availability_zone: Mapped[str | None] = mapped_column(String(255), nullable=True)
    key_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    key_data: Mapped[str | None] = mapped_column(Text, nullable=True)
    user_data: Mapped[str | None] = mapped_column(Text, nullable=True)
    config_drive: Mapped[bool] = mapped_column(Boolean, default=False)
    # OS-DCF:diskConfig: AUTO (true) or MANUAL
    auto_disk_config: Mapped[bool] = mapped_column(Boolean, default=False)
    reservation_id: Mapped[str] = mapped_column(String(255), index=True)
    launch_index: Mapped[int] = mapped_column(Integer, default=0)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    locked_by: Mapped[str | None] = mapped_column(String(16), nullable=True)
    locked_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    access_ip_v4: Mapped[str | None] = mapped_column(String(39), nullable=True)
    access_ip_v6: Mapped[str | None] = mapped_column(String(39), nullable=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    # JSON: requested networks, security groups, block devices, scheduler hints
    request_spec: Mapped[str | None] = mapped_column(Text, nullable=True)
    # False once the instance's quota was given back (a build that found no host)
    quota_held: Mapped[bool] = mapped_column(Boolean, default=True)
    launched_at: Mapped[datetime.datetime | None] = mapped_column(DateTime, nullable=True)
    terminated_at: Mapped[datetime.datetime | None] = mapped_column(DateTime,
                                                                  nullable=True)
    deleted_at: Mapped[datetime.datetime | None] = mapped_column(DateTime, nullable=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, index=True)


class InstanceMetadata(Base):
    __tablename__ = "instance_metadata"
    instance_uuid: Mapped[str] = mapped_column(
        ForeignKey("instances.uuid", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))


class InstanceTag(Base):
    __tablename__ = "instance_tags"
    instance_uuid: Mapped[str] = mapped_column(
        ForeignKey("instances.uuid", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(80), primary_key=True)


class InstanceFault(Base):
    __tablename__ = "instance_faults"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    instance_uuid: Mapped[str] = mapped_column(
        ForeignKey("instances.uuid", ondelete="CASCADE"), index=True)
    code: Mapped[int] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(String(255))
    details: Mapped[str | None] = mapped_column(Text, nullable=True)
    host: Mapped[str | None] = mapped_column(String(255), nullable=True)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)


class InstanceAction(Base):
    __tablename__ = "instance_actions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action: Mapped[str] = mapped_column(String(255))
    instance_uuid: Mapped[str] = mapped_column(
        ForeignKey("instances.uuid", ondelete="CASCADE"), index=True)
    request_id: Mapped[str] = mapped_column(String(255), index=True)
    user_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    project_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    start_time: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    finish_time: Mapped[datetime.datetime | None] = mapped_column(DateTime, nullable=True)
    message: Mapped[str | None] = mapped_column(String(255), nullable=True)
    updated_at: Mapped[datetime.datetime | None] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow)


class InstanceActionEvent(Base):
    __tablename__ = "instance_action_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("instance_actions.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(255))
    start_time: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    finish_time: Mapped[datetime.datetime | None] = mapped_column(DateTime, nullable=True)
    result: Mapped[str | None] = mapped_column(String(255), nullable=True)
    traceback: Mapped[str | None] = mapped_column(Text, nullable=True)
    host: Mapped[str | None] = mapped_column(String(255), nullable=True)
    details: Mapped[str | None] = mapped_column(Text, nullable=True)


class ComputeNode(Timestamps, Base):
    """A hypervisor: what a compute host reports and what the scheduler claims."""
    __tablename__ = "compute_nodes"
    __table_args__ = (UniqueConstraint("host", "hypervisor_hostname"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    host: Mapped[str] = mapped_column(String(255), index=True)
    hypervisor_hostname: Mapped[str] = mapped_column(String(255))
    hypervisor_type: Mapped[str] = mapped_column(String(255))
    hypervisor_version: Mapped[int] = mapped_column(Integer, default=1)
    host_ip: Mapped[str | None] = mapped_column(String(39), nullable=True)
    cpu_info: Mapped[str] = mapped_column(Text, default="{}")
    vcpus: Mapped[int] = mapped_column(Integer)
    memory_mb: Mapped[int] = mapped_column(Integer)
    local_gb: Mapped[int] = mapped_column(Integer)
    # claimed by the scheduler and trued up by the host's periodic report
    vcpus_used: Mapped[int] = mapped_column(Integer, default=0)
    memory_mb_used: Mapped[int] = mapped_column(Integer, default=0)
    local_gb_used: Mapped[int] = mapped_column(Integer, default=0)
    running_vms: Mapped[int] = mapped_column(Integer, default=0)
    current_workload: Mapped[int] = mapped_column(Integer, default=0)
    disk_available_least: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reported_at: Mapped[datetime.datetime | None] = mapped_column(DateTime, nullable=True)
    # the driver's Capabilities as JSON, so the API refuses what it cannot do
    capabilities: Mapped[str] = mapped_column(Text, default="{}")


class Allocation(Base):
    """What one consumer holds on one compute node: an instance, or the
    migration that holds the other end of a move. The node's used amounts
    are the sum of its allocations, changed in the same transaction."""
    __tablename__ = "allocations"
    consumer_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    node_id: Mapped[int] = mapped_column(
        ForeignKey("compute_nodes.id", ondelete="CASCADE"), primary_key=True, index=True)
    vcpus: Mapped[int] = mapped_column(Integer)
    memory_mb: Mapped[int] = mapped_column(Integer)
    disk_gb: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)


class QuotaLimit(Timestamps, Base):
    """A project's limit for one resource where it differs from the default."""
    __tablename__ = "quota_limits"
    project_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    resource: Mapped[str] = mapped_column(String(255), primary_key=True)
    hard_limit: Mapped[int] = mapped_column(Integer)


class ProjectUserQuota(Timestamps, Base):
    """One user's limit for one resource in a project, below the project's."""
    __tablename__ = "project_user_quotas"
    project_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    resource: Mapped[str] = mapped_column(String(255), primary_key=True)
    hard_limit: Mapped[int] = mapped_column(Integer)


class QuotaUsage(Base):
    """What a project uses of a resource; changed in the same transaction as the
    rows that use it, with the row locked, so concurrent requests stay exact."""
    __tablename__ = "quota_usages"
    project_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    resource: Mapped[str] = mapped_column(String(255), primary_key=True)
    in_use: Mapped[int] = mapped_column(Integer, default=0)


class Aggregate(Timestamps, Base):
    __tablename__ = "aggregates"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)


class AggregateHost(Base):
    __tablename__ = "aggregate_hosts"
    aggregate_id: Mapped[int] = mapped_column(
        ForeignKey("aggregates.id", ondelete="CASCADE"), primary_key=True)
    host: Mapped[str] = mapped_column(String(255), primary_key=True)


class AggregateMetadata(Base):
    __tablename__ = "aggregate_metadata"
    aggregate_id: Mapped[int] = mapped_column(
        ForeignKey("aggregates.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))


class ServerGroup(Timestamps, Base):
    __tablename__ = "server_groups"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    project_id: Mapped[str] = mapped_column(String(255), index=True)
    user_id: Mapped[str] = mapped_column(String(255))
    policy: Mapped[str] = mapped_column(String(32))
    rules: Mapped[str] = mapped_column(Text, default="{}")


class ServerGroupMember(Base):
    __tablename__ = "server_group_members"
    group_id: Mapped[int] = mapped_column(
        ForeignKey("server_groups.id", ondelete="CASCADE"), primary_key=True)
    instance_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)


# --- images -------------------------------------------------------------------
from sqlalchemy import BigInteger  # noqa: E402  (image sizes pass 2 GiB)


class Image(Timestamps, Base):
    """An image record; its data lives in a store at `location`."""
    __tablename__ = "images"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    owner: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(30), index=True)
    visibility: Mapped[str] = mapped_column(String(16), index=True)
    disk_format: Mapped[str | None] = mapped_column(String(32), nullable=True)
    container_format: Mapped[str | None] = mapped_column(String(32), nullable=True)
    size: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    virtual_size: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    checksum: Mapped[str | None] = mapped_column(String(32), nullable=True)
    os_hash_algo: Mapped[str | None] = mapped_column(String(64), nullable=True)
    os_hash_value: Mapped[str | None] = mapped_column(String(128), nullable=True)
    min_disk: Mapped[int] = mapped_column(Integer, default=0)
    min_ram: Mapped[int] = mapped_column(Integer, default=0)
    protected: Mapped[bool] = mapped_column(Boolean, default=False)
    os_hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    location: Mapped[str | None] = mapped_column(Text, nullable=True)


class ImageProperty(Base):
    """A free-form property of an image (instance_uuid, os_distro, ...)."""
    __tablename__ = "image_properties"
    image_id: Mapped[str] = mapped_column(
        ForeignKey("images.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), primary_key=True, index=True)
    value: Mapped[str] = mapped_column(Text)


class ImageTag(Base):
    __tablename__ = "image_tags"
    image_id: Mapped[str] = mapped_column(
        ForeignKey("images.id", ondelete="CASCADE"), primary_key=True)
    value: Mapped[str] = mapped_column(String(255), primary_key=True, index=True)


class ImageMember(Timestamps, Base):
    """A project an image is shared with, and whether it accepted."""
    __tablename__ = "image_members"
    image_id: Mapped[str] = mapped_column(
        ForeignKey("images.id", ondelete="CASCADE"), primary_key=True)
    member: Mapped[str] = mapped_column(String(255), primary_key=True, index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")


class Migration(Timestamps, Base):
    """One move of an instance between hosts: a resize, cold or live
    migration, or an evacuation, and how far it got (os-migrations)."""
    __tablename__ = "migrations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    instance_uuid: Mapped[str] = mapped_column(String(36), index=True)
    project_id: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[str] = mapped_column(String(255))
    migration_type: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32), index=True)
    source_compute: Mapped[str | None] = mapped_column(String(255), nullable=True)
    source_node: Mapped[str | None] = mapped_column(String(255), nullable=True)
    dest_compute: Mapped[str | None] = mapped_column(String(255), nullable=True)
    dest_node: Mapped[str | None] = mapped_column(String(255), nullable=True)
    dest_host: Mapped[str | None] = mapped_column(String(255), nullable=True)
    old_flavor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    new_flavor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


# --- networking (nova-network, and the Neutron view of it) --------------------

class Network(Timestamps, Base):
    """A nova-network network: one IPv4 subnet on one bridge (and VLAN)."""
    __tablename__ = "networks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    label: Mapped[str] = mapped_column(String(255))
    cidr: Mapped[str] = mapped_column(String(43))
    fixed_cidr: Mapped[str | None] = mapped_column(String(43), nullable=True)
    gateway: Mapped[str | None] = mapped_column(String(39), nullable=True)
    dns1: Mapped[str | None] = mapped_column(String(39), nullable=True)
    dns2: Mapped[str | None] = mapped_column(String(39), nullable=True)
    bridge: Mapped[str] = mapped_column(String(15))
    bridge_interface: Mapped[str | None] = mapped_column(String(15), nullable=True)
    vlan: Mapped[int | None] = mapped_column(Integer, nullable=True, unique=True)
    multi_host: Mapped[bool] = mapped_column(Boolean, default=False)
    enable_dhcp: Mapped[bool] = mapped_column(Boolean, default=True)
    mtu: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # the project it is associated with (VlanManager, or by the admin); None: shared
    project_id: Mapped[str | None] = mapped_column(String(255), nullable=True,
                                                   index=True)
    # the network host serving it when it is not multi-host
    host: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # the networking API's view: its one subnet, and descriptions
    subnet_uuid: Mapped[str] = mapped_column(String(36), unique=True,
                                             default=lambda: str(uuid_module.uuid4()))
    subnet_name: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(String(255), default="")
    # the network host's address on the bridge, when it is not the gateway
    # (a subnet without a gateway, or whose gateway moved): nova-network's
    # dhcp_server; None: the gateway
    dhcp_server: Mapped[str | None] = mapped_column(String(39), nullable=True)
    # JSON: [{"destination": cidr, "nexthop": address}], handed out by DHCP
    host_routes: Mapped[str | None] = mapped_column(Text, nullable=True)
    # JSON: [[first, last], ...] as the subnet was made; None: every host
    # address but the gateway (the addresses outside are reserved rows)
    allocation_pools: Mapped[str | None] = mapped_column(Text, nullable=True)


class NetworkDraft(Timestamps, Base):
    """A network made through the networking API that has no subnet yet:
    nova-network has no network without a CIDR, so it becomes one (same
    uuid) when its subnet is made, and one again when that subnet goes."""
    __tablename__ = "network_drafts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(String(255), default="")
    project_id: Mapped[str | None] = mapped_column(String(255), nullable=True,
                                                   index=True)
    mtu: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # router:external, made by the administrator: its subnet makes it a
    # floating IP pool (named by its uuid) instead of a nova-network network
    external: Mapped[bool] = mapped_column(Boolean, default=False,
                                           server_default=sa_false())


class FixedIp(Timestamps, Base):
    """An address of a network that someone holds: an instance's interface
    (a port, in the Neutron view), a port not yet bound, or a reservation.
    Free addresses have no row; releasing an instance's addresses is
    deleting its rows."""
    __tablename__ = "fixed_ips"
    __table_args__ = (UniqueConstraint("network_id", "address"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    # None (with address None): a port made on a network that had no subnet
    # yet, which network_uuid names; Neutron gives it no IPv4 address ever
    network_id: Mapped[int | None] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), index=True, nullable=True)
    address: Mapped[str | None] = mapped_column(String(39), nullable=True)
    network_uuid: Mapped[str | None] = mapped_column(String(36), nullable=True,
                                                     index=True)
    mac_address: Mapped[str | None] = mapped_column(String(17), nullable=True,
                                                    unique=True)
    instance_uuid: Mapped[str | None] = mapped_column(String(36), nullable=True,
                                                      index=True)
    project_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    reserved: Mapped[bool] = mapped_column(Boolean, default=False)
    # multi-host: the compute host whose network service serves this address
    host: Mapped[str | None] = mapped_column(String(255), nullable=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    # the order of an instance's interfaces: eth0, eth1, ...
    interface_index: Mapped[int] = mapped_column(Integer, default=0)
    # a port made through the networking API: deleting its server unbinds it
    preserve_on_delete: Mapped[bool] = mapped_column(Boolean, default=False)
    admin_state_up: Mapped[bool] = mapped_column(Boolean, default=True)
    description: Mapped[str] = mapped_column(String(255), default="")
    # the networking API's binding:* set by the administrator (a server's
    # port is bound to its host whatever this says)
    binding_host_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    binding_profile: Mapped[str | None] = mapped_column(Text, nullable=True)
    binding_vnic_type: Mapped[str] = mapped_column(String(64), default="normal",
                                                   server_default="normal")


class FloatingIp(Timestamps, Base):
    """A public address of a pool, allocated to a project (project_id set)
    and perhaps associated with a fixed IP."""
    __tablename__ = "floating_ips"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    address: Mapped[str] = mapped_column(String(39), unique=True)
    pool: Mapped[str] = mapped_column(String(255), index=True)
    interface: Mapped[str] = mapped_column(String(15))
    project_id: Mapped[str | None] = mapped_column(String(255), nullable=True,
                                                   index=True)
    fixed_ip_id: Mapped[int | None] = mapped_column(
        ForeignKey("fixed_ips.id", ondelete="SET NULL"), nullable=True, index=True)
    auto_assigned: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(String(255), default="")


class SecurityGroup(Timestamps, Base):
    __tablename__ = "security_groups"
    __table_args__ = (UniqueConstraint("project_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(String(255), default="")
    project_id: Mapped[str] = mapped_column(String(255), index=True)
    user_id: Mapped[str | None] = mapped_column(String(255), nullable=True)


class SecurityGroupRule(Timestamps, Base):
    """One rule: traffic in a direction, of a protocol and port range, from
    (or to) a CIDR or the members of a group."""
    __tablename__ = "security_group_rules"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("security_groups.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(8), default="ingress")
    ethertype: Mapped[str] = mapped_column(String(4), default="IPv4")
    protocol: Mapped[str | None] = mapped_column(String(16), nullable=True)
    port_range_min: Mapped[int | None] = mapped_column(Integer, nullable=True)
    port_range_max: Mapped[int | None] = mapped_column(Integer, nullable=True)
    remote_ip_prefix: Mapped[str | None] = mapped_column(String(43), nullable=True)
    remote_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("security_groups.id", ondelete="CASCADE"), nullable=True)
    description: Mapped[str] = mapped_column(String(255), default="")
    project_id: Mapped[str] = mapped_column(String(255))


class SecurityGroupBinding(Base):
    """A security group applied to an instance (all its interfaces), or to
    a port that no instance holds yet."""
    __tablename__ = "security_group_bindings"
    consumer_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("security_groups.id"), primary_key=True, index=True)


# --- the metadata service ----------------------------------------------------

class InstancePassword(Base):
    """The encrypted password an instance posted to the metadata service
    (base64 of RSA with its key pair's public key), until its owner clears it."""
    __tablename__ = "instance_passwords"
    instance_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    password: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)


class Ec2ImageId(Base):
    """The integer an image's EC2 id (ami-%08x) is made of, as Nova's
    s3_images table gives one to each image uuid it meets."""
    __tablename__ = "ec2_image_ids"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)


# --- the networking API ------------------------------------------------------

class Router(Timestamps, Base):
    """A router of the networking API: a record (the network host already
    routes and NATs every network) of which networks face which pool."""
    __tablename__ = "routers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(String(255), default="")
    project_id: Mapped[str] = mapped_column(String(255), index=True)
    admin_state_up: Mapped[bool] = mapped_column(Boolean, default=True)
    # the floating IP pool it faces (by name; None: no gateway)
    gateway_pool: Mapped[str | None] = mapped_column(String(255), nullable=True)
    enable_snat: Mapped[bool] = mapped_column(Boolean, default=True)


class RouterInterface(Timestamps, Base):
    """A network attached to a router, on its gateway address; a network is
    on one router at most."""
    __tablename__ = "router_interfaces"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    port_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    router_id: Mapped[int] = mapped_column(
        ForeignKey("routers.id", ondelete="CASCADE"), index=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), unique=True)
    mac_address: Mapped[str] = mapped_column(String(17))
    # made from a port (add_router_interface port_id=): that port's address
    # is the interface's; None: the interface is on the network's gateway
    fixed_ip_id: Mapped[int | None] = mapped_column(
        ForeignKey("fixed_ips.id", ondelete="CASCADE"), unique=True, nullable=True)
